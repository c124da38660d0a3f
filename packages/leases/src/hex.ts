/**
 * The hex identifiers of a lease: DUIDs and hardware addresses, read with the tolerance of Kea's
 * parsers and always printed as lowercase, colon-separated byte pairs.
 */

/** Kea's DUID::MAX_DUID_LEN. */
export const MAX_DUID_LENGTH = 128;
/** Kea's HWAddr::MAX_HWADDR_LEN. */
export const MAX_HWADDR_LENGTH = 20;

const CANONICAL_HEX = /^[0-9a-f]{2}(?::[0-9a-f]{2})*$/;
const HEX_DIGITS = /^[0-9a-fA-F]+$/;
const HEX_BYTE = /^[0-9a-fA-F]{1,2}$/;

export type HexParse = { ok: true; text: string } | { ok: false; error: string };

function pairs(bytes: readonly string[]): string {
  return bytes.map((b) => b.toLowerCase().padStart(2, '0')).join(':');
}

/** Groups of one or two hex digits between single separators ("1:2:ab"). */
function separated(text: string, separator: string): HexParse {
  const groups = text.split(separator);
  for (const group of groups) {
    if (group === '') return { ok: false, error: `two consecutive separators in '${text}'` };
    if (!HEX_BYTE.test(group)) return { ok: false, error: `invalid format of the hex string '${text}'` };
  }
  return { ok: true, text: pairs(groups) };
}

/** An unbroken run of hex digits; an odd count takes a leading zero ("102" is 01:02). */
function contiguous(digits: string, original: string): HexParse {
  if (!HEX_DIGITS.test(digits))
    return { ok: false, error: `'${original}' is not a valid string of hex digits` };
  const even = digits.length % 2 === 1 ? `0${digits}` : digits;
  const bytes: string[] = [];
  for (let i = 0; i < even.length; i += 2) bytes.push(even.slice(i, i + 2));
  return { ok: true, text: pairs(bytes) };
}

function byteCount(canonical: string): number {
  return (canonical.length + 1) / 3;
}

/**
 * A DUID as Kea's DUID::fromText reads it: "0x" + hex digits, colon- or space-separated byte
 * groups, or plain hex digits. Between 1 and 128 bytes.
 */
export function parseDuid(text: string): HexParse {
  // The same client's DUID is read several times per packet (IA lookup, each lease it gets):
  // the text last found canonical is known canonical without the pattern test.
  if (text === lastDuid.text) return lastDuid;
  const result = readDuid(text);
  if (result.ok && result.text === text) lastDuid = result;
  return result;
}

let lastDuid: { ok: true; text: string } = { ok: true, text: '\u0000' };
let lastHwaddr: { ok: true; text: string } = { ok: true, text: '\u0000' };

function readDuid(text: string): HexParse {
  let result: HexParse;
  if (CANONICAL_HEX.test(text)) result = { ok: true, text };
  else if (text === '') return { ok: false, error: 'empty DUIDs are not allowed' };
  else if (text.startsWith('0x')) result = contiguous(text.slice(2), text);
  else if (text.includes(':')) result = separated(text, ':');
  else if (text.includes(' ')) result = separated(text, ' ');
  else result = contiguous(text, text);
  if (result.ok && byteCount(result.text) > MAX_DUID_LENGTH) {
    return {
      ok: false,
      error: `DUID size is ${byteCount(result.text)} bytes, exceeds maximum of ${MAX_DUID_LENGTH}`,
    };
  }
  return result;
}

/**
 * A hardware address as Kea's HWAddr::fromText reads it: colon-separated byte groups, at most 20
 * bytes. The empty text means "no hardware address".
 */
export function parseHwaddr(text: string): HexParse {
  if (text === lastHwaddr.text) return lastHwaddr;
  const result = readHwaddr(text);
  if (result.ok && result.text === text) lastHwaddr = result;
  return result;
}

function readHwaddr(text: string): HexParse {
  if (text === '') return { ok: true, text: '' };
  const result = CANONICAL_HEX.test(text) ? ({ ok: true, text } as const) : separated(text, ':');
  if (result.ok && byteCount(result.text) > MAX_HWADDR_LENGTH) {
    return { ok: false, error: `hardware address is longer than ${MAX_HWADDR_LENGTH} bytes` };
  }
  return result;
}
