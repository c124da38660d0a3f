/** The text forms of option-data "data": Kea's csv tokenizer, and the non-csv hex / 'quoted' forms. */
import { parsePlainHex, parseSeparatedHex } from '../util/hex.js';
import { encodeUtf8 } from '../util/text.js';

/**
 * Splits csv data on commas the way Kea does: "\," keeps a comma inside a value, "\\" is one
 * backslash, a backslash before anything else is kept as is, and empty values are dropped.
 */
export function splitCsv(text: string): string[] {
  const out: string[] = [];
  let token = '';
  let inToken = false;
  let escaped = false;
  for (const c of text) {
    if (c === ',') {
      if (!inToken) continue;
      if (escaped) {
        escaped = false;
        token += c;
        continue;
      }
      if (token !== '') out.push(token);
      inToken = false;
      token = '';
    } else if (c === '\\') {
      inToken = true;
      if (escaped) {
        escaped = false;
        token += c;
      } else escaped = true;
    } else {
      inToken = true;
      if (escaped) {
        escaped = false;
        token += `\\${c}`;
      } else token += c;
    }
  }
  if (escaped) token += '\\';
  if (token !== '') out.push(token);
  return out;
}

const BLANKS = /^[ \t\n]+|[ \t\n]+$/g;

/**
 * Non-csv data: 'single-quoted text' (trimmed inside the quotes) becomes its bytes; otherwise
 * hex as "ab:cd:ef" or "a:b:c", "ab cd ef", "0xabcdef" or "abcdef" (an odd digit count gets a
 * leading 0). Returns undefined when the text is none of these.
 */
export function parseHexOrQuoted(text: string): Uint8Array | undefined {
  const trimmed = text.replace(BLANKS, '');
  if (trimmed.length > 1 && trimmed.startsWith("'") && trimmed.endsWith("'")) {
    const inner = trimmed.slice(1, -1).replace(BLANKS, '');
    // Kea treats '' (nothing inside the quotes) as not quoted, which then fails as hex.
    if (inner.length > 0) return encodeUtf8(inner);
  }
  if (text.includes(':')) return parseSeparatedHex(text, ':');
  if (text.includes(' ')) return parseSeparatedHex(text, ' ');
  let digits = text.length > 2 && text.startsWith('0x') ? text.slice(2) : text;
  if (digits.length % 2 !== 0) digits = `0${digits}`;
  return parsePlainHex(digits);
}
