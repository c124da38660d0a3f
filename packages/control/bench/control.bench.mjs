// Throughput and latency of the control channel: unix socket round trips, the HTTP listener,
// and the JSON feed on a large config-set. Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CommandRegistry,
  HttpControlListener,
  JsonFeed,
  sendUnixCommand,
  success,
  UnixControlServer,
} from '../dist/index.js';

const DURATION_MS = 2000;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** Runs `once` from `workers` loops for DURATION_MS; returns operations/s and latencies. */
async function measure(workers, once) {
  const latencies = [];
  const end = Date.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < end) {
        const t = process.hrtime.bigint();
        await once();
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round((latencies.length * 1000) / DURATION_MS),
    p50: percentile(latencies, 50).toFixed(3),
    p99: percentile(latencies, 99).toFixed(3),
  };
}

function report(name, r) {
  console.log(
    `${name.padEnd(44)} ${String(r.perSecond).padStart(7)} cmd/s   p50 ${r.p50} ms   p99 ${r.p99} ms`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'control-bench-'));
const registry = new CommandRegistry();
registry.register('status-get', () => success(undefined, { pid: process.pid, uptime: 1, reload: 1 }));
const path = join(dir, 'bench.sock');
const unix = await UnixControlServer.open({ path, registry, maxConnections: 1024 });
try {
  const command = { command: 'status-get' };
  report('unix socket, 1 client', await measure(1, () => sendUnixCommand(path, command)));
  report('unix socket, 32 clients', await measure(32, () => sendUnixCommand(path, command)));

  const http = await HttpControlListener.open({
    host: '127.0.0.1',
    port: 0,
    handle: async (body) => [await registry.handleValue(body)],
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = () =>
    new Promise((resolve, reject) => {
      const r = request(
        http.url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      r.on('error', reject);
      r.end('{"command":"status-get"}');
    });
  report('HTTP listener (keep-alive), 1 client', await measure(1, post));
  report('HTTP listener (keep-alive), 32 clients', await measure(32, post));
  agent.destroy();
  await http.close();

  const big = JSON.stringify({
    command: 'config-set',
    arguments: {
      Dhcp6: {
        subnet6: Array.from({ length: 20000 }, (_, i) => ({
          id: i + 1,
          subnet: `2001:db8:${i.toString(16)}::/64`,
          pools: [{ pool: `2001:db8:${i.toString(16)}::1-2001:db8:${i.toString(16)}::ff` }],
        })),
      },
    },
  });
  const bytes = Buffer.from(big);
  const rounds = 5;
  const t = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    const feed = new JsonFeed(64 * 1024 * 1024);
    for (let at = 0; at < bytes.length; at += 65536) feed.push(bytes.subarray(at, at + 65536));
    if (feed.state !== 'complete') throw new Error('feed did not complete');
  }
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(
    `${'JSON feed on a config-set'.padEnd(44)} ${(bytes.length / 1e6).toFixed(1)} MB in ${((seconds / rounds) * 1000).toFixed(1)} ms (${((bytes.length * rounds) / 1e6 / seconds).toFixed(0)} MB/s)`,
  );
} finally {
  await unix.close();
  rmSync(dir, { recursive: true, force: true });
}
