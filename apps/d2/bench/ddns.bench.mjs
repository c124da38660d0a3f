#!/usr/bin/env node
// DDNS end to end: NCRs per second from a UDP sender through a kea-dhcp-ddns to BIND 9 on
// loopback (TSIG HMAC-SHA256), Nestor's D2 beside ISC's kea-dhcp-ddns 2.2 in the same run, for
// adds then removes, with and without conflict resolution. Each D2 gets a fresh named. The sender
// keeps at most WINDOW requests outstanding (a burst much larger overflows the D2 socket's
// receive buffer in the kernel, for either daemon), and a request counts as done
// when the D2 logs its outcome (DHCP_DDNS_ADD_/REMOVE_SUCCEEDED or _FAILED, at INFO, on stdout).
// Usage: node bench/ddns.bench.mjs [--count N] [--window N] [--rounds N] [--d2 nestor|isc] (bounded: each phase
// stops after 120 s whatever is left).
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dhcidFromDuid, NcrSender } from '@nestor/ncr';
import { binPath, keyPerAlgorithm, NamedServer, RunningProgram } from '@nestor/testkit';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    count: { type: 'string' },
    window: { type: 'string' },
    rounds: { type: 'string' },
    d2: { type: 'string', multiple: true },
  },
});
const COUNT = Number(values.count ?? 2000);
const WINDOW = Number(values.window ?? 64);
// BIND is the bottleneck on two shared cores and its pace varies run to run: each daemon runs
// ROUNDS times, alternating with the other, and the median of each phase is reported.
const ROUNDS = Number(values.rounds ?? 3);
const WARMUP = 500;
const PHASE_LIMIT_MS = Number(process.env.DDNS_BENCH_LIMIT_MS ?? 120_000);
const ISC_D2 = '/usr/sbin/kea-dhcp-ddns';
const daemons = [
  { id: 'isc', label: 'ISC kea-dhcp-ddns 2.2', bin: ISC_D2 },
  {
    id: 'nestor',
    label: 'Nestor kea-dhcp-ddns',
    bin: process.env.DDNS_BENCH_NESTOR ?? binPath('kea-dhcp-ddns'),
  },
].filter((d) => (values.d2 ? values.d2.includes(d.id) : true));

if (!existsSync('/usr/sbin/named')) {
  console.log('ddns bench: skipped, BIND 9 (/usr/sbin/named) is not installed');
  process.exit(0);
}

// An interrupted bench still stops its named and D2 (by pid) and removes their directories.
const cleanups = new Set();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    process.exit(130);
  });

