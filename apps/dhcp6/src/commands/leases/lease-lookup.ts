import { CommandArgumentError } from '@nestor/control';
import type { Lease6, LeaseStore } from '@nestor/leases';
import type { LeaseQuery } from './lease-query.js';

/**
 * The lease a query by address or by DUID, IAID and subnet names, if any; several leases for one
 * DUID and IAID make the query ambiguous. Kea names the type by its number there.
 */
export async function findLease(
  store: LeaseStore,
  query: Extract<LeaseQuery, { by: 'address' | 'duid' }>,
): Promise<Lease6 | undefined> {
  if (query.type === undefined) return undefined; // "V4": no DHCPv6 lease is of that type
  if (query.by === 'address') return store.get(query.type, query.address);
  const found = await store.getByIa({
    type: query.type,
    duid: query.duid,
    iaid: query.iaid,
    subnetId: query.subnetId,
  });
  if (found.length > 1) {
    throw new CommandArgumentError(
      `More than one lease found for type ${query.type}, duid ${query.duid}, iaid ${query.iaid} and subnet-id ${query.subnetId}`,
    );
  }
  return found[0];
}
