import { NcrMessageError } from './errors.js';

/**
 * Domain names as Kea's DNS library reads and prints them (RFC 1035 master-file text: `\.` and
 * `\DDD` escapes, an optional trailing dot). An NCR's fqdn is normalised through this, so the
 * name D2 updates, its wire form and its text match what ISC's daemons produce for the same
 * input, and a name Kea refuses is refused with Kea's reason.
 */

const MAX_WIRE = 255;
const MAX_LABEL = 63;

/** A name split into labels of raw octets, the root being no label at all. */
export interface DomainName {
  readonly labels: readonly Uint8Array[];
}

export class NameError extends Error {
  override readonly name = 'NameError';
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Parses master-file text into labels; throws NameError with Kea's wording. */
export function parseName(text: string): DomainName {
  const bytes = Buffer.from(text, 'utf8');
  const whole = text;
  if (bytes.length === 0) throw new NameError('incomplete textual name in <empty>');
  if (text === '.' || text === '@') return { labels: [] };
  if (bytes[0] === 0x2e) throw new NameError(`non terminating empty label in ${whole}`);
  const labels: Uint8Array[] = [];
  let label: number[] = [];
  let wire = 1; // the root's zero octet
  let i = 0;
  let terminated = false;
  const push = (octet: number) => {
    if (label.length + 1 > MAX_LABEL) throw new NameError(`label is too long in ${whole}`);
    label.push(octet);
  };
  while (i < bytes.length) {
    const c = bytes[i++]!;
    if (c === 0x2e) {
      if (label.length === 0) throw new NameError(`duplicate period in ${whole}`);
      labels.push(Uint8Array.from(label));
      wire += label.length + 1;
      label = [];
      if (i === bytes.length) terminated = true;
    } else if (c === 0x5c) {
      if (i >= bytes.length) throw new NameError(`incomplete textual name in ${whole}`);
      const e = bytes[i]!;
      if (label.length === 0 && e === 0x5b) throw new NameError(`invalid label type in ${whole}`);
      if (!isDigit(e)) {
        push(e);
        i++;
        continue;
      }
      let value = 0;
      for (let d = 0; d < 3; d++) {
        const digit = bytes[i];
        if (digit === undefined) throw new NameError(`incomplete textual name in ${whole}`);
        if (!isDigit(digit)) throw new NameError(`mixture of escaped digit and non-digit in ${whole}`);
        value = value * 10 + (digit - 0x30);
        i++;
      }
      if (value > 255) throw new NameError(`escaped decimal is too large in ${whole}`);
      push(value);
    } else {
      push(c);
    }
    if (wire + label.length + 1 > MAX_WIRE)
      throw new NameError(`name is too long for termination in ${whole}`);
  }
  if (!terminated) {
    labels.push(Uint8Array.from(label));
    wire += label.length + 1;
  }
  if (wire > MAX_WIRE) throw new NameError(`name is too long for termination in ${whole}`);
  return { labels };
}

// Characters master-file text escapes with a backslash (as Kea's and BIND's printers do).
const SPECIAL = new Set([0x22, 0x28, 0x29, 0x2e, 0x3b, 0x5c, 0x40, 0x24]);

/** Master-file text with a trailing dot, as Kea's Name::toText prints it. */
export function nameToText(name: DomainName): string {
  if (name.labels.length === 0) return '.';
  let out = '';
  for (const label of name.labels) {
    for (const c of label) {
      if (SPECIAL.has(c)) out += `\\${String.fromCharCode(c)}`;
      else if (c > 0x20 && c < 0x7f) out += String.fromCharCode(c);
      else out += `\\${String(c).padStart(3, '0')}`;
    }
    out += '.';
  }
  return out;
}

const lower = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

/** Uncompressed wire form; `downcase` gives the canonical form of RFC 4034 (DHCID, TSIG). */
export function nameToWire(name: DomainName, downcase = false): Uint8Array {
  let size = 1;
  for (const label of name.labels) size += label.length + 1;
  const out = new Uint8Array(size);
  let at = 0;
  for (const label of name.labels) {
    out[at++] = label.length;
    for (const c of label) out[at++] = downcase ? lower(c) : c;
  }
  out[at] = 0;
  return out;
}

/** Wire form of a name given as text; throws NcrMessageError when the text is not a name. */
export function textToWire(text: string, downcase = false): Uint8Array {
  try {
    return nameToWire(parseName(text), downcase);
  } catch (err) {
    throw new NcrMessageError(`Invalid FQDN value: ${text}, reason: ${(err as Error).message}`);
  }
}
