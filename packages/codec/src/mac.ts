/**
 * Hardware (MAC) address extraction for Kea's "mac-sources": from an EUI-64 link-local
 * address, a DUID-LLT/LL, the client link-layer address option (RFC 6939), the remote-id
 * option (RFC 4649) and the DOCSIS vendor options. Each returns undefined when its source
 * does not carry a usable address, mirroring Kea's rules.
 */
import { ENTERPRISE_ID_CABLELABS, HardwareType } from './constants.js';
import { describeDuid } from './duid.js';
import { codecError } from './errors.js';
import { ipv6BytesToText, writeIpv6Text } from './ipv6/address.js';
import { parseSeparatedHex, toHex } from './util/hex.js';
import type { Dhcp6Option } from './wire/types.js';

export interface HardwareAddress {
  readonly hardwareType: number;
  readonly address: Uint8Array;
}

/** Kea's HWAddr::MAX_HWADDR_LEN. */
export const MAX_HWADDR_LENGTH = 20;

/** DOCSIS device-id (vendor-4491 option 36) and CMTS cable-modem MAC (1026). */
const DOCSIS_DEVICE_ID = 36;
const DOCSIS_CMTS_CM_MAC = 1026;

export function formatMac(address: Uint8Array): string {
  return toHex(address, ':');
}

/** "00:11:22:33:44:55" (one or two digits per byte) to bytes. Throws INVALID_ARGUMENT. */
export function parseMac(text: string): Uint8Array {
  const bytes = parseSeparatedHex(text.trim(), ':');
  if (!bytes || bytes.length === 0 || bytes.length > MAX_HWADDR_LENGTH) {
    throw codecError('INVALID_ARGUMENT', `'${text}' is not a hardware address (colon-separated hex)`);
  }
  return bytes;
}

/**
 * The MAC inside an EUI-64 link-local address (fe80::/64 whose interface id has ff:fe in the
 * middle and the universal/local bit set, group bit clear), or undefined for any other address.
 */
export function macFromLinkLocal(address: string | Uint8Array): Uint8Array | undefined {
  let bytes: Uint8Array;
  if (typeof address === 'string') {
    bytes = new Uint8Array(16);
    if (!writeIpv6Text(address, bytes, 0)) return undefined;
  } else bytes = address;
  if (bytes.length !== 16 || bytes[0] !== 0xfe || bytes[1] !== 0x80) return undefined;
  // Same test as Kea: u bit set and g bit clear in the (inverted) EUI-64, ff:fe in the middle.
  if ((bytes[8]! & 3) !== 2 || bytes[11] !== 0xff || bytes[12] !== 0xfe) return undefined;
  return Uint8Array.of(bytes[8]! ^ 2, bytes[9]!, bytes[10]!, bytes[13]!, bytes[14]!, bytes[15]!);
}

/** The modified EUI-64 interface identifier of a 48-bit MAC (RFC 4291 appendix A). */
export function eui64InterfaceId(mac: Uint8Array): Uint8Array {
  if (mac.length !== 6)
    throw codecError('INVALID_ARGUMENT', `EUI-64 needs a 6-byte MAC, got ${mac.length} bytes`);
  return Uint8Array.of(mac[0]! ^ 2, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!);
}

/** fe80::<EUI-64 of mac>. */
export function linkLocalFromMac(mac: Uint8Array): string {
  const bytes = new Uint8Array(16);
  bytes[0] = 0xfe;
  bytes[1] = 0x80;
  bytes.set(eui64InterfaceId(mac), 8);
  return ipv6BytesToText(bytes);
}

/** The link-layer address of a DUID-LLT or DUID-LL. */
export function macFromDuid(duid: Uint8Array): HardwareAddress | undefined {
  const info = describeDuid(duid);
  if (info.type === 'llt' || info.type === 'll')
    return { hardwareType: info.hardwareType, address: info.linkLayerAddress };
  return undefined;
}

/** client-linklayer-addr (79, RFC 6939): 2-byte hardware type then the address (>= 1 byte). */
export function macFromClientLinkLayerOption(data: Uint8Array): HardwareAddress | undefined {
  if (data.length < 3) return undefined;
  return { hardwareType: (data[0]! << 8) | data[1]!, address: data.subarray(2) };
}

/**
 * remote-id (37, RFC 4649): 4-byte enterprise number then the relay's identifier, which Kea
 * takes as the hardware address (at most 20 bytes). The hardware type is the receiving
 * interface's, which the caller knows.
 */
export function macFromRemoteId(data: Uint8Array, hardwareType = 0): HardwareAddress | undefined {
  if (data.length < 5) return undefined;
  return { hardwareType, address: data.subarray(4, 4 + Math.min(data.length - 4, MAX_HWADDR_LENGTH)) };
}

function docsisSubOption(options: readonly Dhcp6Option[], code: number): Uint8Array | undefined {
  for (const option of options) {
    if (option.kind !== 'vendor_opts' || option.enterpriseNumber !== ENTERPRISE_ID_CABLELABS) continue;
    for (const sub of option.options) if (sub.code === code && sub.data.length > 0) return sub.data;
  }
  return undefined;
}

/** DOCSIS modem: device-id (vendor-4491 option 36) in the client's vendor-opts. */
export function macFromDocsisModem(clientOptions: readonly Dhcp6Option[]): HardwareAddress | undefined {
  const data = docsisSubOption(clientOptions, DOCSIS_DEVICE_ID);
  return data ? { hardwareType: HardwareType.ETHERNET, address: data } : undefined;
}

/**
 * DOCSIS CMTS: cmts-cm-mac (vendor-4491 option 1026) in a relay layer's vendor-opts; pass the
 * layers' option lists closest to the client first, as Kea searches them.
 */
export function macFromDocsisCmts(
  relayOptionLists: readonly (readonly Dhcp6Option[])[],
): HardwareAddress | undefined {
  for (const options of relayOptionLists) {
    const data = docsisSubOption(options, DOCSIS_CMTS_CM_MAC);
    if (data) return { hardwareType: HardwareType.ETHERNET, address: data };
  }
  return undefined;
}
