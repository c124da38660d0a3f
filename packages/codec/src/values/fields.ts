/**
 * The wire format of each option field type (RFC 8415 section 21 conventions as Kea lays them
 * out): reading one field from bytes, writing one field, and parsing/formatting its text
 * form as used in csv option-data.
 */

import type { FieldType } from '../defs/types.js';
import { ipv6BytesToText, writeIpv6Text } from '../ipv6/address.js';
import { ipv4BytesToText, parseIpv4 } from '../ipv6/ipv4.js';
import { toHex } from '../util/hex.js';
import { decodeUtf8, encodeUtf8 } from '../util/text.js';
import { decodeDomainName, encodeDomainName } from './fqdn.js';

export interface PrefixValue {
  readonly prefix: string;
  readonly length: number;
}

export interface PsidValue {
  /** The PSID value (right-aligned, as written in "psid/len" text). */
  readonly psid: number;
  readonly length: number;
}

/**
 * A decoded field: numbers for integer types, boolean, strings for addresses, text, names and
 * tuples, bytes for binary, and small records for ipv6-prefix and psid.
 */
export type FieldValue = number | boolean | string | Uint8Array | PrefixValue | PsidValue;

/** Thrown by field readers/parsers with a reason; the caller adds which option it was. */
export class FieldError extends Error {}

const INT_RANGES: Record<string, [number, number, number]> = {
  uint8: [0, 0xff, 1],
  uint16: [0, 0xffff, 2],
  uint32: [0, 0xffffffff, 4],
  int8: [-0x80, 0x7f, 1],
  int16: [-0x8000, 0x7fff, 2],
  int32: [-0x80000000, 0x7fffffff, 4],
};

/** Bytes a fixed-size field takes, or 0 for variable-size ones. */
export function fixedSize(type: FieldType): number {
  switch (type) {
    case 'uint8':
    case 'int8':
    case 'boolean':
      return 1;
    case 'uint16':
    case 'int16':
      return 2;
    case 'uint32':
    case 'int32':
      return 4;
    case 'ipv4-address':
      return 4;
    case 'ipv6-address':
      return 16;
    case 'psid':
      return 3;
    default:
      return 0;
  }
}

