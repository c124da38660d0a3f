// The server's own cost of a 4-way exchange, without sockets or a load generator: SOLICIT and
// REQUEST datagrams (as perfdhcp -6 builds them) go straight into the packet pipeline of a server
// built on the perfdhcp bench's configuration, with memfile persist true writing a real lease file.
// Prints CPU microseconds per exchange (the client's side, building packets and reading replies,
// included: a few percent), for one client at a time and for many in flight (the lease file then
// takes several rows per write, as under load).
//
// --durability compares Nestor's nestor-fsync off and on (the store opened from the configuration
// as the server opens it): exchanges per second of wall-clock time, since with fdatasync the
// disk, not the CPU, sets the pace; and how many rows each fdatasync carried (group commit).
//
// --ddns compares DDNS off and on: with it on, every client sends a Client FQDN option with a
// name of its own (partial, qualified by the server), and each REPLY queues a NameChangeRequest
// over real UDP to a sink on 127.0.0.1 that counts them.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, findOption, makeDuidLlt, PacketWriter } from '@nestor/codec';
import { parseDhcp6Config } from '@nestor/config';
import { LogManager, Statistics } from '@nestor/daemon';
import { D2Client } from '../dist/ddns/d2-client.js';
import { buildGeneration } from '../dist/generation.js';
import { openLeaseStore } from '../dist/lease-store.js';
import { PacketPipeline } from '../dist/pipeline.js';
import { LeaseStatistics } from '../dist/stats.js';

const SOLICIT = 1;
const REQUEST = 3;
const withPrefix = process.argv.includes('--prefix');
const durability = process.argv.includes('--durability');
const ddnsBench = process.argv.includes('--ddns');
const exchanges = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 40000);

/** A Client FQDN option's data: flags S, a partial name (no root label). */
function fqdnData(name) {
  return Uint8Array.from([0x01, name.length, ...Buffer.from(name, 'ascii')]);
}

function clientPacket(type, tid, duid, serverId, iaAddress, iaPrefix, fqdn) {
  const w = new PacketWriter(512).reset().header(type, tid);
  w.option(1, duid);
  if (serverId) w.option(2, serverId);
  w.option(8, new Uint8Array(2)); // elapsed time
  w.beginIaNa(1, 0, 0);
  if (iaAddress) w.iaAddress(iaAddress, 0, 0);
  w.endOption();
  if (withPrefix) {
    w.beginIaPd(1, 0, 0);
    if (iaPrefix) w.iaPrefix(iaPrefix.prefix, iaPrefix.length, 0, 0);
    w.endOption();
  }
  w.option(6, new Uint8Array([0, 23]));
  if (fqdn) w.option(39, fqdnData(fqdn));
  return Buffer.from(w.finishCopy());
}

async function makeServer(dir, fsync = false, ddns = undefined) {
  const { model } = parseDhcp6Config({
    Dhcp6: {
      ...(ddns
        ? {
            'dhcp-ddns': { 'enable-updates': true, 'server-ip': '127.0.0.1', 'server-port': ddns.port },
            'ddns-qualifying-suffix': 'example.com.',
          }
        : {}),
      'lease-database': {
        type: 'memfile',
        persist: true,
        name: join(dir, 'leases6.csv'),
        'lfc-interval': 0,
        ...(fsync ? { 'nestor-fsync': true } : {}),
      },
      'preferred-lifetime': 3000,
      'valid-lifetime': 4000,
      'renew-timer': 1000,
      'rebind-timer': 2000,
      subnet6: [
        {
          id: 1,
          subnet: '2001:db8:1::/64',
          interface: 'eth0',
          pools: [{ pool: '2001:db8:1::/80' }],
          'pd-pools': [{ prefix: '3000::', 'prefix-len': 32, 'delegated-len': 64 }],
        },
      ],
    },
  });
  const logs = new LogManager('kea-dhcp6');
  logs.configure([{ name: 'kea-dhcp6', severity: 'WARN' }]);
  const store = await openLeaseStore(model, logs.get('kea-dhcp6.dhcpsrv'));
  const stats = new Statistics();
  const leaseStats = new LeaseStatistics(stats);
  leaseStats.configure(model, []);
  const d2 = new D2Client(logs.get('kea-dhcp6.dhcpsrv'), stats);
  await d2.configure(model.dhcpDdns);
  const generation = await buildGeneration({
    d2,
    config: model,
    store,
    serverId: makeDuidLlt(1, 100, new Uint8Array([2, 0, 0, 0, 0, 1])),
    leaseStats,
    leaseLog: logs.get('kea-dhcp6.leases'),
  });
  const pipeline = new PacketPipeline(
    { path: generation.path, macSources: model.macSources },
    stats,
    logs.get('kea-dhcp6.packets'),
    { client: 546, relay: 547 },
  );
  return { pipeline, store, stats, d2 };
}

