/**
 * Nestor's schema scripts against ISC's, on the real database servers: db-init by each tool into
 * its own database gives the same catalogue (tables, columns, keys, indexes, triggers, routines)
 * and lookup data; the statistics triggers keep the same counts through inserts, updates and
 * deletes; db-upgrade of a database at an older version (built by ISC's own create script, cut
 * at that version's end marker) reaches the same catalogue; db-upgrade at the current version
 * changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitMysqlScript } from '../src/db/mysql-script.js';
import {
  type Backend,
  catalogue,
  connectionArgs,
  ISC_SCRIPTS,
  iscAdmin,
  lookupData,
  nestorAdmin,
  rows,
  Scratch,
  sql,
  sqlEach,
} from './helpers.js';
import { insertLease6, quote, VARIED_LEASES } from './lease-sql.js';

const CURRENT: Record<Backend, string> = { mysql: '14.0', pgsql: '13.0' };

/** ISC's create script up to the end of an older version (it is written version by version). */
function iscCreateUpTo(backend: Backend, major: number): string {
  const file = readFileSync(`${ISC_SCRIPTS}/${backend}/dhcpdb_create.${backend}`, 'utf8');
  const marker =
    backend === 'mysql'
      ? `-- This line concludes the schema upgrade to version ${major}.`
      : major === 11
        ? '-- Schema 11.0 specification ends here.'
        : `-- This line concludes the schema upgrade to version ${major}.`;
  const end = file.indexOf(marker);
  if (end === -1) throw new Error(`no end marker for version ${major} in ISC's ${backend} script`);
  // The PostgreSQL script runs in one transaction, committed at its very end.
  return file.slice(0, end) + (backend === 'pgsql' ? '\nCOMMIT;\n' : '');
}

async function statistics(backend: Backend, db: string): Promise<string[][][]> {
  return [
    await rows(backend, db, 'SELECT subnet_id, lease_type, state, leases FROM lease6_stat ORDER BY 1, 2, 3'),
    await rows(
      backend,
      db,
      'SELECT client_class, lease_type, leases FROM lease6_stat_by_client_class ORDER BY 1, 2',
    ),
    await rows(backend, db, 'SELECT subnet_id, state, leases FROM lease4_stat ORDER BY 1, 2'),
    await rows(backend, db, 'SELECT client_class, leases FROM lease4_stat_by_client_class ORDER BY 1'),
  ];
}

/** Lease changes of every kind a server makes, each followed by a comparison of the counters. */
function leaseSteps(backend: Backend): string[] {
  const q = (v: string | null) => quote(backend, v);
  const v4 = (addr: number, subnet: number, state: number, ctx: string | null) =>
    `INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context)
     VALUES (${addr}, NULL, NULL, 3600, ${backend === 'mysql' ? 'FROM_UNIXTIME(1800000000)' : 'to_timestamp(1800000000)'},
             ${subnet}, ${backend === 'mysql' ? '0' : 'false'}, ${backend === 'mysql' ? '0' : 'false'}, 'h4', ${state}, ${q(ctx)});`;
  return [
    VARIED_LEASES.map((l) => insertLease6(backend, l)).join('\n'),
    v4(3221225985, 10, 0, '{"ISC": {"client-classes": ["v4a", "v4b"]}}') + v4(3221225986, 10, 1, null),
    "UPDATE lease6 SET state = 1 WHERE address = '2001:db8:1::10';",
    "UPDATE lease6 SET state = 0 WHERE address = '2001:db8:1::10';",
    "UPDATE lease6 SET subnet_id = 7 WHERE address = '2001:db8:2::';",
    `UPDATE lease6 SET user_context = ${q('{"ISC": {"client-classes": ["bronze", "gold"]}}')} WHERE address = '2001:db8:3:ff00::';`,
    "UPDATE lease6 SET hostname = 'renamed.example.' WHERE address = '2001:db8:1::12';",
    "UPDATE lease6 SET state = 2 WHERE address = '2001:db8:1::12';",
    "UPDATE lease6 SET lease_type = 1 WHERE address = '2001:db8:1::10';",
    'UPDATE lease4 SET state = 2 WHERE subnet_id = 10;',
    "DELETE FROM lease6 WHERE address IN ('2001:db8:1::10', '2001:db8:1::11');",
    'DELETE FROM lease6;',
    'DELETE FROM lease4;',
  ];
}

