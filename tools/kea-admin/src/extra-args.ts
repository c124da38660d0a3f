/**
 * -x: Kea hands these words to the mysql or psql client. Nestor talks to the server itself, so
 * it understands the client options that change how it connects and refuses the others (rather
 * than ignoring something the operator relies on).
 */
import { readFileSync } from 'node:fs';
import type { SqlBackend } from './db/connection.js';

export interface ExtraSettings {
  socketPath?: string;
  port?: number;
  connectTimeoutMs?: number;
  ssl?: { ca?: string; cert?: string; key?: string };
}

export type ExtraParse = { ok: true; settings: ExtraSettings } | { ok: false; error: string };

export const MYSQL_EXTRA = [
  '--socket=PATH',
  '--port=N',
  '--connect-timeout=SECONDS',
  '--ssl-ca=FILE',
  '--ssl-cert=FILE',
  '--ssl-key=FILE',
];
export const PGSQL_EXTRA = ['--port=N', '--host=DIR (a socket directory)'];

function readPem(path: string): string {
  return readFileSync(path, 'utf8');
}

export function parseExtra(extra: string, backend: SqlBackend): ExtraParse {
  const settings: ExtraSettings = {};
  const words = extra.split(/\s+/).filter((w) => w !== '');
  for (const word of words) {
    const m = /^(--[a-z-]+)=(.*)$/.exec(word);
    const name = m?.[1];
    const value = m?.[2] ?? '';
    try {
      if (name === '--port' && /^\d+$/.test(value)) settings.port = Number(value);
      else if (backend === 'mysql' && name === '--socket' && value !== '') settings.socketPath = value;
      else if (backend === 'pgsql' && name === '--host' && value.startsWith('/')) settings.socketPath = value;
      else if (backend === 'mysql' && name === '--connect-timeout' && /^\d+$/.test(value))
        settings.connectTimeoutMs = Number(value) * 1000;
      else if (backend === 'mysql' && name === '--ssl-ca')
        settings.ssl = { ...settings.ssl, ca: readPem(value) };
      else if (backend === 'mysql' && name === '--ssl-cert')
        settings.ssl = { ...settings.ssl, cert: readPem(value) };
      else if (backend === 'mysql' && name === '--ssl-key')
        settings.ssl = { ...settings.ssl, key: readPem(value) };
      else {
        const known = (backend === 'mysql' ? MYSQL_EXTRA : PGSQL_EXTRA).join(', ');
        return {
          ok: false,
          error: `-x ${word}: not an extra argument Nestor's kea-admin understands for ${backend} (it understands ${known})`,
        };
      }
    } catch (err) {
      return { ok: false, error: `-x ${word}: ${(err as Error).message}` };
    }
  }
  return { ok: true, settings };
}
