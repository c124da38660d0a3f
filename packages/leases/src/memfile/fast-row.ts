/**
 * The loader's fast path: one lease6 CSV row read straight from the bytes of the file into a
 * reused record of numbers and byte arrays, without a string per field or a Lease6 per row
 * (a million-row file would otherwise make some twenty million short-lived strings). It takes
 * only rows in the plain form both Kea and Nestor write (canonical hex identifiers, decimal
 * numbers, no user context, no dotted IPv4 tail, every column present) and checks the same
 * ranges as parseRow; any other row it declines, and the reader hands that row to parseRow,
 * whose answer (lease, warning or error message) is then exactly what it always was.
 */
import { LeaseState } from '../lease.js';
import type { ColumnLayout } from './columns.js';
import { unescapeField } from './csv-escape.js';

const UINT32_MAX = 0xffffffff;
const MAX_FIELDS = 32;

/** A row as the fast path reads it; reused from row to row (copy what you keep). */
export interface FastRow {
  readonly address: Uint8Array;
  type: number;
  prefixLength: number;
  readonly duid: Uint8Array;
  duidLength: number;
  iaid: number;
  subnetId: number;
  preferred: number;
  valid: number;
  cltt: number;
  fqdnFwd: boolean;
  fqdnRev: boolean;
  hostname: string;
  readonly hwaddr: Uint8Array;
  hwaddrLength: number;
  hwtype: number;
  hwaddrSource: number;
  state: number;
  poolId: number;
}

export function newFastRow(): FastRow {
  return {
    address: new Uint8Array(16),
    type: 0,
    prefixLength: 0,
    duid: new Uint8Array(128),
    duidLength: 0,
    iaid: 0,
    subnetId: 0,
    preferred: 0,
    valid: 0,
    cltt: 0,
    fqdnFwd: false,
    fqdnRev: false,
    hostname: '',
    hwaddr: new Uint8Array(20),
    hwaddrLength: 0,
    hwtype: 1,
    hwaddrSource: 0,
    state: 0,
    poolId: 0,
  };
}

const starts = new Int32Array(MAX_FIELDS);
const ends = new Int32Array(MAX_FIELDS);
const groups = new Uint16Array(8);

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Decimal digits only (an empty field or any other byte: -1); at most 16 digits, so exact. */
function decimal(buf: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 16) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = buf[i]! - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * IPv6 text of hex groups with at most one "::" into 16 bytes; false for anything else (a dotted
 * tail, a zone, a malformed address), which the full parser then judges.
 */
