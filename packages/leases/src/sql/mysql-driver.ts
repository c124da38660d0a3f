/** The SqlDriver of MySQL and MariaDB, on a mysql2 pool; statements are prepared per connection. */
import {
  createPool,
  type ExecuteValues,
  type Pool,
  type PoolConnection,
  type PoolOptions,
  type ResultSetHeader,
} from 'mysql2/promise';
import {
  isSocketError,
  type SqlConnectionOptions,
  type SqlDriver,
  type SqlFailure,
  type SqlResult,
  type Statement,
  type StatementRunner,
} from './driver.js';

const ER_DUP_ENTRY = 1062;
const ER_LOCK_WAIT_TIMEOUT = 1205;
const ER_LOCK_DEADLOCK = 1213;
/** Server going away: shutdown, connection killed, too many connections, gone, lost. */
const CONNECTION_ERRNOS = new Set([1040, 1053, 1927, 2002, 2003, 2006, 2013]);
const CONNECTION_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CON_COUNT_ERROR',
]);

/** Debian's MariaDB client default. */
export const DEFAULT_MYSQL_SOCKET = '/run/mysqld/mysqld.sock';

/** One statement on the pool or on one connection (a transaction's). */
async function execute(
  on: Pool | PoolConnection,
  statement: Statement,
  params: readonly unknown[],
): Promise<SqlResult> {
  const values = statement.order ? statement.order.map((n) => params[n - 1]) : params;
  const [result] = await on.execute(statement.text, values as ExecuteValues[]);
  if (Array.isArray(result)) return { rows: result as Record<string, unknown>[], affected: result.length };
  return { rows: [], affected: (result as ResultSetHeader).affectedRows };
}

export class MysqlDriver implements SqlDriver {
  readonly backend = 'mysql';

  private constructor(private readonly pool: Pool) {}

  static create(options: SqlConnectionOptions): MysqlDriver {
    const host = options.host ?? 'localhost';
    const config: PoolOptions = {
      database: options.name,
      // As the MySQL client library Kea links: "localhost" is the server's unix socket
      // (MYSQL_UNIX_PORT, else the distribution's default path), any other host TCP.
      ...(host === 'localhost'
        ? { socketPath: process.env.MYSQL_UNIX_PORT ?? DEFAULT_MYSQL_SOCKET }
        : { host, port: options.port ?? 3306 }),
      user: options.user ?? '',
      password: options.password ?? '',
      connectionLimit: options.poolSize ?? 4,
      connectTimeout: (options.connectTimeout ?? 5) * 1000,
      // Binary columns come back as Buffers, numbers as numbers.
      supportBigNumbers: true,
      bigNumberStrings: false,
      ...(options.tls ? { ssl: { ...options.tls } } : {}),
    };
    const pool = createPool(config);
    // Expiry times cross as unix seconds (FROM_UNIXTIME / UNIX_TIMESTAMP): in UTC they convert
    // exactly, whatever the server's zone, with no hour lost or doubled at a DST change.
    pool.pool.on('connection', (connection) => {
      // A failure here (the server went away meanwhile) must not be an unhandled 'error'.
      connection.query("SET time_zone = '+00:00'", (err: Error | null) => {
        if (err) options.onIdleError?.(err);
      });
      if (options.onIdleError) connection.on('error', options.onIdleError);
    });
    return new MysqlDriver(pool);
  }

  async run(statement: Statement, params: readonly unknown[]): Promise<SqlResult> {
    return execute(this.pool, statement, params);
  }

  async transaction<T>(work: (run: StatementRunner) => Promise<T>): Promise<T> {
    const connection: PoolConnection = await this.pool.getConnection();
    let broken = false;
    try {
      await connection.beginTransaction();
      try {
        const result = await work((statement, params) => execute(connection, statement, params));
        await connection.commit();
        return result;
      } catch (err) {
        await connection.rollback().catch(() => {
          broken = true;
        });
        throw err;
      }
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: it is not given back.
      if (broken) connection.destroy();
      else connection.release();
    }
  }

  classify(err: unknown): SqlFailure {
    const e = err as { errno?: number; code?: string; fatal?: boolean } | undefined;
    if (e?.errno === ER_DUP_ENTRY) return 'duplicate';
    if (e?.errno === ER_LOCK_DEADLOCK || e?.errno === ER_LOCK_WAIT_TIMEOUT) return 'retry';
    if (
      e?.fatal === true ||
      (e?.errno !== undefined && CONNECTION_ERRNOS.has(e.errno)) ||
      (e?.code !== undefined && CONNECTION_CODES.has(e.code)) ||
      isSocketError(err)
    )
      return 'connection';
    return 'other';
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
