/**
 * The SQL lease stores on real MariaDB and PostgreSQL servers, on databases whose schema ISC's own
 * kea-admin (Kea 2.2) created: the shared behaviour suite, then what only a database has (schema
 * version check, several stores racing on one database, lost connections, retried deadlocks).
 */
import {
  createTestDatabase,
  killTestDatabaseConnections,
  type TestDatabase,
  type TestDatabaseBackend,
  testDatabaseAvailable,
} from '@nestor/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  LeaseDatabaseSchemaError,
  LeaseDatabaseUnavailableError,
  LeaseType,
  SqlLeaseStore,
  type SqlLeaseStoreOptions,
} from '../src/index.js';
import type { SqlDriver } from '../src/sql/driver.js';
import { sampleLease } from './support/fixtures.js';
import { leaseStoreContract } from './support/store-contract.js';

const BACKENDS: TestDatabaseBackend[] = ['mysql', 'postgresql'];
const available = Object.fromEntries(
  await Promise.all(BACKENDS.map(async (b) => [b, await testDatabaseAvailable(b)] as const)),
) as Record<TestDatabaseBackend, boolean>;

for (const backend of BACKENDS) {
  describe.skipIf(!available[backend])(`${backend} lease store`, () => {
    let db: TestDatabase;
    const opened: SqlLeaseStore[] = [];
    beforeAll(async () => {
      db = await createTestDatabase(backend, 'store');
    }, 180_000);
    afterAll(async () => {
      await db?.drop();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    const options = (extra: Partial<SqlLeaseStoreOptions> = {}): SqlLeaseStoreOptions => ({
      backend,
      name: db.name,
      host: db.host,
      port: db.port,
      user: db.user,
      password: db.password,
      ...extra,
    });
    async function openStore(extra: Partial<SqlLeaseStoreOptions> = {}): Promise<SqlLeaseStore> {
      const store = await SqlLeaseStore.open(options(extra));
      opened.push(store);
      return store;
    }
    /** An empty table: the triggers bring the statistics back to zero as the rows go. */
    async function emptyStore(): Promise<SqlLeaseStore> {
      await db.sql('DELETE FROM lease6');
      return openStore();
    }

    leaseStoreContract(`${backend} store`, emptyStore, { primaryKey: 'address', countsReclaimed: false });

    describe(`${backend}: the database`, () => {
      it('writes the columns as ISC Kea 2.2 does', async () => {
        const store = await emptyStore();
        await store.add(
          sampleLease({
            address: '2001:db8::1:1',
            duid: '01:02:03:04',
            iaid: 0xfffffffe,
            cltt: 1_700_000_000,
            validLifetime: 3600,
            hostname: 'h.example.',
            userContext: { a: [1, 2] },
          }),
        );
        const expire = backend === 'mysql' ? 'UNIX_TIMESTAMP(expire)' : 'extract(epoch from expire)::bigint';
        const hex = backend === 'mysql' ? 'HEX(duid)' : "encode(duid, 'hex')";
        const hw = backend === 'mysql' ? "COALESCE(HEX(hwaddr), 'NULL')" : "encode(hwaddr, 'hex')";
        const row = await db.sql(
          `SELECT address, ${hex}, ${expire}, iaid, hostname, ${hw}, COALESCE(hwtype, -1), user_context FROM lease6`,
        );
        const iaid = backend === 'mysql' ? '4294967294' : '-2'; // PostgreSQL's integer: the 32 bits as they are
        const noHwaddr = backend === 'mysql' ? ['NULL', '-1'] : ['', '0'];
        expect(row.trim().split('\t')).toEqual([
          '2001:db8::1:1',
          backend === 'mysql' ? '01020304' : '01020304',
          '1700003600',
          iaid,
          'h.example.',
          ...noHwaddr,
          '{ "a": [ 1, 2 ] }',
        ]);
      });

      it('reads rows another writer put there, and keeps the statistics the triggers maintain', async () => {
        const store = await emptyStore();
        const time = backend === 'mysql' ? 'FROM_UNIXTIME(1800000000)' : 'to_timestamp(1800000000)';
        const iaid = backend === 'mysql' ? '4294967295' : '-1';
        const bytes = backend === 'mysql' ? "X'0a0b'" : "'\\x0a0b'::bytea";
        const bool = backend === 'mysql' ? '1' : 'true';
        await db.sql(
          `INSERT INTO lease6 (address, duid, valid_lifetime, expire, subnet_id, pref_lifetime, lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, hwaddr, hwtype, hwaddr_source, state, user_context) VALUES ('3000:1::', ${bytes}, 100, ${time}, 9, 50, 2, ${iaid}, 56, ${bool}, ${bool}, 'p.example.', ${bytes}, 1, 2, 1, '{ "k": "v" }')`,
        );
        expect(await store.get(LeaseType.PD, '3000:1::')).toEqual({
          type: 2,
          address: '3000:1::',
          prefixLength: 56,
          duid: '0a:0b',
          iaid: 0xffffffff,
          subnetId: 9,
          preferredLifetime: 50,
          validLifetime: 100,
          cltt: 1_800_000_000 - 100,
          fqdnFwd: true,
          fqdnRev: true,
          hostname: 'p.example.',
          hwaddr: '0a:0b',
          hwtype: 1,
          hwaddrSource: 2,
          state: 1,
          userContext: { k: 'v' },
          poolId: 0,
        });
        expect(await store.counts()).toEqual([{ subnetId: 9, type: 2, state: 1, count: 1 }]);
        expect(await store.counts({ firstSubnetId: 10, lastSubnetId: 20 })).toEqual([]);
      });

      it('refuses a schema version it does not know, naming the one found and the one needed', async () => {
        await db.sql('UPDATE schema_version SET version = version - 1');
        try {
          const refused = SqlLeaseStore.open(options());
          await expect(refused).rejects.toBeInstanceOf(LeaseDatabaseSchemaError);
          const needed = backend === 'mysql' ? '14.0' : '13.0';
          const found = backend === 'mysql' ? '13.0' : '12.0';
          await expect(refused).rejects.toThrow(`need version ${needed}, found version ${found}`);
        } finally {
          await db.sql('UPDATE schema_version SET version = version + 1');
        }
        await expect(openStore()).resolves.toBeInstanceOf(SqlLeaseStore);
      });

      it('fails to open with LEASE_DB_UNAVAILABLE when the server cannot be reached', async () => {
        await expect(SqlLeaseStore.open(options({ port: 9, connectTimeout: 2 }))).rejects.toBeInstanceOf(
          LeaseDatabaseUnavailableError,
        );
      });

      it('lets exactly one of two stores (two servers) racing to add each address win', async () => {
        await emptyStore();
        const a = await openStore({ poolSize: 4 });
        const b = await openStore({ poolSize: 4 });
        const addresses = Array.from({ length: 50 }, (_, i) => `2001:db8:5::${(i + 1).toString(16)}`);
        const results = await Promise.all(
          addresses.flatMap((address) => [
            a.add(sampleLease({ address, duid: '0a' })),
            b.add(sampleLease({ address, duid: '0b' })),
          ]),
        );
        for (let i = 0; i < addresses.length; i++) {
          expect([results[2 * i]!.ok, results[2 * i + 1]!.ok].filter(Boolean)).toHaveLength(1);
        }
        expect((await a.getAll()).map((l) => l.address).sort()).toEqual([...addresses].sort());
      });

      it('reclaims each lease once when two stores reclaim at once (expiry in the WHERE clause)', async () => {
        await emptyStore();
        const a = await openStore();
        const b = await openStore();
        for (let i = 1; i <= 20; i++)
          await a.add(sampleLease({ address: `2001:db8:6::${i}`, cltt: 1000, validLifetime: 10 }));
        const reclaim = async (store: SqlLeaseStore) => {
          let won = 0;
          for (const lease of await store.getExpired({ now: 2000, limit: 0 })) {
            const result = await store.update(
              { ...lease, state: 2 },
              { expectedExpire: lease.cltt + lease.validLifetime },
            );
            // Reclamation rewrites the lease (a new expiry): a second reclaimer's guard then fails.
            if (result.ok) won++;
          }
          return won;
        };
        // Each reclaimer changes the expiry it guards on, as Nestor's reclamation does (cltt moves).
        const reclaimMoving = async (store: SqlLeaseStore) => {
          let won = 0;
          for (const lease of await store.getExpired({ now: 2000, limit: 0 })) {
            const result = await store.update(
              { ...lease, state: 2, cltt: lease.cltt + 1 },
              { expectedExpire: lease.cltt + lease.validLifetime },
            );
            if (result.ok) won++;
          }
          return won;
        };
        const [x, y] = await Promise.all([reclaimMoving(a), reclaimMoving(b)]);
        expect(x + y).toBe(20);
        expect(await reclaim(a)).toBe(0); // none left unreclaimed
      });

      it('rejects with LEASE_DB_UNAVAILABLE when its connections are killed, and works again after', async () => {
        const lost: Error[] = [];
        await emptyStore();
        const store = await openStore({ onUnavailable: (err) => lost.push(err) });
        await store.add(sampleLease({ address: '2001:db8:7::1' }));
        await killTestDatabaseConnections(backend, db.name);
        // The pooled connection is dead: the next statement on it fails as unavailable (or, if
        // the pool already replaced it, succeeds): never another kind of error.
        const outcome = await store.get(LeaseType.NA, '2001:db8:7::1').then(
          (l) => ({ ok: true as const, l }),
          (err: Error) => ({ ok: false as const, err }),
        );
        if (!outcome.ok) {
          expect(outcome.err).toBeInstanceOf(LeaseDatabaseUnavailableError);
          expect(lost).toHaveLength(1);
        }
        // The pool reconnects: the lease is still there.
        let found: Awaited<ReturnType<SqlLeaseStore['get']>>;
        for (let i = 0; i < 20 && !found; i++) {
          found = await store.get(LeaseType.NA, '2001:db8:7::1').catch(() => undefined);
        }
        expect(found?.address).toBe('2001:db8:7::1');
      });

      it('runs a statement again after a deadlock or serialization failure, a bounded number of times', async () => {
        await emptyStore();
        const real = await openStore();
        const failures = { left: 2, calls: 0 };
        const deadlock = backend === 'mysql' ? { errno: 1213, code: 'ER_LOCK_DEADLOCK' } : { code: '40P01' };
        const base = (real as unknown as { driver: SqlDriver }).driver;
        const flaky: SqlDriver = {
          backend: base.backend,
          classify: (err) => base.classify(err),
          close: () => Promise.resolve(),
          run: (statement, params) => {
            failures.calls++;
            if (statement.name.endsWith('insert') && failures.left-- > 0)
              return Promise.reject(Object.assign(new Error('Deadlock found'), deadlock));
            return base.run(statement, params);
          },
        };
        const store = await SqlLeaseStore.open({ ...options(), driver: flaky, maxAttempts: 3 });
        await expect(store.add(sampleLease({ address: '2001:db8:8::1' }))).resolves.toEqual({ ok: true });
        failures.left = 5;
        await expect(store.add(sampleLease({ address: '2001:db8:8::2' }))).rejects.toMatchObject({
          code: 'LEASE_DB_FAILED',
        });
        expect(await real.get(LeaseType.NA, '2001:db8:8::2')).toBeUndefined();
      });
    });
  });
}
