/**
 * The test databases (scripts/test-databases.sh: MariaDB and PostgreSQL on loopback, account
 * nestor/nestor), scratch databases named nestor_t_<unique> that each test drops again, and
 * the two kea-admin programs: ISC's (Debian's /usr/sbin/kea-admin) and Nestor's (bin/kea-admin).
 */
import { randomBytes } from 'node:crypto';
import { binPath, type Finished, runToEnd } from '@nestor/testkit';
import mysql from 'mysql2/promise';
import pg from 'pg';

export type Backend = 'mysql' | 'pgsql';
export const ACCOUNT = { host: '127.0.0.1', user: 'nestor', password: 'nestor' } as const;
export const PORTS: Record<Backend, number> = { mysql: 3306, pgsql: 5432 };
export const ISC_KEA_ADMIN = '/usr/sbin/kea-admin';
export const NESTOR_KEA_ADMIN = binPath('kea-admin');
export const ISC_SCRIPTS = '/usr/share/kea/scripts';

export function scratchName(what: string): string {
  return `nestor_t_adm_${what}_${randomBytes(4).toString('hex')}`;
}

async function mysqlAdmin<T>(body: (conn: mysql.Connection) => Promise<T>, database?: string): Promise<T> {
  const conn = await mysql.createConnection({
    ...ACCOUNT,
    port: PORTS.mysql,
    database,
    multipleStatements: true,
  });
  try {
    return await body(conn);
  } finally {
    await conn.end();
  }
}

