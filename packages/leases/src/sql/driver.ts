/**
 * What the SQL lease store needs of a database client: run one prepared statement with
 * parameters on a pooled connection, and say what kind of failure an error is. The mysql2 and pg
 * drivers implement it; the store above is the same for both.
 */

/** A statement, prepared once per connection under its name. */
export interface Statement {
  readonly name: string;
  readonly text: string;
  /**
   * For positional placeholders: the (1-based) logical parameter each `?` takes, in order. The
   * caller always passes the logical parameters; the driver arranges them.
   */
  readonly order?: readonly number[];
}

export interface SqlResult {
  readonly rows: readonly Record<string, unknown>[];
  /** Rows an INSERT, UPDATE or DELETE matched. */
  readonly affected: number;
}

/**
 * duplicate: the primary key refused the row; retry: a serialization failure or deadlock (the
 * transaction may simply be run again); connection: the database cannot be reached; other: any
 * other refusal.
 */
export type SqlFailure = 'duplicate' | 'retry' | 'connection' | 'other';

export interface SqlDriver {
  readonly backend: 'mysql' | 'postgresql';
  run(statement: Statement, params: readonly unknown[]): Promise<SqlResult>;
  classify(err: unknown): SqlFailure;
  close(): Promise<void>;
  /**
   * Runs `work` on one connection inside BEGIN ... COMMIT, rolled back when it rejects (the
   * drivers of real databases have it; test doubles may leave it out).
   */
  transaction?<T>(work: (run: StatementRunner) => Promise<T>): Promise<T>;
}

/** Runs one statement (within a transaction: on its connection). */
export type StatementRunner = (statement: Statement, params: readonly unknown[]) => Promise<SqlResult>;

/** A driver that can run several statements as one transaction. */
export type TransactionalSqlDriver = SqlDriver & Required<Pick<SqlDriver, 'transaction'>>;

/** Connection settings, from Kea's lease-database parameters. */
export interface SqlConnectionOptions {
  /** Database name. */
  name: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  /** Seconds (Kea's connect-timeout; default 5, as Kea). */
  connectTimeout?: number;
  /** Connections in the pool (default 4). */
  poolSize?: number;
  /** TLS (Kea's trust-anchor, cert-file, key-file, cipher-list): file contents, already read. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; ciphers?: string };
  /** Told of errors of idle pooled connections (which no statement would otherwise see). */
  onIdleError?: (err: Error) => void;
}

const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** A Node socket error of a connection that failed or broke. */
export function isSocketError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CONNECTION_ERRNOS.has(code);
}
