/**
 * Lease6 to lease6 row and back, as ISC Kea 2.2 writes and reads the columns: the DUID and
 * hardware address as bytes, iaid as PostgreSQL's signed integer (Kea stores the 32 bits as they
 * are), user context as Kea's JSON text. Without a hardware address Kea writes NULLs in MySQL
 * and an empty value with type and source 0 in PostgreSQL; a lease read without one takes the
 * model's defaults, as memfile does for an empty CSV column.
 */
import { canonicalIPv6 } from '../address.js';
import { LeaseDatabaseError, LeaseValidationError } from '../errors.js';
import { HTYPE_ETHER, type JsonObject, type Lease6, type LeaseType } from '../lease.js';
import { keaJsonStringify, parseUserContext } from '../memfile/kea-json.js';
import { INFINITE_LIFETIME, MAX_DB_TIME } from './statements.js';

export type SqlBackend = 'mysql' | 'postgresql';

export function hexToBytes(colonHex: string): Buffer {
  return colonHex === '' ? Buffer.alloc(0) : Buffer.from(colonHex.replaceAll(':', ''), 'hex');
}

export function bytesToHex(bytes: unknown): string {
  if (bytes === null || bytes === undefined) return '';
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(String(bytes), 'binary');
  const hex = buffer.toString('hex');
  return hex.replace(/(..)(?!$)/g, '$1:');
}

/** What Kea writes in `expire`: cltt + valid lifetime, cltt alone for an infinite lifetime. */
export function databaseExpire(lease: Pick<Lease6, 'cltt' | 'validLifetime'>): number {
  const expire = lease.validLifetime === INFINITE_LIFETIME ? lease.cltt : lease.cltt + lease.validLifetime;
  if (expire > MAX_DB_TIME) {
    throw new LeaseValidationError(
      'cltt',
      `the lease would expire at ${expire}, after the last time the lease database holds (${MAX_DB_TIME})`,
    );
  }
  return expire;
}

/** The logical parameters of insert and update, in LEASE_COLUMNS order. */
export function leaseParams(lease: Lease6, backend: SqlBackend): unknown[] {
  const hasHwaddr = lease.hwaddr !== '';
  const mysql = backend === 'mysql';
  const context = lease.userContext === undefined ? undefined : keaJsonStringify(lease.userContext);
  return [
    lease.address,
    hexToBytes(lease.duid),
    lease.validLifetime,
    databaseExpire(lease),
    lease.subnetId,
    lease.preferredLifetime,
    lease.type,
    mysql ? lease.iaid : lease.iaid | 0,
    lease.prefixLength,
    mysql ? Number(lease.fqdnFwd) : lease.fqdnFwd,
    mysql ? Number(lease.fqdnRev) : lease.fqdnRev,
    lease.hostname,
    hasHwaddr ? hexToBytes(lease.hwaddr) : mysql ? null : Buffer.alloc(0),
    hasHwaddr ? lease.hwtype : mysql ? null : 0,
    hasHwaddr ? lease.hwaddrSource : mysql ? null : 0,
    lease.state,
    context ?? (mysql ? null : ''),
  ];
}

function num(row: Record<string, unknown>, column: string, fallback?: number): number {
  const value = row[column];
  if ((value === null || value === undefined) && fallback !== undefined) return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n))
    throw new LeaseDatabaseError(`lease6 column ${column} holds ${String(value)}, not a number`);
  return n;
}

function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/** Kea writes the context with its JSON writer (every non-ASCII byte escaped): read it as memfile does. */
function userContextOf(value: unknown, address: string): JsonObject | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const bytes = (Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8')).toString('latin1');
  const parsed = parseUserContext(bytes);
  if (!parsed.ok) throw new LeaseDatabaseError(`lease ${address}: user context ${parsed.error}`);
  return parsed.value;
}

/** A lease6 row as the statements' reads alias it. */
export function leaseFromRow(row: Record<string, unknown>): Lease6 {
  const text = String(row.address);
  const address = canonicalIPv6(text);
  if (!address) throw new LeaseDatabaseError(`lease6 holds an address that is not IPv6: '${text}'`);
  const valid = num(row, 'valid_lifetime');
  const expire = num(row, 'expire');
  const hwaddr = bytesToHex(row.hwaddr);
  return {
    type: num(row, 'lease_type') as LeaseType,
    address,
    prefixLength: num(row, 'prefix_len', 128),
    duid: bytesToHex(row.duid),
    iaid: num(row, 'iaid') >>> 0,
    subnetId: num(row, 'subnet_id'),
    preferredLifetime: num(row, 'pref_lifetime', 0),
    validLifetime: valid,
    cltt: valid === INFINITE_LIFETIME ? expire : expire - valid,
    fqdnFwd: flag(row.fqdn_fwd),
    fqdnRev: flag(row.fqdn_rev),
    hostname: row.hostname === null || row.hostname === undefined ? '' : String(row.hostname),
    hwaddr,
    hwtype: hwaddr === '' ? HTYPE_ETHER : num(row, 'hwtype', HTYPE_ETHER),
    hwaddrSource: hwaddr === '' ? 0 : num(row, 'hwaddr_source', 0),
    state: num(row, 'state', 0),
    userContext: userContextOf(row.user_context, address),
    poolId: 0,
  };
}
