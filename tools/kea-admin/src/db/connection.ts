/**
 * What kea-admin needs of a database, whichever the backend: rows as the command-line client
 * would print them (every column as text, NULL as null) and scripts of many statements.
 */
export type SqlBackend = 'mysql' | 'pgsql';

export type TextRow = (string | null)[];

export interface Connection {
  readonly backend: SqlBackend;
  /** The rows of one statement (for a MySQL CALL: of its first result set). */
  rows(sql: string, params?: readonly unknown[]): Promise<TextRow[]>;
  /** Runs a script of statements in order; stops at the first failure. */
  script(text: string): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectParams {
  host: string;
  port: number | undefined;
  user: string;
  password: string;
  database: string;
  /** Settings taken from -x (see extra-args). */
  socketPath?: string;
  connectTimeoutMs?: number;
  ssl?: { ca?: string; cert?: string; key?: string };
}

/**
 * A database failure, with what Kea's kea-admin would show for it: the client's error text
 * (stderr) and the client's exit status (mysql: 1; psql: 2 for a failed connection, 3 for a
 * failed statement), which kea-admin passes on.
 */
export class DbError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly during: 'connect' | 'query',
  ) {
    super(message);
    this.name = 'DbError';
  }
}
