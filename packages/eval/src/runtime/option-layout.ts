/**
 * Kea's byte layout of option fields (OptionCustom::createBuffers and the integer option
 * classes): how many bytes each field takes and how Kea prints it. Shared by .hex (which needs
 * to know where the fields end and sub-options begin) and .text.
 */
import { decodeDomainName, ipv6BytesToText, type OptionDefinition } from '@nestor/codec';
import { bytesToLatin1, trimTrailingNuls } from './values.js';

export const INTEGER_SIZES: Readonly<Record<string, number>> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
};

/** Thrown by field readers when the bytes do not fit the definition (Kea drops such packets). */
export class Malformed extends Error {}

export function integer(bytes: Uint8Array, at: number, type: string): number {
  const size = INTEGER_SIZES[type]!;
  if (at + size > bytes.length) throw new Malformed();
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + bytes[at + i]!;
  if (type.startsWith('int') && value >= 2 ** (8 * size - 1)) value -= 2 ** (8 * size);
  return value;
}

export const u32 = (bytes: Uint8Array, at: number) => integer(bytes, at, 'uint32');

export function ipv6(bytes: Uint8Array, at: number): string {
  if (at + 16 > bytes.length) throw new Malformed();
  return ipv6BytesToText(bytes, at);
}

export function ipv4(bytes: Uint8Array, at: number): string {
  if (at + 4 > bytes.length) throw new Malformed();
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

/** Kea's hex for binary fields: uppercase, no separator. */
const upperHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
/** One wire-format domain name at `at`: its text (fully qualified, with the dot) and size. */
function fqdnAt(bytes: Uint8Array, at: number): [string, number] {
  let end = at;
  while (end < bytes.length && bytes[end] !== 0) end += 1 + bytes[end]!;
  if (end >= bytes.length) throw new Malformed();
  const decoded = decodeDomainName(bytes, at, end + 1, false);
  if (typeof decoded === 'string') throw new Malformed();
  return [decoded.names[0] ?? '.', end + 1 - at];
}

export /** OptionCustom's text of one field at `at`, and the bytes it took. */
function fieldText(type: string, bytes: Uint8Array, at: number, last: boolean): [string, number] {
  const size = INTEGER_SIZES[type];
  if (size !== undefined) return [`${integer(bytes, at, type)} (${type})`, size];
  switch (type) {
    case 'boolean':
      if (at >= bytes.length || bytes[at]! > 1) throw new Malformed();
      return [`${bytes[at] === 1 ? 'true' : 'false'} (boolean)`, 1];
    case 'ipv4-address':
      return [`${ipv4(bytes, at)} (ipv4-address)`, 4];
    case 'ipv6-address':
      return [`${ipv6(bytes, at)} (ipv6-address)`, 16];
    case 'ipv6-prefix': {
      if (at >= bytes.length || bytes[at]! > 128) throw new Malformed();
      const length = 1 + Math.ceil(bytes[at]! / 8);
      if (at + length > bytes.length) throw new Malformed();
      return [' (ipv6-prefix)', length];
    }
    case 'psid': {
      if (at + 3 > bytes.length || bytes[at]! > 16) throw new Malformed();
      const length = bytes[at]!;
      const wire = (bytes[at + 1]! << 8) | bytes[at + 2]!;
      return [`len=${length},psid=${length === 0 ? 0 : wire >>> (16 - length)} (psid)`, 3];
    }
    case 'fqdn': {
      const [name, used] = fqdnAt(bytes, at);
      return [`"${name}" (fqdn)`, used];
    }
    case 'tuple': {
      if (at + 2 > bytes.length) throw new Malformed();
      const length = (bytes[at]! << 8) | bytes[at + 1]!;
      if (at + 2 + length > bytes.length) throw new Malformed();
      return [`"${bytesToLatin1(bytes.subarray(at + 2, at + 2 + length))}" (tuple)`, 2 + length];
    }
    case 'string':
      if (!last) throw new Malformed();
      // Kea's readString() drops trailing NULs from the text (the bytes keep them).
      return [`"${bytesToLatin1(trimTrailingNuls(bytes.subarray(at)))}" (string)`, bytes.length - at];
    default:
      // binary: the rest of the option
      if (!last) throw new Malformed();
      return [`${upperHex(bytes.subarray(at))} (binary)`, bytes.length - at];
  }
}

/**
 * Bytes taken by the definition's fields before any sub-options, or undefined when the data
 * does not fit the definition.
 */
export function layoutLength(definition: OptionDefinition, bytes: Uint8Array): number | undefined {
  const size = INTEGER_SIZES[definition.type];
  if (size !== undefined) return definition.array || bytes.length < size ? undefined : size;
  if (definition.type === 'empty') return 0;
  const types = definition.type === 'record' ? definition.recordTypes : [definition.type];
  let at = 0;
  try {
    types.forEach((type, i) => {
      at += fieldText(type, bytes, at, i === types.length - 1 && !definition.encapsulate)[1];
    });
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
  return at;
}
