/**
 * IPv6 addresses as 16-byte arrays, RFC 5952 text and bigint. The text formatter follows
 * RFC 5952 and, for the IPv4-mapped and IPv4-compatible forms, the dotted tail that glibc's
 * inet_ntop prints (and therefore what Kea writes to its lease files and logs).
 * These functions sit on the per-packet path, so they parse and format by hand.
 */
import { codecError } from '../errors.js';

const HEX_NOPAD: string[] = [];
const HEX_PAD2: string[] = [];
for (let i = 0; i < 256; i++) {
  HEX_NOPAD.push(i.toString(16));
  HEX_PAD2.push(i.toString(16).padStart(2, '0'));
}

function group(hi: number, lo: number): string {
  return hi === 0 ? HEX_NOPAD[lo]! : HEX_NOPAD[hi]! + HEX_PAD2[lo]!;
}

/** RFC 5952 text of the 16 bytes at buf[offset]. */
export function ipv6BytesToText(buf: Uint8Array, offset = 0): string {
  // Find the longest run of zero groups (first one wins a tie); runs of one group stay "0".
  let bestStart = -1;
  let bestLength = 0;
  let runStart = -1;
  for (let g = 0; g < 8; g++) {
    const zero = buf[offset + 2 * g] === 0 && buf[offset + 2 * g + 1] === 0;
    if (zero) {
      if (runStart < 0) runStart = g;
      const length = g - runStart + 1;
      if (length > bestLength) {
        bestLength = length;
        bestStart = runStart;
      }
    } else runStart = -1;
  }
  if (bestLength < 2) bestStart = -1;

  // ::a.b.c.d and ::ffff:a.b.c.d keep the dotted IPv4 tail, as inet_ntop prints them.
  if (
    bestStart === 0 &&
    (bestLength === 6 || (bestLength === 5 && buf[offset + 10] === 0xff && buf[offset + 11] === 0xff))
  ) {
    const head = bestLength === 6 ? '::' : '::ffff:';
    return `${head}${buf[offset + 12]}.${buf[offset + 13]}.${buf[offset + 14]}.${buf[offset + 15]}`;
  }

  let out = '';
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      out += '::';
      g += bestLength - 1;
      continue;
    }
    if (out.length > 0 && !out.endsWith(':')) out += ':';
    out += group(buf[offset + 2 * g]!, buf[offset + 2 * g + 1]!);
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Parses a dotted quad at text[start, end) into out[at..at+3]; false unless strictly a.b.c.d. */
function parseDottedInto(text: string, start: number, end: number, out: Uint8Array, at: number): boolean {
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) : 46;
    if (code === 46) {
      if (digits === 0 || part > 3) return false;
      out[at + part] = value;
      part++;
      value = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      // inet_pton refuses leading zeros ("01.2.3.4") and values above 255.
      if (digits > 0 && value === 0) return false;
      value = value * 10 + (code - 48);
      digits++;
      if (value > 255) return false;
    } else return false;
  }
  return part === 4;
}

/**
 * Writes the 16 bytes of IPv6 text into out[offset]; false when the text is not an address.
 * Accepts what inet_pton accepts: hex groups, one "::", an optional dotted IPv4 tail; no zone id.
 */
