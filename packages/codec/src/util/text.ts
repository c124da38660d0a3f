/** UTF-8 helpers tuned for the short ASCII strings DHCPv6 carries (status messages, names). */

// ignoreBOM: a leading EF BB BF is data here, not a byte-order mark to drop.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** Decodes buf[start, end) as UTF-8; invalid sequences become U+FFFD, never an exception. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  // Short ASCII is the common case and is cheaper to build directly than through TextDecoder.
  if (end - start <= 64) {
    let out = '';
    for (let i = start; i < end; i++) {
      const byte = buf[i]!;
      if (byte >= 0x80) return decoder.decode(buf.subarray(start, end));
      out += String.fromCharCode(byte);
    }
    return out;
  }
  return decoder.decode(buf.subarray(start, end));
}

/** Number of bytes `text` takes in UTF-8. */
export function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4;
        i++;
      } else length += 3;
    } else length += 3;
  }
  return length;
}

/** Writes `text` as UTF-8 at `offset`; returns the number of bytes written. */
export function writeUtf8(text: string, buf: Uint8Array, offset: number): number {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    for (let i = 0; i < text.length; i++) buf[offset + i] = text.charCodeAt(i);
    return text.length;
  }
  return encoder.encodeInto(text, buf.subarray(offset)).written;
}

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Bytes to a string one char per byte (latin1): lossless for any byte string. */
export function bytesToLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}
