/**
 * Kea's JSON is byte-oriented: its printer escapes each byte of a UTF-8 string above 0x7f as
 * `\u00XX`, so ISC's kea-ctrl-agent forwards "é" as "\u00c3\u00a9". A standard parser reads that
 * as two Latin-1 characters; Kea's daemons read it as the two bytes of "é". Strings made only of
 * such characters that form valid UTF-8 are therefore read back as the text they encode, so a
 * command relayed by ISC's agent means to Nestor what it means to Kea. Anything else is kept.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const HIGH_LATIN1 = /[\u0080-\u00ff]/;
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

function textOfByteString(value: string): string {
  if (!HIGH_LATIN1.test(value) || BEYOND_LATIN1.test(value)) return value;
  try {
    return utf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** The value with its byte strings (keys included) read as UTF-8 text; other values unchanged. */
export function decodeByteStrings(value: unknown): unknown {
  if (typeof value === 'string') return textOfByteString(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeByteStrings);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    Object.defineProperty(out, textOfByteString(key), {
      value: decodeByteStrings(inner),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
