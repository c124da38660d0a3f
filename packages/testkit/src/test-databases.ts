/**
 * Throw-away lease databases on the test database servers (scripts/test-databases.sh): MariaDB on
 * 127.0.0.1:3306 and PostgreSQL on 127.0.0.1:5432, account nestor/nestor. Each database gets a
 * unique `nestor_t_...` name and its schema from ISC's own `kea-admin db-init` (Debian's Kea 2.2),
 * so what runs on it runs on the schema an operator's Kea created.
 */
import { randomBytes } from 'node:crypto';
import { TestkitError, tail } from './errors.js';
import { runChecked } from './exec.js';
import { runToEnd } from './process.js';

export type TestDatabaseBackend = 'mysql' | 'postgresql';

export const TEST_DATABASE_ACCOUNT = { user: 'nestor', password: 'nestor', host: '127.0.0.1' } as const;
export const TEST_DATABASE_PORTS: Readonly<Record<TestDatabaseBackend, number>> = {
  mysql: 3306,
  postgresql: 5432,
};
export const ISC_KEA_ADMIN = '/usr/sbin/kea-admin';
/**
 * The servers' unix sockets (MariaDB's socket file, PostgreSQL's socket directory): reachable from
 * a network namespace, where 127.0.0.1 is the namespace's own.
 */
export const TEST_DATABASE_SOCKETS: Readonly<Record<TestDatabaseBackend, string>> = {
  mysql: '/var/lib/nestor-test/mysql-run/mysql.sock',
  postgresql: '/var/lib/nestor-test/pg-run',
};

export interface TestDatabase {
  readonly backend: TestDatabaseBackend;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The `lease-database` map of a Dhcp6 configuration for this database. */
  leaseDatabase(extra?: Record<string, unknown>): Record<string, unknown>;
  /**
   * The same through the server's unix socket, for servers in a network namespace: MySQL's
   * "localhost" with `socketEnv` (MYSQL_UNIX_PORT, read by Kea's client library and by Nestor),
   * PostgreSQL's socket directory as the host.
   */
  leaseDatabaseViaSocket(extra?: Record<string, unknown>): Record<string, unknown>;
  readonly socketEnv: NodeJS.ProcessEnv;
  /** Runs SQL through the backend's command-line client; resolves with its tab-separated output. */
  sql(statement: string): Promise<string>;
  /** Drops the database (idempotent). */
  drop(): Promise<void>;
}

function clientArgs(backend: TestDatabaseBackend, database: string | undefined, statement: string) {
  const { user, password, host } = TEST_DATABASE_ACCOUNT;
  if (backend === 'mysql') {
    return {
      program: 'mysql',
      args: [
        `-h${host}`,
        `-P${TEST_DATABASE_PORTS.mysql}`,
        `-u${user}`,
        `-p${password}`,
        '--batch',
        '--skip-column-names',
        ...(database ? [database] : []),
        '-e',
        statement,
      ],
    };
  }
  return {
    program: 'psql',
    args: [
      `postgresql://${user}:${password}@${host}:${TEST_DATABASE_PORTS.postgresql}/${database ?? 'postgres'}`,
      '-q',
      '-At',
      '-F',
      '\t',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      statement,
    ],
  };
}

/** Runs one SQL statement as the test account (in `database`, or none). */
export async function runTestSql(
  backend: TestDatabaseBackend,
  database: string | undefined,
  statement: string,
): Promise<string> {
  const { program, args } = clientArgs(backend, database, statement);
  return (await runChecked(program, args, 30_000)).stdout;
}

/**
 * Runs a script of many statements (each ending in ';') as the test account in `database`, fed to
 * the command-line client on its standard input: no limit on the script's length, as a command
 * line argument would have. Resolves with the client's output; throws COMMAND_FAILED naming the
 * client's error (psql stops at the first failing statement).
 */
export async function runTestSqlScript(
  backend: TestDatabaseBackend,
  database: string,
  script: string,
  timeoutMs = 120_000,
): Promise<string> {
  const { program, args } = clientArgs(backend, database, '');
  // the same command line without its statement: the client reads the script from stdin
  const withoutStatement = args.slice(0, -2);
  const finished = await runToEnd(program, withoutStatement, {}, timeoutMs, script);
  if (finished.code !== 0) {
    const how = finished.signal ? `was killed by ${finished.signal}` : `exited ${finished.code}`;
    throw new TestkitError(
      'COMMAND_FAILED',
      `${program} (script of ${script.length} characters) ${how}:\n${tail(finished.stderr)}`,
    );
  }
  return finished.stdout;
}

/** Whether the backend's test server answers (tests of a backend skip with a reason when not). */
export async function testDatabaseAvailable(backend: TestDatabaseBackend): Promise<boolean> {
  const { program, args } = clientArgs(backend, undefined, 'SELECT 1');
  try {
    return (await runToEnd(program, args, {}, 10_000)).code === 0;
  } catch {
    return false;
  }
}

/** Creates a fresh database and initialises it with ISC's `kea-admin db-init`. */
export async function createTestDatabase(backend: TestDatabaseBackend, tag: string): Promise<TestDatabase> {
  const safeTag = tag
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 20);
  const name = `nestor_t_${safeTag}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await runTestSql(backend, undefined, `CREATE DATABASE ${name}`);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    const statement =
      backend === 'mysql'
        ? `DROP DATABASE IF EXISTS ${name}`
        : `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`;
    await runTestSql(backend, undefined, statement);
  };
  const { user, password, host } = TEST_DATABASE_ACCOUNT;
  try {
    await runChecked(
      ISC_KEA_ADMIN,
      [
        'db-init',
        backend === 'mysql' ? 'mysql' : 'pgsql',
        '-u',
        user,
        '-p',
        password,
        '-n',
        name,
        '-h',
        host,
      ],
      120_000,
    );
  } catch (err) {
    await drop();
    throw err;
  }
  const port = TEST_DATABASE_PORTS[backend];
  return {
    backend,
    name,
    host,
    port,
    user,
    password,
    leaseDatabase: (extra = {}) => ({ type: backend, name, host, port, user, password, ...extra }),
    leaseDatabaseViaSocket: (extra = {}) => ({
      type: backend,
      name,
      host: backend === 'mysql' ? 'localhost' : TEST_DATABASE_SOCKETS.postgresql,
      user,
      password,
      ...extra,
    }),
    socketEnv: backend === 'mysql' ? { MYSQL_UNIX_PORT: TEST_DATABASE_SOCKETS.mysql } : {},
    sql: (statement) => runTestSql(backend, name, statement),
    drop,
  };
}

/** Ends every server connection to `database` but the caller's own (a lost database, seen from a client). */
export async function killTestDatabaseConnections(
  backend: TestDatabaseBackend,
  database: string,
): Promise<void> {
  if (backend === 'postgresql') {
    await runTestSql(
      backend,
      undefined,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`,
    );
    return;
  }
  const ids = await runTestSql(
    backend,
    undefined,
    `SELECT id FROM information_schema.processlist WHERE db = '${database}' AND id <> CONNECTION_ID()`,
  );
  for (const id of ids.split('\n').filter((l) => /^\d+$/.test(l.trim()))) {
    // A connection may end by itself meanwhile: that is what was wanted.
    await runTestSql(backend, undefined, `KILL ${id.trim()}`).catch(() => undefined);
  }
}
