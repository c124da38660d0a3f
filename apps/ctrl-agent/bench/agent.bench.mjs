// Throughput and latency of kea-ctrl-agent (bin/kea-ctrl-agent, a real process): commands it
// runs itself, and commands forwarded to a daemon's unix socket (served here). Prints figures.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandRegistry, success, UnixControlServer } from '@nestor/control';

const DURATION_MS = 2000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

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

const dir = mkdtempSync(join(tmpdir(), 'agent-bench-'));
const registry = new CommandRegistry();
registry.register('status-get', () => success(undefined, { pid: process.pid, uptime: 1, reload: 1 }));
const daemon = await UnixControlServer.open({
  path: join(dir, 'kea6-ctrl-socket'),
  registry,
  maxConnections: 1024,
});
const port = await freePort();
const config = join(dir, 'agent.conf');
writeFileSync(
  config,
  JSON.stringify({
    'Control-agent': {
      'http-host': '127.0.0.1',
      'http-port': port,
      authentication: { type: 'basic', clients: [{ user: 'bench', password: 'bench' }] },
      'control-sockets': { dhcp6: { 'socket-name': 'kea6-ctrl-socket' } },
      loggers: [{ name: 'kea-ctrl-agent', severity: 'WARN', output_options: [{ output: 'stdout' }] }],
    },
  }),
);
const env = { ...process.env, KEA_PIDFILE_DIR: dir, KEA_CONTROL_SOCKET_DIR: dir, KEA_LOG_FILE_DIR: dir };
const agentProcess = spawn(join(root, 'bin', 'kea-ctrl-agent'), ['-c', config], { env, stdio: 'ignore' });
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });
const post = (body) =>
  new Promise((ok, fail) => {
    const r = request(
      `http://127.0.0.1:${port}/`,
      {
        method: 'POST',
        agent: keepAlive,
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from('bench:bench').toString('base64')}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    r.on('error', fail);
    r.end(body);
  });
try {
  const deadline = Date.now() + 15000;
  for (;;) {
    try {
      await post('{"command":"status-get"}');
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const own = '{"command":"status-get"}';
  const forwarded = '{"command":"status-get","service":["dhcp6"]}';
  report('agent, own command, 1 client', await measure(1, () => post(own)));
  report('agent, own command, 32 clients', await measure(32, () => post(own)));
  report('agent, forwarded to dhcp6, 1 client', await measure(1, () => post(forwarded)));
  report('agent, forwarded to dhcp6, 32 clients', await measure(32, () => post(forwarded)));
} finally {
  keepAlive.destroy();
  agentProcess.kill('SIGTERM');
  await new Promise((r) => agentProcess.once('exit', r));
  await daemon.close();
  rmSync(dir, { recursive: true, force: true });
}
