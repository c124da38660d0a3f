/**
 * IPv6 address text: parsing any valid form, printing the RFC 5952 canonical one, and a fixed-width
 * key whose string order is the numeric order of the addresses (for the ordered indexes). Every
 * lease change goes through here, so the code walks characters instead of splitting strings.
 */

const COLON = 58;
const DOT = 46;

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** A dotted quad as two groups; leading zeros are refused ("01.2.3.4" is ambiguous), as inet_pton does. */
function parseQuad(text: string, into: number[]): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return false;
    const byte = Number(part);
    if (byte > 255) return false;
    bytes.push(byte);
  }
  into.push((bytes[0]! << 8) | bytes[1]!, (bytes[2]! << 8) | bytes[3]!);
  return true;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when the text is not one. */
export function parseIPv6(text: string): number[] | undefined {
  const n = text.length;
  if (n < 2 || n > 45) return undefined;
  const groups: number[] = [];
  /** Where "::" stands, counted in groups before it; -1 when absent. */
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return undefined;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let value = 0;
    while (i < n && i - start < 5) {
      const digit = hexDigit(text.charCodeAt(i));
      if (digit < 0) break;
      value = value * 16 + digit;
      i++;
    }
    if (i < n && text.charCodeAt(i) === DOT) {
      // An IPv4 tail ends the address and stands for two groups.
      if (!parseQuad(text.slice(start), groups)) return undefined;
      break;
    }
    const digits = i - start;
    if (digits === 0 || digits > 4) return undefined;
    groups.push(value);
    if (i === n) break;
    if (text.charCodeAt(i) !== COLON) return undefined;
    i++;
    if (i < n && text.charCodeAt(i) === COLON) {
      if (gap >= 0) return undefined;
      gap = groups.length;
      i++;
    } else if (i === n) {
      return undefined; // a single trailing colon
    }
  }
  if (gap < 0) return groups.length === 8 ? groups : undefined;
  if (groups.length > 7) return undefined;
  const zeros = new Array<number>(8 - groups.length).fill(0);
  groups.splice(gap, 0, ...zeros);
  return groups;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups as "::". */
export function formatIPv6(groups: readonly number[]): string {
  // IPv4-mapped addresses keep the dotted quad, as RFC 5952 section 5 recommends (and inet_ntop does).
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    const a = groups[6]!;
    const b = groups[7]!;
    return `::ffff:${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
  }
  let bestStart = -1;
  let bestLength = 1;
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
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLength - 1;
      continue;
    }
    if (text !== '' && !text.endsWith(':')) text += ':';
    text += groups[i]!.toString(16);
  }
  return text;
}

/** The canonical text of an address, or undefined when the text is not an IPv6 address. */
export function canonicalIPv6(text: string): string | undefined {
  const groups = parseIPv6(text);
  return groups && formatIPv6(groups);
}

const HEX_CODES = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const keyCodes = new Array<number>(32);

/** 32 hex digits; comparing two keys as strings compares the addresses as numbers. */
export function ipv6OrderKey(groups: readonly number[]): string {
  for (let g = 0; g < 8; g++) {
    const value = groups[g]!;
    keyCodes[g * 4] = HEX_CODES[value >> 12]!;
    keyCodes[g * 4 + 1] = HEX_CODES[(value >> 8) & 15]!;
    keyCodes[g * 4 + 2] = HEX_CODES[(value >> 4) & 15]!;
    keyCodes[g * 4 + 3] = HEX_CODES[value & 15]!;
  }
  return String.fromCharCode.apply(null, keyCodes);
}

const keyFromBytes = new Array<number>(32);
const typedKeyFromBytes = new Array<number>(33);

function fillKey(codes: number[], bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const byte = bytes[offset + i]!;
    codes[i * 2] = HEX_CODES[byte >> 4]!;
    codes[i * 2 + 1] = HEX_CODES[byte & 15]!;
  }
}

/** ipv6OrderKey of the address in the 16 bytes at bytes[offset]. */
export function ipv6KeyFromBytes(bytes: Uint8Array, offset = 0): string {
  fillKey(keyFromBytes, bytes, offset);
  return String.fromCharCode.apply(null, keyFromBytes);
}

/**
 * The store key of a lease of this type (0-2) at the address in the 16 bytes at bytes[offset]:
 * its ipv6OrderKey followed by the type digit, except for IA_NA (type 0), whose key is the
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
