import { createHash } from 'node:crypto';
import { NcrMessageError } from './errors.js';
import { textToWire } from './name.js';

/**
 * The DHCID RDATA of RFC 4701 §3.3 that Kea puts in an NCR: identifier type (2 octets), digest
 * type 1 (SHA-256), then SHA-256 over the identifier and the client's FQDN in canonical
 * (lower-case) wire form. A DHCPv6 client is identified by its DUID, type 2; kea-dhcp4 uses
 * type 0 (htype + hardware address) or 1 (client identifier).
 */

export const DHCID_IDENTIFIER = { hwaddr: 0, clientId: 1, duid: 2 } as const;

function digest(identifierType: number, identifier: Uint8Array, fqdn: string): Uint8Array {
  if (identifier.length === 0) throw new NcrMessageError('empty DUID used to create DHCID');
  const wire = textToWire(fqdn, true);
  const hash = createHash('sha256').update(identifier).update(wire).digest();
  const out = new Uint8Array(3 + hash.length);
  out[1] = identifierType;
  out[2] = 1;
  out.set(hash, 3);
  return out;
}

/** A DHCPv6 client's DHCID, from its DUID (the client-id option's data). */
export function dhcidFromDuid(duid: Uint8Array, fqdn: string): Uint8Array {
  return digest(DHCID_IDENTIFIER.duid, duid, fqdn);
}

/** A DHCPv4 client's DHCID from its hardware type and address (RFC 4701 identifier type 0). */
export function dhcidFromHwAddr(htype: number, hwaddr: Uint8Array, fqdn: string): Uint8Array {
  if (hwaddr.length === 0)
    throw new NcrMessageError('unable to compute DHCID from the HW address, HW address is empty');
  return digest(DHCID_IDENTIFIER.hwaddr, Uint8Array.from([htype, ...hwaddr]), fqdn);
}