function datagram(data, onReply) {
  return {
    data,
    remoteAddress: 'fe80::1',
    remotePort: 546,
    interfaceName: 'eth0',
    localAddress: 'ff02::1:2',
    multicast: true,
    reply: onReply,
  };
}

/** One client's 4-way exchange; returns the server's time spent on it, in nanoseconds. */
async function exchange(pipeline, n, fqdn = false) {
  const duid = makeDuidLlt(
    1,
    1000,
    new Uint8Array([2, 0, (n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255]),
  );
  let reply;
  const capture = (bytes) => {
    reply = bytes;
  };
  const name = fqdn ? `client-${n}` : undefined;
  const solicit = clientPacket(SOLICIT, n & 0xffffff, duid, undefined, undefined, undefined, name);
  let started = process.hrtime.bigint();
  await pipeline.receive(datagram(solicit, capture));
  let spent = process.hrtime.bigint() - started;
  if (!reply) throw new Error('no ADVERTISE');
  const advertise = decodeMessage(reply);
  const serverId = findOption(advertise.options, 2).data;
  const iaNa = findOption(advertise.options, 3);
  const address = iaNa.options.find((o) => o.code === 5)?.address;
  const iaPd = withPrefix ? findOption(advertise.options, 25) : undefined;
  const prefix = iaPd?.options.find((o) => o.code === 26);
  reply = undefined;
  const request = clientPacket(
    REQUEST,
    (n + 1) & 0xffffff,
    duid,
    serverId,
    address,
    prefix && { prefix: prefix.prefix, length: prefix.prefixLength },
    name,
  );
  started = process.hrtime.bigint();
  await pipeline.receive(datagram(request, capture));
  spent += process.hrtime.bigint() - started;
  if (!reply) throw new Error('no REPLY');
  return spent;
}

async function run(label, inFlight) {
  const dir = mkdtempSync(join(tmpdir(), 'nestor-pipeline-bench-'));
  try {
    const { pipeline, store, stats } = await makeServer(dir);
    // Warm-up: let the JIT settle before measuring.
    for (let n = 0; n < 2000; n++) await exchange(pipeline, 10_000_000 + n);
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const worker = async () => {
      while (next < exchanges) await exchange(pipeline, next++);
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    await store.close();
    const wallUs = Number(process.hrtime.bigint() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    // CPU time rather than wall time: other processes on the machine change the second, not the first.
    const cpuUs = cpu.user + cpu.system;
    const assigned = Number(stats.get('subnet[1].assigned-nas'));
    console.log(
      `${label.padEnd(24)} ${(cpuUs / exchanges).toFixed(1).padStart(7)} us CPU per exchange` +
        ` (${Math.round(exchanges / (cpuUs / 1e6)).toLocaleString('en-US')}/s per core-second;` +
        ` wall ${(wallUs / exchanges).toFixed(1)} us; ${assigned.toLocaleString('en-US')} leases)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wall-clock exchanges per second with nestor-fsync off or on; `count` exchanges, `inFlight` at once. */
async function durable(fsync, inFlight, count) {
  // On the disk the lease file would be on (the OS temporary directory here), not in memory.
  const dir = mkdtempSync(join(tmpdir(), 'nestor-durability-bench-'));
  try {
    const { pipeline, store } = await makeServer(dir, fsync);
    for (let n = 0; n < 500; n++) await exchange(pipeline, 10_000_000 + n);
    const before = store.writeStats;
    let next = 0;
    const started = process.hrtime.bigint();
    const worker = async () => {
      while (next < count) await exchange(pipeline, next++);
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const wallS = Number(process.hrtime.bigint() - started) / 1e9;
    const after = store.writeStats;
    await store.close();
    const rows = after.records - before.records;
    const syncs = after.syncs - before.syncs;
    const perSync =
      syncs > 0
        ? `, ${syncs.toLocaleString('en-US')} fdatasyncs, ${(rows / syncs).toFixed(1)} rows each`
        : '';
    console.log(
      `  nestor-fsync ${fsync ? 'on ' : 'off'}, ${String(inFlight).padStart(2)} in flight: ${Math.round(
        count / wallS,
      )
        .toLocaleString('en-US')
        .padStart(7)} exchanges/s (wall)${perSync}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A process that counts the datagrams it gets on a UDP port (kea-dhcp-ddns's stand-in). */
async function startSink() {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "const s=require('node:dgram').createSocket('udp4');let n=0;s.on('message',()=>n++);" +
        "s.bind(0,'127.0.0.1',()=>console.log(s.address().port));process.stdin.on('data',()=>console.log(n));",
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = [];
  let wake;
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    lines.push(...chunk.trim().split('\n'));
    wake?.();
  });
  const nextLine = async () => {
    while (lines.length === 0) await new Promise((resolve) => (wake = resolve));
    return Number(lines.shift());
  };
  const port = await nextLine();
  return {
    port,
    count: async () => {
      child.stdin.write('?\n');
      return nextLine();
    },
    stop: () => child.kill(),
  };
}

/** CPU per exchange with DDNS off and on, NCRs to a sink in another process (its cost not counted). */
async function ddnsCost(inFlight) {
  const sink = await startSink();
  const port = sink.port;
  const results = [];
  for (const on of [false, true]) {
    const dir = mkdtempSync(join(tmpdir(), 'nestor-ddns-bench-'));
    try {
      const { pipeline, store, stats, d2 } = await makeServer(dir, false, on ? { port } : undefined);
      for (let n = 0; n < 2000; n++) await exchange(pipeline, 10_000_000 + n, on);
      let next = 0;
      const cpuBefore = process.cpuUsage();
      const worker = async () => {
        while (next < exchanges) await exchange(pipeline, next++, on);
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      const cpu = process.cpuUsage(cpuBefore);
      const us = (cpu.user + cpu.system) / exchanges;
      await new Promise((resolve) => setTimeout(resolve, 200));
      await d2.stop();
      await store.close();
      results.push(us);
      const received = on ? await sink.count() : 0;
      const ncrs = on
        ? `, ${Number(stats.get('ncr-sent')).toLocaleString('en-US')} NCRs sent, ${received.toLocaleString('en-US')} received`
        : '';
      console.log(
        `  DDNS ${on ? 'on ' : 'off'}, ${String(inFlight).padStart(2)} in flight: ${us.toFixed(1).padStart(6)} us CPU per exchange (${Math.round(1e6 / us).toLocaleString('en-US')}/s per core-second${ncrs})`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    `  DDNS on costs ${(((results[1] - results[0]) / results[0]) * 100).toFixed(0)}% more CPU per exchange`,
  );
  sink.stop();
}

if (ddnsBench) {
  console.log(
    `DDNS, in-process 4-way exchanges (address-only), a Client FQDN per client, ${exchanges.toLocaleString('en-US')} clients:`,
  );
  await ddnsCost(1);
  await ddnsCost(64);
  process.exit(0);
}

if (durability) {
  console.log(`Lease file durability, in-process 4-way exchanges (address-only), memfile on ${tmpdir()}:`);
  for (const fsync of [false, true]) await durable(fsync, 64, fsync ? 20_000 : exchanges);
  for (const fsync of [false, true]) await durable(fsync, 1, fsync ? 1_000 : 10_000);
  process.exit(0);
}

const kind = withPrefix ? 'address-and-prefix' : 'address-only';
console.log(
  `In-process 4-way exchanges (${kind}), memfile persist true, ${exchanges.toLocaleString('en-US')} clients:`,
);
// --in-flight=K runs that case alone (e.g. under valgrind --tool=callgrind, which counts instructions).
const only = process.argv.find((a) => a.startsWith('--in-flight='));
if (only) await run(`${only.slice(12)} clients in flight`, Number(only.slice(12)));
else {
  await run('one client at a time', 1);
  await run('64 clients in flight', 64);
}
