#!/usr/bin/env node
/**
 * pnpm soak -- --minutes N: bin/kea-dhcp6 in a network namespace on a veth link, memfile
 * leases with lfc-interval, short lifetimes, decline probation and reclamation, driven for N
 * minutes by the driver (driver.ts) in a second namespace; every few seconds the server's RSS,
 * its control-channel latency and its lease counts against the lease files are sampled and
 * printed. Fails (exit 1, with the reason) when RSS grows without bound over the second half,
 * a lease count drifts from the files, or the server dies. Everything it made (namespaces,
 * processes by pid, files) is removed on exit, SIGINT and SIGTERM included. Not in CI.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sendUnixCommand } from '@nestor/control';
import { binPath, type NsProcess, TestNetwork } from '@nestor/testkit';
import { countFileLeases } from './lease-files.js';
import { linearFit, percentile } from './stats.js';

const USAGE = `usage: pnpm soak -- [--minutes N] [--rate EXCHANGES_PER_S] [--clients N] [--sample-seconds S]
                    [--lfc-interval S] [--max-rss-slope MB_PER_HOUR] [--keep]
`;

const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
const { values } = parseArgs({
  args: argv,
  options: {
    minutes: { type: 'string', default: '5' },
    rate: { type: 'string', default: '150' },
    clients: { type: 'string', default: '1000' },
    'sample-seconds': { type: 'string', default: '5' },
    'lfc-interval': { type: 'string', default: '60' },
    'max-rss-slope': { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const minutes = Number(values.minutes);
const sampleMs = Number(values['sample-seconds']) * 1000;
const maxSlope = Number(values['max-rss-slope']);
for (const [name, value] of [
  ['minutes', minutes],
  ['sample-seconds', sampleMs],
  ['rate', Number(values.rate)],
  ['clients', Number(values.clients)],
  ['max-rss-slope', maxSlope],
] as const) {
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`soak: --${name} must be a positive number\n${USAGE}`);
    process.exit(2);
  }
}

const SUBNET_ID = 1;
/** How often the control channel is probed (status-get) for its latency. */
const PROBE_MS = 250;

interface Sample {
  t: number;
  rssKb: number;
  exchangesPerS: number;
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
  /** The server's own event-loop delay over the sample (status-get's nestor-event-loop-delay). */
  loopP99: number;
  loopMax: number;
  assignedStat: number;
  assignedFile: number;
  declinedStat: number;
  declinedFile: number;
}

interface DriverReport {
  type: string;
  exchanges: number;
  timeouts: number;
  [key: string]: number | string;
}

