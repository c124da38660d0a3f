/**
 * Checks of the arguments the LeaseStore methods take, shared by every backend so that each
 * refuses the same input with the same typed error.
 */
import { parseAddress } from './address.js';
import { LeaseValidationError } from './errors.js';
import { parseDuid } from './hex.js';

/** The fixed-width key of an address (its string order is the address order). */
export function addressKeyOf(address: string): string {
  const parsed = parseAddress(address);
  if (!parsed) throw new LeaseValidationError('address', `'${String(address)}' is not an IPv6 address`);
  return parsed.key;
}

/** The RFC 5952 text of an address argument. */
export function canonicalAddressOf(address: string): string {
  const parsed = parseAddress(address);
  if (!parsed) throw new LeaseValidationError('address', `'${String(address)}' is not an IPv6 address`);
  return parsed.text;
}

export function checkType(type: number): void {
  if (type !== 0 && type !== 1 && type !== 2) {
    throw new LeaseValidationError('type', `must be 0 (NA), 1 (TA) or 2 (PD), got ${String(type)}`);
  }
}

export function canonicalDuid(duid: string): string {
  const parsed =
    typeof duid === 'string' ? parseDuid(duid) : { ok: false as const, error: 'must be a string' };
  if (!parsed.ok) throw new LeaseValidationError('duid', parsed.error);
  return parsed.text;
}

export function checkCount(field: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new LeaseValidationError(field, `must be an integer of at least ${min}, got ${String(value)}`);
  }
}

export function checkHostname(hostname: string): void {
  if (typeof hostname !== 'string') throw new LeaseValidationError('hostname', 'must be a string');
}
