/**
 * The hosts schema of Kea 2.2, read and written by SqlHostStore on both test database servers
 * (scripts/test-databases.sh), each test database made by ISC's kea-admin: a host Nestor adds is
 * stored column by column as ISC's kea-dhcp6 stores it, a host written by SQL in ISC's form reads
 * back as the reservation the configuration file would give, and refusals are Kea's.
 */
import { type JsonObject, parseDhcp6Config } from '@nestor/config';
import { MysqlDriver, PgDriver, type TransactionalSqlDriver } from '@nestor/leases';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseBackend,
  testDatabaseAvailable,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryOf } from '../src/host-db/host-options.js';
import { hostStoreOptions } from '../src/host-db/open-host-stores.js';
import { DUPLICATE_ENTRY, SqlHostStore } from '../src/host-db/sql-host-store.js';
import { GLOBAL, HostIndex } from '../src/hosts.js';

const backends: TestDatabaseBackend[] = ['mysql', 'postgresql'];
const availability = Object.fromEntries(
  await Promise.all(backends.map(async (b) => [b, await testDatabaseAvailable(b)] as const)),
) as Record<TestDatabaseBackend, boolean>;

const config = parseDhcp6Config({
  Dhcp6: {
    subnet6: [{ id: 1, subnet: '2001:db8:1::/64', pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }] }],
  },
}).model;
const registry = registryOf(config);

/** A reservation as the configuration parser builds it (options encoded). */
function reservationOf(raw: JsonObject) {
  const parsed = parseDhcp6Config({
    Dhcp6: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64', reservations: [raw] }] },
  }).model;
  return parsed.subnets[0]!.reservations[0]!;
}