export function writeIpv6Text(text: string, out: Uint8Array, offset = 0): boolean {
  const length = text.length;
  if (length < 2 || length > 45) return false;
  let g = 0; // next group index
  let gap = -1; // group index where "::" stands
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === length) {
      out.fill(0, offset, offset + 16);
      return true;
    }
  }
  while (i < length) {
    if (g >= 8) return false;
    // One group: up to four hex digits, or a dotted IPv4 tail when a '.' turns up.
    let value = 0;
    let digits = 0;
    const groupStart = i;
    while (i < length) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      value = (value << 4) | h;
      digits++;
      i++;
      if (digits > 4) return false;
    }
    if (i < length && text.charCodeAt(i) === 46) {
      if (g > 6) return false;
      if (!parseDottedInto(text, groupStart, length, out, offset + 2 * g)) return false;
      g += 2;
      i = length;
      break;
    }
    if (digits === 0) return false;
    out[offset + 2 * g] = value >> 8;
    out[offset + 2 * g + 1] = value & 0xff;
    g++;
    if (i === length) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < length && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = g;
      i++;
      if (i === length) break;
    } else if (i === length) return false; // trailing single ':'
  }
  if (gap < 0) return g === 8;
  if (g > 7) return false;
  // Slide the groups after "::" to the end and zero the gap.
  const tail = g - gap;
  for (let k = tail - 1; k >= 0; k--) {
    out[offset + 2 * (8 - tail + k)] = out[offset + 2 * (gap + k)]!;
    out[offset + 2 * (8 - tail + k) + 1] = out[offset + 2 * (gap + k) + 1]!;
  }
  out.fill(0, offset + 2 * gap, offset + 2 * (8 - tail));
  return true;
}

/** 16 bytes of an IPv6 text address, or undefined when it is not one. */
export function ipv6TextToBytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  return writeIpv6Text(text, out, 0) ? out : undefined;
}

export function isIpv6(text: string): boolean {
  return ipv6TextToBytes(text) !== undefined;
}

/** Like ipv6TextToBytes but throws a typed INVALID_ADDRESS error. */
export function parseIpv6(text: string): Uint8Array {
  const bytes = ipv6TextToBytes(text);
  if (!bytes) throw codecError('INVALID_ADDRESS', `'${text}' is not an IPv6 address`);
  return bytes;
}

/** RFC 5952 spelling of any accepted IPv6 text ("2001:DB8:0:0::1" -> "2001:db8::1"). */
export function canonicalIpv6(text: string): string {
  return ipv6BytesToText(parseIpv6(text));
}

export function ipv6BytesToBigInt(buf: Uint8Array, offset = 0): bigint {
  let hi = 0n;
  let lo = 0n;
  // Two 64-bit halves built from 32-bit words keep the bigint work to a few operations.
  const w = (i: number) =>
    ((buf[offset + i]! << 24) |
      (buf[offset + i + 1]! << 16) |
      (buf[offset + i + 2]! << 8) |
      buf[offset + i + 3]!) >>>
    0;
  hi = (BigInt(w(0)) << 32n) | BigInt(w(4));
  lo = (BigInt(w(8)) << 32n) | BigInt(w(12));
  return (hi << 64n) | lo;
}

export const IPV6_MAX = (1n << 128n) - 1n;

export function bigIntToIpv6Bytes(
  value: bigint,
  out: Uint8Array = new Uint8Array(16),
  offset = 0,
): Uint8Array {
  if (value < 0n || value > IPV6_MAX) {
    throw codecError('INVALID_ARGUMENT', `${value} is outside the IPv6 address space`);
  }
  // Four 32-bit words rather than sixteen bytes: every BigInt operation allocates, and this runs
  // for each address the allocation engine hands out.
  for (let word = 0; word < 4; word++) {
    const bits = Number(BigInt.asUintN(32, value >> WORD_SHIFTS[word]!));
    const at = offset + word * 4;
    out[at] = bits >>> 24;
    out[at + 1] = (bits >>> 16) & 0xff;
    out[at + 2] = (bits >>> 8) & 0xff;
    out[at + 3] = bits & 0xff;
  }
  return out;
}

const WORD_SHIFTS = [96n, 64n, 32n, 0n];

/** An address given as text, bytes or bigint, as a bigint. */
export function toBigInt(address: string | Uint8Array | bigint): bigint {
  if (typeof address === 'bigint') return address;
  if (typeof address === 'string') return ipv6BytesToBigInt(parseIpv6(address));
  if (address.length !== 16)
    throw codecError('INVALID_ADDRESS', `an IPv6 address has 16 bytes, not ${address.length}`);
  return ipv6BytesToBigInt(address);
}

export function bigIntToIpv6(value: bigint): string {
  return ipv6BytesToText(bigIntToIpv6Bytes(value));
}

export function isLinkLocal(bytes: Uint8Array): boolean {
  return bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80;
}
