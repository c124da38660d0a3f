/**
 * Nestor's kea-admin against ISC's on the same databases: db-version on each one's db-init
 * output; lease-dump of one database by both tools gives the same file (varied lease6 rows:
 * prefixes, commas in host names and user contexts, NULLs, control characters); ISC's
 * kea-admin and ISC's kea-dhcp6 2.2 work on a database Nestor's db-init made; stats-recount and
 * lease-upload leave the same rows as ISC's.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  type Backend,
  connectionArgs,
  iscAdmin,
  nestorAdmin,
  PORTS,
  rows,
  Scratch,
  sql,
} from './helpers.js';
import { insertLease6, VARIED_LEASES } from './lease-sql.js';

const CURRENT: Record<Backend, string> = { mysql: '14.0', pgsql: '13.0' };

function lease4Rows(backend: Backend): string {
  const t = (n: number) => (backend === 'mysql' ? `FROM_UNIXTIME(${n})` : `to_timestamp(${n})`);
  const hex = (v: string) => (backend === 'mysql' ? `UNHEX('${v}')` : `decode('${v}', 'hex')`);
  const b = (v: boolean) => (backend === 'mysql' ? (v ? '1' : '0') : String(v));
  return `INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context) VALUES
    (3221225985, ${hex('0a0b0c0d0e0f')}, ${hex('01020304')}, 3600, ${t(1800000000)}, 5, ${b(true)}, ${b(false)}, 'v4,host.example.', 0, '{"ISC": {"client-classes": ["a", "b"]}}'),
    (3221225986, NULL, NULL, 60, ${t(1800000500)}, 5, ${b(false)}, ${b(false)}, '', 1, NULL);`;
}

/** Starts ISC's kea-dhcp6 on the database; resolves with its log once it has started (or died). */
async function startIscDhcp6(backend: Backend, database: string): Promise<{ started: boolean; log: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'nestor-admin-kea6-'));
  const config = {
    Dhcp6: {
      'interfaces-config': { interfaces: [] },
      'data-directory': dir,
      'lease-database': {
        type: backend === 'mysql' ? 'mysql' : 'postgresql',
        name: database,
        host: ACCOUNT.host,
        port: PORTS[backend],
        user: ACCOUNT.user,
        password: ACCOUNT.password,
      },
      subnet6: [],
      loggers: [{ name: 'kea-dhcp6', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
    },
  };
  const file = join(dir, 'kea-dhcp6.json');
  await writeFile(file, JSON.stringify(config));
  const child = spawn('kea-dhcp6', ['-c', file], {
    env: { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  try {
    const started = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 20_000);
      const seen = (d: Buffer) => {
        log += d;
        if (log.includes('DHCP6_STARTED')) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    return { started, log };
  } finally {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

describe.each(['mysql', 'pgsql'] as const)('kea-admin %s, Nestor vs ISC', (backend) => {
  const scratch = new Scratch();
  let iscDb = '';
  let nestorDb = '';
  let work = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'nestor-admin-diff-'));
    iscDb = await scratch.make(backend, 'isc');
    nestorDb = await scratch.make(backend, 'nes');
    for (const [tool, db] of [
      [iscAdmin, iscDb],
      [nestorAdmin, nestorDb],
    ] as const) {
      const run = await tool(['db-init', backend, ...connectionArgs(db)]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      await sql(
        backend,
        db,
        VARIED_LEASES.map((l) => insertLease6(backend, l)).join('\n') + lease4Rows(backend),
      );
    }
  }, 180_000);
  afterAll(async () => {
    await scratch.dropAll();
    await rm(work, { recursive: true, force: true });
  }, 60_000);

  it("db-version: each tool reads the other's db-init output", async () => {
    const expected = backend === 'mysql' ? `${CURRENT[backend]}\n\n` : `${CURRENT[backend]}\n`;
    for (const db of [iscDb, nestorDb]) {
      const isc = await iscAdmin(['db-version', backend, ...connectionArgs(db)]);
      const nestor = await nestorAdmin(['db-version', backend, ...connectionArgs(db)]);
      expect([isc.code, isc.stdout]).toEqual([0, expected]);
      expect([nestor.code, nestor.stdout]).toEqual([0, expected]);
    }
  }, 60_000);

  it.each([6, 4] as const)(
    'lease-dump -%i: the same file from both tools and both databases',
    async (family) => {
      const files: string[] = [];
      for (const [name, tool] of [
        ['isc', iscAdmin],
        ['nestor', nestorAdmin],
      ] as const) {
        for (const db of [iscDb, nestorDb]) {
          const out = join(work, `${name}-${db}-${family}.csv`);
          const run = await tool(['lease-dump', backend, `-${family}`, '-o', out, ...connectionArgs(db)]);
          expect(run.code, run.stdout + run.stderr).toBe(0);
          files.push(await readFile(out, 'utf8'));
        }
      }
      const [first] = files;
      for (const file of files) expect(file).toBe(first);
      const lines = (first as string).split('\n');
      // Header, one line per lease, the final newline's empty rest; psql writes the newline
      // inside a host name as it is (mysql escapes it).
      const extra = family === 6 && backend === 'pgsql' ? 1 : 0;
      expect(lines).toHaveLength((family === 6 ? VARIED_LEASES.length : 2) + 2 + extra);
      expect(first).toContain('&#x2c');
      if (family === 6)
        expect(first).toContain('2001:db8:3:ff00::,de:ad:be:ef:00,4000,1800000300,3,2000,2,9,60,1,0,');
    },
    120_000,
  );

  it('lease-dump keeps an existing output file unless -y, as ISC does', async () => {
    const out = join(work, `existing-${backend}.csv`);
    await writeFile(out, 'keep me\n');
    const isc = await iscAdmin(['lease-dump', backend, '-6', '-o', out, ...connectionArgs(nestorDb)]);
    const nestor = await nestorAdmin(['lease-dump', backend, '-6', '-o', out, ...connectionArgs(nestorDb)]);
    expect([nestor.code, nestor.stdout]).toEqual([isc.code, isc.stdout]);
    expect(nestor.code).toBe(1);
    expect(await readFile(out, 'utf8')).toBe('keep me\n');
    const forced = await nestorAdmin([
      'lease-dump',
      backend,
      '-6',
      '-o',
      out,
      '-y',
      ...connectionArgs(nestorDb),
    ]);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`INFO/kea-admin: Removing file ${out}...`);
    expect(await readFile(out, 'utf8')).toMatch(/^address,duid,/);
  }, 60_000);

  it("ISC's kea-dhcp6 2.2 starts on the database Nestor's db-init made", async () => {
    const { started, log } = await startIscDhcp6(backend, nestorDb);
    expect(started, log).toBe(true);
    expect(log).toMatch(backend === 'mysql' ? /DHCPSRV_MYSQL_DB/ : /DHCPSRV_PGSQL_DB/);
    expect(log).not.toMatch(/ERROR/);
  }, 60_000);

  it("stats-recount rebuilds the counters as ISC's does", async () => {
    for (const db of [iscDb, nestorDb]) {
      await sql(
        backend,
        db,
        'DELETE FROM lease6_stat; DELETE FROM lease4_stat; INSERT INTO lease6_stat VALUES (99, 0, 0, 5);',
      );
    }
    const isc = await iscAdmin(['stats-recount', backend, ...connectionArgs(iscDb)]);
    const nestor = await nestorAdmin(['stats-recount', backend, ...connectionArgs(nestorDb)]);
    expect([nestor.code, nestor.stdout]).toEqual([isc.code, isc.stdout]);
    const stats = (db: string) =>
      Promise.all([
        rows(backend, db, 'SELECT * FROM lease6_stat ORDER BY 1, 2, 3'),
        rows(backend, db, 'SELECT * FROM lease4_stat ORDER BY 1, 2'),
      ]);
    const [v6, v4] = await stats(nestorDb);
    expect([v6, v4]).toEqual(await stats(iscDb));
    expect(v6).toContainEqual(['3', '2', '0', '1']);
    expect(v6.find((r) => r[0] === '99')).toBeUndefined();
    expect(v4).toEqual([
      ['5', '0', '1'],
      ['5', '1', '1'],
    ]);
  }, 60_000);

  it("lease-upload loads a memfile CSV as ISC's does", async () => {
    const csv = [
      'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source',
      '2001:db8:5::1,00:01:02:03,3600,1800000000,5,1800,0,1,128,1,1,a&#x2cb.example.,0a:0b:0c:0d:0e:0f,0,{ "ISC": { "client-classes": [ "x"&#x2c "y" ] } },1,4',
      '2001:db8:5::2,00:01:02:04,3600,1800000010,5,1800,0,2,128,0,0,,0a:00:00:00:00:02,0,,1,4',
      '2001:db8:5:100::,00:01:02:05,7200,1800000020,5,3600,2,3,56,0,0,pd.example.,0a:00:00:00:00:03,0,,1,4',
      '2001:db8:5::1,00:01:02:03,3600,1800000999,5,1800,0,1,128,1,1,renewed.example.,0a:0b:0c:0d:0e:0f,0,,1,4',
      '2001:db8:5::2,00:01:02:04,0,1800000010,5,0,0,2,128,0,0,,0a:00:00:00:00:02,0,,1,4',
      '',
    ].join('\n');
    const input = join(work, `upload-${backend}-${process.pid}.csv`);
    await writeFile(input, csv);
    const iscTarget = await scratch.make(backend, 'upi');
    const nestorTarget = await scratch.make(backend, 'upn');
    for (const db of [iscTarget, nestorTarget]) {
      const init = await nestorAdmin(['db-init', backend, ...connectionArgs(db)]);
      expect(init.code, init.stdout + init.stderr).toBe(0);
    }
    // (ISC's upload quotes the text columns itself: its kea-lfc writes empty hwtype and
    // hwaddr_source for a lease without a hardware address, which it cannot load, so every
    // lease here has one.)
    const isc = await iscAdmin([
      'lease-upload',
      backend,
      '-6',
      '-i',
      input,
      '-y',
      ...connectionArgs(iscTarget),
    ]);
    expect(isc.code, isc.stdout + isc.stderr).toBe(0);
    const nestor = await nestorAdmin([
      'lease-upload',
      backend,
      '-6',
      '-i',
      input,
      ...connectionArgs(nestorTarget),
    ]);
    expect(nestor.code, nestor.stdout + nestor.stderr).toBe(0);
    expect(nestor.stdout).toContain('INFO/kea-admin: Successfully updated table lease6.');
    const table = (db: string) =>
      rows(
        backend,
        db,
        `SELECT address, ${backend === 'mysql' ? 'HEX(duid)' : "encode(duid, 'hex')"}, valid_lifetime, subnet_id,
                lease_type, prefix_len, hostname, state, user_context FROM lease6 ORDER BY address`,
      );
    const loaded = await table(nestorTarget);
    expect(loaded).toEqual(await table(iscTarget));
    // One row per address, the last one written; the released lease is gone.
    expect(loaded.map((r) => r[0])).toEqual(['2001:db8:5:100::', '2001:db8:5::1']);
    expect(loaded[1]?.[6]).toBe('renewed.example.');
    expect(
      await rows(
        backend,
        nestorTarget,
        'SELECT leases FROM lease6_stat WHERE subnet_id = 5 ORDER BY lease_type',
      ),
    ).toEqual([['1'], ['1']]);
  }, 180_000);
});
