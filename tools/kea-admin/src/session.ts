/** One command's database connection, opened on first use with kea-admin's options. */
import type { AdminOptions } from './args.js';
import { type Connection, DbError, type SqlBackend } from './db/connection.js';
import { connectMysql } from './db/mysql.js';
import { connectPgsql } from './db/pgsql.js';
import type { ExtraSettings } from './extra-args.js';
import type { AdminIo } from './io.js';

export interface Run {
  options: AdminOptions & { password: string };
  io: AdminIo;
  backend: SqlBackend;
  extra: ExtraSettings;
}

export class Session {
  private conn: Connection | undefined;
  private warned = false;
  constructor(private readonly run: Run) {}

  async connection(): Promise<Connection> {
    if (this.conn) return this.conn;
    const { options, extra, backend, io } = this.run;
    const port = options.port !== undefined ? Number(options.port) : extra.port;
    if (options.port !== undefined && !/^\d+$/.test(options.port)) {
      throw new DbError(`kea-admin: invalid port "${options.port}"`, backend === 'mysql' ? 1 : 2, 'connect');
    }
    if (backend === 'mysql' && options.port !== undefined && options.host === 'localhost' && !this.warned) {
      // As the mysql client, "localhost" means the socket; Kea warns that -P is then unused.
      io.stderr(
        `Warning: the MySQL client uses the default unix socket instead of TCP port ${options.port} when connecting to localhost. Continuing...\n`,
      );
      this.warned = true;
    }
    const params = {
      host: options.host,
      port,
      user: options.user,
      password: options.password,
      database: options.name,
      ...extra,
    };
    this.conn = backend === 'mysql' ? await connectMysql(params) : await connectPgsql(params);
    return this.conn;
  }

  async close(): Promise<void> {
    await this.conn?.close();
    this.conn = undefined;
  }
}
