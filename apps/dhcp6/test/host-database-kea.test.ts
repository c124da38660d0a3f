/**
 * Host reservations in a database shared by ISC kea-dhcp6 2.2 and Nestor, on MySQL and on
 * PostgreSQL (each a fresh database made by ISC's kea-admin), with the database as the oracle
 * (Debian's Kea 2.2 has no host_cmds library):
 * - reservations written by Nestor's reservation-add, and one written by SQL in ISC's form, are
 *   served alike by both servers reading the same hosts-database: the same addresses, prefixes,
 *   per-host options, hostname in the FQDN option, compared field by field, also for a global
 *   reservation (subnet-id 0) and for an in-pool address reserved for someone else;
 * - the SQL-written host comes back from Nestor's reservation-get exactly;
 * - after reservation-del both give the client a pool address on its next REQUEST;
 * - bad reservation-add input is refused with Kea's texts and leaves the database unchanged.
 *
 * Needs root (namespaces), /usr/sbin/kea-dhcp6, socat and the test database servers; skipped,
 * loudly, otherwise.
 */
import { existsSync } from 'node:fs';
import { MessageType } from '@nestor/codec';
import {
  createTestDatabase,
  ISC_KEA_DHCP6,
  type TestDatabase,
  type TestDatabaseBackend,
  testDatabaseAvailable,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Compared, Differential, differences } from './support/class-differential.js';
import { granted, innerReply } from './support/class-packets.js';
import { duid } from './support/class-scenario.js';
import { type ExchangeClient, ExchangeSteps, exchangeSummary, heldBy } from './support/exchange-steps.js';
import { poolLabeler } from './support/reply-summary.js';
import { SERVER_IFACE, TwinServers } from './support/twin-servers.js';

const UNIX_SOCKETS: Record<TestDatabaseBackend, string> = {
  mysql: '/var/lib/nestor-test/mysql-run/mysql.sock',
  postgresql: '/var/lib/nestor-test/pg-run/.s.PGSQL.5432',
};
const PORTS: Record<TestDatabaseBackend, number> = { mysql: 3306, postgresql: 5432 };

const root = process.getuid?.() === 0 && existsSync(ISC_KEA_DHCP6) && existsSync('/usr/bin/socat');
const backends: TestDatabaseBackend[] = ['mysql', 'postgresql'];
const availability = Object.fromEntries(
  await Promise.all(backends.map(async (b) => [b, root && (await testDatabaseAvailable(b))] as const)),
) as Record<TestDatabaseBackend, boolean>;
for (const b of backends)
  if (!availability[b])
    console.warn(
      `host-database-kea (${b}): skipped (needs root, ${ISC_KEA_DHCP6}, socat and the test database)`,
    );

const M = MessageType;
const colon = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

const ADDED = duid(0xb001);
const SQL = duid(0xb002);
const GLOBAL = duid(0xb003);
const HOLDER = duid(0xb005);
const CLIENTS: Record<string, ExchangeClient> = {
  added: { duid: ADDED, pd: true },
  sql: { duid: SQL },
  global: { duid: GLOBAL },
  plain: { duid: duid(0xb004), pd: true },
  other: { duid: duid(0xb006) },
  early: { duid: duid(0xb007) },
  late: { duid: duid(0xb008) },
};
const HANDED_OVER = '2001:db8:1::1a0';
const steps = new ExchangeSteps(CLIENTS);
const ask = steps.ask.bind(steps);

function scenario(db: TestDatabase): Record<string, unknown> {
  return {
    'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0a0b', persist: false },
    'preferred-lifetime': 3000,
    'valid-lifetime': 4000,
    'renew-timer': 1000,
    'rebind-timer': 2000,
    'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }],
    'hosts-database': {
      type: db.backend,
      name: db.name,
      host: '127.0.0.1',
      port: db.port,
      user: db.user,
      password: db.password,
    },
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        interface: SERVER_IFACE,
        'reservations-global': true,
        'reservations-in-subnet': true,
        pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
        'pd-pools': [{ prefix: '2001:db8:100::', 'prefix-len': 40, 'delegated-len': 56 }],
      },
    ],
  };
}

/** The host reservation-add writes for ADDED. */
const addedReservation = {
  'subnet-id': 1,
  duid: colon(ADDED),
  'ip-addresses': ['2001:db8:1::5'],
  prefixes: ['2001:db8:ff00::/56'],
  hostname: 'added-host.example.org',
  'option-data': [{ name: 'dns-servers', data: '2001:db8::99' }],
};

