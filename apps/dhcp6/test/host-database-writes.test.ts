/**
 * reservation-add is one transaction on both backends: a write refused part-way (an address
 * another host holds, an option row the database rejects) leaves the hosts, dhcp6_options and
 * ipv6_reservations tables exactly as they were; and the connection settings of a hosts database
 * are the lease database's, TLS included, with a clear configuration error for a TLS file the
 * server cannot read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JsonObject, parseDhcp6Config } from '@nestor/config';
import { LeaseStoreConfigError, MysqlDriver, PgDriver, type TransactionalSqlDriver } from '@nestor/leases';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseBackend,
  testDatabaseAvailable,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryOf } from '../src/host-db/host-options.js';
import { HOST_STATEMENTS } from '../src/host-db/host-statements.js';
import { hostStoreOptions, openHostStores } from '../src/host-db/open-host-stores.js';
import { DUPLICATE_ENTRY, SqlHostStore } from '../src/host-db/sql-host-store.js';

const backends: TestDatabaseBackend[] = ['mysql', 'postgresql'];
const availability = Object.fromEntries(
  await Promise.all(backends.map(async (b) => [b, await testDatabaseAvailable(b)] as const)),
) as Record<TestDatabaseBackend, boolean>;

const config = parseDhcp6Config({
  Dhcp6: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64' }] },
}).model;
const registry = registryOf(config);

function reservationOf(raw: JsonObject) {
  const parsed = parseDhcp6Config({
    Dhcp6: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64', reservations: [raw] }] },
  }).model;
  return parsed.subnets[0]!.reservations[0]!;
}

/** Two options and two addresses: a hosts row, two option rows, then two reservation rows. */
const WIDE = {
  duid: '0a:0a:0a:0a',
  hostname: 'wide',
  'ip-addresses': ['2001:db8:1::a1', '2001:db8:1::a2'],
  'option-data': [
    { name: 'dns-servers', data: '2001:db8::53' },
    { name: 'domain-search', data: 'example.org' },
  ],
};