const freeUdpPort = () =>
  new Promise((resolve) => {
    const s = createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function ncrs(mode, count = COUNT, base = 0) {
  const list = [];
  for (let i = base; i < base + count; i++) {
    const duid = Buffer.from(
      `000300010200${(i >> 16).toString(16).padStart(2, '0')}${(i & 0xffff).toString(16).padStart(4, '0')}00`,
      'hex',
    );
    const fqdn = `h${i}.example.com.`;
    const ipAddress = `2001:db8:1:${(i >> 16).toString(16)}::${(i & 0xffff).toString(16)}`;
    list.push({
      changeType: 0,
      forwardChange: true,
      reverseChange: true,
      fqdn,
      ipAddress,
      dhcid: dhcidFromDuid(duid, fqdn),
      leaseExpiresOn: Math.floor(Date.now() / 1000) + 3600,
      leaseLength: 3600,
      conflictResolutionMode: mode,
    });
  }
  return list;
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function phase(d2, sender, requests) {
  // Outcomes are counted in the output read so far, from where the last look stopped.
  let done = 0;
  let failed = 0;
  let scanned = d2.output.lastIndexOf('\n') + 1;
  const count = () => {
    const end = d2.output.lastIndexOf('\n') + 1;
    if (end <= scanned) return;
    for (const m of d2.output.slice(scanned, end).matchAll(/DHCP_DDNS_(?:ADD|REMOVE)_(SUCCEEDED|FAILED)/g)) {
      done++;
      if (m[1] === 'FAILED') failed++;
    }
    scanned = end;
  };
  const started = performance.now();
  const cpuBefore = cpuSeconds(d2.pid);
  let sent = 0;
  while (done < requests.length && performance.now() - started < PHASE_LIMIT_MS) {
    while (sent < requests.length && sent - done < WINDOW) sender.send(requests[sent++]);
    await new Promise((r) => setTimeout(r, 1));
    count();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuMsPerNcr = ((cpuSeconds(d2.pid) - cpuBefore) * 1000) / Math.max(done, 1);
  return { rate: done / seconds, done, failed, seconds, cpuMsPerNcr };
}

async function run(daemon, conflictResolution) {
  const keys = keyPerAlgorithm();
  const key = keys.find((k) => k.algorithm === 'hmac-sha256');
  const named = await NamedServer.start({
    zones: ['example.com.', '8.b.d.0.1.0.0.2.ip6.arpa.'],
    keys: [key],
  });
  const dir = mkdtempSync(join(tmpdir(), 'nestor-ddns-bench-'));
  const port = await freeUdpPort();
  const config = {
    DhcpDdns: {
      'ip-address': '127.0.0.1',
      port,
      'dns-server-timeout': 2000,
      'tsig-keys': [{ name: key.name, algorithm: 'HMAC-SHA256', secret: key.secret }],
      'forward-ddns': {
        'ddns-domains': [
          {
            name: 'example.com.',
            'key-name': key.name,
            'dns-servers': [{ 'ip-address': '127.0.0.1', port: named.port }],
          },
        ],
      },
      'reverse-ddns': {
        'ddns-domains': [
          {
            name: '8.b.d.0.1.0.0.2.ip6.arpa.',
            'key-name': key.name,
            'dns-servers': [{ 'ip-address': '127.0.0.1', port: named.port }],
          },
        ],
      },
      loggers: [
        {
          name: 'kea-dhcp-ddns',
          severity: process.env.DDNS_BENCH_DEBUG ? 'DEBUG' : 'INFO',
          debuglevel: 99,
          output_options: [{ output: 'stdout' }],
        },
      ],
    },
  };
  writeFileSync(join(dir, 'd2.json'), JSON.stringify(config));
  const d2 = new RunningProgram(daemon.bin, ['-c', join(dir, 'd2.json')], {
    KEA_PIDFILE_DIR: dir,
    KEA_LOCKFILE_DIR: dir,
  });
  const cleanup = async () => {
    await sender.close();
    await d2.stop();
    await named.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(cleanup);
  const sender = new NcrSender({
    serverIp: '127.0.0.1',
    serverPort: port,
    maxQueueSize: 100_000,
    dialect: 'kea-2.2',
  });
  try {
    await d2.waitFor(/DHCP_DDNS_STARTED/, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    await sender.open();
    const mode = conflictResolution ? 'check-with-dhcid' : 'no-check-with-dhcid';
    // Warm-up on other names, so that both daemons are measured in their steady state (Nestor's
    // code is compiled by the JIT while it runs; ISC's is not).
    const warm = ncrs(mode, WARMUP, 100_000);
    await phase(d2, sender, warm);
    await phase(
      d2,
      sender,
      warm.map((n) => ({ ...n, changeType: 1 })),
    );
    const adds = ncrs(mode);
    const add = await phase(d2, sender, adds);
    const remove = await phase(
      d2,
      sender,
      adds.map((n) => ({ ...n, changeType: 1 })),
    );
    if (process.env.DDNS_BENCH_DEBUG) writeFileSync('/tmp/ddns-bench-d2.log', d2.output);
    return { add, remove };
  } finally {
    cleanups.delete(cleanup);
    await cleanup();
  }
}

const median = (phases) => {
  const sorted = [...phases].sort((a, b) => a.rate - b.rate);
  return sorted[Math.floor(sorted.length / 2)];
};
const rows = [];
for (const conflictResolution of [true, false]) {
  const results = new Map(daemons.map((d) => [d, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const daemon of daemons) {
      if (!existsSync(daemon.bin)) continue;
      const result = await run(daemon, conflictResolution);
      results.get(daemon).push(result);
      console.error(
        `${daemon.label}, conflict resolution ${conflictResolution ? 'on' : 'off'}, round ${round + 1}: add ${result.add.rate.toFixed(0)}/s, remove ${result.remove.rate.toFixed(0)}/s`,
      );
    }
  }
  for (const [daemon, list] of results) {
    if (list.length === 0) {
      console.error(`${daemon.label}: not installed, skipped`);
      continue;
    }
    rows.push({
      daemon: daemon.label,
      conflictResolution,
      add: median(list.map((r) => r.add)),
      remove: median(list.map((r) => r.remove)),
    });
  }
}

const fmt = (p) =>
  `${p.rate.toFixed(0).padStart(7)} NCR/s, ${p.cpuMsPerNcr.toFixed(2)} ms CPU/NCR${p.failed || p.done < COUNT ? ` (${p.failed} failed, ${COUNT - p.done} unfinished)` : ''}`;
console.log(
  `\nDDNS end to end, ${COUNT} NCRs per phase, window ${WINDOW}, median of ${ROUNDS} rounds, TSIG HMAC-SHA256, BIND 9 on loopback`,
);
console.log('daemon                  conflict res.   add                              remove');
for (const r of rows)
  console.log(
    `${r.daemon.padEnd(24)}${(r.conflictResolution ? 'on' : 'off').padEnd(16)}${fmt(r.add).padEnd(33)}${fmt(r.remove)}`,
  );
