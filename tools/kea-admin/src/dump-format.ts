/**
 * lease-dump's file, byte for byte as Kea's kea-admin writes it: it runs the dump routines
 * through the database client and keeps the client's output.
 *
 * - mysql: `mysql -N -B` prints tab-separated columns, NULL as "NULL", and escapes backslash,
 *   NUL, newline and tab inside values; kea-admin then turns the separating tabs into commas.
 * - pgsql: `psql -t -A -F ,` prints the values as they are, NULL as nothing.
 */
import type { SqlBackend, TextRow } from './db/connection.js';

function mysqlBatchValue(value: string | null): string {
  if (value === null) return 'NULL';
  return value.replace(/[\\\0\n\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\0' ? '\\0' : c === '\n' ? '\\n' : '\\t',
  );
}

export function dumpLine(backend: SqlBackend, row: TextRow): string {
  const fields = backend === 'mysql' ? row.map(mysqlBatchValue) : row.map((v) => v ?? '');
  return `${fields.join(',')}\n`;
}

export function dumpText(backend: SqlBackend, header: TextRow[], data: TextRow[]): string {
  return [...header, ...data].map((row) => dumpLine(backend, row)).join('');
}
