/**
 * IPv6 prefix and range arithmetic on bigint: what pools, subnets and prefix delegation need
 * (containment, the first/last address of a prefix, the n-th address of a pool or the n-th
 * delegated prefix of a pd-pool) without scanning anything.
 */
import { codecError } from '../errors.js';
import { bigIntToIpv6, IPV6_MAX, ipv6BytesToBigInt, toBigInt, writeIpv6Text } from './address.js';

export interface Ipv6Prefix {
  /** The network address (host bits cleared) as a bigint. */
  readonly network: bigint;
  readonly length: number;
}

export interface Ipv6Range {
  readonly first: bigint;
  readonly last: bigint;
}

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 0 || length > 128) {
    throw codecError('INVALID_PREFIX', `prefix length ${length} is not between 0 and 128`);
  }
}

/** The mask with the top `length` bits set. */
export function prefixMask(length: number): bigint {
  checkLength(length);
  return length === 0 ? 0n : (IPV6_MAX >> BigInt(128 - length)) << BigInt(128 - length);
}

/** Host bits of `address` cleared to the prefix's network address. */
export function networkOf(address: bigint | string | Uint8Array, length: number): bigint {
  return toBigInt(address) & prefixMask(length);
}

export function makePrefix(address: bigint | string | Uint8Array, length: number): Ipv6Prefix {
  return { network: networkOf(address, length), length };
}

/**
 * "2001:db8::/48" -> prefix. With `strict`, set host bits are an error (as Kea refuses
 * "2001:db8::1/64" for a subnet); otherwise they are cleared.
 */
export function parsePrefix(text: string, options: { strict?: boolean } = {}): Ipv6Prefix {
  const slash = text.indexOf('/');
  if (slash < 0) throw codecError('INVALID_PREFIX', `'${text}' is not an IPv6 prefix (address/length)`);
  const addressText = text.slice(0, slash).trim();
  const lengthText = text.slice(slash + 1).trim();
  const bytes = new Uint8Array(16);
  if (!writeIpv6Text(addressText, bytes, 0)) {
    throw codecError('INVALID_PREFIX', `'${text}': '${addressText}' is not an IPv6 address`);
  }
  if (!/^\d{1,3}$/.test(lengthText)) {
    throw codecError('INVALID_PREFIX', `'${text}': '${lengthText}' is not a prefix length`);
  }
  const length = Number(lengthText);
  checkLength(length);
  const address = ipv6BytesToBigInt(bytes);
  const network = address & prefixMask(length);
  if (options.strict && network !== address) {
    throw codecError('INVALID_PREFIX', `'${text}' has bits set after the first ${length}`);
  }
  return { network, length };
}

export function formatPrefix(prefix: Ipv6Prefix): string {
  return `${bigIntToIpv6(prefix.network)}/${prefix.length}`;
}

export function prefixRange(prefix: Ipv6Prefix): Ipv6Range {
  return { first: prefix.network, last: prefix.network | (IPV6_MAX ^ prefixMask(prefix.length)) };
}

/** Number of addresses in the prefix (2^(128-length)). */
export function prefixSize(prefix: Ipv6Prefix): bigint {
  return 1n << BigInt(128 - prefix.length);
}

export function prefixContains(prefix: Ipv6Prefix, address: bigint | string | Uint8Array): boolean {
  return (toBigInt(address) & prefixMask(prefix.length)) === prefix.network;
}

/** True when `inner` lies entirely inside `outer` (equal prefixes included). */
export function prefixContainsPrefix(outer: Ipv6Prefix, inner: Ipv6Prefix): boolean {
  return inner.length >= outer.length && (inner.network & prefixMask(outer.length)) === outer.network;
}

export function prefixesOverlap(a: Ipv6Prefix, b: Ipv6Prefix): boolean {
  return prefixContainsPrefix(a, b) || prefixContainsPrefix(b, a);
}

/**
 * A Kea pool: "2001:db8::10-2001:db8::ff" (spaces allowed around '-') or "2001:db8:1::/64".
 * Returns the inclusive range; first > last is an error.
 */
export function parseRange(text: string): Ipv6Range {
  if (text.includes('/')) return prefixRange(parsePrefix(text));
  const dash = text.indexOf('-');
  if (dash < 0) throw codecError('INVALID_PREFIX', `'${text}' is neither a prefix nor an address range`);
  const firstText = text.slice(0, dash).trim();
  const lastText = text.slice(dash + 1).trim();
  const first = new Uint8Array(16);
  const last = new Uint8Array(16);
  if (!writeIpv6Text(firstText, first, 0))
    throw codecError('INVALID_PREFIX', `'${text}': '${firstText}' is not an IPv6 address`);
  if (!writeIpv6Text(lastText, last, 0))
    throw codecError('INVALID_PREFIX', `'${text}': '${lastText}' is not an IPv6 address`);
  const range = { first: ipv6BytesToBigInt(first), last: ipv6BytesToBigInt(last) };
  if (range.first > range.last) {
    throw codecError('INVALID_PREFIX', `'${text}': the first address is greater than the last`);
  }
  return range;
}

export function rangeSize(range: Ipv6Range): bigint {
  return range.last - range.first + 1n;
}

export function rangeContains(range: Ipv6Range, address: bigint | string | Uint8Array): boolean {
  const value = toBigInt(address);
  return value >= range.first && value <= range.last;
}

/** The n-th address of a range, counting from 0; undefined past its end. */
export function nthAddress(range: Ipv6Range, n: bigint | number): bigint | undefined {
  const offset = BigInt(n);
  if (offset < 0n) return undefined;
  const value = range.first + offset;
  return value <= range.last ? value : undefined;
}

/** Position of an address in a range (inverse of nthAddress); undefined when outside. */
export function indexInRange(range: Ipv6Range, address: bigint | string | Uint8Array): bigint | undefined {
  const value = toBigInt(address);
  return value >= range.first && value <= range.last ? value - range.first : undefined;
}

/** How many prefixes of `delegatedLength` a pd-pool prefix holds: 2^(delegated - pool). */
export function delegatedPrefixCount(pool: Ipv6Prefix, delegatedLength: number): bigint {
  checkLength(delegatedLength);
  if (delegatedLength < pool.length) {
    throw codecError(
      'INVALID_PREFIX',
      `delegated length ${delegatedLength} is shorter than the pool's /${pool.length}`,
    );
  }
  return 1n << BigInt(delegatedLength - pool.length);
}

/** The n-th delegated prefix of a pd-pool, counting from 0; undefined past its end. */
export function nthPrefix(
  pool: Ipv6Prefix,
  delegatedLength: number,
  n: bigint | number,
): Ipv6Prefix | undefined {
  const count = delegatedPrefixCount(pool, delegatedLength);
  const index = BigInt(n);
  if (index < 0n || index >= count) return undefined;
  return { network: pool.network + (index << BigInt(128 - delegatedLength)), length: delegatedLength };
}