for (const backend of backends) {
  describe.skipIf(!availability[backend])(`hosts in ${backend} (Kea 2.2 schema)`, () => {
    let db: TestDatabase;
    let store: SqlHostStore;
    beforeAll(async () => {
      db = await createTestDatabase(backend, 'hosts');
      store = SqlHostStore.open(
        hostStoreOptions({ type: backend, parameters: db.leaseDatabase() as never }),
        registry,
      );
      await store.checkSchema();
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it("adds a host the way ISC's kea-dhcp6 writes it, column by column", async () => {
      const reservation = reservationOf({
        duid: '01:02:03:04:05:06',
        'ip-addresses': ['2001:db8:1::5'],
        prefixes: ['2001:db8:ff00::/56'],
        hostname: 'Alpha.example.org',
        'client-classes': ['gold', 'silver'],
        'option-data': [
          { name: 'dns-servers', data: '2001:db8::53' },
          {
            code: 23,
            space: 'dhcp6',
            'csv-format': false,
            data: '20010db8000000000000000000000054',
            'always-send': true,
          },
        ],
        'user-context': { rack: 7 },
      });
      await store.add(1, reservation);
      const hex = backend === 'mysql' ? 'HEX(dhcp_identifier)' : "upper(encode(dhcp_identifier, 'hex'))";
      const hosts = await db.sql(
        `SELECT ${hex}, dhcp_identifier_type, dhcp4_subnet_id IS NULL, dhcp6_subnet_id, ipv4_address IS NULL, hostname, dhcp6_client_classes, user_context, auth_key IS NULL FROM hosts`,
      );
      const t = backend === 'mysql' ? '1' : 't';
      expect(hosts.trim()).toBe(
        ['010203040506', '1', t, '1', t, 'Alpha.example.org', 'gold,silver', '{"rack":7}', t].join('\t'),
      );
      const resv = await db.sql(
        'SELECT address, prefix_len, type, dhcp6_iaid FROM ipv6_reservations ORDER BY type',
      );
      expect(resv.trim().split('\n')).toEqual(['2001:db8:1::5\t128\t0\t0', '2001:db8:ff00::\t56\t2\t0']);
      const valueHex = backend === 'mysql' ? 'HEX(value)' : "upper(encode(value, 'hex'))";
      const opts = await db.sql(
        `SELECT code, ${valueHex}, formatted_value, space, persistent, scope_id, dhcp6_subnet_id IS NULL FROM dhcp6_options ORDER BY option_id`,
      );
      const f = backend === 'mysql' ? '0' : 'f';
      const nul = backend === 'mysql' ? 'NULL' : '';
      expect(opts.trim().split('\n')).toEqual([
        ['23', nul, '2001:db8::53', 'dhcp6', f, '3', t].join('\t'),
        ['23', '20010DB8000000000000000000000054', nul, 'dhcp6', t, '3', t].join('\t'),
      ]);
    });

    it('reads a host back as the configuration would give it, by identifier, address, subnet and hostname', async () => {
      const [host] = await store.byIdentifier('duid', '01:02:03:04:05:06');
      expect(host?.subnetId).toBe(1);
      const r = host!.reservation;
      expect(r.ipAddresses).toEqual(['2001:db8:1::5']);
      expect(r.prefixes).toEqual(['2001:db8:ff00::/56']);
      expect(r.hostname).toBe('Alpha.example.org');
      expect(r.clientClasses).toEqual(['gold', 'silver']);
      expect(r.userContext).toEqual({ rack: 7 });
      expect(r.options.map((o) => [o.code, Buffer.from(o.encoded).toString('hex'), o.alwaysSend])).toEqual([
        [23, '20010db8000000000000000000000053', false],
        [23, '20010db8000000000000000000000054', true],
      ]);
      expect((await store.get(1, 'duid', '01:02:03:04:05:06'))?.hostId).toBe(host!.hostId);
      expect(await store.get(2, 'duid', '01:02:03:04:05:06')).toBeUndefined();
      expect((await store.byAddress(1, '2001:db8:1::5'))?.hostId).toBe(host!.hostId);
      expect((await store.byAddress(1, '2001:db8:ff00::'))?.hostId).toBe(host!.hostId);
      expect(await store.byAddress(1, '2001:db8:1::6')).toBeUndefined();
      expect((await store.byHostname('alpha.EXAMPLE.org')).map((h) => h.hostId)).toEqual([host!.hostId]);
      expect((await store.page(1, 0, 10)).map((h) => h.hostId)).toEqual([host!.hostId]);
      expect(await store.page(1, host!.hostId, 10)).toEqual([]);
    });

    it('reads a host written by SQL in ISC form: hw-address, global (subnet 0), binary option, spaces in classes', async () => {
      const id = backend === 'mysql' ? "UNHEX('0a0b0c0d0e0f')" : "decode('0a0b0c0d0e0f', 'hex')";
      await db.sql(
        `INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp6_subnet_id, hostname, dhcp6_client_classes) VALUES (${id}, 0, 0, 'beta', 'a, b')`,
      );
      const hostId = (await db.sql("SELECT host_id FROM hosts WHERE hostname = 'beta'")).trim();
      const value = backend === 'mysql' ? "UNHEX('00000e10')" : "decode('00000e10', 'hex')";
      await db.sql(
        `INSERT INTO dhcp6_options (code, value, space, persistent, host_id, scope_id) VALUES (32, ${value}, 'dhcp6', ${backend === 'mysql' ? 0 : 'false'}, ${hostId}, 3)`,
      );
      await db.sql(
        `INSERT INTO ipv6_reservations (address, prefix_len, type, dhcp6_iaid, host_id) VALUES ('2001:db8:1::77', 128, 0, 0, ${hostId})`,
      );
      const [host] = await store.byIdentifier('hw-address', '0a:0b:0c:0d:0e:0f');
      expect(host?.subnetId).toBe(0);
      expect(host?.reservation.ipAddresses).toEqual(['2001:db8:1::77']);
      expect(host?.reservation.clientClasses).toEqual(['a', 'b']);
      expect(
        host?.reservation.options.map((o) => [o.code, o.csvFormat, Buffer.from(o.encoded).toString('hex')]),
      ).toEqual([[32, false, '00000e10']]);
    });

    it("refuses a second host for an identifier and an address reserved twice with Kea's text, leaving no trace", async () => {
      const before = await db.sql('SELECT COUNT(*) FROM hosts');
      await expect(store.add(1, reservationOf({ duid: '01:02:03:04:05:06' }))).rejects.toThrow(
        DUPLICATE_ENTRY,
      );
      await expect(
        store.add(1, reservationOf({ duid: '01:02:03:04:05:07', 'ip-addresses': ['2001:db8:1::5'] })),
      ).rejects.toThrow(DUPLICATE_ENTRY);
      expect(await db.sql('SELECT COUNT(*) FROM hosts')).toBe(before);
      expect(await store.byIdentifier('duid', '01:02:03:04:05:07')).toEqual([]);
    });

    it('looks a client up with no more round trips than Kea: one per identifier type, none for what the file or the packet already settled', async () => {
      const options = hostStoreOptions({ type: backend, parameters: db.leaseDatabase() as never });
      const real = backend === 'mysql' ? MysqlDriver.create(options) : PgDriver.create(options);
      let runs = 0;
      const counting: TransactionalSqlDriver = {
        backend: real.backend,
        run: (statement, params) => {
          runs++;
          return real.run(statement, params);
        },
        classify: (err) => real.classify(err),
        close: () => real.close(),
        transaction: (work) => real.transaction(work),
      };
      const counted = SqlHostStore.open({ ...options, driver: counting }, registry);
      try {
        const withFileHost = parseDhcp6Config({
          Dhcp6: {
            'host-reservation-identifiers': ['hw-address', 'duid'],
            subnet6: [
              {
                id: 1,
                subnet: '2001:db8:1::/64',
                reservations: [{ duid: '0f:0f:0f', 'ip-addresses': ['2001:db8:1::99'] }],
              },
            ],
          },
        }).model;
        await store.add(
          1,
          reservationOf({ duid: '0e:0e:0e', 'ip-addresses': ['2001:db8:1::98'], hostname: 'in-db' }),
        );
        await store.add(0, reservationOf({ duid: '0d:0d:0d', hostname: 'global-db' }));
        const index = new HostIndex(withFileHost, withFileHost.hostReservationIdentifiers, [counted]);
        // A database host, the client sending a hw-address too: Kea asks once per type (get6).
        const dbClient = { duid: '0e:0e:0e', 'hw-address': '02:00:00:00:00:01' };
        await index.prepare(dbClient, [1]);
        expect(runs).toBe(2);
        expect(index.find(1, dbClient)?.hostname).toBe('in-db');
        // Settled for this packet: the synchronous steps and a second prepare ask nothing.
        await index.prepare(dbClient, [1]);
        expect(runs).toBe(2);
        // The file's host for the duid: the database is asked for the hw-address only.
        const fileClient = { duid: '0f:0f:0f', 'hw-address': '02:00:00:00:00:02' };
        await index.prepare(fileClient, [1]);
        expect(runs).toBe(3);
        expect(index.find(1, fileClient)?.ipAddresses).toEqual(['2001:db8:1::99']);
        // Subnet and global scope at once: one query for the identifier (Kea: one per scope).
        const globalClient = { duid: '0d:0d:0d' };
        await index.prepare(globalClient, [1, GLOBAL]);
        expect(runs).toBe(4);
        const global = index.find(GLOBAL, globalClient);
        expect(global?.hostname).toBe('global-db');
        expect(index.isGlobal(global!)).toBe(true);
        expect(index.find(1, globalClient)).toBeUndefined();
        // A candidate address: one query, as Kea's get6(subnet, address).
        const subnet = withFileHost.subnets[0]!;
        expect(await index.reservedInDatabases(subnet, '2001:db8:1::98', undefined)).toBe(true);
        expect(await index.reservedInDatabases(subnet, '2001:db8:1::98', index.find(1, dbClient))).toBe(
          false,
        );
        expect(runs).toBe(6);
        await store.deleteByIdentifier(1, 'duid', '0e:0e:0e');
        await store.deleteByIdentifier(0, 'duid', '0d:0d:0d');
      } finally {
        await counted.close();
      }
    });

    it("a readonly hosts database refuses writes with Kea's text and still reads", async () => {
      const readonly = SqlHostStore.open(
        hostStoreOptions({
          type: backend,
          parameters: { ...(db.leaseDatabase() as object), readonly: true } as never,
        }),
        registry,
      );
      try {
        const text = `${backend === 'mysql' ? 'MySQL' : 'PgSQL'} host database backend is configured to operate in read only mode`;
        await expect(readonly.add(1, reservationOf({ duid: '0c:0c:0c' }))).rejects.toThrow(text);
        await expect(readonly.deleteByIdentifier(1, 'duid', '01:02:03:04:05:06')).rejects.toThrow(text);
        expect(await readonly.get(1, 'duid', '01:02:03:04:05:06')).toBeDefined();
      } finally {
        await readonly.close();
      }
    });

    it('deletes by identifier and by address; the cascades take options and reservations', async () => {
      expect(await store.deleteByIdentifier(1, 'duid', '01:02:03:04:05:06')).toBe(true);
      expect(await store.deleteByIdentifier(1, 'duid', '01:02:03:04:05:06')).toBe(false);
      expect(await store.deleteByAddress(0, '2001:db8:1::77')).toBe(true);
      expect((await db.sql('SELECT COUNT(*) FROM ipv6_reservations')).trim()).toBe('0');
      expect((await db.sql('SELECT COUNT(*) FROM dhcp6_options')).trim()).toBe('0');
    });
  });
}
