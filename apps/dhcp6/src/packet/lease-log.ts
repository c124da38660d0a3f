import type { Logger } from '@nestor/daemon';
import { type Lease6, LeaseType } from '@nestor/leases';
import type { Query } from '../query.js';

/**
 * The INFO lines Kea logs per lease (DHCP6_LEASE_ALLOC, DHCP6_PD_LEASE_ALLOC, DHCP6_RELEASE_NA,
 * ...), on the kea-dhcp6.leases logger.
 */
export function logLease(log: Logger, q: Query, id: string, lease: Lease6, verb: string): void {
  if (!log.isEnabled('INFO')) return;
  const what =
    lease.type === LeaseType.PD
      ? `prefix ${lease.address}/${lease.prefixLength}`
      : `address ${lease.address}`;
  log.info(
    id,
    `duid=[${q.duid}], tid=0x${q.message.transactionId.toString(16)}: lease for ${what} and iaid=${lease.iaid} has been ${verb} for ${lease.validLifetime} seconds`,
  );
}

/** A lease granted or extended. */
export function logAllocated(log: Logger, q: Query, leases: readonly Lease6[]): void {
  for (const lease of leases)
    logLease(
      log,
      q,
      lease.type === LeaseType.PD ? 'DHCP6_PD_LEASE_ALLOC' : 'DHCP6_LEASE_ALLOC',
      lease,
      'allocated',
    );
}