for (const backend of backends) {
  describe.skipIf(!availability[backend])(`reservation writes in ${backend} are transactions`, () => {
    let db: TestDatabase;
    let store: SqlHostStore;
    /** Every row of the three tables a host spans, in a fixed order. */
    const tables = async () =>
      Promise.all(
        [
          'SELECT host_id, dhcp_identifier, dhcp6_subnet_id, hostname FROM hosts ORDER BY host_id',
          'SELECT option_id, code, host_id FROM dhcp6_options ORDER BY option_id',
          'SELECT reservation_id, address, host_id FROM ipv6_reservations ORDER BY reservation_id',
        ].map((q) => db.sql(q)),
      );

    beforeAll(async () => {
      db = await createTestDatabase(backend, 'hostwr');
      store = SqlHostStore.open(
        hostStoreOptions({ type: backend, parameters: db.leaseDatabase() as never }),
        registry,
      );
      await store.checkSchema();
      // A host holding the address WIDE's second reservation wants.
      await store.add(1, reservationOf({ duid: '0b:0b:0b:0b', 'ip-addresses': ['2001:db8:1::a2'] }));
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it('an address already reserved, refused after the host and its options went in: nothing of the host remains', async () => {
      const before = await tables();
      await expect(store.add(1, reservationOf(WIDE))).rejects.toThrow(DUPLICATE_ENTRY);
      expect(await tables()).toEqual(before);
      expect(await store.byIdentifier('duid', '0a:0a:0a:0a')).toEqual([]);
    });

    it('an option row the database rejects (the second insert of the host): the hosts row is rolled back', async () => {
      const options = hostStoreOptions({ type: backend, parameters: db.leaseDatabase() as never });
      const real = backend === 'mysql' ? MysqlDriver.create(options) : PgDriver.create(options);
      const insertOption = HOST_STATEMENTS[backend].insertOption;
      // The database's own refusal of the row: the statement sent with a NULL code (NOT NULL
      // column). Just before it, the hosts row is in: what the other connections see then is kept.
      let midway: string[] | undefined;
      const rejecting: TransactionalSqlDriver = {
        backend: real.backend,
        run: (statement, params) => real.run(statement, params),
        classify: (err) => real.classify(err),
        close: () => real.close(),
        transaction: (work) =>
          real.transaction((run) =>
            work(async (statement, params) => {
              if (statement !== insertOption) return run(statement, params);
              midway ??= await tables();
              return run(statement, [null, ...params.slice(1)]);
            }),
          ),
      };
      const faulty = SqlHostStore.open({ ...options, driver: rejecting }, registry);
      try {
        const before = await tables();
        const refusal = faulty.add(1, reservationOf({ ...WIDE, 'ip-addresses': ['2001:db8:1::a3'] }));
        await expect(refusal).rejects.toThrow(/null|cannot be null/i);
        // Nobody saw the hosts row while the add was under way, nor after its refusal.
        expect(midway).toEqual(before);
        expect(await tables()).toEqual(before);
        // The same reservation through a sound driver goes in whole.
        await store.add(1, reservationOf({ ...WIDE, 'ip-addresses': ['2001:db8:1::a3'] }));
        const [host] = await store.byIdentifier('duid', '0a:0a:0a:0a');
        expect(host?.reservation.options).toHaveLength(2);
        expect(host?.reservation.ipAddresses).toEqual(['2001:db8:1::a3']);
      } finally {
        await faulty.close();
      }
    });
  });
}

describe('hosts-database connection settings (the lease database builder)', () => {
  const hosts = (parameters: Record<string, unknown>) =>
    hostStoreOptions({ type: 'postgresql', parameters: parameters as never });

  it("passes Kea's connection parameters, readonly, and the hosts pool size", () => {
    const options = hosts({
      name: 'kea',
      host: 'db.example',
      port: 5433,
      user: 'u',
      password: 'p',
      'connect-timeout': 7,
      readonly: true,
    });
    expect(options).toMatchObject({
      backend: 'postgresql',
      name: 'kea',
      host: 'db.example',
      port: 5433,
      user: 'u',
      password: 'p',
      connectTimeout: 7,
      readonly: true,
    });
    expect(options.tls).toBeUndefined();
  });

  it('reads the TLS files Kea names (trust-anchor, cert-file, key-file, cipher-list)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hosts-tls-'));
    try {
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), f.toUpperCase());
      const options = hosts({
        name: 'kea',
        'trust-anchor': join(dir, 'ca.pem'),
        'cert-file': join(dir, 'cert.pem'),
        'key-file': join(dir, 'key.pem'),
        'cipher-list': 'HIGH',
      });
      expect(options.tls?.ca?.toString()).toBe('CA.PEM');
      expect(options.tls?.cert?.toString()).toBe('CERT.PEM');
      expect(options.tls?.key?.toString()).toBe('KEY.PEM');
      expect(options.tls?.ciphers).toBe('HIGH');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a trust-anchor the server cannot read is a configuration error naming it, before any connection', async () => {
    const missing = join(tmpdir(), `no-such-ca-${process.pid}.pem`);
    expect(() => hosts({ name: 'kea', 'trust-anchor': missing })).toThrow(LeaseStoreConfigError);
    expect(() => hosts({ name: 'kea', 'trust-anchor': missing })).toThrow(
      new RegExp(`cannot read trust-anchor ${missing}: ENOENT`),
    );
    expect(() => hosts({ name: 'kea', 'trust-anchor': tmpdir() })).toThrow(/is a directory; name the file/);
    const withBadCa = parseDhcp6Config({
      Dhcp6: {
        'hosts-database': { type: 'mysql', name: 'kea', host: '127.0.0.1', 'trust-anchor': missing },
      },
    }).model;
    await expect(openHostStores(withBadCa)).rejects.toThrow(/cannot read trust-anchor/);
  });

  it('needs the database name', () => {
    expect(() => hosts({})).toThrow(/hosts-database type postgresql needs the name of the database/);
  });
});