async function pgAdmin<T>(body: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const client = new pg.Client({ ...ACCOUNT, port: PORTS.pgsql, database });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(backend: Backend, name: string): Promise<void> {
  if (backend === 'mysql') await mysqlAdmin((c) => c.query(`CREATE DATABASE \`${name}\``));
  else await pgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
}

export async function dropDatabase(backend: Backend, name: string): Promise<void> {
  if (backend === 'mysql') await mysqlAdmin((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``));
  else await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Scratch databases of one test file, dropped by dropAll (in afterAll / afterEach) also after failures. */
export class Scratch {
  private readonly made: [Backend, string][] = [];
  async make(backend: Backend, what: string): Promise<string> {
    const name = scratchName(what);
    await createDatabase(backend, name);
    this.made.push([backend, name]);
    return name;
  }
  async dropAll(): Promise<void> {
    for (const [backend, name] of this.made.splice(0)) await dropDatabase(backend, name);
  }
}

/** Runs SQL (a script of statements) in a database. */
export async function sql(backend: Backend, database: string, text: string): Promise<void> {
  if (backend === 'mysql') await mysqlAdmin((c) => c.query(text), database);
  else await pgAdmin((c) => c.query(text), database);
}

/** Runs statements one by one on one connection. */
export async function sqlEach(
  backend: Backend,
  database: string,
  statements: readonly string[],
): Promise<void> {
  if (backend === 'mysql') {
    await mysqlAdmin(async (c) => {
      for (const statement of statements) await c.query(statement);
    }, database);
  } else {
    await pgAdmin(async (c) => {
      for (const statement of statements) await c.query(statement);
    }, database);
  }
}

/** Rows of one query, every value as text. */
export async function rows(backend: Backend, database: string, text: string): Promise<string[][]> {
  if (backend === 'mysql') {
    return mysqlAdmin(async (c) => {
      const [result] = await c.query({ sql: text, rowsAsArray: true });
      return (result as unknown[][]).map((r) => r.map((v) => (v === null ? 'NULL' : String(v))));
    }, database);
  }
  return pgAdmin(async (c) => {
    const result = await c.query({ text, rowMode: 'array' });
    return (result.rows as unknown[][]).map((r) => r.map((v) => (v === null ? 'NULL' : String(v))));
  }, database);
}

export function connectionArgs(database: string): string[] {
  return ['-h', ACCOUNT.host, '-u', ACCOUNT.user, '-p', ACCOUNT.password, '-n', database];
}

/** Runs ISC's kea-admin; PGPASSWORD is cleared (it would win over -p, in both tools). */
export function iscAdmin(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return runToEnd(ISC_KEA_ADMIN, args, { PGPASSWORD: '', ...env }, 120_000);
}

export function nestorAdmin(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return runToEnd(NESTOR_KEA_ADMIN, args, { PGPASSWORD: '', ...env }, 120_000);
}

/**
 * Everything an application sees of a schema, from the catalogue: tables, columns (type,
 * nullability, default), indexes and keys, foreign keys with their actions, triggers (table,
 * timing, event), routines with their parameter and result types, sequences.
 */
export async function catalogue(backend: Backend, database: string): Promise<Record<string, string[][]>> {
  const q = (text: string) => rows(backend, database, text);
  if (backend === 'mysql') {
    const s = `'${database}'`;
    return {
      tables: await q(
        `SELECT table_name, engine, table_collation FROM information_schema.tables WHERE table_schema = ${s} ORDER BY 1`,
      ),
      columns:
        await q(`SELECT table_name, column_name, ordinal_position, column_type, is_nullable, column_default, extra,
                               collation_name FROM information_schema.columns WHERE table_schema = ${s} ORDER BY 1, 3`),
      indexes: await q(`SELECT table_name, index_name, non_unique, seq_in_index, column_name, sub_part
                          FROM information_schema.statistics WHERE table_schema = ${s} ORDER BY 1, 2, 4`),
      foreignKeys:
        await q(`SELECT constraint_name, table_name, referenced_table_name, update_rule, delete_rule
                              FROM information_schema.referential_constraints WHERE constraint_schema = ${s} ORDER BY 1`),
      keyColumns:
        await q(`SELECT constraint_name, table_name, column_name, ordinal_position, referenced_column_name
                             FROM information_schema.key_column_usage WHERE table_schema = ${s} ORDER BY 2, 1, 4`),
      checks:
        await q(`SELECT table_name, constraint_name, check_clause FROM information_schema.check_constraints
                        WHERE constraint_schema = ${s} ORDER BY 1, 2`),
      triggers: await q(`SELECT trigger_name, event_object_table, action_timing, event_manipulation
                           FROM information_schema.triggers WHERE trigger_schema = ${s} ORDER BY 1`),
      routines: await q(`SELECT routine_name, routine_type, dtd_identifier FROM information_schema.routines
                          WHERE routine_schema = ${s} ORDER BY 1`),
      parameters:
        await q(`SELECT specific_name, ordinal_position, parameter_mode, parameter_name, dtd_identifier
                            FROM information_schema.parameters WHERE specific_schema = ${s} ORDER BY 1, 2`),
    };
  }
  return {
    tables: await q(
      `SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    ),
    columns: await q(`SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length,
                             numeric_precision, is_nullable, column_default
                        FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 3`),
    indexes: await q(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
    ),
    constraints: await q(`SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
                            FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
    triggers: await q(`SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger AS t
                         JOIN pg_class AS c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal ORDER BY 1, 2`),
    routines:
      await q(`SELECT p.proname, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), l.lanname,
                              p.provolatile::text, p.proisstrict::text, p.prosecdef::text
                         FROM pg_proc AS p JOIN pg_language AS l ON l.oid = p.prolang
                        WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1, 2`),
    sequences: await q(`SELECT sequence_name, data_type, start_value, increment, maximum_value
                          FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY 1`),
  };
}

/** The rows Kea's scripts put in the lookup tables. */
export async function lookupData(backend: Backend, database: string): Promise<string[][][]> {
  const tables = [
    'lease_state',
    'lease6_types',
    'lease_hwaddr_source',
    'host_identifier_type',
    'dhcp_option_scope',
    'modification',
    'parameter_data_type',
    'schema_version',
  ];
  const out: string[][][] = [];
  for (const t of tables) out.push(await rows(backend, database, `SELECT * FROM ${t} ORDER BY 1`));
  out.push(await rows(backend, database, 'SELECT id, tag, description FROM dhcp6_server ORDER BY 1'));
  out.push(await rows(backend, database, 'SELECT id, tag, description FROM dhcp4_server ORDER BY 1'));
  out.push(await rows(backend, database, 'SELECT COUNT(*) FROM dhcp6_audit'));
  return out;
}