let network: TestNetwork | undefined;
let driver: ChildProcess | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    driver?.stdin?.end();
    await network?.destroy();
    if (network && values.keep) process.stderr.write(`soak: kept ${network.dir} (namespaces removed)\n`);
  })();
  return cleaning;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`soak: ${signal}: stopping and cleaning up\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

async function statistic(socket: string, name: string): Promise<number> {
  const answer = await sendUnixCommand(
    socket,
    { command: 'statistic-get', arguments: { name } },
    { timeoutMs: 5000 },
  );
  const samples = (answer.arguments as Record<string, [number, string][]> | undefined)?.[name];
  return samples?.[0]?.[0] ?? 0;
}

function writeServerConfig(dir: string, iface: string, lfcInterval: number): string {
  const file = join(dir, 'etc', 'kea-dhcp6.conf');
  const config = {
    Dhcp6: {
      'interfaces-config': { interfaces: [iface] },
      'control-socket': { 'socket-type': 'unix', 'socket-name': join(dir, 'run', 'kea6-ctrl-socket') },
      'lease-database': {
        type: 'memfile',
        name: join(dir, 'lib', 'kea-leases6.csv'),
        'lfc-interval': lfcInterval,
      },
      // Short lifetimes, probation and reclamation, so that expiry, reclamation and the flush of
      // reclaimed leases run all along, not only allocation.
      'preferred-lifetime': 200,
      'valid-lifetime': 300,
      'renew-timer': 100,
      'rebind-timer': 160,
      'decline-probation-period': 120,
      'expired-leases-processing': {
        'reclaim-timer-wait-time': 5,
        'hold-reclaimed-time': 60,
        'flush-reclaimed-timer-wait-time': 10,
        'max-reclaim-leases': 500,
        'max-reclaim-time': 100,
      },
      subnet6: [
        {
          id: SUBNET_ID,
          subnet: '2001:db8:10::/64',
          interface: iface,
          pools: [{ pool: '2001:db8:10::1:0/112' }],
        },
      ],
      loggers: [
        {
          name: 'kea-dhcp6',
          severity: 'WARN',
          output_options: [{ output: join(dir, 'log', 'kea-dhcp6.log') }],
        },
      ],
    },
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** Lines the driver printed, as they come; `next(type)` waits for the next one of a type. */
class DriverChannel {
  private readonly waiting: { type: string; resolve: (r: DriverReport) => void }[] = [];
  last: DriverReport | undefined;

  constructor(child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let report: DriverReport;
      try {
        report = JSON.parse(line) as DriverReport;
      } catch {
        return;
      }
      this.last = report;
      const at = this.waiting.findIndex((w) => w.type === report.type);
      if (at >= 0) this.waiting.splice(at, 1)[0]!.resolve(report);
    });
  }

  next(type: string, timeoutMs: number): Promise<DriverReport> {
    return new Promise((resolve, reject) => {
      const entry = {
        type,
        resolve: (r: DriverReport) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(new Error(`the driver did not report '${type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.push(entry);
    });
  }
}

function mb(kb: number): string {
  return (kb / 1024).toFixed(1);
}

