/**
 * What the host commands list, and how: a reservation with its scope and host id, from the
 * configuration file or a hosts database, rendered as Kea's Host::toElement6 renders it with the
 * subnet-id added (host_cmds adds it to every host it returns).
 */
import { ipv6TextToBytes, type OptionDefinitionRegistry } from '@nestor/codec';
import type { Dhcp6Config, JsonObject, Reservation6, Subnet6 } from '@nestor/config';
import { optionElementOf } from '../../host-db/host-options.js';
import type { SqlHostStore } from '../../host-db/sql-host-store.js';

/** What the commands need of the server. */
export interface HostCommandTarget {
  config(): Dhcp6Config;
  /** The hosts databases in search order. */
  databases(): readonly SqlHostStore[];
  /** The option definitions of the configuration (for option names in answers). */
  registry(): OptionDefinitionRegistry;
}

/** Whether a (canonical) address lies in a subnet's prefix. */
export function subnetHolds(subnet: Subnet6, address: string): boolean {
  const bytes = ipv6TextToBytes(address);
  if (!bytes) return false;
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  const shift = 128n - BigInt(subnet.prefix.length);
  return value >> shift === subnet.prefix.address >> shift;
}

/** Kea's Host::getIdentifierType names (circuit-id and client-id are DHCPv4's: never found here). */
export const IDENTIFIER_NAMES = ['hw-address', 'duid', 'circuit-id', 'client-id', 'flex-id'] as const;
export type HostIdentifierName = (typeof IDENTIFIER_NAMES)[number];

export interface ListedHost {
  reservation: Reservation6;
  subnetId: number;
  /** Kea's host id: the database's host_id; for the configuration, its place in it (1, 2...). */
  hostId: number;
}

/**
 * The configuration file's reservations, global ones (scope 0) first, then each subnet's, with
 * host ids counted in that order (Kea's CfgHosts numbers hosts as they are added).
 */
export function configHosts(config: Dhcp6Config): ListedHost[] {
  const hosts: ListedHost[] = [];
  for (const reservation of config.globalReservations)
    hosts.push({ reservation, subnetId: 0, hostId: hosts.length + 1 });
  for (const subnet of config.subnets)
    for (const reservation of subnet.reservations)
      hosts.push({ reservation, subnetId: subnet.id, hostId: hosts.length + 1 });
  return hosts;
}

/**
 * An identifier as the commands take it (Kea's quotedStringToBinary, else
 * decodeFormattedHexString): 'text' in single quotes is its bytes; else hex bytes, separated by
 * colons (one or two digits each) or contiguous. Lowercase colon hex; '' for none; undefined
 * when it is neither.
 */
export function identifierOfText(text: string): string | undefined {
  let bytes: number[];
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) {
    bytes = [...Buffer.from(text.slice(1, -1), 'utf8')];
  } else if (text.includes(':')) {
    const groups = text.split(':');
    if (!groups.every((g) => /^[0-9a-fA-F]{1,2}$/.test(g))) return undefined;
    bytes = groups.map((g) => Number.parseInt(g, 16));
  } else {
    const digits = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
    if (!/^[0-9a-fA-F]*$/.test(digits)) return undefined;
    const even = digits.length % 2 === 1 ? `0${digits}` : digits;
    bytes = [...Buffer.from(even, 'hex')];
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Kea's Host::toElement6 with the subnet-id, as host_cmds returns a host. */
export function hostElement(host: ListedHost, registry: OptionDefinitionRegistry): JsonObject {
  const r = host.reservation;
  const element: JsonObject = {};
  if (r.userContext) element['user-context'] = r.userContext;
  if (r.identifierType === 'flex-id') element['flex-id'] = r.identifier.replace(/:/g, '').toUpperCase();
  else element[r.identifierType] = r.identifier;
  element['ip-addresses'] = [...r.ipAddresses];
  element.prefixes = [...r.prefixes];
  element.hostname = r.hostname;
  element['client-classes'] = [...r.clientClasses];
  element['option-data'] = r.options.map((o) => optionElementOf(o, registry));
  element['subnet-id'] = host.subnetId;
  return element;
}
