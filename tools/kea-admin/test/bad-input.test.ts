/**
 * Bad input gets Kea's exit status and message: command line errors (compared with ISC's
 * kea-admin run on the same arguments), and database failures — bad credentials, a server not
 * listening, a database without a schema, db-init on a database that has tables. Nestor runs
 * in-process here (runAdmin, with real database connections); ISC's as a program.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, type Backend, connectionArgs, iscAdmin, nestorInProcess, Scratch, sql } from './helpers.js';

const firstLine = (text: string) => text.split('\n').find((l) => l.trim() !== '') ?? '';

describe('command line errors, as ISC kea-admin reports them', () => {
  const cases: string[][] = [
    [],
    ['frobnicate'],
    ['db-version'],
    ['db-version', 'oracle'],
    ['db-version', 'mysql', '-n'],
    ['db-version', 'mysql', '-z'],
    ['db-init', 'pgsql', '-h'],
    ['lease-dump', 'mysql', '-4', '-6'],
    ['lease-dump', 'pgsql', '-x'],
    ['db-version', 'memfile'],
    ['db-init', 'memfile'],
    ['db-upgrade', 'memfile'],
    ['lease-dump', 'memfile', '-6'],
    ['lease-upload', 'memfile'],
    ['stats-recount', 'memfile'],
    ['db-version', 'mysql', '--version'],
  ];
  it.each(cases.map((c) => [c.join(' ') || '(nothing)', c]))(
    '%s',
    async (_label, argv) => {
      const isc = await iscAdmin(argv as string[]);
      const nestor = await nestorInProcess(argv as string[]);
      expect(nestor.code).toBe(isc.code);
      expect(firstLine(nestor.stdout)).toBe(firstLine(isc.stdout));
      // Kea follows most command line errors with its usage text; so does Nestor.
      expect(nestor.stdout.includes('Usage:')).toBe(isc.stdout.includes('Usage:'));
    },
    30_000,
  );
});

describe.each(['mysql', 'pgsql'] as const)('%s failures', (backend: Backend) => {
  const scratch = new Scratch();
  let empty = '';
  let occupied = '';
  beforeAll(async () => {
    empty = await scratch.make(backend, 'empty');
    occupied = await scratch.make(backend, 'occ');
    await sql(backend, occupied, 'CREATE TABLE operator_data (id INT PRIMARY KEY)');
  }, 60_000);
  afterAll(() => scratch.dropAll(), 60_000);

  const both = async (argv: string[]) => ({ isc: await iscAdmin(argv), nestor: await nestorInProcess(argv) });

  it('bad credentials: the client status, and the server says why on stderr', async () => {
    const { isc, nestor } = await both([
      'db-version',
      backend,
      '-h',
      ACCOUNT.host,
      '-u',
      'nestor',
      '-p',
      'wrong',
      '-n',
      empty,
    ]);
    expect([nestor.code, nestor.stdout]).toEqual([isc.code, isc.stdout]);
    expect(nestor.code).toBe(backend === 'mysql' ? 1 : 2);
    expect(nestor.stderr).toMatch(backend === 'mysql' ? /Access denied/ : /password authentication failed/);
  }, 30_000);

  it('a server that is not listening', async () => {
    const { isc, nestor } = await both([
      'db-version',
      backend,
      '-h',
      ACCOUNT.host,
      '-P',
      '1',
      '-u',
      'nestor',
      '-p',
      'nestor',
      '-n',
      empty,
    ]);
    expect([nestor.code, nestor.stdout]).toEqual([isc.code, isc.stdout]);
    expect(nestor.stderr).toMatch(/Can't connect|Connection refused/);
  }, 30_000);

  it('a database without a schema', async () => {
    const { isc, nestor } = await both(['db-version', backend, ...connectionArgs(empty)]);
    expect([nestor.code, nestor.stdout]).toEqual([isc.code, isc.stdout]);
    expect(nestor.code).toBe(backend === 'mysql' ? 1 : 3);
    expect(nestor.stderr).toMatch(/schema_version/);
  }, 30_000);

  it('db-init refuses a database that has tables', async () => {
    const { isc, nestor } = await both(['db-init', backend, ...connectionArgs(occupied)]);
    expect([nestor.code, nestor.stdout]).toEqual([isc.code, isc.stdout]);
    expect(nestor.stdout).toContain(`ERROR/kea-admin: Expected empty database ${occupied}.`);
  }, 30_000);

  it('lease-dump without -o on a database without a schema', async () => {
    const noFile = await both(['lease-dump', backend, '-6', ...connectionArgs(empty)]);
    // (Both first read the schema version; the empty database has none.)
    expect(noFile.nestor.code).toBe(noFile.isc.code);
    expect(firstLine(noFile.nestor.stdout)).toBe(firstLine(noFile.isc.stdout));
  }, 30_000);

  it('-x words Nestor cannot pass to a client are refused, not ignored', async () => {
    const nestor = await nestorInProcess([
      'db-version',
      backend,
      '-x',
      '--frobnicate',
      ...connectionArgs(empty),
    ]);
    expect(nestor.code).toBe(1);
    expect(nestor.stdout).toMatch(/^ERROR\/kea-admin: -x --frobnicate: not an extra argument/);
  });
});
