/**
 * Checks a lease given to a store and brings its text fields to canonical form. Stores keep only
 * what this returns: frozen copies, so callers can neither break an index by mutating a lease they
 * were given nor see a stored lease change under them.
 */

import { setOwn } from '@nestor/json';
import { isLeaseKeyOfType, parseAddress } from './address.js';
import { LeaseValidationError } from './errors.js';
import { parseDuid, parseHwaddr } from './hex.js';
import { EMPTY_DUID, type JsonObject, type JsonValue, type Lease6, LeaseState, LeaseType } from './lease.js';

const UINT32_MAX = 0xffffffff;
const COLON = 58;

export interface NormalizedLease {
  readonly lease: Lease6;
  /** Fixed-width hex of the address: its string order is the address order. */
  readonly addressKey: string;
}

function uint(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new LeaseValidationError(field, `must be an integer between 0 and ${max}, got ${String(value)}`);
  }
  return value;
}

function bool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new LeaseValidationError(field, 'must be a boolean');
  return value;
}

/** A deep, frozen copy of a JSON value; anything JSON cannot carry is refused. */
function frozenJson(field: string, value: unknown, depth: number): JsonValue {
  if (depth > 64) throw new LeaseValidationError(field, 'nested too deeply');
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new LeaseValidationError(field, 'numbers must be finite');
    return value;
  }
  if (Array.isArray(value))
    return Object.freeze(value.map((v) => frozenJson(field, v, depth + 1))) as JsonValue[];
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: JsonObject = {};
    for (const [key, v] of Object.entries(value)) setOwn(copy, key, frozenJson(field, v, depth + 1));
    return Object.freeze(copy);
  }
  throw new LeaseValidationError(field, `holds a value JSON cannot represent (${typeof value})`);
}

export function normalizeUserContext(value: unknown): Readonly<JsonObject> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LeaseValidationError('userContext', 'must be a JSON object');
  }
  return frozenJson('userContext', value, 0) as JsonObject;
}

function checkType(input: Lease6): Lease6['type'] {
  if (input === null || typeof input !== 'object')
    throw new LeaseValidationError('lease', 'must be an object');
  const type = input.type;
  if (type !== LeaseType.NA && type !== LeaseType.TA && type !== LeaseType.PD) {
    throw new LeaseValidationError('type', `must be 0 (NA), 1 (TA) or 2 (PD), got ${String(type)}`);
  }
  return type;
}

/** Every field but the address checked, the lease built with the given canonical address and frozen. */
function normalizeFields(input: Lease6, type: Lease6['type'], address: string): Lease6 {
  const duid =
    typeof input.duid === 'string'
      ? parseDuid(input.duid)
      : { ok: false as const, error: 'must be a string' };
  if (!duid.ok) throw new LeaseValidationError('duid', duid.error);
  const state = uint('state', input.state, UINT32_MAX);
  // Kea's lease file refuses the empty DUID except on declined leases, whose owner is forgotten.
  if (duid.text === EMPTY_DUID && state !== LeaseState.DECLINED) {
    throw new LeaseValidationError('duid', 'the empty DUID (00) is only valid for declined leases');
  }
  const hwaddr =
    typeof input.hwaddr === 'string'
      ? parseHwaddr(input.hwaddr)
      : { ok: false as const, error: 'must be a string' };
  if (!hwaddr.ok) throw new LeaseValidationError('hwaddr', hwaddr.error);
  if (typeof input.hostname !== 'string') throw new LeaseValidationError('hostname', 'must be a string');
  const cltt = input.cltt;
  if (typeof cltt !== 'number' || !Number.isSafeInteger(cltt)) {
    throw new LeaseValidationError('cltt', `must be an integer number of seconds, got ${String(cltt)}`);
  }
  const lease: Lease6 = {
    type,
    address,
    prefixLength: uint('prefixLength', input.prefixLength, 128),
    duid: duid.text,
    iaid: uint('iaid', input.iaid, UINT32_MAX),
    subnetId: uint('subnetId', input.subnetId, UINT32_MAX),
    preferredLifetime: uint('preferredLifetime', input.preferredLifetime, UINT32_MAX),
    validLifetime: uint('validLifetime', input.validLifetime, UINT32_MAX),
    cltt,
    fqdnFwd: bool('fqdnFwd', input.fqdnFwd),
    fqdnRev: bool('fqdnRev', input.fqdnRev),
    hostname: input.hostname,
    hwaddr: hwaddr.text,
    hwtype: uint('hwtype', input.hwtype, 0xffff),
    hwaddrSource: uint('hwaddrSource', input.hwaddrSource, UINT32_MAX),
    state,
    userContext: normalizeUserContext(input.userContext),
    poolId: uint('poolId', input.poolId, UINT32_MAX),
  };
  return Object.freeze(lease);
}

/** Validates and canonicalises a lease; throws LeaseValidationError naming the first bad field. */
export function normalizeLease(input: Lease6): NormalizedLease {
  const type = checkType(input);
  const address = parseAddress(input.address);
  if (!address)
    throw new LeaseValidationError('address', `'${String(input.address)}' is not an IPv6 address`);
  return { lease: normalizeFields(input, type, address.text), addressKey: address.key };
}

/**
 * normalizeLease for a lease whose address the caller printed itself, in RFC 5952 form, from the
 * bytes it computed the store key `leaseKey` from (leaseKeyFromBytes): the address text is not
 * parsed again, every other field is checked exactly as normalizeLease checks it, and the lease
 * is the same. Undefined when this does not apply and normalizeLease must run instead: an address
 * starting with "::" (printers differ on a dotted IPv4 tail there), a key not of the lease's type.
 */
export function normalizeKeyedLease(input: Lease6, leaseKey: string): Lease6 | undefined {
  const type = checkType(input);
  const address = input.address;
  if (typeof address !== 'string' || address.charCodeAt(0) === COLON || !isLeaseKeyOfType(leaseKey, type))
    return undefined;
  return normalizeFields(input, type, address);
}
