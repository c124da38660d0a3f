/** The SqlDriver of PostgreSQL, on a pg pool; named statements are prepared once per connection. */
import pg from 'pg';
import {
  isSocketError,
  type SqlConnectionOptions,
  type SqlDriver,
  type SqlFailure,
  type SqlResult,
  type Statement,
  type StatementRunner,
} from './driver.js';

const UNIQUE_VIOLATION = '23505';
const RETRY_STATES = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
/** admin_shutdown (also pg_terminate_backend), crash_shutdown, cannot_connect_now, too_many_connections. */
const CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i;

/** One statement on the pool or on one client (a transaction's). */
async function execute(
  on: pg.Pool | pg.PoolClient,
  statement: Statement,
  params: readonly unknown[],
): Promise<SqlResult> {
  const result = await on.query({ name: statement.name, text: statement.text, values: params as unknown[] });
  return { rows: result.rows as Record<string, unknown>[], affected: result.rowCount ?? 0 };
}

export class PgDriver implements SqlDriver {
  readonly backend = 'postgresql';

  private constructor(private readonly pool: pg.Pool) {}

  static create(options: SqlConnectionOptions): PgDriver {
    const pool = new pg.Pool({
      database: options.name,
      host: options.host ?? 'localhost',
      port: options.port ?? 5432,
      user: options.user ?? '',
      password: options.password ?? '',
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: (options.connectTimeout ?? 5) * 1000,
      ...(options.tls ? { ssl: { ...options.tls } } : {}),
    });
    // An idle client that breaks (the server went away) is reported here; without a listener
    // the process would die of it.
    pool.on('error', (err) => options.onIdleError?.(err));
    return new PgDriver(pool);
  }

  async run(statement: Statement, params: readonly unknown[]): Promise<SqlResult> {
    return execute(this.pool, statement, params);
  }

  async transaction<T>(work: (run: StatementRunner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const result = await work((statement, params) => execute(client, statement, params));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e;
        });
        throw err;
      }
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: the pool drops it.
      client.release(broken);
    }
  }

  classify(err: unknown): SqlFailure {
    const e = err as { code?: string; message?: string } | undefined;
    const code = e?.code;
    if (code === UNIQUE_VIOLATION) return 'duplicate';
    if (code !== undefined && RETRY_STATES.has(code)) return 'retry';
    if (
      (code !== undefined && (code.startsWith('08') || CONNECTION_STATES.has(code))) ||
      isSocketError(err) ||
      (typeof e?.message === 'string' && CONNECTION_MESSAGES.test(e.message))
    )
      return 'connection';
    return 'other';
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
