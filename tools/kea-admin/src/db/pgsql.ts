/** The PostgreSQL connection (pg), reporting failures as psql does. */
import pg from 'pg';
import { type Connection, type ConnectParams, DbError, type TextRow } from './connection.js';

/** Every value as PostgreSQL's text output, which is what psql prints. */
const asText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

interface PgFailure {
  code?: string;
  severity?: string;
  message: string;
}

function statementText(err: PgFailure): string {
  return `ERROR:  ${err.message}`;
}

/** psql's "connection to server at ... failed: ..." line. */
function connectText(err: PgFailure, params: ConnectParams): string {
  const where = `connection to server at "${params.host}", port ${params.port ?? 5432} failed`;
  if (err.code === 'ECONNREFUSED')
    return `kea-admin: error: ${where}: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return `kea-admin: error: could not translate host name "${params.host}" to address: ${err.code}`;
  const severity = err.severity ? `${err.severity}:  ` : '';
  return `kea-admin: error: ${where}: ${severity}${err.message}`;
}

class PgConnection implements Connection {
  readonly backend = 'pgsql' as const;
  constructor(private readonly client: pg.Client) {}

  async rows(sql: string, params: readonly unknown[] = []): Promise<TextRow[]> {
    try {
      const result = await this.client.query({
        text: sql,
        values: params as unknown[],
        rowMode: 'array',
        types: asText,
      });
      return result.rows as TextRow[];
    } catch (err) {
      throw new DbError(statementText(err as PgFailure), 3, 'query');
    }
  }

  async script(text: string): Promise<void> {
    try {
      // The simple query protocol runs a whole script, dollar-quoted bodies included.
      await this.client.query(text);
    } catch (err) {
      // A script that failed inside its own transaction leaves it aborted: end it.
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw new DbError(statementText(err as PgFailure), 3, 'query');
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

export async function connectPgsql(params: ConnectParams): Promise<Connection> {
  const client = new pg.Client({
    host: params.socketPath ?? params.host,
    port: params.port ?? 5432,
    user: params.user,
    password: params.password,
    database: params.database,
    connectionTimeoutMillis: params.connectTimeoutMs ?? 10_000,
    ...(params.ssl ? { ssl: { ...params.ssl, rejectUnauthorized: params.ssl.ca !== undefined } } : {}),
  });
  // A server that goes away between statements must fail the statement, not the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    // Notices (e.g. "function ... does not exist, skipping") are psql's -q business, not ours.
    return new PgConnection(client);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new DbError(connectText(err as PgFailure, params), 2, 'connect');
  }
}
