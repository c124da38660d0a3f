/**
 * Values are byte strings, as in Kea (std::string holding arbitrary bytes). Nestor holds them
 * as latin1 JavaScript strings (one char per byte, code 0..255): comparing, concatenating and
 * slicing them are native string operations, and V8 stores them one byte per char.
 */

const SMALL = 64;

/** Bytes -> byte string. */
export function bytesToLatin1(bytes: Uint8Array): string {
  if (bytes.length <= SMALL) {
    let out = '';
    for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
    return out;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Byte string -> bytes. */
export function latin1ToBytes(value: string): Uint8Array {
  const out = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i) & 0xff;
  return out;
}

/** A 32-bit unsigned integer as the 4-byte network-order string Kea pushes for it. */
export function uint32String(value: number): string {
  return String.fromCharCode(
    (value >>> 24) & 0xff,
    (value >>> 16) & 0xff,
    (value >>> 8) & 0xff,
    value & 0xff,
  );
}

/** Kea's OptionString::unpack and readString() drop trailing NUL bytes. */
export function trimTrailingNuls(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return end === bytes.length ? bytes : bytes.subarray(0, end);
}

/** Whether bytes[from, to) equal the byte string `expected`. */
export function rangeEquals(bytes: Uint8Array, from: number, to: number, expected: Uint8Array): boolean {
  if (to - from !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[from + i] !== expected[i]) return false;
  return true;
}

/** Kea's hex rendering in option text: two lowercase digits per byte, joined by `separator`. */
export function hexJoin(value: string, separator: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += separator;
    out += (value.charCodeAt(i) & 0xff).toString(16).padStart(2, '0');
  }
  return out;
}

/** Human-readable dump of a byte string for messages: 0x followed by hex, or '' when empty. */
export function toHex(value: string): string {
  return value.length === 0 ? '' : `0x${hexJoin(value, '')}`;
}
