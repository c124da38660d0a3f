/** IPv4 addresses for the ipv4-address option field type (S46 rules, custom options). */
import ipaddr from 'ipaddr.js';
import { codecError } from '../errors.js';

/**
 * Strict dotted-quad parsing, as inet_pton does it: ipaddr.js's four-part-decimal check refuses
 * the octal, hex and short forms that its general parser would accept.
 */
export function parseIpv4(text: string): Uint8Array {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) {
    throw codecError('INVALID_ADDRESS', `'${text}' is not an IPv4 address`);
  }
  return Uint8Array.from(ipaddr.IPv4.parse(text).toByteArray());
}

export function ipv4BytesToText(buf: Uint8Array, offset = 0): string {
  return `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}`;
}
