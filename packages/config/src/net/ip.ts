/**
 * IPv6 and IPv4 text <-> bigint/number conversion for configuration checks. The codec package
 * carries the wire-side arithmetic; configuration only needs to parse what operators write,
 * compare ranges and print canonical text (RFC 5952), so it keeps this small copy of its own.
 */

export const IPV6_BITS = 128n;
const ALL_ONES = (1n << IPV6_BITS) - 1n;

/** Parses dotted-quad IPv4 text into a number, or undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Scratch space for parsing: configuration loading is synchronous, so one buffer serves. */
const groupsScratch = new Array<number>(8).fill(0);

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function fromGroups(g: readonly number[]): bigint {
  const a = (g[0]! * 0x10000 + g[1]!) >>> 0;
  const b = (g[2]! * 0x10000 + g[3]!) >>> 0;
  const c = (g[4]! * 0x10000 + g[5]!) >>> 0;
  const d = (g[6]! * 0x10000 + g[7]!) >>> 0;
  return (BigInt(a) << 96n) | (BigInt(b) << 64n) | (BigInt(c) << 32n) | BigInt(d);
}

/**
 * Parses IPv6 text (with `::`, an embedded IPv4 tail, no zone) into a bigint, or undefined.
 * Hand-rolled over char codes: configurations hold hundreds of thousands of addresses.
 */
export function parseIpv6(text: string): bigint | undefined {
  const n = text.length;
  if (n < 2 || n > 45) return undefined;
  if (text.includes('.')) return parseIpv6WithIpv4Tail(text);
  const groups = groupsScratch;
  let count = 0;
  let gap = -1; // index in groups where `::` stands
  let i = 0;
  if (text.charCodeAt(0) === 0x3a) {
    if (text.charCodeAt(1) !== 0x3a) return undefined;
    gap = 0;
    i = 2;
    if (i === n) {
      groups.fill(0);
      return 0n;
    }
  }
  for (;;) {
    let value = 0;
    let digits = 0;
    while (i < n) {
      const d = hexDigit(text.charCodeAt(i));
      if (d < 0) break;
      value = value * 16 + d;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 4 || count === 8) return undefined;
    groups[count++] = value;
    if (i === n) break;
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    i++;
    if (i < n && text.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return undefined;
      gap = count;
      i++;
      if (i === n) break;
    } else if (i === n) {
      return undefined; // a trailing single colon
    }
  }
  if (gap < 0) return count === 8 ? fromGroups(groups) : undefined;
  if (count > 7) return undefined;
  const missing = 8 - count;
  for (let k = count - 1; k >= gap; k--) groups[k + missing] = groups[k]!;
  for (let k = gap; k < gap + missing; k++) groups[k] = 0;
  return fromGroups(groups);
}

function parseIpv6WithIpv4Tail(text: string): bigint | undefined {
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  const v4 = parseIpv4(text.slice(lastColon + 1));
  if (v4 === undefined) return undefined;
  const tail = `${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  const head = text.slice(0, lastColon + 1);
  if (text.includes('.', lastColon + 1) && head.length > 0) {
    const value = parseIpv6(`${head}${tail}`);
    return value;
  }
  return undefined;
}

/** Formats a 128-bit value as canonical IPv6 text (RFC 5952: lowercase, longest zero run as `::`). */
export function formatIpv6(value: bigint): string {
  const groups = groupsScratch;
  for (let k = 0; k < 4; k++) {
    const word = Number((value >> BigInt(96 - 32 * k)) & 0xffffffffn);
    groups[2 * k] = Math.floor(word / 0x10000);
    groups[2 * k + 1] = word & 0xffff;
  }
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not shortened
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += i === 0 ? '::' : ':';
      i += bestLength - 1;
      continue;
    }
    out += groups[i]!.toString(16);
    if (i < 7) out += ':';
  }
  return out;
}

/** A network prefix: its first address (host bits as written) and its length. */
export interface Ipv6Prefix {
  address: bigint;
  length: number;
}

/** Parses `address/length`; undefined when either part is malformed or the length exceeds 128. */
export function parseIpv6Prefix(text: string): Ipv6Prefix | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv6(text.slice(0, slash).trim());
  const lengthText = text.slice(slash + 1).trim();
  if (address === undefined || !/^\d{1,3}$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  if (length > 128) return undefined;
  return { address, length };
}

/** The mask of the first `length` bits of an IPv6 address. */
export function prefixMask(length: number): bigint {
  return length === 0 ? 0n : (ALL_ONES << BigInt(128 - length)) & ALL_ONES;
}

/** First and last address of a prefix (host bits of `address` ignored). */
export function prefixRange(address: bigint, length: number): { first: bigint; last: bigint } {
  const first = address & prefixMask(length);
  return { first, last: first | (~prefixMask(length) & ALL_ONES) };
}

/** Whether `address` lies inside `prefix`. */
export function prefixContains(prefix: Ipv6Prefix, address: bigint): boolean {
  const mask = prefixMask(prefix.length);
  return (address & mask) === (prefix.address & mask);
}

/** Whether text is an IPv4 or IPv6 address. */
export function isIpAddress(text: string): boolean {
  return parseIpv4(text) !== undefined || parseIpv6(text) !== undefined;
}
