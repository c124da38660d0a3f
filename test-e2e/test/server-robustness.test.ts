import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Dhclient,
  Lease6File,
  type Namespace,
  type NsProcess,
  repoRoot,
  sendControlCommand,
  startDhcp6Server,
  TestNetwork,
  waitUntil,
} from '@nestor/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { kea, nestor, type ServerUnderTest } from '../src/servers.js';

// Robustness of Nestor's kea-dhcp6 under hostile traffic and a crash, driven across a veth pair by
// the project's DHCPv6 load client (tools/dhcp6-load) and a real dhclient.

const loadClient = join(repoRoot, 'tools', 'dhcp6-load', 'dist', 'main.js');

interface Bed {
  network: TestNetwork;
  srv: Namespace;
  cli: Namespace;
  configPath: string;
  leaseFile: string;
  socket: string;
}

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.network.destroy();
  bed = undefined;
});

async function makeBed(tag: string): Promise<Bed> {
  const network = new TestNetwork({ tag });
  const srv = await network.addNamespace('srv');
  const cli = await network.addNamespace('cli');
  await network.link(srv, 'r-srv', cli, 'r-cli');
  const leaseFile = join(network.dir, 'leases6.csv');
  const socket = join(network.dir, 'dhcp6.sock');
  const configPath = join(network.dir, 'dhcp6.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      Dhcp6: {
        'interfaces-config': { interfaces: ['r-srv'] },
        'data-directory': network.dir,
        'lease-database': { type: 'memfile', persist: true, name: leaseFile, 'lfc-interval': 0 },
        'control-socket': { 'socket-type': 'unix', 'socket-name': socket },
        'preferred-lifetime': 3000,
        'valid-lifetime': 4000,
        'renew-timer': 1000,
        'rebind-timer': 2000,
        subnet6: [
          {
            id: 1,
            subnet: '2001:db8:1::/64',
            interface: 'r-srv',
            pools: [{ pool: '2001:db8:1::/80' }],
            'pd-pools': [{ prefix: '3000::', 'prefix-len': 32, 'delegated-len': 64 }],
          },
        ],
        loggers: [
          {
            name: 'kea-dhcp6',
            severity: 'WARN',
            output_options: [{ output: join(network.dir, 'server.log') }],
          },
        ],
      },
    }),
  );
  return { network, srv, cli, configPath, leaseFile, socket };
}

function startServer(b: Bed, tag: string, command: ServerUnderTest = nestor): Promise<NsProcess> {
  return startDhcp6Server(b.network, b.srv, {
    command,
    configPath: b.configPath,
    tag,
    controlSocket: b.socket,
  });
}

/** Runs the load client in the client namespace to its end; returns its summary line. */
async function load(b: Bed, label: string, args: string[]): Promise<Record<string, number>> {
  const run = b.network.spawn(b.cli, label, ['node', loadClient, ...args, '--iface', 'r-cli']);
  const status = await run.exited;
  const output = readFileSync(run.logPath, 'utf8');
  expect(status.code, output).toBe(0);
  return JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, number>;
}

async function statistic(b: Bed, name: string): Promise<number> {
  const answer = await sendControlCommand(b.socket, 'statistic-get', { name });
  const samples = (answer.arguments as Record<string, [number, string][]>)[name];
  return samples?.[0]?.[0] ?? Number.NaN;
}

/** UDP datagrams the server namespace's kernel dropped because a socket's receive buffer was full. */
async function kernelDrops(b: Bed): Promise<number> {
  const counters = await b.srv.exec(['cat', '/proc/net/snmp6']);
  return Number(/^Udp6RcvbufErrors\s+(\d+)/m.exec(counters)?.[1] ?? 0);
}

