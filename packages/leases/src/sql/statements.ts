/**
 * The statements the SQL lease store runs on Kea 2.2's lease6 table, in each dialect. The table
 * is the one ISC's kea-admin creates (MySQL schema 14.0, PostgreSQL 13.0): the address as text
 * (the primary key), DUID and hardware address as bytes, `expire` a timestamp holding cltt +
 * valid lifetime (cltt alone for an infinite lifetime, as Kea stores it). Expiry crosses the wire
 * as unix seconds. Writes list the columns in one order (see LEASE_COLUMNS); reads alias them to
 * the same names in both dialects.
 */
import type { Statement } from './driver.js';

export interface LeaseStatements {
  readonly insert: Statement;
  readonly update: Statement;
  readonly updateGuarded: Statement;
  readonly delete: Statement;
  readonly deleteGuarded: Statement;
  readonly typeAt: Statement;
  readonly get: Statement;
  readonly byIa: Statement;
  readonly byIaSubnet: Statement;
  readonly byDuid: Statement;
  readonly byHostname: Statement;
  readonly bySubnet: Statement;
  readonly all: Statement;
  readonly pageFirst: Statement;
  readonly pageAfter: Statement;
  readonly expired: Statement;
  readonly expiredWithReclaimed: Statement;
  readonly deleteReclaimed: Statement;
  readonly wipe: Statement;
  readonly stats: Statement;
  readonly statsRange: Statement;
  readonly schemaVersion: Statement;
  readonly ping: Statement;
}

/** The parameter order of insert and update (address first, the key). */
export const LEASE_COLUMNS = [
  'address',
  'duid',
  'valid_lifetime',
  'expire',
  'subnet_id',
  'pref_lifetime',
  'lease_type',
  'iaid',
  'prefix_len',
  'fqdn_fwd',
  'fqdn_rev',
  'hostname',
  'hwaddr',
  'hwtype',
  'hwaddr_source',
  'state',
  'user_context',
] as const;

/** Kea's infinite lifetime: such a lease never expires, and its `expire` column holds cltt. */
export const INFINITE_LIFETIME = 4294967295;
/** Kea's MAX_DB_TIME: the last second a 32-bit timestamp holds; Kea refuses later expiries. */
export const MAX_DB_TIME = 2147483647;
const RECLAIMED = 2;

interface Dialect {
  /** Positional `?` placeholders (MySQL) instead of numbered `$n` ones (PostgreSQL). */
  positional: boolean;
  /** Unix seconds to a timestamp, and back. */
  toTime(sql: string): string;
  fromTime(column: string): string;
  /** Address text to something ordered by address value. */
  addressOrder(sql: string): string;
  infiniteAware(expire: string): string;
  lowerHostname: boolean;
}

/** A placeholder for the n-th (1-based) logical parameter, resolved by `finish`. */
const p = (n: number): string => `\u0000${n}\u0000`;
const MARK = /\u0000(\d+)\u0000/g;

/**
 * The statement with the dialect's placeholders. Positional ones are filled in order of
 * appearance, so the statement records which logical parameter each one takes.
 */
function finish(name: string, text: string, positional: boolean): Statement {
  if (!positional) return { name, text: text.replace(MARK, (_, n: string) => `$${n}`) };
  const order: number[] = [];
  const replaced = text.replace(MARK, (_, n: string) => {
    order.push(Number(n));
    return '?';
  });
  return { name, text: replaced, order };
}

