/**
 * IPv6 and IPv4 text <-> bigint/number conversion for configuration checks. The codec package
 * carries the wire-side arithmetic; configuration only needs to parse what operators write,
 * compare ranges and print canonical text (RFC 5952), so it keeps this small copy of its own.
 */

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
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

/** Parses IPv6 text (with `::`, an embedded IPv4 tail, no zone) into a bigint, or undefined. */
export function parseIpv6(text: string): bigint | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  let head = text;
  let tailGroups: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tailGroups = [v4 >>> 16, v4 & 0xffff];
    head = text.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::", "a::b:1.2.3.4" leaves "a::b:" (drop the dangling colon).
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const g of part.split(':')) {
      if (!HEX_GROUP.test(g)) return undefined;
      groups.push(Number.parseInt(g, 16));
    }
    return groups;
  };
  const left = parseGroups(halves[0]!);
  if (!left) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const right = parseGroups(halves[1]!);
    if (!right) return undefined;
    const missing = 8 - left.length - right.length - tailGroups.length;
    if (missing < 1) return undefined;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right, ...tailGroups];
  } else {
    groups = [...left, ...tailGroups];
    if (groups.length !== 8) return undefined;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/** Formats a 128-bit value as canonical IPv6 text (RFC 5952: lowercase, longest zero run as `::`). */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
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
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
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