/** ISC's statements for a host with an address and a binary dns-servers option, as SQL text. */
async function insertIscHost(db: TestDatabase): Promise<void> {
  const id =
    db.backend === 'mysql'
      ? `UNHEX('${colon(SQL).replace(/:/g, '')}')`
      : `decode('${colon(SQL).replace(/:/g, '')}', 'hex')`;
  await db.sql(
    'INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, dhcp6_subnet_id, ipv4_address, hostname, dhcp4_client_classes, dhcp6_client_classes, user_context, dhcp4_next_server, dhcp4_server_hostname, dhcp4_boot_file_name, auth_key) ' +
      `VALUES (${id}, 1, NULL, 1, NULL, 'sql-host', '', 'blue', '{"from":"sql"}', 0, '', '', NULL)`,
  );
  const hostId = (await db.sql("SELECT host_id FROM hosts WHERE hostname = 'sql-host'")).trim();
  const value =
    db.backend === 'mysql'
      ? "UNHEX('20010db8000000000000000000000077')"
      : "decode('20010db8000000000000000000000077', 'hex')";
  await db.sql(
    `INSERT INTO dhcp6_options (code, value, formatted_value, space, persistent, user_context, host_id, scope_id) VALUES (23, ${value}, NULL, 'dhcp6', ${db.backend === 'mysql' ? 0 : 'false'}, NULL, ${hostId}, 3)`,
  );
  await db.sql(
    `INSERT INTO ipv6_reservations (address, prefix_len, type, dhcp6_iaid, host_id) VALUES ('2001:db8:1::6', 128, 0, 0, ${hostId})`,
  );
}

const json = (value: unknown): string => JSON.stringify(value);

/** What the databases reserve: granted, these are compared exactly (pool ones by their pool). */
const RESERVED = new Set([
  HANDED_OVER,
  '2001:db8:1::5',
  '2001:db8:ff00::/56',
  '2001:db8:1::6',
  '2001:db8:1::7',
  '2001:db8:1::150',
]);

/**
 * The exchange summary with the reserved addresses and prefixes granted, and the reply's
 * Client FQDN (flags and name: the reserved hostname).
 */
function withHostFields(summary: (reply: Uint8Array | undefined, sent: Uint8Array) => unknown) {
  return (reply: Uint8Array | undefined, sent: Uint8Array): unknown => {
    const base = summary(reply, sent);
    if (!reply || typeof base !== 'object' || base === null) return base;
    const message = innerReply(reply);
    const { na, pd } = granted(message);
    const out: Record<string, unknown> = { ...base, reserved: [...na, ...pd].filter((a) => RESERVED.has(a)) };
    const fqdn = message.options.find((o) => o.kind === 'client_fqdn');
    if (fqdn?.kind === 'client_fqdn') out.fqdn = { flags: fqdn.flags, name: fqdn.name };
    return out;
  };
}

