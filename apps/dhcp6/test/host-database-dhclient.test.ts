/**
 * A real ISC dhclient -6 (DUID-LL, an address and a prefix) against Nestor's kea-dhcp6 with its
 * reservation in a hosts database, on MySQL and on PostgreSQL: reserved with reservation-add on
 * the control socket while the server runs, the client gets the reserved address, prefix and the
 * host's dns-servers; after reservation-del its next SOLICIT / REQUEST gets a pool address and the
 * global dns-servers.
 *
 * Needs root (namespaces), /sbin/dhclient, socat and the test database servers; skipped, loudly,
 * otherwise.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendUnixCommand } from '@nestor/control';
import {
  binPath,
  createTestDatabase,
  Dhclient,
  duidLl,
  type Namespace,
  startDhcp6Server,
  type TestDatabase,
  type TestDatabaseBackend,
  TestNetwork,
  testDatabaseAvailable,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const UNIX_SOCKETS: Record<TestDatabaseBackend, string> = {
  mysql: '/var/lib/nestor-test/mysql-run/mysql.sock',
  postgresql: '/var/lib/nestor-test/pg-run/.s.PGSQL.5432',
};
const root = process.getuid?.() === 0 && ['/sbin/dhclient', '/usr/bin/socat'].every((p) => existsSync(p));
const backends: TestDatabaseBackend[] = ['mysql', 'postgresql'];
const availability = Object.fromEntries(
  await Promise.all(backends.map(async (b) => [b, root && (await testDatabaseAvailable(b))] as const)),
) as Record<TestDatabaseBackend, boolean>;
for (const b of backends)
  if (!availability[b])
    console.warn(`host-database-dhclient (${b}): skipped (needs root, dhclient, socat, the test database)`);

const MAC = '02:00:00:00:15:01';
const RESERVED_ADDRESS = '2001:db8:15::5';
const RESERVED_PREFIX = '2001:db8:1f00::/56';

for (const backend of backends) {
  describe.skipIf(!availability[backend])(`dhclient -6 with its reservation in ${backend}`, () => {
    let db: TestDatabase | undefined;
    let network: TestNetwork | undefined;
    let socket = '';
    let clientNs: Namespace | undefined;
    const command = (name: string, args: Record<string, unknown>) =>
      sendUnixCommand(socket, { command: name, arguments: args as never }, { timeoutMs: 10_000 });

    beforeAll(async () => {
      db = await createTestDatabase(backend, `hd${backend.slice(0, 2)}`);
      network = new TestNetwork({ tag: `hd${backend.slice(0, 2)}` });
      const server = await network.addNamespace('srv');
      const client = await network.addNamespace('cli');
      clientNs = client;
      const bridge = network.spawn(server, 'db-bridge', [
        'socat',
        '-d',
        '-d',
        `TCP-LISTEN:${db.port},bind=127.0.0.1,fork,reuseaddr`,
        `UNIX-CONNECT:${UNIX_SOCKETS[backend]}`,
      ]);
      await bridge.waitForOutput(/listening on/, 10_000);
      await network.link(client, 'c0', server, 's0', { macA: MAC });
      socket = join(network.dir, 'ctrl.sock');
      const configPath = join(network.dir, 'kea-dhcp6.json');
      writeFileSync(
        configPath,
        JSON.stringify({
          Dhcp6: {
            'interfaces-config': { interfaces: ['s0'] },
            'control-socket': { 'socket-type': 'unix', 'socket-name': socket },
            'data-directory': network.dir,
            'lease-database': { type: 'memfile', persist: false },
            'hosts-database': db.leaseDatabase(),
            'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }],
            subnet6: [
              {
                id: 15,
                subnet: '2001:db8:15::/64',
                interface: 's0',
                pools: [{ pool: '2001:db8:15::100-2001:db8:15::1ff' }],
                'pd-pools': [{ prefix: '2001:db8:1500::', 'prefix-len': 40, 'delegated-len': 56 }],
              },
            ],
            loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
          },
        }),
      );
      await startDhcp6Server(network, server, {
        command: { label: 'Nestor', argv: [binPath('kea-dhcp6')] },
        configPath,
        tag: 'nst',
        controlSocket: socket,
      });
    }, 120_000);
    afterAll(async () => {
      await network?.destroy();
      await db?.drop();
    });

    it('gets the reserved address, prefix and options; after reservation-del, a pool address', async () => {
      const duid = duidLl(MAC);
      expect(
        await command('reservation-add', {
          reservation: {
            'subnet-id': 15,
            duid,
            'ip-addresses': [RESERVED_ADDRESS],
            prefixes: [RESERVED_PREFIX],
            hostname: 'dhclient-host',
            'option-data': [{ name: 'dns-servers', data: '2001:db8::99' }],
          },
        }),
      ).toEqual({ result: 0, text: 'Host added.' });
      const cli = clientNs;
      const conf = 'also request dhcp6.name-servers;';
      const first = await Dhclient.acquire(network!, {
        ns: cli!,
        iface: 'c0',
        tag: 'dhc1',
        prefix: true,
        duid: 'LL',
        conf,
      });
      expect(first.duid()).toBe(duid);
      const reserved = first.lease()!;
      expect(reserved.addresses.map((a) => a.address)).toEqual([RESERVED_ADDRESS]);
      expect(reserved.prefixes.map((p) => `${p.prefix}/${p.length}`)).toEqual([RESERVED_PREFIX]);
      expect(reserved.options['dhcp6.name-servers']).toBe('2001:db8::99');
      await first.stop();

      expect(
        await command('reservation-del', { 'subnet-id': 15, 'identifier-type': 'duid', identifier: duid }),
      ).toEqual({ result: 0, text: 'Host deleted.' });
      // A fresh lease file: the client starts over with SOLICIT and REQUEST.
      const second = await Dhclient.acquire(network!, {
        ns: cli!,
        iface: 'c0',
        tag: 'dhc2',
        prefix: true,
        duid: 'LL',
        conf,
      });
      const pooled = second.lease()!;
      const [address] = pooled.addresses.map((a) => a.address);
      expect(address).toMatch(/^2001:db8:15::1[0-9a-f]{2}$/);
      expect(pooled.prefixes.map((p) => `${p.prefix}/${p.length}`)[0]).toMatch(
        /^2001:db8:15[0-9a-f]{2}::\/56$/,
      );
      expect(pooled.options['dhcp6.name-servers']).toBe('2001:db8::53');
      await second.stop();
    }, 120_000);
  });
}