describe.each(['mysql', 'pgsql'] as const)('%s schema', (backend) => {
  const scratch = new Scratch();
  let iscDb = '';
  let nestorDb = '';

  beforeAll(async () => {
    iscDb = await scratch.make(backend, 'isc');
    nestorDb = await scratch.make(backend, 'nes');
    const isc = await iscAdmin(['db-init', backend, ...connectionArgs(iscDb)]);
    expect(isc.code, isc.stdout + isc.stderr).toBe(0);
    const nestor = await nestorAdmin(['db-init', backend, ...connectionArgs(nestorDb)]);
    expect(nestor.code, nestor.stdout + nestor.stderr).toBe(0);
    expect(nestor.stdout).toContain(`Database version reported after initialization: ${CURRENT[backend]}\n`);
  }, 180_000);
  afterAll(() => scratch.dropAll(), 60_000);

  it("db-init creates ISC's catalogue and lookup rows", async () => {
    expect(await catalogue(backend, nestorDb)).toEqual(await catalogue(backend, iscDb));
    expect(await lookupData(backend, nestorDb)).toEqual(await lookupData(backend, iscDb));
  }, 60_000);

  it("the statistics triggers count as ISC's do", async () => {
    for (const step of leaseSteps(backend)) {
      await sql(backend, iscDb, step);
      await sql(backend, nestorDb, step);
      expect(await statistics(backend, nestorDb), step).toEqual(await statistics(backend, iscDb));
    }
    // The steps were not trivial: counters moved through every case above.
    await sql(backend, nestorDb, VARIED_LEASES.map((l) => insertLease6(backend, l)).join('\n'));
    const [bySubnet, byClass] = await statistics(backend, nestorDb);
    expect(bySubnet).toContainEqual(['2', '2', '1', '1']);
    expect(byClass).toContainEqual(['gold', '0', '1']);
    expect(byClass).toContainEqual(['gold', '2', '1']);
    await sql(backend, nestorDb, 'DELETE FROM lease6;');
  }, 120_000);

  it('db-upgrade at the current version changes nothing', async () => {
    const before = await catalogue(backend, nestorDb);
    const run = await nestorAdmin(['db-upgrade', backend, ...connectionArgs(nestorDb)]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`Database version reported after upgrade: ${CURRENT[backend]}\n`);
    expect(run.stdout).toMatch(/Skipping upgrade\./);
    expect(await catalogue(backend, nestorDb)).toEqual(before);
  }, 60_000);

  // The oldest version each backend upgrades from; the run passes through every later step.
  const older = backend === 'mysql' ? [12] : [11];
  it.each(older)(
    `db-upgrade from %i.0 (made by ISC's script) reaches ISC's ${CURRENT[backend]}`,
    async (major) => {
      const db = await scratch.make(backend, `up${major}`);
      if (backend === 'pgsql') await sql(backend, db, iscCreateUpTo(backend, major));
      // The mysql driver knows no DELIMITER lines: the cut ISC script goes through Nestor's splitter.
      else await sqlEach(backend, db, splitMysqlScript(iscCreateUpTo(backend, major)));
      expect(await rows(backend, db, 'SELECT version, minor FROM schema_version')).toEqual([
        [String(major), '0'],
      ]);
      // A lease written before the upgrade is still there and still counted after it.
      await sql(backend, db, insertLease6(backend, VARIED_LEASES[0] as (typeof VARIED_LEASES)[0]));
      const run = await nestorAdmin(['db-upgrade', backend, ...connectionArgs(db)]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`Database version reported before upgrade: ${major}.0\n`);
      expect(run.stdout).toContain(`Database version reported after upgrade: ${CURRENT[backend]}\n`);
      expect(await catalogue(backend, db)).toEqual(await catalogue(backend, iscDb));
      expect(await rows(backend, db, 'SELECT address FROM lease6')).toEqual([['2001:db8:1::10']]);
      expect(await rows(backend, db, 'SELECT leases FROM lease6_stat WHERE subnet_id = 1')).toEqual([['1']]);
    },
    180_000,
  );
});