function readInt(buf: Uint8Array, at: number, type: string): number {
  switch (type) {
    case 'uint8':
      return buf[at]!;
    case 'int8':
      return (buf[at]! << 24) >> 24;
    case 'uint16':
      return (buf[at]! << 8) | buf[at + 1]!;
    case 'int16':
      return (((buf[at]! << 8) | buf[at + 1]!) << 16) >> 16;
    case 'uint32':
      return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
    default:
      return (buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!;
  }
}

/**
 * Reads one field at buf[pos] (bounded by `end`); `last` says whether it is the last field,
 * which lets string and binary take the rest. Returns the value and the next position.
 */
export function readField(buf: Uint8Array, pos: number, end: number, type: FieldType): [FieldValue, number] {
  const size = fixedSize(type);
  if (size > 0 && pos + size > end) throw new FieldError(`${type} needs ${size} bytes, ${end - pos} left`);
  switch (type) {
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'int8':
    case 'int16':
    case 'int32':
      return [readInt(buf, pos, type), pos + size];
    case 'boolean': {
      const byte = buf[pos]!;
      if (byte > 1) throw new FieldError(`boolean byte is ${byte}, not 0 or 1`);
      return [byte === 1, pos + 1];
    }
    case 'ipv4-address':
      return [ipv4BytesToText(buf, pos), pos + 4];
    case 'ipv6-address':
      return [ipv6BytesToText(buf, pos), pos + 16];
    case 'ipv6-prefix': {
      if (pos >= end) throw new FieldError('ipv6-prefix needs a length byte');
      const length = buf[pos]!;
      if (length > 128) throw new FieldError(`prefix length ${length} exceeds 128`);
      const bytes = Math.ceil(length / 8);
      if (pos + 1 + bytes > end)
        throw new FieldError(`a /${length} prefix needs ${bytes} bytes, ${end - pos - 1} left`);
      const full = new Uint8Array(16);
      full.set(buf.subarray(pos + 1, pos + 1 + bytes));
      return [{ prefix: ipv6BytesToText(full), length }, pos + 1 + bytes];
    }
    case 'psid': {
      const length = buf[pos]!;
      const raw = (buf[pos + 1]! << 8) | buf[pos + 2]!;
      if (length > 16) throw new FieldError(`PSID length ${length} exceeds 16`);
      if (length === 0) {
        if (raw !== 0) throw new FieldError('PSID bits set with a PSID length of 0');
        return [{ psid: 0, length: 0 }, pos + 3];
      }
      if ((raw & ((1 << (16 - length)) - 1)) !== 0)
        throw new FieldError(`PSID bits set beyond its length ${length}`);
      return [{ psid: raw >>> (16 - length), length }, pos + 3];
    }
    case 'string':
      return [decodeUtf8(buf, pos, end), end];
    case 'binary':
      return [buf.subarray(pos, end), end];
    case 'tuple': {
      if (pos + 2 > end) throw new FieldError('tuple needs a 2-byte length');
      const length = (buf[pos]! << 8) | buf[pos + 1]!;
      if (pos + 2 + length > end) throw new FieldError(`tuple claims ${length} bytes, ${end - pos - 2} left`);
      return [decodeUtf8(buf, pos + 2, pos + 2 + length), pos + 2 + length];
    }
    case 'fqdn': {
      // One name: find its root label, then decode just that span.
      let at = pos;
      while (at < end && buf[at] !== 0) {
        if (buf[at]! > 63) break;
        at += 1 + buf[at]!;
      }
      const stop = Math.min(at + 1, end);
      const decoded = decodeDomainName(buf, pos, stop, false);
      if (typeof decoded === 'string') throw new FieldError(decoded);
      return [decoded.names[0]!, stop];
    }
  }
}

/** Encodes one field value of `type`; the value must have the type readField returns. */
export function fieldBytes(type: FieldType, value: FieldValue): Uint8Array {
  const wrong = (): never => {
    throw new FieldError(`${JSON.stringify(value)} is not a ${type} value`);
  };
  switch (type) {
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'int8':
    case 'int16':
    case 'int32': {
      const [min, max, size] = INT_RANGES[type]!;
      if (typeof value !== 'number' || !Number.isInteger(value)) return wrong();
      if (value < min || value > max)
        throw new FieldError(`${value} is out of the ${type} range ${min}..${max}`);
      const out = new Uint8Array(size);
      let v = value < 0 ? value + 2 ** (8 * size) : value;
      for (let i = size - 1; i >= 0; i--) {
        out[i] = v % 256;
        v = Math.floor(v / 256);
      }
      return out;
    }
    case 'boolean':
      return typeof value === 'boolean' ? Uint8Array.of(value ? 1 : 0) : wrong();
    case 'ipv4-address':
      if (typeof value !== 'string') return wrong();
      try {
        return parseIpv4(value);
      } catch {
        throw new FieldError(`'${value}' is not an IPv4 address`);
      }
    case 'ipv6-address': {
      if (typeof value !== 'string') return wrong();
      const out = new Uint8Array(16);
      if (!writeIpv6Text(value, out, 0)) throw new FieldError(`'${value}' is not an IPv6 address`);
      return out;
    }
    case 'ipv6-prefix': {
      if (typeof value !== 'object' || !('prefix' in value)) return wrong();
      const full = new Uint8Array(16);
      if (!writeIpv6Text(value.prefix, full, 0))
        throw new FieldError(`'${value.prefix}' is not an IPv6 address`);
      if (!Number.isInteger(value.length) || value.length < 0 || value.length > 128) {
        throw new FieldError(`prefix length ${value.length} is not between 0 and 128`);
      }
      const bytes = Math.ceil(value.length / 8);
      const out = new Uint8Array(1 + bytes);
      out[0] = value.length;
      out.set(full.subarray(0, bytes), 1);
      // The bits after the prefix length are padding and go out as zero.
      if (value.length % 8 !== 0) out[bytes] = out[bytes]! & (0xff << (8 - (value.length % 8)));
      return out;
    }
    case 'psid': {
      if (typeof value !== 'object' || !('psid' in value)) return wrong();
      const { psid, length } = value;
      if (!Number.isInteger(length) || length < 0 || length > 16)
        throw new FieldError(`PSID length ${length} is not between 0 and 16`);
      if (!Number.isInteger(psid) || psid < 0 || psid >= 2 ** length) {
        throw new FieldError(`PSID ${psid} does not fit in ${length} bits`);
      }
      const wire = length === 0 ? 0 : psid << (16 - length);
      return Uint8Array.of(length, wire >>> 8, wire & 0xff);
    }
    case 'string':
      return typeof value === 'string' ? encodeUtf8(value) : wrong();
    case 'binary':
      return value instanceof Uint8Array ? value : wrong();
    case 'tuple': {
      if (typeof value !== 'string') return wrong();
      const text = encodeUtf8(value);
      if (text.length > 0xffff) throw new FieldError('tuple longer than 65535 bytes');
      const out = new Uint8Array(2 + text.length);
      out[0] = text.length >>> 8;
      out[1] = text.length & 0xff;
      out.set(text, 2);
      return out;
    }
    case 'fqdn':
      if (typeof value !== 'string') return wrong();
      try {
        return encodeDomainName(value, { fullyQualified: true });
      } catch (error) {
        throw new FieldError(`'${value}' is not a valid domain name: ${(error as Error).message}`);
      }
  }
}

const DECIMAL = /^[+-]?\d+$/;
const HEXADECIMAL = /^([+-]?)(?:0[xX])?([0-9a-fA-F]+)$/;

/**
 * Integer text as Kea reads it: decimal first, then hexadecimal with or without 0x
 * ("0x1f", "1f", "FF"); then the range of the type.
 */
function parseInteger(text: string, type: string): number {
  let value: bigint;
  if (DECIMAL.test(text)) value = BigInt(text);
  else {
    const match = HEXADECIMAL.exec(text);
    if (!match) throw new FieldError(`'${text}' is not an integer`);
    value = BigInt(`0x${match[2]}`) * (match[1] === '-' ? -1n : 1n);
  }
  const [min, max] = INT_RANGES[type]!;
  if (value < BigInt(min) || value > BigInt(max))
    throw new FieldError(`'${text}' is out of the ${type} range ${min}..${max}`);
  return Number(value);
}

/** Parses one csv token (already trimmed) as a value of `type`, as Kea's writeToBuffer does. */
export function parseFieldText(type: FieldType, text: string): FieldValue {
  switch (type) {
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'int8':
    case 'int16':
    case 'int32':
      return parseInteger(text, type);
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (/^[+-]?\d+$/.test(text) && (Number(text) === 0 || Number(text) === 1)) return Number(text) === 1;
      throw new FieldError(`'${text}' is not a boolean (true, false, 1 or 0)`);
    }
    case 'ipv4-address':
    case 'ipv6-address':
    case 'string':
    case 'tuple':
    case 'fqdn':
      return text;
    case 'binary': {
      const digits = text.replace(/\s+/g, '');
      if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 !== 0) {
        throw new FieldError(`'${text}' is not an even number of hexadecimal digits`);
      }
      const out = new Uint8Array(digits.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
      return out;
    }
    case 'ipv6-prefix': {
      const compact = text.replace(/[ \t]/g, '');
      const slash = compact.indexOf('/');
      if (slash < 0) throw new FieldError(`'${text}' is not a prefix (address/length)`);
      const lengthText = compact.slice(slash + 1);
      if (!/^\d{1,3}$/.test(lengthText))
        throw new FieldError(`'${text}': '${lengthText}' is not a prefix length`);
      return { prefix: compact.slice(0, slash), length: Number(lengthText) };
    }
    case 'psid': {
      const compact = text.replace(/[ \t]/g, '');
      const slash = compact.indexOf('/');
      if (slash < 0) throw new FieldError(`'${text}' is not a PSID (psid/length)`);
      return {
        psid: parseInteger(compact.slice(0, slash), 'uint16'),
        length: parseInteger(compact.slice(slash + 1), 'uint8'),
      };
    }
  }
}

/** Escapes a text value so the csv tokenizer gives it back unchanged. */
function escapeCsv(text: string): string {
  return text.replace(/[\\,]/g, (c) => `\\${c}`);
}

/** The csv text of one field value (what parseFieldText reads back). */
export function formatFieldText(type: FieldType, value: FieldValue): string {
  switch (type) {
    case 'binary':
      return toHex(value as Uint8Array);
    case 'ipv6-prefix': {
      const p = value as PrefixValue;
      return `${p.prefix}/${p.length}`;
    }
    case 'psid': {
      const p = value as PsidValue;
      return `${p.psid}/${p.length}`;
    }
    case 'string':
    case 'tuple':
    case 'fqdn':
      return escapeCsv(value as string);
    default:
      return String(value);
  }
}
