/**
 * Kea's escaping of free-text CSV fields (hostname, user_context): a character is written as
 * "&#x" and two hex digits. Kea 2.2 escapes the separator and "&"; control characters are escaped
 * here too (as later Kea versions do) so a hostname with a newline cannot split a row. Every Kea
 * version reads any "&#xNN" back, so files stay interchangeable.
 */

const ESCAPE_TAG = '&#x';
const NEEDS_ESCAPE = /[\x00-\x1f,&\x7f]/;
const NEEDS_ESCAPE_ALL = /[\x00-\x1f,&\x7f]/g;
const HIGH_BYTE = /[\x80-\xff]/;

function escapeOne(char: string): string {
  return ESCAPE_TAG + char.charCodeAt(0).toString(16).padStart(2, '0');
}

export function escapeField(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(NEEDS_ESCAPE_ALL, escapeOne) : text;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * Undoes escapeField on text read as latin1 (one character per byte), giving bytes as characters.
 * A tag not followed by two hex digits is kept as it is, as Kea keeps it.
 */
export function unescapeBytes(field: string): string {
  let at = field.indexOf(ESCAPE_TAG);
  if (at < 0) return field;
  let out = '';
  let from = 0;
  while (at >= 0) {
    const high = hexValue(field.charCodeAt(at + 3));
    const low = hexValue(field.charCodeAt(at + 4));
    if (high >= 0 && low >= 0) {
      out += field.slice(from, at) + String.fromCharCode((high << 4) | low);
      from = at + 5;
    } else {
      out += field.slice(from, at + ESCAPE_TAG.length);
      from = at + ESCAPE_TAG.length;
    }
    at = field.indexOf(ESCAPE_TAG, from);
  }
  return out + field.slice(from);
}

// ignoreBOM: a string that starts with U+FEFF keeps it (the decoder would otherwise drop it as a BOM).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Text from bytes held one per character: UTF-8 when the bytes are valid UTF-8 (what Nestor and
 * Kea write for non-ASCII names), else each byte as its Latin-1 character, so nothing is lost.
 */
export function textFromBytes(bytes: string): string {
  if (!HIGH_BYTE.test(bytes)) return bytes;
  for (let i = 0; i < bytes.length; i++) if (bytes.charCodeAt(i) > 0xff) return bytes;
  try {
    return utf8.decode(Buffer.from(bytes, 'latin1'));
  } catch {
    return bytes;
  }
}

/** Reads an escaped field of a latin1-decoded line as text. */
export function unescapeField(field: string): string {
  return textFromBytes(unescapeBytes(field));
}
