/**
 * Identifiers written as hex (DUIDs, hardware addresses, flex-ids, server-id identifiers) in any
 * form Kea reads: `01:02:0a`, `01-02-0a`, `01 02 0a`, `01020a`, `0x01020a`, single-digit groups
 * (`1:2:a`). Normalised to lowercase colon-separated bytes, which is how Kea prints them.
 */

/** Normalises hex text, or returns undefined when it is not hex. */
const CANONICAL = /^[0-9a-f]{2}(?::[0-9a-f]{2})*$/;

export function normaliseHex(text: string): string | undefined {
  // Most identifiers are already written the way Kea prints them.
  if (CANONICAL.test(text)) return text;
  let body = text.trim();
  if (body === '') return undefined;
  if (/^0x/i.test(body)) body = body.slice(2);
  let bytes: string[];
  if (/[:\- ]/.test(body)) {
    const groups = body.split(/[:\- ]/);
    if (groups.some((g) => !/^[0-9a-fA-F]{1,2}$/.test(g))) return undefined;
    bytes = groups.map((g) => g.padStart(2, '0'));
  } else {
    if (!/^[0-9a-fA-F]+$/.test(body)) return undefined;
    if (body.length % 2 === 1) body = `0${body}`;
    bytes = body.match(/../g) ?? [];
  }
  return bytes.join(':').toLowerCase();
}

/** Text in single quotes (`'abc'`) as colon hex of its UTF-8 bytes; Kea allows it for flex-id. */
export function quotedTextToHex(text: string): string | undefined {
  const match = /^'(.*)'$/s.exec(text.trim());
  if (!match) return undefined;
  return [...Buffer.from(match[1]!, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Number of bytes in normalised colon hex. */
export function hexLength(normalised: string): number {
  return normalised === '' ? 0 : (normalised.length + 1) / 3;
}
