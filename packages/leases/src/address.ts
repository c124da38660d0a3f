/**
 * Lease addresses: the canonical text and a fixed-width key whose string order is the numeric
 * order of the addresses (for the ordered indexes). Parsing and printing are the codec's (one
 * IPv6 library for the whole project, printing what inet_ntop prints, as Kea does); what stays
 * here is the store's key. Every lease change goes through here, so it works on one scratch buffer.
 */
import { ipv6BytesToText, writeIpv6Text } from '@nestor/codec';

const scratch = new Uint8Array(16);

/** A lease address as the store keeps it: its RFC 5952 text and its order key. */
export interface ParsedAddress {
  readonly text: string;
  readonly key: string;
}

/** The canonical text and order key of IPv6 text, or undefined when the text is not an address. */
export function parseAddress(text: string): ParsedAddress | undefined {
  if (typeof text !== 'string' || !writeIpv6Text(text, scratch, 0)) return undefined;
  return { text: ipv6BytesToText(scratch), key: ipv6KeyFromBytes(scratch) };
}

/** The canonical text of an address, or undefined when the text is not an IPv6 address. */
export function canonicalIPv6(text: string): string | undefined {
  return writeIpv6Text(text, scratch, 0) ? ipv6BytesToText(scratch) : undefined;
}

const HEX_CODES = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const keyFromBytes = new Array<number>(32);
const typedKeyFromBytes = new Array<number>(33);

function fillKey(codes: number[], bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const byte = bytes[offset + i]!;
    codes[i * 2] = HEX_CODES[byte >> 4]!;
    codes[i * 2 + 1] = HEX_CODES[byte & 15]!;
  }
}

/** 32 hex digits of the address in the 16 bytes at bytes[offset]; comparing two keys as strings compares the addresses as numbers. */
export function ipv6KeyFromBytes(bytes: Uint8Array, offset = 0): string {
  fillKey(keyFromBytes, bytes, offset);
  return String.fromCharCode.apply(null, keyFromBytes);
}

/**
 * The store key of a lease of this type (0-2) at the address in the 16 bytes at bytes[offset]:
 * its ipv6KeyFromBytes followed by the type digit, except for IA_NA (type 0), whose key is the
 * address key alone. Built as one string (a concatenation would be hashed afresh at each lookup).
 */
export function leaseKeyFromBytes(type: number, bytes: Uint8Array, offset = 0): string {
  if (type === 0) return ipv6KeyFromBytes(bytes, offset);
  fillKey(typedKeyFromBytes, bytes, offset);
  typedKeyFromBytes[32] = HEX_CODES[type & 15]!;
  return String.fromCharCode.apply(null, typedKeyFromBytes);
}

/** Whether a store key (leaseKeyFromBytes) has the form of one for this type. */
export function isLeaseKeyOfType(key: string, type: number): boolean {
  return type === 0 ? key.length === 32 : key.length === 33 && key.charCodeAt(32) === HEX_CODES[type];
}
