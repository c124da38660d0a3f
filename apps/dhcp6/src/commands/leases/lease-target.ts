import type { Subnet6 } from '@nestor/config';
import type { Statistics } from '@nestor/daemon';
import type { AddResult, Lease6, LeaseStore, UpdateResult } from '@nestor/leases';

/**
 * What the lease commands change leases through: the server, so that every lease added,
 * replaced or removed from outside the packet path also marks or frees its pool slot and
 * counts in the statistics, exactly as if a client had caused it.
 */
export interface LeaseCommandTarget {
  /** The lease store in force (it may change with the configuration). */
  store(): LeaseStore;
  /** The subnets of the configuration in force. */
  subnets(): readonly Subnet6[];
  /** Adds a lease; `conflict` when the address or prefix is already leased. */
  addLease(lease: Lease6): Promise<AddResult>;
  /** Replaces `current` (as read) by `next`; `changed` when someone else changed it first. */
  replaceLease(current: Lease6, next: Lease6): Promise<UpdateResult>;
  /** Removes leases as read; resolves with those removed (not those changed or gone meanwhile). */
  removeLeases(leases: readonly Lease6[]): Promise<Lease6[]>;
  /**
   * Queues the NameChangeRequest for a lease as stored to kea-dhcp-ddns (an add or a remove of
   * its records): false when none goes (no name, no DNS direction, a prefix, updates off).
   */
  queueNameChange(change: 'add' | 'remove', lease: Lease6): boolean;
  /** Whether dhcp-ddns enable-updates is on. */
  ddnsEnabled(): boolean;
  /** The server's statistics: a wipe leaves its subnets' lease counters at 0, as Kea's does. */
  statistics: Statistics;
}
