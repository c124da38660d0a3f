import type { ProblemCollector } from '../errors.js';
import type { JsonObject } from '../kea-json.js';
import { hexLength, normaliseHex, quotedTextToHex } from '../net/hex.js';
import { formatIpv6, type Ipv6Prefix, parseIpv6, parseIpv6Prefix, prefixContains } from '../net/ip.js';
import type { HostIdentifierType, OptionData6, Reservation6 } from './model.js';

type Path = readonly (string | number)[];

const IDENTIFIER_TYPES: readonly HostIdentifierType[] = ['duid', 'hw-address', 'flex-id'];
/** Kea's DUID bounds (RFC 8415: at most 128 bytes of DUID after the 2-byte type). */
const DUID_MAX_BYTES = 130;
const HWADDR_MAX_BYTES = 20;

function parseIdentifier(
  type: HostIdentifierType,
  text: string,
  path: Path,
  problems: ProblemCollector,
): string | undefined {
  const hex = type === 'flex-id' ? (quotedTextToHex(text) ?? normaliseHex(text)) : normaliseHex(text);
  if (hex === undefined) {
    problems.add(path, `invalid ${type} '${text}': expected hexadecimal bytes`);
    return undefined;
  }
  const length = hexLength(hex);
  if (type === 'duid' && (length < 1 || length > DUID_MAX_BYTES)) {
    problems.add(path, `invalid duid '${text}': length ${length} is not within 1..${DUID_MAX_BYTES} bytes`);
    return undefined;
  }
  if (type === 'hw-address' && length > HWADDR_MAX_BYTES) {
    problems.add(path, `invalid hw-address '${text}': longer than ${HWADDR_MAX_BYTES} bytes`);
    return undefined;
  }
  return hex;
}

/**
 * Reads the reservations of one scope (a subnet, or the global list when `subnet` is undefined)
 * and checks what Kea checks: exactly one identifier, addresses inside the subnet, no client
 * reserved twice and, when ip-reservations-unique is true, no address or prefix reserved twice.
 */
export function buildReservations(
  list: readonly JsonObject[],
  path: Path,
  subnet: Ipv6Prefix | undefined,
  ipReservationsUnique: boolean,
  buildOptions: (raw: JsonObject, path: Path) => OptionData6[],
  problems: ProblemCollector,
): Reservation6[] {
  const result: Reservation6[] = [];
  const clients = new Set<string>();
  const reserved = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const raw = list[i]!;
    const at: Path = [...path, i];
    const given = IDENTIFIER_TYPES.filter((type) => raw[type] !== undefined);
    if (given.length === 0) {
      problems.add(
        at,
        'one of the supported identifiers must be specified for host reservation: duid, flex-id, hw-address',
      );
      continue;
    }
    if (given.length > 1) {
      problems.add(at, `the '${given[0]}' and '${given[1]}' are mutually exclusive`);
      continue;
    }
    const identifierType = given[0]!;
    const identifier = parseIdentifier(
      identifierType,
      raw[identifierType] as string,
      [...at, identifierType],
      problems,
    );
    if (identifier === undefined) continue;
    const clientKey = `${identifierType}=${identifier}`;
    if (clients.has(clientKey)) {
      problems.add(
        [...at, identifierType],
        `the host with ${identifierType} '${identifier}' is reserved more than once in this scope`,
      );
    }
    clients.add(clientKey);

    const ipAddresses: string[] = [];
    const addresses = (raw['ip-addresses'] as string[] | undefined) ?? [];
    for (let j = 0; j < addresses.length; j++) {
      const text = addresses[j]!;
      const value = parseIpv6(text);
      if (value === undefined) {
        problems.add([...at, 'ip-addresses', j], `'${text}' is not a valid IPv6 address`);
        continue;
      }
      if (subnet && !prefixContains(subnet, value)) {
        problems.add(
          [...at, 'ip-addresses', j],
          `specified reservation '${text}' is not within the IPv6 subnet '${formatIpv6(subnet.address)}/${subnet.length}'`,
        );
        continue;
      }
      const canonical = formatIpv6(value);
      noteReserved(canonical, at, 'ip-addresses', j, i);
      ipAddresses.push(canonical);
    }
    const prefixes: string[] = [];
    const prefixList = (raw.prefixes as string[] | undefined) ?? [];
    for (let j = 0; j < prefixList.length; j++) {
      const text = prefixList[j]!;
      const prefix = parseIpv6Prefix(text);
      if (!prefix) {
        problems.add([...at, 'prefixes', j], `'${text}' is not a valid IPv6 prefix (address/length)`);
        continue;
      }
      const canonical = `${formatIpv6(prefix.address)}/${prefix.length}`;
      noteReserved(canonical, at, 'prefixes', j, i);
      prefixes.push(canonical);
    }
    const reservation: Reservation6 = {
      identifierType,
      identifier,
      ipAddresses,
      prefixes,
      hostname: (raw.hostname as string | undefined) ?? '',
      clientClasses: [...((raw['client-classes'] as string[] | undefined) ?? [])],
      options: buildOptions(raw, at),
    };
    if (raw['user-context'] !== undefined) reservation.userContext = raw['user-context'] as JsonObject;
    result.push(reservation);
  }
  return result;

  function noteReserved(key: string, at: Path, list: string, item: number, index: number): void {
    const previous = reserved.get(key);
    if (previous !== undefined && ipReservationsUnique && previous !== index) {
      problems.add(
        [...at, list, item],
        `'${key}' is already reserved for another host (reservation ${previous}) and ip-reservations-unique is true`,
      );
    }
    if (previous === undefined) reserved.set(key, index);
  }
}