describe('Nestor kea-dhcp6 under bad traffic and a crash', () => {
  it('survives tens of thousands of random and mutated packets, counts them, and still serves dhclient', async () => {
    bed = await makeBed('fuzz');
    const server = await startServer(bed, 'server');
    const fuzz = await load(bed, 'fuzz', ['fuzz', '--count', '30000', '--seed', '2026']);
    expect(fuzz.sent).toBe(30000);
    // Every datagram is counted by the server, or was dropped by the kernel for a full receive
    // buffer before the server could read it (a loaded machine): nothing goes missing in between.
    await waitUntil(
      async () => (await statistic(bed!, 'pkt6-received')) + (await kernelDrops(bed!)) >= 30000,
      {
        timeoutMs: 60_000,
        what: 'all packets counted',
      },
    );
    expect(server.running).toBe(true);
    const parseFailed = await statistic(bed, 'pkt6-parse-failed');
    const dropped = await statistic(bed, 'pkt6-receive-drop');
    expect(parseFailed).toBeGreaterThan(5000);
    expect(dropped).toBeGreaterThanOrEqual(parseFailed);
    // A real client is still served.
    const client = await Dhclient.acquire(bed.network, { ns: bed.cli, iface: 'r-cli', tag: 'after-fuzz' });
    expect(client.lease()?.addresses).toHaveLength(1);
    expect(server.running).toBe(true);
  });

  it('keeps every lease a client got a REPLY for across kill -9 under load', async () => {
    bed = await makeBed('crash');
    const first = await startServer(bed, 'first');
    const bindings = join(bed.network.dir, 'bindings.jsonl');
    const running = bed.network.spawn(bed.cli, 'load', [
      'node',
      loadClient,
      'exchange',
      '--iface',
      'r-cli',
      '--clients',
      '50000',
      '--concurrency',
      '64',
      '--prefix',
      '--timeout',
      '1000',
      '--out',
      bindings,
    ]);
    // Let the load run, then crash the server in the middle of it.
    await waitUntil(
      () => readFileSync(bindings, { encoding: 'utf8', flag: 'a+' }).split('\n').length > 2000,
      {
        timeoutMs: 20_000,
        what: '2000 bindings granted',
      },
    );
    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    // Replies in flight have arrived within one timeout; the client records each as it comes.
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(running.pid, 'SIGTERM');
    await running.exited;
    const granted = readFileSync(bindings, 'utf8').split('\n').filter(Boolean);
    expect(granted.length).toBeGreaterThan(2000);

    // Every binding a REPLY announced is in the lease file...
    const leased = new Set(new Lease6File(bed.leaseFile).effective().map((l) => `${l.address}|${l.duid}`));
    for (const line of granted) {
      const b = JSON.parse(line) as { address: string; prefix: string; duid: string };
      expect(leased.has(`${b.address}|${b.duid}`), `${b.address} for ${b.duid}`).toBe(true);
      expect(leased.has(`${b.prefix}|${b.duid}`), `${b.prefix} for ${b.duid}`).toBe(true);
    }
    // ...and the restarted server still leases each to its client: every RENEW succeeds.
    await startServer(bed, 'second');
    const renewed = await load(bed, 'renew', ['renew', '--in', bindings, '--concurrency', '64']);
    expect(renewed.granted).toBe(granted.length);
  });
});

describe('lease files shared with ISC Kea 2.2', () => {
  for (const [writer, reader] of [
    [nestor, kea],
    [kea, nestor],
  ] as const) {
    it(`${reader.label} loads the lease file ${writer.label} wrote and keeps serving the same leases`, async () => {
      bed = await makeBed(`lf-${writer.id}`);
      const first = await startServer(bed, 'writer', writer);
      const bindings = join(bed.network.dir, 'bindings.jsonl');
      const granted = await load(bed, 'exchange', [
        'exchange',
        '--clients',
        '300',
        '--prefix',
        '--out',
        bindings,
      ]);
      expect(granted.granted).toBe(300);
      await first.stop(5_000);
      await startServer(bed, 'reader', reader);
      // The reader knows those leases: a new client gets none of them (a reader that had not
      // loaded the file would start again at the pool's first address)...
      const newcomer = join(bed.network.dir, 'newcomer.jsonl');
      expect(
        (
          await load(bed, 'newcomer', [
            'exchange',
            '--clients',
            '1',
            '--first',
            '100000',
            '--prefix',
            '--out',
            newcomer,
          ])
        ).granted,
      ).toBe(1);
      const taken = new Set(
        readFileSync(bindings, 'utf8')
          .split('\n')
          .filter(Boolean)
          .flatMap((l) => {
            const b = JSON.parse(l) as { address: string; prefix: string };
            return [b.address, b.prefix];
          }),
      );
      const fresh = JSON.parse(readFileSync(newcomer, 'utf8')) as { address: string; prefix: string };
      expect(taken.has(fresh.address)).toBe(false);
      expect(taken.has(fresh.prefix)).toBe(false);
      // ...and REBIND names no server: the reader answers for the leases it loaded, keeping each.: the reader answers for the leases it loaded, keeping each.
      const rebound = join(bed.network.dir, 'rebound.jsonl');
      const result = await load(bed, 'rebind', ['rebind', '--in', bindings, '--out', rebound]);
      expect(result.granted).toBe(300);
      const key = (line: string) => {
        const b = JSON.parse(line) as { duid: string; address: string; prefix: string };
        return `${b.duid} ${b.address} ${b.prefix}`;
      };
      const before = readFileSync(bindings, 'utf8').split('\n').filter(Boolean).map(key).sort();
      const after = readFileSync(rebound, 'utf8').split('\n').filter(Boolean).map(key).sort();
      expect(after).toEqual(before);
    });
  }
});
