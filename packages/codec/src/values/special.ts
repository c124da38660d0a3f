/**
 * Layouts of options whose Kea definitions are too coarse to use directly: user-class (15) and
 * vendor-class (16) opaque-data tuples (RFC 8415 21.15/21.16), and pd-exclude (67, RFC 6603)
 * whose excluded prefix is relative to the delegated prefix that carries it.
 */
import { codecError } from '../errors.js';
import { bigIntToIpv6, ipv6BytesToBigInt, parseIpv6 } from '../ipv6/address.js';
import { prefixMask } from '../ipv6/prefix.js';

function tuples(data: Uint8Array, start: number, what: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = start;
  while (at < data.length) {
    if (at + 2 > data.length)
      throw codecError('MALFORMED_VALUE', `${what}: truncated data length at byte ${at}`);
    const length = (data[at]! << 8) | data[at + 1]!;
    if (at + 2 + length > data.length) {
      throw codecError(
        'MALFORMED_VALUE',
        `${what}: data claims ${length} bytes, ${data.length - at - 2} left`,
      );
    }
    out.push(data.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return out;
}

/** user-class (15): the list of user-class-data items. */
export function decodeUserClass(data: Uint8Array): Uint8Array[] {
  return tuples(data, 0, 'user-class');
}

/** vendor-class (16): enterprise number and the list of vendor-class-data items. */
export function decodeVendorClass(data: Uint8Array): { enterpriseNumber: number; data: Uint8Array[] } {
  if (data.length < 4) throw codecError('MALFORMED_VALUE', `vendor-class: needs 4 bytes, has ${data.length}`);
  const enterpriseNumber = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  return { enterpriseNumber, data: tuples(data, 4, 'vendor-class') };
}

/** Encodes opaque-data items as 2-byte-length tuples (user-class, vendor-class data). */
export function encodeOpaqueTuples(items: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(items.reduce((n, item) => n + 2 + item.length, 0));
  let at = 0;
  for (const item of items) {
    if (item.length > 0xffff)
      throw codecError('INVALID_ARGUMENT', `opaque data of ${item.length} bytes exceeds 65535`);
    out[at] = item.length >>> 8;
    out[at + 1] = item.length & 0xff;
    out.set(item, at + 2);
    at += 2 + item.length;
  }
  return out;
}

export interface PrefixText {
  readonly prefix: string;
  readonly length: number;
}

function toNetwork(p: PrefixText): bigint {
  if (!Number.isInteger(p.length) || p.length < 0 || p.length > 128) {
    throw codecError('INVALID_PREFIX', `prefix length ${p.length} is not between 0 and 128`);
  }
  return ipv6BytesToBigInt(parseIpv6(p.prefix)) & prefixMask(p.length);
}

/**
 * pd-exclude payload (RFC 6603 section 4.2) for `excluded` inside `delegated`: the excluded
 * prefix length, then the bits between the two lengths (the subnet ID), left-aligned and
 * zero-padded to whole octets.
 */
export function encodePdExclude(delegated: PrefixText, excluded: PrefixText): Uint8Array {
  const outer = toNetwork(delegated);
  const inner = toNetwork(excluded);
  if (excluded.length <= delegated.length || (inner & prefixMask(delegated.length)) !== outer) {
    throw codecError(
      'INVALID_PREFIX',
      `${excluded.prefix}/${excluded.length} is not a longer prefix inside ${delegated.prefix}/${delegated.length}`,
    );
  }
  const bits = excluded.length - delegated.length;
  const octets = Math.ceil(bits / 8);
  // Subnet-ID bits, shifted so that they start at the top of `octets` bytes.
  let id =
    ((inner >> BigInt(128 - excluded.length)) & ((1n << BigInt(bits)) - 1n)) << BigInt(octets * 8 - bits);
  const out = new Uint8Array(1 + octets);
  out[0] = excluded.length;
  for (let i = octets; i >= 1; i--) {
    out[i] = Number(id & 0xffn);
    id >>= 8n;
  }
  return out;
}

/** The excluded prefix a pd-exclude payload names inside `delegated`. Throws MALFORMED_VALUE. */
export function decodePdExclude(data: Uint8Array, delegated: PrefixText): PrefixText {
  const outer = toNetwork(delegated);
  if (data.length < 2)
    throw codecError('MALFORMED_VALUE', `pd-exclude: needs at least 2 bytes, has ${data.length}`);
  const length = data[0]!;
  if (length <= delegated.length || length > 128) {
    throw codecError(
      'MALFORMED_VALUE',
      `pd-exclude: excluded length ${length} does not fit inside a /${delegated.length}`,
    );
  }
  const bits = length - delegated.length;
  const octets = Math.ceil(bits / 8);
  if (data.length !== 1 + octets) {
    throw codecError(
      'MALFORMED_VALUE',
      `pd-exclude: a /${length} inside a /${delegated.length} needs ${octets} subnet-ID bytes, has ${data.length - 1}`,
    );
  }
  let id = 0n;
  for (let i = 1; i <= octets; i++) id = (id << 8n) | BigInt(data[i]!);
  id >>= BigInt(octets * 8 - bits);
  return { prefix: bigIntToIpv6(outer | (id << BigInt(128 - length))), length };
}
