/**
 * Domain names in DNS wire format (RFC 1035 labels, never compressed in DHCPv6) and their
 * presentation text. Text uses the usual escapes (\. \\ \DDD) so that any label bytes survive
 * a wire -> text -> wire round trip. Fully qualified names end with '.', partial names
 * (client-fqdn, RFC 4704) do not.
 */
import { codecError } from '../errors.js';

const MAX_LABEL = 63;
const MAX_NAME_WIRE = 255;

// Characters that must be escaped with a backslash in presentation format.
const SPECIAL = new Set([0x22, 0x28, 0x29, 0x2e, 0x3b, 0x5c, 0x40, 0x24]);

function labelText(buf: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    if (SPECIAL.has(byte)) out += `\\${String.fromCharCode(byte)}`;
    else if (byte <= 0x20 || byte >= 0x7f) out += `\\${byte.toString().padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

export interface DecodedNames {
  readonly names: string[];
  /** True when the last name ran to the end of the data without a root label. */
  readonly partial: boolean;
}

/**
 * Decodes buf[start, end). With `single`, the data is one name that may be partial or empty
 * (client-fqdn); otherwise it is a sequence of fully qualified names (fqdn arrays).
 * Returns a reason string instead of throwing, so callers can wrap it in their own error kind.
 */
export function decodeDomainName(
  buf: Uint8Array,
  start: number,
  end: number,
  single: boolean,
): DecodedNames | string {
  const names: string[] = [];
  let pos = start;
  while (pos < end) {
    let text = '';
    let wireLength = 0;
    let terminated = false;
    while (pos < end) {
      const length = buf[pos]!;
      if (length === 0) {
        pos++;
        wireLength++;
        terminated = true;
        break;
      }
      if (length > MAX_LABEL) {
        return (length & 0xc0) === 0xc0
          ? 'compressed domain names are not allowed in DHCPv6'
          : `label length ${length} exceeds 63`;
      }
      if (pos + 1 + length > end) return `label of ${length} bytes runs past the end of the data`;
      text += `${labelText(buf, pos + 1, pos + 1 + length)}.`;
      wireLength += 1 + length;
      pos += 1 + length;
      if (wireLength > MAX_NAME_WIRE) return 'domain name longer than 255 bytes';
    }
    if (!terminated) {
      if (!single) return 'domain name is not terminated by a root label';
      // Partial name: drop the separator added after its last label.
      names.push(text.slice(0, -1));
      return { names, partial: true };
    }
    names.push(text === '' ? '.' : text);
    if (single && pos < end) return `${end - pos} bytes after the end of the domain name`;
  }
  if (single && names.length === 0) return { names, partial: true };
  return { names, partial: false };
}

/**
 * Presentation text to wire labels. A trailing '.' (or `fullyQualified`) adds the root label;
 * without either the name is partial. Throws MALFORMED_VALUE on bad labels.
 */
export function encodeDomainName(text: string, options: { fullyQualified?: boolean } = {}): Uint8Array {
  const bytes: number[] = [];
  const labels: number[][] = [];
  let label: number[] = [];
  let explicitRoot = false;
  if (text === '.') {
    explicitRoot = true;
  } else {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0x5c) {
        // \DDD (decimal byte) or \X (the character itself)
        const rest = text.slice(i + 1, i + 4);
        if (/^\d{3}$/.test(rest)) {
          const value = Number(rest);
          if (value > 255) throw codecError('MALFORMED_VALUE', `'${text}': escape \\${rest} is not a byte`);
          label.push(value);
          i += 3;
        } else if (i + 1 < text.length) {
          label.push(text.charCodeAt(i + 1));
          i += 1;
        } else throw codecError('MALFORMED_VALUE', `'${text}': dangling backslash`);
        continue;
      }
      if (code === 0x2e) {
        if (label.length === 0) throw codecError('MALFORMED_VALUE', `'${text}' has an empty label`);
        labels.push(label);
        label = [];
        if (i === text.length - 1) explicitRoot = true;
        continue;
      }
      if (code > 0xff)
        throw codecError('MALFORMED_VALUE', `'${text}' contains a character that is not a byte`);
      label.push(code);
    }
    if (label.length > 0) labels.push(label);
    else if (!explicitRoot) throw codecError('MALFORMED_VALUE', 'empty domain name');
  }
  for (const l of labels) {
    if (l.length > MAX_LABEL)
      throw codecError('MALFORMED_VALUE', `'${text}' has a label longer than 63 bytes`);
    bytes.push(l.length, ...l);
  }
  if (explicitRoot || options.fullyQualified) bytes.push(0);
  if (bytes.length > MAX_NAME_WIRE)
    throw codecError('MALFORMED_VALUE', `'${text}' is longer than 255 bytes on the wire`);
  return Uint8Array.from(bytes);
}
