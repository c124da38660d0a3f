/**
 * The connection settings of a MySQL or PostgreSQL database from Kea's parameters, shared by the
 * lease database and every hosts database (Kea documents the same connection parameters for
 * both): name, host, port, user, password, connect-timeout, and TLS (trust-anchor, cert-file,
 * key-file, cipher-list) with its files read now, so that a path the server cannot read is a
 * configuration error rather than a failure at the first connection.
 */
import { readFileSync, statSync } from 'node:fs';
import { LeaseStoreConfigError } from '../errors.js';
import type { SqlConnectionOptions } from './driver.js';
import type { SqlBackend } from './row-codec.js';

export interface SqlConnectionSettings extends SqlConnectionOptions {
  backend: SqlBackend;
}

/** A TLS file Kea names by path (trust-anchor may name a directory in Kea: here the file is needed). */
function tlsFile(path: unknown, what: string): Buffer | undefined {
  if (typeof path !== 'string' || path === '') return undefined;
  try {
    if (statSync(path).isDirectory())
      throw new LeaseStoreConfigError(`${what} ${path} is a directory; name the file`);
    return readFileSync(path);
  } catch (err) {
    if (err instanceof LeaseStoreConfigError) throw err;
    throw new LeaseStoreConfigError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

/** The TLS settings of the parameters, undefined when none is given. */
function tlsOf(p: Readonly<Record<string, unknown>>): SqlConnectionOptions['tls'] {
  const ca = tlsFile(p['trust-anchor'], 'trust-anchor');
  const cert = tlsFile(p['cert-file'], 'cert-file');
  const key = tlsFile(p['key-file'], 'key-file');
  const ciphers =
    typeof p['cipher-list'] === 'string' && p['cipher-list'] !== '' ? p['cipher-list'] : undefined;
  if (!ca && !cert && !key && !ciphers) return undefined;
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(ciphers ? { ciphers } : {}),
  };
}

/**
 * The settings of one database entry (`section` names it in errors: lease-database,
 * hosts-database); throws LeaseStoreConfigError for a type that is not SQL, a missing name or a
 * TLS file that cannot be read. The pool size is the caller's.
 */
export function sqlConnectionSettings(
  section: string,
  type: string,
  p: Readonly<Record<string, unknown>>,
): SqlConnectionSettings {
  if (type !== 'mysql' && type !== 'postgresql')
    throw new LeaseStoreConfigError(`${section} type ${type} is not supported here (mysql or postgresql)`);
  if (typeof p.name !== 'string' || p.name === '')
    throw new LeaseStoreConfigError(`${section} type ${type} needs the name of the database`);
  const tls = tlsOf(p);
  return {
    backend: type,
    name: p.name,
    ...(typeof p.host === 'string' ? { host: p.host } : {}),
    ...(typeof p.port === 'number' ? { port: p.port } : {}),
    ...(typeof p.user === 'string' ? { user: p.user } : {}),
    ...(typeof p.password === 'string' ? { password: p.password } : {}),
    ...(typeof p['connect-timeout'] === 'number' ? { connectTimeout: p['connect-timeout'] } : {}),
    ...(tls ? { tls } : {}),
  };
}