async function run(): Promise<{ ok: boolean; reasons: string[] }> {
  network = new TestNetwork({ tag: 'n10soak', keepFiles: values.keep });
  const srv = await network.addNamespace('srv');
  const cli = await network.addNamespace('cli');
  await network.link(srv, 'n10s0', cli, 'n10c0');
  for (const sub of ['etc', 'run', 'lib', 'log']) mkdirSync(join(network.dir, sub), { recursive: true });
  const dir = network.dir;
  const configFile = writeServerConfig(dir, 'n10s0', Number(values['lfc-interval']));
  const env = {
    KEA_PIDFILE_DIR: join(dir, 'run'),
    KEA_CONTROL_SOCKET_DIR: join(dir, 'run'),
    KEA_DHCP_DATA_DIR: join(dir, 'lib'),
    KEA_LOG_FILE_DIR: join(dir, 'log'),
    KEA_LOCKFILE_DIR: join(dir, 'run'),
  };
  const server: NsProcess = network.spawn(srv, 'kea-dhcp6', [binPath('kea-dhcp6'), '-c', configFile], env);
  const socket = join(dir, 'run', 'kea6-ctrl-socket');
  const leaseFile = join(dir, 'lib', 'kea-leases6.csv');
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await sendUnixCommand(socket, { command: 'status-get' }, { timeoutMs: 1000 })).result === 0) break;
    } catch {
      // not up yet
    }
    if (!server.running) throw new Error(`kea-dhcp6 exited at start:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`kea-dhcp6 did not answer within 20 s:\n${server.output()}`);
    await sleep(200);
  }

  const driverPath = join(dirname(fileURLToPath(import.meta.url)), 'driver.js');
  driver = spawn(
    'ip',
    [
      'netns',
      'exec',
      cli.name,
      process.execPath,
      driverPath,
      '--iface',
      'n10c0',
      '--clients',
      String(values.clients),
      '--rate',
      String(values.rate),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  if (driver.pid === undefined) throw new Error('could not start the driver');
  network.track(driver.pid, 'driver');
  const channel = new DriverChannel(driver);

  // The control channel's latency, probed all along (see README: what it stands for).
  let window: number[] = [];
  const all: number[] = [];
  // Each probe's answer carries the server's event-loop delay since the previous probe.
  let loopWindow = { p99: 0, max: 0 };
  let loopMaxAll = 0;
  const loopP99s: number[] = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const start = performance.now();
      try {
        const answer = await sendUnixCommand(socket, { command: 'status-get' }, { timeoutMs: 5000 });
        const ms = performance.now() - start;
        const loop = (answer.arguments as Record<string, Record<string, number> | undefined> | undefined)?.[
          'nestor-event-loop-delay'
        ];
        if (loop) {
          loopWindow = {
            p99: Math.max(loopWindow.p99, loop['p99-ms'] ?? 0),
            max: Math.max(loopWindow.max, loop['max-ms'] ?? 0),
          };
          loopP99s.push(loop['p99-ms'] ?? 0);
          loopMaxAll = Math.max(loopMaxAll, loop['max-ms'] ?? 0);
        }
        window.push(ms);
        all.push(ms);
      } catch {
        window.push(5000);
        all.push(5000);
      }
      await sleep(PROBE_MS);
    }
  })();

  const samples: Sample[] = [];
  const reasons: string[] = [];
  const begin = Date.now();
  const end = begin + minutes * 60_000;
  let lastExchanges = 0;
  let lastAt = begin;
  let drifted = 0;
  process.stdout.write(
    `soak: kea-dhcp6 pid ${server.pid}, ${values.clients} clients at ${values.rate} exchanges/s for ${minutes} min, a sample every ${sampleMs / 1000} s\n`,
  );
  process.stdout.write(
    '   t(s)  rss(MB)  exch/s  status-get ms p50/p99/max  loop ms p99/max   assigned stat/file  declined stat/file\n',
  );
  while (Date.now() < end && !interrupted) {
    await sleep(Math.min(sampleMs, Math.max(0, end - Date.now())));
    if (!server.running) {
      reasons.push(`kea-dhcp6 died: ${JSON.stringify(server.exitStatus)}\n${server.output().slice(-2000)}`);
      break;
    }
    const rss = rssKb(server.pid);
    driver.stdin!.write('pause\n');
    const paused = await channel.next('paused', 10_000);
    // Stable counts: the statistics read the same before and after the files (no reclamation between).
    let counts: { assigned: number; declined: number; file: ReturnType<typeof countFileLeases> } | undefined;
    for (let attempt = 0; attempt < 4 && counts === undefined; attempt++) {
      const assigned = await statistic(socket, `subnet[${SUBNET_ID}].assigned-nas`);
      const declined = await statistic(socket, `subnet[${SUBNET_ID}].declined-addresses`);
      const file = countFileLeases(leaseFile, SUBNET_ID);
      const again = await statistic(socket, `subnet[${SUBNET_ID}].assigned-nas`);
      const declinedAgain = await statistic(socket, `subnet[${SUBNET_ID}].declined-addresses`);
      if (file && again === assigned && declinedAgain === declined) counts = { assigned, declined, file };
      else await sleep(50);
    }
    driver.stdin!.write('resume\n');
    const now = Date.now();
    const exchangesPerS = ((paused.exchanges - lastExchanges) * 1000) / (now - lastAt);
    lastExchanges = paused.exchanges;
    lastAt = now;
    const sample: Sample = {
      t: (now - begin) / 1000,
      rssKb: rss,
      exchangesPerS,
      latencyP50: percentile(window, 0.5),
      latencyP99: percentile(window, 0.99),
      latencyMax: Math.max(...window),
      loopP99: loopWindow.p99,
      loopMax: loopWindow.max,
      assignedStat: counts?.assigned ?? Number.NaN,
      assignedFile: counts?.file?.assigned ?? Number.NaN,
      declinedStat: counts?.declined ?? Number.NaN,
      declinedFile: counts?.file?.declined ?? Number.NaN,
    };
    window = [];
    loopWindow = { p99: 0, max: 0 };
    samples.push(sample);
    const mismatch =
      counts !== undefined &&
      (sample.assignedStat !== sample.assignedFile || sample.declinedStat !== sample.declinedFile);
    if (mismatch) drifted++;
    process.stdout.write(
      `${sample.t.toFixed(0).padStart(7)}  ${mb(rss).padStart(7)}  ${exchangesPerS.toFixed(0).padStart(6)}  ` +
        `${sample.latencyP50.toFixed(1).padStart(8)}/${sample.latencyP99.toFixed(1)}/${sample.latencyMax.toFixed(1)}`.padEnd(
          30,
        ) +
        `${sample.loopP99.toFixed(1)}/${sample.loopMax.toFixed(1)}`.padStart(15).padEnd(17) +
        `  ${String(sample.assignedStat).padStart(8)}/${sample.assignedFile}`.padEnd(20) +
        `  ${sample.declinedStat}/${sample.declinedFile}${mismatch ? '  <- DRIFT' : ''}${counts ? '' : '  (files kept changing)'}\n`,
    );
  }
  probing = false;
  await prober;
  driver.stdin!.write('stop\n');
  const final = await channel.next('stopped', 10_000).catch(() => channel.last);

  // The verdict.
  if (samples.length >= 4) {
    const half = samples.slice(Math.floor(samples.length / 2));
    const fit = linearFit(
      half.map((s) => s.t / 3600),
      half.map((s) => s.rssKb / 1024),
    );
    const rss = samples.map((s) => s.rssKb);
    process.stdout.write(
      `\nRSS: start ${mb(rss[0]!)} MB, end ${mb(rss.at(-1)!)} MB, max ${mb(Math.max(...rss))} MB; ` +
        `second half ${fit.slope >= 0 ? '+' : ''}${fit.slope.toFixed(2)} MB/hour (r² ${fit.r2.toFixed(2)}, limit ${maxSlope})\n`,
    );
    if (fit.slope > maxSlope) {
      reasons.push(
        `RSS grows ${fit.slope.toFixed(2)} MB/hour over the second half (limit ${maxSlope} MB/hour)`,
      );
    }
  } else reasons.push(`too few samples (${samples.length}) for a verdict: run longer`);
  const rates = samples.map((s) => s.exchangesPerS);
  const assigned = samples.map((s) => s.assignedStat).filter(Number.isFinite);
  process.stdout.write(
    `status-get latency: p50 ${percentile(all, 0.5).toFixed(1)} ms, p99 ${percentile(all, 0.99).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms over ${all.length} probes\n` +
      `event-loop delay (the server's): p99 of the probes' p99 ${percentile(loopP99s, 0.99).toFixed(1)} ms, max ${loopMaxAll.toFixed(1)} ms\n` +
      `exchanges/s: mean ${(rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length)).toFixed(1)}, min ${Math.min(...rates).toFixed(1)}\n` +
      `assigned addresses: min ${Math.min(...assigned)}, max ${Math.max(...assigned)}, end ${assigned.at(-1)}; samples drifting from the files: ${drifted}\n` +
      `driver: ${JSON.stringify(final)}\n`,
  );
  if (drifted > 0) reasons.push(`${drifted} sample(s) where the statistics and the lease files disagree`);
  const unstable = samples.filter((s) => !Number.isFinite(s.assignedFile)).length;
  if (unstable > samples.length / 4) reasons.push(`the lease files kept changing in ${unstable} samples`);
  if (!server.running) reasons.push('kea-dhcp6 is not running at the end');
  return { ok: reasons.length === 0, reasons };
}

run().then(
  async ({ ok, reasons }) => {
    await cleanup();
    if (interrupted) return;
    if (ok) process.stdout.write('soak: PASS\n');
    else process.stdout.write(`soak: FAIL\n${reasons.map((r) => `  - ${r}`).join('\n')}\n`);
    process.exit(ok ? 0 : 1);
  },
  async (err: unknown) => {
    process.stderr.write(`soak: ${(err as Error)?.stack ?? String(err)}\n`);
    await cleanup();
    process.exit(1);
  },
);
