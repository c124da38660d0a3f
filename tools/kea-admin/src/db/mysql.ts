/** The MySQL/MariaDB connection (mysql2), reporting failures as the mysql client does. */
import mysql from 'mysql2/promise';
import { type Connection, type ConnectParams, DbError, type TextRow } from './connection.js';
import { splitMysqlScript } from './mysql-script.js';

/** The mysql client's compiled-in socket on Debian; MYSQL_UNIX_PORT overrides it there too. */
export const DEFAULT_MYSQL_SOCKET = '/run/mysqld/mysqld.sock';

interface MysqlFailure {
  errno?: number;
  sqlState?: string;
  code?: string;
  message: string;
}

/** "ERROR 1045 (28000): Access denied ...", the way the mysql client words its errors. */
function clientText(err: MysqlFailure, params: ConnectParams, socket: string | undefined): string {
  if (err.errno !== undefined && err.sqlState !== undefined && err.errno < 2000)
    return `ERROR ${err.errno} (${err.sqlState}): ${err.message}`;
  if (socket !== undefined)
    return `ERROR 2002 (HY000): Can't connect to local server through socket '${socket}' (${err.code ?? err.message})`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return `ERROR 2005 (HY000): Unknown server host '${params.host}' (${err.code})`;
  return `ERROR 2002 (HY000): Can't connect to server on '${params.host}' (${err.code ?? err.message})`;
}

class MysqlConnection implements Connection {
  readonly backend = 'mysql' as const;
  constructor(
    private readonly conn: mysql.Connection,
    private readonly params: ConnectParams,
  ) {}

  async rows(sql: string, params: readonly unknown[] = []): Promise<TextRow[]> {
    try {
      const [result] = await this.conn.query({ sql, values: params as unknown[], rowsAsArray: true });
      // A CALL answers with its result sets followed by a status packet; the first set is wanted.
      const sets = result as unknown[];
      const last = sets[sets.length - 1];
      const isCall = sets.length >= 2 && last !== null && typeof last === 'object' && !Array.isArray(last);
      const first = isCall ? sets[0] : result;
      return Array.isArray(first) ? (first as TextRow[]) : [];
    } catch (err) {
      throw new DbError(clientText(err as MysqlFailure, this.params, undefined), 1, 'query');
    }
  }

  async script(text: string): Promise<void> {
    for (const statement of splitMysqlScript(text)) {
      try {
        await this.conn.query(statement);
      } catch (err) {
        throw new DbError(clientText(err as MysqlFailure, this.params, undefined), 1, 'query');
      }
    }
  }

  async close(): Promise<void> {
    await this.conn.end().catch(() => this.conn.destroy());
  }
}

export async function connectMysql(params: ConnectParams): Promise<Connection> {
  // As the mysql client: "localhost" means the local socket, any other host TCP.
  const socket =
    params.socketPath ??
    (params.host === 'localhost' ? (process.env.MYSQL_UNIX_PORT ?? DEFAULT_MYSQL_SOCKET) : undefined);
  try {
    const conn = await mysql.createConnection({
      ...(socket !== undefined ? { socketPath: socket } : { host: params.host, port: params.port ?? 3306 }),
      user: params.user,
      password: params.password,
      database: params.database,
      connectTimeout: params.connectTimeoutMs ?? 10_000,
      ...(params.ssl ? { ssl: params.ssl } : {}),
      // Every value as the text the server sent, which is what the mysql client prints.
      typeCast: (field, next) => (field.type === 'GEOMETRY' ? next() : field.string('utf8')),
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
    return new MysqlConnection(conn, params);
  } catch (err) {
    throw new DbError(clientText(err as MysqlFailure, params, socket), 1, 'connect');
  }
}