function build(prefix: string, d: Dialect): LeaseStatements {
  const reads = LEASE_COLUMNS.map((c) => (c === 'expire' ? `${d.fromTime('expire')} AS expire` : c)).join(
    ', ',
  );
  const select = `SELECT ${reads} FROM lease6`;
  // The caller's "expire" is cltt + valid lifetime even for an infinite lifetime, where the
  // column holds cltt: compare with the column corrected back.
  const expireGuard = (n: number) => `${d.infiniteAware(d.fromTime('expire'))} = ${p(n)}`;
  const values = LEASE_COLUMNS.map((c, i) => (c === 'expire' ? d.toTime(p(i + 1)) : p(i + 1))).join(', ');
  const sets = LEASE_COLUMNS.map((c, i) => ({ c, i }))
    .filter(({ c }) => c !== 'address' && c !== 'lease_type')
    .map(({ c, i }) => `${c} = ${c === 'expire' ? d.toTime(p(i + 1)) : p(i + 1)}`)
    .join(', ');
  const typeParam = LEASE_COLUMNS.indexOf('lease_type') + 1;
  const key = `address = ${p(1)} AND lease_type = ${p(typeParam)}`;
  const s = (name: string, text: string): Statement => finish(`${prefix}_${name}`, text, d.positional);
  return {
    insert: s('insert', `INSERT INTO lease6 (${LEASE_COLUMNS.join(', ')}) VALUES (${values})`),
    update: s('update', `UPDATE lease6 SET ${sets} WHERE ${key}`),
    updateGuarded: s(
      'update_guarded',
      `UPDATE lease6 SET ${sets} WHERE ${key} AND ${expireGuard(LEASE_COLUMNS.length + 1)}`,
    ),
    delete: s(
      'delete',
      `DELETE FROM lease6 WHERE address = ${p(1)} AND lease_type = ${p(2)} RETURNING ${reads}`,
    ),
    deleteGuarded: s(
      'delete_guarded',
      `DELETE FROM lease6 WHERE address = ${p(1)} AND lease_type = ${p(2)} AND ${expireGuard(3)} RETURNING ${reads}`,
    ),
    typeAt: s('type_at', `SELECT lease_type FROM lease6 WHERE address = ${p(1)}`),
    get: s('get', `${select} WHERE address = ${p(1)} AND lease_type = ${p(2)}`),
    byIa: s('by_ia', `${select} WHERE duid = ${p(1)} AND iaid = ${p(2)} AND lease_type = ${p(3)}`),
    byIaSubnet: s(
      'by_ia_subnet',
      `${select} WHERE duid = ${p(1)} AND iaid = ${p(2)} AND lease_type = ${p(3)} AND subnet_id = ${p(4)}`,
    ),
    byDuid: s('by_duid', `${select} WHERE duid = ${p(1)}`),
    // Kea's own lookup (its index is on lower(hostname) in PostgreSQL; MySQL's collation ignores
    // case): the exact match the interface promises is filtered after.
    byHostname: s(
      'by_hostname',
      d.lowerHostname
        ? `${select} WHERE lower(hostname) = lower(${p(1)})`
        : `${select} WHERE hostname = ${p(1)}`,
    ),
    bySubnet: s('by_subnet', `${select} WHERE subnet_id = ${p(1)}`),
    all: s('all', select),
    pageFirst: s('page_first', `${select} ORDER BY ${d.addressOrder('address')} LIMIT ${p(1)}`),
    pageAfter: s(
      'page_after',
      `${select} WHERE ${d.addressOrder('address')} > ${d.addressOrder(p(1))} ORDER BY ${d.addressOrder('address')} LIMIT ${p(2)}`,
    ),
    expired: s(
      'expired',
      `${select} WHERE state != ${RECLAIMED} AND valid_lifetime != ${INFINITE_LIFETIME} AND expire < ${d.toTime(p(1))} ORDER BY expire, address LIMIT ${p(2)}`,
    ),
    expiredWithReclaimed: s(
      'expired_all',
      `${select} WHERE valid_lifetime != ${INFINITE_LIFETIME} AND expire < ${d.toTime(p(1))} ORDER BY expire, address LIMIT ${p(2)}`,
    ),
    deleteReclaimed: s(
      'delete_reclaimed',
      `DELETE FROM lease6 WHERE state = ${RECLAIMED} AND expire <= ${d.toTime(p(1))}`,
    ),
    wipe: s('wipe', `DELETE FROM lease6 WHERE subnet_id = ${p(1)}`),
    // The statistics tables the schema's triggers keep (Kea 2.2 reads them the same way).
    stats: s(
      'stats',
      'SELECT subnet_id, lease_type, state, leases FROM lease6_stat ORDER BY subnet_id, lease_type, state',
    ),
    statsRange: s(
      'stats_range',
      `SELECT subnet_id, lease_type, state, leases FROM lease6_stat WHERE subnet_id >= ${p(1)} AND subnet_id <= ${p(2)} ORDER BY subnet_id, lease_type, state`,
    ),
    schemaVersion: s('schema_version', 'SELECT version, minor FROM schema_version'),
    ping: s('ping', 'SELECT 1 AS one'),
  };
}

export const MYSQL_STATEMENTS = build('nestor_mysql', {
  positional: true,
  toTime: (sql) => `FROM_UNIXTIME(${sql})`,
  fromTime: (column) => `UNIX_TIMESTAMP(${column})`,
  addressOrder: (sql) => `INET6_ATON(${sql})`,
  infiniteAware: (expire) =>
    `(${expire} + IF(valid_lifetime = ${INFINITE_LIFETIME}, ${INFINITE_LIFETIME}, 0))`,
  lowerHostname: false,
});

export const PG_STATEMENTS = build('nestor_pg', {
  positional: false,
  toTime: (sql) => `to_timestamp(${sql})`,
  fromTime: (column) => `extract(epoch from ${column})::bigint`,
  addressOrder: (sql) => `(${sql})::inet`,
  infiniteAware: (expire) =>
    `(${expire} + CASE WHEN valid_lifetime = ${INFINITE_LIFETIME} THEN ${INFINITE_LIFETIME} ELSE 0 END)`,
  lowerHostname: true,
});
