/**
 * IPv6 and IPv4 text as configuration checks use them: addresses as bigints to compare ranges,
 * prefixes as address and length. Parsing and printing are the codec's (one IPv6 library for the
 * project); what stays here is the range arithmetic the checks need.
 */
import { bigIntToIpv6, ipv6BytesToBigInt, prefixMask, writeIpv6Text } from '@nestor/codec';

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
const scratch = new Uint8Array(16);

/** Parses IPv6 text (with `::`, an embedded IPv4 tail, no zone) into a bigint, or undefined. */
export function parseIpv6(text: string): bigint | undefined {
  return writeIpv6Text(text, scratch, 0) ? ipv6BytesToBigInt(scratch) : undefined;
}

/** Formats a 128-bit value as canonical IPv6 text (RFC 5952, the dotted IPv4 tails inet_ntop prints). */
export function formatIpv6(value: bigint): string {
  return bigIntToIpv6(value);
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

/** The mask of the first `length` bits of an IPv6 address (0 to 128). */
export { prefixMask };

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
