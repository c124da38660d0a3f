/** Byte <-> hexadecimal text helpers shared by DUIDs, MACs and option formatting. */

const HEX2: string[] = [];
for (let i = 0; i < 256; i++) HEX2.push(i.toString(16).padStart(2, '0'));

/** Lowercase two-digit hex of each byte joined by `separator` ("00:01:ff" for ':'). */
export function toHex(bytes: Uint8Array, separator = ''): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && separator) out += separator;
    out += HEX2[bytes[i]!];
  }
  return out;
}

export function hexByte(value: number): string {
  return HEX2[value & 0xff]!;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Plain even-length hex ("0a1b") to bytes, or undefined when the text is not that. */
export function parsePlainHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexDigit(text.charCodeAt(2 * i));
    const lo = hexDigit(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/**
 * Octets of one or two hex digits separated by `separator` ("1:2:ab" -> 01 02 ab), or undefined.
 * Empty groups (two separators in a row, a leading or trailing separator) are rejected.
 */
export function parseSeparatedHex(text: string, separator: string): Uint8Array | undefined {
  const groups = text.split(separator);
  const out = new Uint8Array(groups.length);
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (group.length === 0 || group.length > 2) return undefined;
    let value = 0;
    for (let j = 0; j < group.length; j++) {
      const digit = hexDigit(group.charCodeAt(j));
      if (digit < 0) return undefined;
      value = (value << 4) | digit;
    }
    out[i] = value;
  }
  return out;
}
