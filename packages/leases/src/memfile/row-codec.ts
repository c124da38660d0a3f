/**
 * One lease6 CSV row to a lease and back. Parsing never throws: a bad row is reported with the
 * reason so the loader can count it, log it and go on. Values are checked as strictly as Kea checks
 * them, or more (an address must be IPv6, a type 0-2), never less.
 */
import { parseAddress } from '../address.js';
import { parseDuid, parseHwaddr } from '../hex.js';
import { EMPTY_DUID, HTYPE_ETHER, type Lease6, LeaseState, type LeaseType } from '../lease.js';
import { type ColumnLayout, type ColumnName, KEA_2_2_COLUMNS } from './columns.js';
import { escapeField, unescapeBytes, unescapeField } from './csv-escape.js';
import { keaJsonStringify, parseUserContext } from './kea-json.js';

const UINT16_MAX = 0xffff;
const UINT32_MAX = 0xffffffff;

export type RowParse =
  | {
      readonly ok: true;
      readonly lease: Lease6;
      readonly addressKey: string;
      /** A recoverable problem (an unreadable hardware address, which is then left out). */
      readonly warning?: string;
    }
  | { readonly ok: false; readonly error: string };

/** Unsigned decimal as boost::lexical_cast reads it (digits, an optional "+"); undefined if not. */
function parseUnsigned(text: string, max: number): number | undefined {
  const start = text.charCodeAt(0) === 43 ? 1 : 0;
  if (text.length <= start || text.length - start > 20) return undefined;
  let value = 0;
  for (let i = start; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value <= max ? value : undefined;
}

class RowError extends Error {}

function fail(message: string): never {
  throw new RowError(message);
}

function unsignedAt(fields: readonly string[], at: number, column: string, max: number): number {
  const text = fields[at]!;
  const value = parseUnsigned(text, max);
  if (value === undefined) fail(`${column} '${text}' is not an integer between 0 and ${max}`);
  return value;
}

function boolAt(fields: readonly string[], at: number, column: string): boolean {
  const text = fields[at];
  if (text === '1') return true;
  if (text === '0') return false;
  return fail(`${column} '${text}' is not 0 or 1`);
}

/** An optional column's text, or undefined when the file or this row lacks it. */
function optional(fields: readonly string[], layout: ColumnLayout, column: ColumnName): string | undefined {
  const at = layout.index[column];
  return at >= 0 && at < fields.length ? fields[at] : undefined;
}

function readHardware(
  fields: readonly string[],
  layout: ColumnLayout,
): { hwaddr: string; hwtype: number; hwaddrSource: number; warning?: string } {
  const none = { hwaddr: '', hwtype: HTYPE_ETHER, hwaddrSource: 0 };
  const text = optional(fields, layout, 'hwaddr') ?? '';
  if (text === '') return none;
  // As Kea: a hardware address that cannot be read is dropped with a warning; the lease stays.
  const hwaddr = parseHwaddr(text);
  if (!hwaddr.ok) return { ...none, warning: `failed to read hardware address '${text}': ${hwaddr.error}` };
  const typeText = optional(fields, layout, 'hwtype') ?? '';
  const sourceText = optional(fields, layout, 'hwaddr_source') ?? '';
  const hwtype = typeText === '' ? HTYPE_ETHER : parseUnsigned(typeText, UINT16_MAX);
  const hwaddrSource = sourceText === '' ? 0 : parseUnsigned(sourceText, UINT32_MAX);
  if (hwtype === undefined || hwaddrSource === undefined) {
    return { ...none, warning: `failed to read hardware type '${typeText}' or source '${sourceText}'` };
  }
  return { hwaddr: hwaddr.text, hwtype, hwaddrSource };
}

function parseFields(fields: readonly string[], layout: ColumnLayout): RowParse {
  const ix = layout.index;
  if (fields.length <= layout.lastRequiredIndex) {
    fail(`the row has ${fields.length} values; the header needs at least ${layout.lastRequiredIndex + 1}`);
  }
  const addressText = fields[ix.address]!;
  const address = parseAddress(addressText);
  if (!address) fail(`'${addressText}' is not an IPv6 address`);
  const duid = parseDuid(fields[ix.duid]!);
  if (!duid.ok) fail(duid.error);
  const validLifetime = unsignedAt(fields, ix.valid_lifetime, 'valid_lifetime', UINT32_MAX);
  const expire = unsignedAt(fields, ix.expire, 'expire', Number.MAX_SAFE_INTEGER);
  const subnetId = unsignedAt(fields, ix.subnet_id, 'subnet_id', UINT32_MAX);
  const preferredLifetime = unsignedAt(fields, ix.pref_lifetime, 'pref_lifetime', UINT32_MAX);
  const type = unsignedAt(fields, ix.lease_type, 'lease_type', 2) as LeaseType;
  const iaid = unsignedAt(fields, ix.iaid, 'iaid', UINT32_MAX);
  const prefixLength = unsignedAt(fields, ix.prefix_len, 'prefix_len', 128);
  const fqdnFwd = boolAt(fields, ix.fqdn_fwd, 'fqdn_fwd');
  const fqdnRev = boolAt(fields, ix.fqdn_rev, 'fqdn_rev');
  const hostname = unescapeField(fields[ix.hostname]!);
  // Checked where Kea's reader meets the first missing column: a row torn after the hostname
  // must not load as a lease whose state, hardware address or user context went missing.
  if (fields.length < layout.minValues) {
    fail(`the row has ${fields.length} values; a row of this file has at least ${layout.minValues}`);
  }

  const stateText = optional(fields, layout, 'state') ?? '';
  const state = stateText === '' ? LeaseState.DEFAULT : parseUnsigned(stateText, UINT32_MAX);
  if (state === undefined) fail(`state '${stateText}' is not an integer`);
  if (duid.text === EMPTY_DUID && state !== LeaseState.DECLINED) {
    fail('the empty DUID is only valid for declined leases');
  }
  const contextText = optional(fields, layout, 'user_context') ?? '';
  let userContext: Lease6['userContext'];
  if (contextText !== '') {
    const context = parseUserContext(unescapeBytes(contextText));
    if (!context.ok) fail(context.error);
    userContext = context.value;
  }
  const poolText = optional(fields, layout, 'pool_id') ?? '';
  const poolId = poolText === '' ? 0 : parseUnsigned(poolText, UINT32_MAX);
  if (poolId === undefined) fail(`pool_id '${poolText}' is not an integer`);
  const hardware = readHardware(fields, layout);

  const lease: Lease6 = {
    type,
    address: address.text,
    prefixLength,
    duid: duid.text,
    iaid,
    subnetId,
    preferredLifetime,
    validLifetime,
    cltt: expire - validLifetime,
    fqdnFwd,
    fqdnRev,
    hostname,
    hwaddr: hardware.hwaddr,
    hwtype: hardware.hwtype,
    hwaddrSource: hardware.hwaddrSource,
    state,
    userContext,
    poolId,
  };
  const parsed = { ok: true as const, lease: Object.freeze(lease), addressKey: address.key };
  return hardware.warning === undefined ? parsed : { ...parsed, warning: hardware.warning };
}

/** Parses one data row (without its line end) of a file with the given header. */
export function parseRow(line: string, layout: ColumnLayout): RowParse {
  try {
    return parseFields(line.split(','), layout);
  } catch (err) {
    if (err instanceof RowError) return { ok: false, error: err.message };
    return { ok: false, error: `unexpected error: ${(err as Error).message}` };
  }
}

function userContextText(lease: Lease6): string {
  return lease.userContext === undefined ? '' : escapeField(keaJsonStringify(lease.userContext));
}

/** The value Nestor writes in one column for a lease (Kea's rendering of each field). */
function columnValue(lease: Lease6, column: string): string {
  switch (column as ColumnName) {
    case 'address':
      return lease.address;
    case 'duid':
      return lease.duid;
    case 'valid_lifetime':
      return String(lease.validLifetime);
    case 'expire':
      return String(lease.cltt + lease.validLifetime);
    case 'subnet_id':
      return String(lease.subnetId);
    case 'pref_lifetime':
      return String(lease.preferredLifetime);
    case 'lease_type':
      return String(lease.type);
    case 'iaid':
      return String(lease.iaid);
    case 'prefix_len':
      return String(lease.prefixLength);
    case 'fqdn_fwd':
      return lease.fqdnFwd ? '1' : '0';
    case 'fqdn_rev':
      return lease.fqdnRev ? '1' : '0';
    case 'hostname':
      return escapeField(lease.hostname);
    case 'hwaddr':
      return lease.hwaddr;
    case 'state':
      return String(lease.state);
    case 'user_context':
      return userContextText(lease);
    // Kea writes the hardware type and source only with a hardware address.
    case 'hwtype':
      return lease.hwaddr === '' ? '' : String(lease.hwtype);
    case 'hwaddr_source':
      return lease.hwaddr === '' ? '' : String(lease.hwaddrSource);
    case 'pool_id':
      return String(lease.poolId);
    default:
      return '';
  }
}

export type RowFormatter = (lease: Lease6) => string;

const KEA_2_2_HEADER = KEA_2_2_COLUMNS.join(',');

/** Kea 2.2's row, written directly: the hot path of every lease change. */
function formatKea22(lease: Lease6): string {
  const hw = lease.hwaddr;
  return (
    `${lease.address},${lease.duid},${lease.validLifetime},${lease.cltt + lease.validLifetime},` +
    `${lease.subnetId},${lease.preferredLifetime},${lease.type},${lease.iaid},${lease.prefixLength},` +
    `${lease.fqdnFwd ? 1 : 0},${lease.fqdnRev ? 1 : 0},${escapeField(lease.hostname)},${hw},${lease.state},` +
    `${userContextText(lease)},${hw === '' ? '' : lease.hwtype},${hw === '' ? '' : lease.hwaddrSource}`
  );
}

/** A function writing rows (each ending with a newline) for a file with this header. */
export function rowFormatter(layout: ColumnLayout): RowFormatter {
  const names = layout.names;
  if (layout.header === KEA_2_2_HEADER) return (lease) => `${formatKea22(lease)}\n`;
  if (layout.header === `${KEA_2_2_HEADER},pool_id`)
    return (lease) => `${formatKea22(lease)},${lease.poolId}\n`;
  return (lease) => `${names.map((name) => columnValue(lease, name)).join(',')}\n`;
}
