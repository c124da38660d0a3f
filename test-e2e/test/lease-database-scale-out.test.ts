/**
 * Scale-out on one lease database: three Nestor kea-dhcp6 processes, each in its own namespace on
 * its own veth link, share one MariaDB and then one PostgreSQL database (schema by ISC's
 * kea-admin, reached through the database server's unix socket) and hand out the SAME pool while
 * perfdhcp drives all three at once. The database's primary key is what keeps an address leased
 * once: every lease a server assigned (its cumulative-assigned-nas) is a row of the table, so the
 * three counts add up to the rows, and each address is in the table once, for one client.
 *
 * Needs root (namespaces), perfdhcp and the test database servers; skipped otherwise.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendUnixCommand } from '@nestor/control';
import {
  binPath,
  createTestDatabase,
  type Namespace,
  type NsProcess,
  startDhcp6Server,
  type TestDatabase,
  type TestDatabaseBackend,
  TestNetwork,
  testDatabaseAvailable,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_DUID_TEMPLATE, perfdhcpBaseArgs } from '../src/bench/hosts-data.js';
import { PERFDHCP, parsePerfdhcpOutput, perfdhcpArgv } from '../src/bench/perfdhcp.js';

/** The MAC template of link i's perfdhcp, and the DUID-LLT template that ends in it. */
const clientMac = (i: number) => Uint8Array.from([0x00, 0x0c, 0x01, 0x02, 0x10 + i, 0x00]);
const clientTemplate = (i: number) =>
  Uint8Array.from([...BENCH_DUID_TEMPLATE.subarray(0, 8), ...clientMac(i)]);

const BACKENDS: TestDatabaseBackend[] = ['mysql', 'postgresql'];
const root = process.getuid?.() === 0 && existsSync(PERFDHCP);
const available = Object.fromEntries(
  await Promise.all(BACKENDS.map(async (b) => [b, root && (await testDatabaseAvailable(b))] as const)),
) as Record<TestDatabaseBackend, boolean>;

const SERVERS = 3;
/** A small pool all three share: 1024 addresses for ~450 clients, so the servers meet often. */
const POOL = '2001:db8:1::1000-2001:db8:1::13ff';

function serverConfig(dir: string, socket: string, leaseDatabase: Record<string, unknown>): object {
  return {
    Dhcp6: {
      'interfaces-config': { interfaces: ['srv0'] },
      'lease-database': leaseDatabase,
      'control-socket': { 'socket-type': 'unix', 'socket-name': socket },
      'server-id': { type: 'LLT', persist: false },
      'data-directory': dir,
      'preferred-lifetime': 3000,
      'valid-lifetime': 4000,
      subnet6: [{ id: 1, subnet: '2001:db8:1::/64', interface: 'srv0', pools: [{ pool: POOL }] }],
      loggers: [{ name: 'kea-dhcp6', output_options: [{ output: 'stdout' }], severity: 'WARN' }],
    },
  };
}

for (const backend of BACKENDS) {
  describe.skipIf(!available[backend])(`three Nestor kea-dhcp6 on one ${backend} lease database`, () => {
    let db: TestDatabase;
    let network: TestNetwork;
    const servers: { process: NsProcess; socket: string }[] = [];
    const clients: Namespace[] = [];

    beforeAll(async () => {
      db = await createTestDatabase(backend, 'scale');
      network = new TestNetwork({ tag: backend === 'mysql' ? 'sqsm' : 'sqsp' });
      for (let i = 0; i < SERVERS; i++) {
        const srv = await network.addNamespace(`s${i}`);
        const cli = await network.addNamespace(`c${i}`);
        await network.link(cli, 'cli0', srv, 'srv0', { macA: `02:00:00:00:0${i + 1}:01` });
        const dir = join(network.dir, `s${i}`);
        mkdirSync(dir);
        const socket = join(dir, 'ctrl.sock');
        // Its own config stem: the pid file (in the network's folder) is named after it.
        const configPath = join(dir, `kea-dhcp6-s${i}.json`);
        writeFileSync(configPath, JSON.stringify(serverConfig(dir, socket, db.leaseDatabaseViaSocket())));
        const server = await startDhcp6Server(network, srv, {
          command: { label: `Nestor ${i}`, argv: [binPath('kea-dhcp6')] },
          configPath,
          tag: `nestor${i}`,
          controlSocket: socket,
          timeoutMs: 20_000,
          env: db.socketEnv,
        });
        servers.push({ process: server, socket });
        clients.push(cli);
      }
    }, 180_000);

    afterAll(async () => {
      await network?.destroy();
      await db?.drop();
    }, 60_000);

    it('every lease assigned is in the table once, whichever server assigned it', async () => {
      const runs = await Promise.all(
        clients.map((ns, i) =>
          network.run(
            ns,
            'perfdhcp',
            perfdhcpArgv({
              iface: 'cli0',
              leaseType: 'address-only',
              rate: 25,
              clients: 150,
              seconds: 8,
              // Each link's clients are its own (perfdhcp would otherwise make the same DUIDs on
              // all three, and a server whose clients another already served assigns nothing):
              // they compete for the one pool's addresses, not for the same leases.
              base: perfdhcpBaseArgs(clientTemplate(i), clientMac(i)),
            }),
            60_000,
          ),
        ),
      );
      const replies = runs.map(
        (r) => parsePerfdhcpOutput(r.output).exchanges['REQUEST-REPLY']?.received ?? 0,
      );
      for (const [i, count] of replies.entries()) expect(count, runs[i]!.output).toBeGreaterThan(10);
      const assignedNow = () =>
        Promise.all(
          servers.map(async ({ socket }) => {
            const answer = await sendUnixCommand(
              socket,
              { command: 'statistic-get', arguments: { name: 'subnet[1].cumulative-assigned-nas' } },
              { timeoutMs: 10_000 },
            );
            const samples = (answer.arguments as Record<string, [number, string][]>)[
              'subnet[1].cumulative-assigned-nas'
            ];
            return samples?.[0]?.[0] ?? 0;
          }),
        );
      const rowsNow = async () =>
        (await db.sql('SELECT address, duid FROM lease6'))
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.split('\t')[0]!);
      // The servers may still answer perfdhcp's last REQUESTs (the machine is busy): read the
      // counts and the table until neither changes, so they describe the same moment.
      let assigned: number[] = [];
      let rows: string[] = [];
      for (let round = 0, stable = 0; round < 40 && stable < 3; round++) {
        const [a, r] = [await assignedNow(), await rowsNow()];
        const same = a.join() === assigned.join() && r.length === rows.length;
        stable = same ? stable + 1 : 0;
        [assigned, rows] = [a, r];
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      for (const count of assigned) expect(count).toBeGreaterThan(0);
      expect(new Set(rows).size).toBe(rows.length);
      // Each assignment is one INSERT the database took: none lost, none doubled.
      expect(rows.length).toBe(assigned.reduce((a, b) => a + b, 0));
      for (const s of servers) expect(s.process.running).toBe(true);
    }, 120_000);
  });
}