export function readIpv6(buf: Uint8Array, start: number, end: number, out: Uint8Array): boolean {
  let count = 0;
  let gap = -1;
  let i = start;
  if (end - start < 2) return false;
  if (buf[i] === 58) {
    if (buf[i + 1] !== 58) return false;
    gap = 0;
    i += 2;
    if (i === end) {
      out.fill(0);
      return true;
    }
  }
  for (;;) {
    let value = 0;
    let digits = 0;
    while (i < end) {
      const d = hexDigit(buf[i]!);
      if (d < 0) break;
      value = (value << 4) | d;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = value;
    if (i === end) break;
    if (buf[i] !== 58) return false;
    i++;
    if (buf[i] === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
      if (i === end) break;
    } else if (i === end) return false;
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  const zeros = 8 - count;
  let g = 0;
  for (let k = 0; k < 8; k++) {
    let value = 0;
    if (gap >= 0 && k >= gap && k < gap + zeros) value = 0;
    else value = groups[g++]!;
    out[2 * k] = value >> 8;
    out[2 * k + 1] = value & 0xff;
  }
  return true;
}

/** Colon-separated pairs of hex digits ("0a:1B") into bytes; -1 unless exactly that form and at most `max`. */
function colonHex(buf: Uint8Array, start: number, end: number, out: Uint8Array, max: number): number {
  const length = end - start;
  if ((length + 1) % 3 !== 0) return -1;
  const count = (length + 1) / 3;
  if (count > max) return -1;
  for (let k = 0; k < count; k++) {
    const at = start + k * 3;
    const high = hexDigit(buf[at]!);
    const low = hexDigit(buf[at + 1]!);
    if (high < 0 || low < 0 || (k + 1 < count && buf[at + 2] !== 58)) return -1;
    out[k] = (high << 4) | low;
  }
  return count;
}

/** A uint field by column index; -1 when the column is absent, empty or not plain decimal within max. */
function uintAt(buf: Uint8Array, column: number, max: number): number {
  if (column < 0) return -1;
  const value = decimal(buf, starts[column]!, ends[column]!);
  return value > max ? -1 : value;
}

/** Whether a column is absent or empty. */
function blank(column: number): boolean {
  return column < 0 || starts[column] === ends[column];
}

/**
 * Reads the row in buf[start, end) (no line end) of a file with this layout into `out`; false
 * when the row is not in the plain form (then parseRow must read it).
 */
export function readFastRow(
  buf: Buffer,
  start: number,
  end: number,
  layout: ColumnLayout,
  out: FastRow,
): boolean {
  const columns = layout.names.length;
  if (columns > MAX_FIELDS) return false;
  let field = 0;
  starts[0] = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === 44) {
      ends[field] = i;
      if (++field === columns) return false;
      starts[field] = i + 1;
    }
  }
  ends[field] = end;
  if (field + 1 !== columns) return false;
  const ix = layout.index;
  if (!readIpv6(buf, starts[ix.address]!, ends[ix.address]!, out.address)) return false;
  const duidLength = colonHex(buf, starts[ix.duid]!, ends[ix.duid]!, out.duid, 128);
  if (duidLength <= 0) return false;
  const valid = uintAt(buf, ix.valid_lifetime, UINT32_MAX);
  const expire = uintAt(buf, ix.expire, Number.MAX_SAFE_INTEGER);
  const subnetId = uintAt(buf, ix.subnet_id, UINT32_MAX);
  const preferred = uintAt(buf, ix.pref_lifetime, UINT32_MAX);
  const type = uintAt(buf, ix.lease_type, 2);
  const iaid = uintAt(buf, ix.iaid, UINT32_MAX);
  const prefixLength = uintAt(buf, ix.prefix_len, 128);
  // exactly "0" or "1", as parseRow reads them
  const fwd = ends[ix.fqdn_fwd]! - starts[ix.fqdn_fwd]! === 1 ? uintAt(buf, ix.fqdn_fwd, 1) : -1;
  const rev = ends[ix.fqdn_rev]! - starts[ix.fqdn_rev]! === 1 ? uintAt(buf, ix.fqdn_rev, 1) : -1;
  // (each checked alone: a bitwise OR would turn values of 2^31 and up negative)
  if (valid < 0 || expire < 0 || subnetId < 0 || preferred < 0 || type < 0 || iaid < 0) return false;
  if (prefixLength < 0 || fwd < 0 || rev < 0) return false;
  const state = blank(ix.state) ? LeaseState.DEFAULT : uintAt(buf, ix.state, UINT32_MAX);
  if (state < 0) return false;
  if (duidLength === 1 && out.duid[0] === 0 && state !== LeaseState.DECLINED) return false; // EMPTY_DUID
  if (!blank(ix.user_context)) return false;
  const poolId = blank(ix.pool_id) ? 0 : uintAt(buf, ix.pool_id, UINT32_MAX);
  if (poolId < 0) return false;
  let hwaddrLength = 0;
  let hwtype = 1;
  let hwaddrSource = 0;
  if (!blank(ix.hwaddr)) {
    hwaddrLength = colonHex(buf, starts[ix.hwaddr]!, ends[ix.hwaddr]!, out.hwaddr, 20);
    if (hwaddrLength <= 0) return false;
    hwtype = blank(ix.hwtype) ? 1 : uintAt(buf, ix.hwtype, 0xffff);
    hwaddrSource = blank(ix.hwaddr_source) ? 0 : uintAt(buf, ix.hwaddr_source, UINT32_MAX);
    if (hwtype < 0 || hwaddrSource < 0) return false;
  }
  const hostStart = starts[ix.hostname]!;
  const hostEnd = ends[ix.hostname]!;
  let hostname = '';
  if (hostEnd > hostStart) {
    hostname = unescapeField(buf.toString('latin1', hostStart, hostEnd));
  }
  out.type = type;
  out.prefixLength = prefixLength;
  out.duidLength = duidLength;
  out.iaid = iaid;
  out.subnetId = subnetId;
  out.preferred = preferred;
  out.valid = valid;
  out.cltt = expire - valid;
  out.fqdnFwd = fwd === 1;
  out.fqdnRev = rev === 1;
  out.hostname = hostname;
  out.hwaddrLength = hwaddrLength;
  out.hwtype = hwtype;
  out.hwaddrSource = hwaddrSource;
  out.state = state;
  out.poolId = poolId;
  return true;
}
