import type { JsonObject } from '@nestor/control';
import { LeaseType, parseDuid } from '@nestor/leases';
import { CommandArgumentError, UINT32_MAX } from '../arguments.js';
import { ipv6Address, leaseTypeOf } from './lease-fields.js';

/** Which lease lease6-get and lease6-del name: by address, or by DUID, IAID and subnet. */
export type LeaseQuery =
  | { by: 'address'; type: LeaseType; address: string }
  | { by: 'duid'; type: LeaseType; duid: string; iaid: number; subnetId: number };

/**
 * Reads the identification of one lease, as Kea's lease commands do: `ip-address` (with `type`,
 * IA_NA by default), or `identifier-type` `duid` with `identifier`, `iaid` (0 when left out, as
 * Kea 2.2 takes it) and the mandatory `subnet-id`. Identifiers of DHCPv4 (hw-address,
 * client-id) are refused.
 */
export function parseLeaseQuery(map: JsonObject): LeaseQuery {
  const typeValue = map.type;
  let type: LeaseType = LeaseType.NA;
  if (typeValue !== undefined) {
    if (typeof typeValue !== 'string') throw new CommandArgumentError("'type' parameter must be a string");
    type = leaseTypeOf(typeValue);
  }

  const address = map['ip-address'];
  if (address !== undefined) {
    if (typeof address !== 'string')
      throw new CommandArgumentError("'ip-address' parameter must be a string");
    return { by: 'address', type, address: ipv6Address(address) };
  }

  const subnetId = map['subnet-id'];
  if (subnetId === undefined) throw new CommandArgumentError("Mandatory 'subnet-id' parameter missing.");
  if (typeof subnetId !== 'number' || !Number.isInteger(subnetId) || subnetId < 0 || subnetId > UINT32_MAX)
    throw new CommandArgumentError("'subnet-id' parameter is not integer.");

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
      return { by: 'address', type, address: ipv6Address(identifier) };
    case 'duid': {
      const duid = parseDuid(identifier);
      if (!duid.ok) throw new CommandArgumentError(duid.error);
      const iaid = map.iaid ?? 0;
      if (typeof iaid !== 'number' || !Number.isInteger(iaid) || iaid < 0 || iaid > UINT32_MAX)
        throw new CommandArgumentError("'iaid' parameter is not integer.");
      return { by: 'duid', type, duid: duid.text, iaid, subnetId };
    }
    case 'hw-address':
    case 'client-id':
      throw new CommandArgumentError(`Query by ${identifierType} is not allowed in v6.`);
    default:
      throw new CommandArgumentError(
        `Incorrect identifier type: ${identifierType}, the only supported values are: address, hw-address, duid`,
      );
  }
}
