import { isIP } from 'node:net';
import { type ArgumentScope, addressFailure, CommandArgumentError, toUint32 } from '@nestor/control';
import { canonicalIPv6, LeaseType } from '@nestor/leases';
import { duidFromText, hwaddrFromText } from './hex-text.js';
import { queriedLeaseType } from './lease-fields.js';

/**
 * Which lease lease6-get and lease6-del name. `type` is undefined for Kea's "V4", which no DHCPv6
 * lease has. Queries by hardware address or client identifier parse but are refused by the
 * commands, each in its own words.
 */
export type LeaseQuery =
  | { by: 'address'; type: LeaseType | undefined; address: string }
  | { by: 'duid'; type: LeaseType | undefined; duid: string; iaid: number; subnetId: number }
  | { by: 'hw-address' }
  | { by: 'client-id' };

/** Kea's refusal of a lease query that is no map (or missing). */
export const QUERY_NOT_MAP = 'Parameters missing or are not a map.';

/** Kea's code for each query kind, which one of its refusals prints. */
export const QUERY_TYPE_CODES = { address: 0, 'hw-address': 1, duid: 2, 'client-id': 3 } as const;

/** An address given as text; IPv4 and garbage are refused with Kea's two texts. */
function ipv6Address(text: string): string {
  const canonical = canonicalIPv6(text);
  if (canonical !== undefined) return canonical;
  if (isIP(text) === 4) throw new CommandArgumentError(`Invalid IPv6 address specified: ${text}`);
  throw new CommandArgumentError(addressFailure(text));
}

/** A client identifier: read as a DUID is (Kea's type derives from it), and at least 2 bytes. */
function checkClientId(text: string): void {
  const length = (duidFromText(text).length + 1) / 3;
  if (length < 2)
    throw new CommandArgumentError(`client-id is too short (${length}), at least 2 is required`);
}

/**
 * Reads the identification of one lease as Kea's lease commands do, in their order:
 * `update-ddns` (a boolean when given: lease6-del then removes the lease's DNS records), `type`
 * (IA_NA by default), then `ip-address` (which settles it), else the mandatory `subnet-id`, the
 * optional `iaid` (0 when left out), `identifier-type` and `identifier`. Kea casts the subnet
 * identifier and the IAID to 32 bits without a range check, and an `identifier-type` of
 * "address" leaves the address unset (::).
 */
export function parseLeaseQuery(scope: ArgumentScope): LeaseQuery {
  const map = scope.map();
  if (map['update-ddns'] !== undefined && typeof map['update-ddns'] !== 'boolean')
    throw new CommandArgumentError("'update-ddns' is not a boolean");
  let type: LeaseType | undefined = LeaseType.NA;
  if (map.type !== undefined) type = queriedLeaseType(scope.stringValue('type'));

  const address = map['ip-address'];
  if (address !== undefined) {
    if (typeof address !== 'string') throw new CommandArgumentError("'ip-address' is not a string.");
    return { by: 'address', type, address: ipv6Address(address) };
  }

  const subnetId = map['subnet-id'];
  if (subnetId === undefined) throw new CommandArgumentError("Mandatory 'subnet-id' parameter missing.");
  if (typeof subnetId !== 'number' || !Number.isSafeInteger(subnetId))
    throw new CommandArgumentError("'subnet-id' parameter is not integer.");
  const iaid = map.iaid === undefined ? 0 : scope.intValue('iaid');

  const identifierType = map['identifier-type'];
  if (typeof identifierType !== 'string') {
    throw new CommandArgumentError(
      "No 'ip-address' provided and 'identifier-type' is either missing or not a string.",
    );
  }
  const identifier = map.identifier;
  if (typeof identifier !== 'string') {
    throw new CommandArgumentError(
      "No 'ip-address' provided and 'identifier' is either missing or not a string.",
    );
  }
  switch (identifierType) {
    case 'address':
      return { by: 'address', type, address: '::' };
    case 'duid':
      return {
        by: 'duid',
        type,
        duid: duidFromText(identifier),
        iaid: toUint32(iaid),
        subnetId: toUint32(subnetId),
      };
    case 'hw-address':
      hwaddrFromText(identifier);
      return { by: 'hw-address' };
    case 'client-id':
      checkClientId(identifier);
      return { by: 'client-id' };
    default:
      throw new CommandArgumentError(
        `Incorrect identifier type: ${identifierType}, the only supported values are: address, hw-address, duid`,
      );
  }
}