for (const backend of backends) {
  describe.skipIf(!availability[backend])(
    `hosts-database ${backend}: ISC kea-dhcp6 and Nestor on one database`,
    () => {
      let db: TestDatabase | undefined;
      let twins: TwinServers | undefined;
      let differential: Differential | undefined;
      const run = (list: Parameters<Differential['run']>[0]): Promise<Compared[]> => differential!.run(list);
      const nestor = (command: string, args?: Record<string, unknown>) =>
        twins!.commandTo('nestor', command, args);
      const count = async (table: string) => (await db!.sql(`SELECT COUNT(*) FROM ${table}`)).trim();

      beforeAll(async () => {
        db = await createTestDatabase(backend, `hk${backend.slice(0, 2)}`);
        const config = scenario(db);
        twins = await TwinServers.start(`h${backend.slice(0, 2)}`, config, [], {
          databaseBridge: { port: PORTS[backend], unixSocket: UNIX_SOCKETS[backend] },
        });
        differential = new Differential(
          twins,
          poolLabeler(config),
          withHostFields(exchangeSummary(poolLabeler(config))),
        );
      }, 180_000);
      afterAll(async () => {
        await twins?.destroy();
        await db?.drop();
      });

      it("reservation-add writes hosts ISC's kea-dhcp6 serves as Nestor does, field by field", async () => {
        expect(await nestor('reservation-add', { reservation: addedReservation })).toEqual({
          result: 0,
          text: 'Host added.',
        });
        expect(
          await nestor('reservation-add', {
            reservation: {
              'subnet-id': 0,
              duid: colon(GLOBAL),
              'ip-addresses': ['2001:db8:1::7'],
              hostname: 'global-host',
            },
          }),
        ).toEqual({ result: 0, text: 'Host added.' });
        // In the pool, reserved for a client that never asks: nobody else may get it.
        expect(
          await nestor('reservation-add', {
            reservation: { 'subnet-id': 1, duid: colon(HOLDER), 'ip-addresses': ['2001:db8:1::150'] },
          }),
        ).toEqual({ result: 0, text: 'Host added.' });
        await insertIscHost(db!);
        const fqdn = (name: string) => ({ flags: 0x01, name });
        const results = await run([
          ask(M.SOLICIT, 'added', { oro: [23], fqdn: fqdn('client-a') }),
          ask(M.REQUEST, 'added', { na: 'held', pd: 'held', oro: [23], fqdn: fqdn('client-a') }),
          ask(M.SOLICIT, 'sql', { oro: [23] }),
          ask(M.REQUEST, 'sql', { na: 'held', oro: [23] }),
          ask(M.SOLICIT, 'global', { oro: [23], fqdn: fqdn('client-g') }),
          ask(M.REQUEST, 'global', { na: 'held', oro: [23], fqdn: fqdn('client-g') }),
          ask(M.SOLICIT, 'plain', { oro: [23] }),
          ask(M.REQUEST, 'plain', { na: 'held', pd: 'held', oro: [23] }),
          ask(M.SOLICIT, 'other', { na: ['2001:db8:1::150'], oro: [23] }),
        ]);
        expect(differences(results), twins!.output('nestor').slice(-4000)).toBe('');
        const kea = (step: string): string => json(results.find((r) => r.step === step)!.kea);
        expect(kea('REQUEST added')).toContain('"reserved":["2001:db8:1::5","2001:db8:ff00::/56"]');
        expect(kea('REQUEST added')).toContain('20010db8000000000000000000000099');
        expect(kea('REQUEST added')).toContain('"name":"added-host.example.org."');
        expect(kea('REQUEST sql')).toContain('"reserved":["2001:db8:1::6"]');
        expect(kea('REQUEST sql')).toContain('20010db8000000000000000000000077');
        expect(kea('REQUEST global')).toContain('"reserved":["2001:db8:1::7"]');
        expect(kea('REQUEST global')).toContain('"name":"global-host');
        expect(kea('REQUEST plain')).toContain('subnet 1 pool 0');
        expect(kea('REQUEST plain')).toContain('"reserved":[]');
        expect(kea('REQUEST plain')).toContain('20010db8000000000000000000000053');
        expect(kea('SOLICIT other')).toContain('"reserved":[]');
      }, 120_000);

      it('returns the host written by SQL in ISC form exactly, from every lookup', async () => {
        const expected = {
          'user-context': { from: 'sql' },
          duid: colon(SQL),
          'ip-addresses': ['2001:db8:1::6'],
          prefixes: [],
          hostname: 'sql-host',
          'client-classes': ['blue'],
          'option-data': [
            {
              space: 'dhcp6',
              code: 23,
              name: 'dns-servers',
              'csv-format': false,
              data: '20010DB8000000000000000000000077',
              'always-send': false,
            },
          ],
          'subnet-id': 1,
        };
        expect(
          await nestor('reservation-get', {
            'subnet-id': 1,
            'identifier-type': 'duid',
            identifier: colon(SQL),
          }),
        ).toEqual({
          result: 0,
          text: 'Host found.',
          arguments: expected,
        });
        expect(await nestor('reservation-get', { 'subnet-id': 1, 'ip-address': '2001:db8:1::6' })).toEqual({
          result: 0,
          text: 'Host found.',
          arguments: expected,
        });
        expect(
          await nestor('reservation-get-by-id', { 'identifier-type': 'duid', identifier: colon(SQL) }),
        ).toEqual({
          result: 0,
          text: '1 IPv6 host(s) found.',
          arguments: { hosts: [expected] },
        });
        expect(await nestor('reservation-get-by-hostname', { hostname: 'SQL-Host' })).toEqual({
          result: 0,
          text: '1 IPv6 host(s) found.',
          arguments: { hosts: [expected] },
        });
        const all = await nestor('reservation-get-all', { 'subnet-id': 1 });
        expect(all.text).toBe('3 IPv6 host(s) found.');
        expect((all.arguments as { hosts: unknown[] }).hosts).toContainEqual(expected);
        const global = await nestor('reservation-get-all', { 'subnet-id': 0 });
        expect(global.text).toBe('1 IPv6 host(s) found.');
        // Pages of one host walk the database and end with result 3.
        const seen: unknown[] = [];
        let next: unknown = {};
        for (let i = 0; i < 10; i++) {
          const page = await nestor('reservation-get-page', {
            'subnet-id': 1,
            limit: 1,
            ...(next as object),
          });
          if (page.result === 3) {
            expect(page).toEqual({
              result: 3,
              text: '0 IPv6 host(s) found.',
              arguments: { hosts: [], count: 0 },
            });
            break;
          }
          const args = page.arguments as { hosts: unknown[]; next: unknown; count: number };
          expect(args.count).toBe(1);
          seen.push(...args.hosts);
          next = args.next;
        }
        expect(seen).toHaveLength(3);
        expect(seen).toContainEqual(expected);
        expect(
          await nestor('reservation-get', { 'subnet-id': 1, 'identifier-type': 'duid', identifier: '01:02' }),
        ).toEqual({
          result: 0,
          text: 'Host not found.',
        });
      });

      it("refuses bad reservation-add input with Kea's texts and leaves the database unchanged", async () => {
        const before = [await count('hosts'), await count('ipv6_reservations'), await count('dhcp6_options')];
        const refuse = async (reservation: unknown, text: string | RegExp) => {
          const got = await nestor('reservation-add', { reservation } as never);
          expect(got.result).toBe(1);
          if (typeof text === 'string') expect(got.text).toBe(text);
          else expect(got.text).toMatch(text);
        };
        await refuse(
          { ...addedReservation, 'ip-addresses': ['2001:db8:1::55'], prefixes: [] },
          'Database duplicate entry error',
        );
        await refuse(
          { 'subnet-id': 1, duid: '0a:0a:0a', 'ip-addresses': ['2001:db8:1::5'] },
          'Database duplicate entry error',
        );
        await refuse(
          { 'subnet-id': 1, duid: '0a:0a:0b', 'ip-addresses': ['2001:db8:2::5'] },
          "specified reservation '2001:db8:2::5' is not matching the IPv6 subnet prefix '2001:db8:1::/64'",
        );
        await refuse({ 'subnet-id': 9, duid: '0a:0a:0c' }, "IPv6 subnet with ID of '9' is not configured");
        await refuse({ duid: '0a:0a:0d' }, "Mandatory 'subnet-id' parameter missing.");
        await refuse({ 'subnet-id': 1, duid: 'zz:01' }, /invalid duid 'zz:01'/);
        expect([
          await count('hosts'),
          await count('ipv6_reservations'),
          await count('dhcp6_options'),
        ]).toEqual(before);
      });

      it('an address reserved while another client holds it is handed over as Kea hands it over', async () => {
        const first = await run([
          ask(M.SOLICIT, 'early', { na: [HANDED_OVER] }),
          ask(M.REQUEST, 'early', { na: 'held' }),
        ]);
        expect(differences(first), twins!.output('nestor').slice(-4000)).toBe('');
        expect(json(first[1]!.kea)).toContain(`"reserved":["${HANDED_OVER}"]`);
        expect(
          await nestor('reservation-add', {
            reservation: { 'subnet-id': 1, duid: colon(CLIENTS.late!.duid), 'ip-addresses': [HANDED_OVER] },
          }),
        ).toEqual({ result: 0, text: 'Host added.' });
        const results = await run([
          ask(M.SOLICIT, 'late', { note: 'while held' }),
          ask(M.REQUEST, 'late', { na: 'held', note: 'while held' }),
          ask(M.RENEW, 'early', { na: heldBy('early'), note: 'reserved for late now' }),
          ask(M.REQUEST, 'late', { na: 'held', note: 'after the renew' }),
        ]);
        expect(differences(results), twins!.output('nestor').slice(-4000)).toBe('');
        const kea = (step: string): string => json(results.find((r) => r.step === step)!.kea);
        expect(kea('RENEW early (reserved for late now)')).not.toContain(`"reserved":["${HANDED_OVER}"]`);
        expect(kea('REQUEST late (after the renew)')).toContain(`"reserved":["${HANDED_OVER}"]`);
      }, 60_000);

      it('after reservation-del the client gets a pool address from both servers on its next REQUEST', async () => {
        expect(
          await nestor('reservation-del', {
            'subnet-id': 1,
            'identifier-type': 'duid',
            identifier: colon(ADDED),
          }),
        ).toEqual({
          result: 0,
          text: 'Host deleted.',
        });
        expect(
          await nestor('reservation-del', {
            'subnet-id': 1,
            'identifier-type': 'duid',
            identifier: colon(ADDED),
          }),
        ).toEqual({
          result: 1,
          text: 'Host not deleted (not found).',
        });
        const results = await run([
          ask(M.REQUEST, 'added', { na: 'held', pd: 'held', oro: [23], note: 'after del' }),
        ]);
        expect(differences(results), twins!.output('nestor').slice(-4000)).toBe('');
        const kea = json(results[0]!.kea);
        expect(kea).toContain('subnet 1 pool 0');
        expect(kea).toContain('20010db8000000000000000000000053');
      }, 60_000);
    },
  );
}
