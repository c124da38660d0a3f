import type { JsonObject } from '@nestor/control';
import { LEASE_TYPE_NAMES, type Lease6, LeaseType } from '@nestor/leases';

/**
 * A lease as Kea's lease commands print it (Lease6::toElement): `hw-address` only when known,
 * `prefix-len` only for delegated prefixes, `user-context` only when set. The expiry is not
 * printed: clients compute it as cltt + valid-lft.
 */
export function leaseToJson(lease: Lease6): JsonObject {
  const json: JsonObject = {
    'ip-address': lease.address,
    duid: lease.duid,
    iaid: lease.iaid,
    'subnet-id': lease.subnetId,
    type: LEASE_TYPE_NAMES[lease.type],
    cltt: lease.cltt,
    'preferred-lft': lease.preferredLifetime,
    'valid-lft': lease.validLifetime,
    'fqdn-fwd': lease.fqdnFwd,
    'fqdn-rev': lease.fqdnRev,
    hostname: lease.hostname,
    state: lease.state,
  };
  if (lease.type === LeaseType.PD) json['prefix-len'] = lease.prefixLength;
  if (lease.hwaddr !== '') json['hw-address'] = lease.hwaddr;
  if (lease.userContext !== undefined) json['user-context'] = lease.userContext as JsonObject;
  return json;
}

/** The `"leases"` list of the lease6-get-* answers. */
export function leasesToJson(leases: readonly Lease6[]): JsonObject[] {
  return leases.map(leaseToJson);
}
