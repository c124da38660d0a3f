import {
  type AddResult,
  isKeyedLeaseStore,
  type KeyedLeaseStore,
  type Lease6,
  LeaseState,
  type LeaseStore,
  type LeaseType,
  leaseExpire,
  type UpdateResult,
} from '@nestor/leases';
import type { LeaseStatistics } from '../stats.js';
import type { LeasablePool, PoolIndex } from './pools.js';

/** Where a lease sits in its pool, when the engine already knows (saves finding it again). */
export interface PoolSlot {
  pool: LeasablePool;
  slot: bigint;
}

/**
 * The one place a lease changes: each change goes to the lease store, the pools' free trackers
 * and the lease statistics together, so that the three never disagree. The allocation engine,
 * reclamation and the lease commands all change leases through it. Every change is conditional
 * on the stored lease being the one the caller read (its expiry), which is what keeps several
 * servers sharing one database from overwriting each other; a change that loses that race
 * reports false and changes nothing here.
 */
export class LeaseLedger {
  /** The store's keyed fast path (memfile has it), else undefined. */
  readonly keyed: KeyedLeaseStore | undefined;

  constructor(
    readonly store: LeaseStore,
    readonly pools: PoolIndex,
    private readonly stats: LeaseStatistics,
  ) {
    this.keyed = isKeyedLeaseStore(store) ? store : undefined;
  }

  /** The stored lease at an address (by its store key when the caller has one). */
  lookup(type: LeaseType, address: string, key?: string): Promise<Lease6 | undefined> {
    return key !== undefined && this.keyed ? this.keyed.getKeyed(type, key) : this.store.get(type, address);
  }

  /** A stored lease the caller found in its way: its slot is marked as it is (used or free). */
  noteHeld(lease: Lease6): void {
    this.pools.track(lease);
  }

  /**
   * A new lease for a client, taking over `current` (an expired or reclaimed lease of anyone at
   * that address) when given. Counts as assigned (and cumulative-assigned); what `current`
   * counted for stops counting. On a lost race the winner's lease is tracked and false returned.
   */
  async assign(
    lease: Lease6,
    at: { current?: Lease6 | undefined; key?: string | undefined; slot?: PoolSlot | undefined } = {},
  ): Promise<boolean> {
    const { current, key } = at;
    const keyed = key !== undefined ? this.keyed : undefined;
    const options = current ? { expectedExpire: leaseExpire(current) } : undefined;
    const result = keyed
      ? current
        ? await keyed.updateKeyed(lease, key!, options)
        : await keyed.addKeyed(lease, key!)
      : current
        ? await this.store.update(lease, options)
        : await this.store.add(lease);
    if (!result.ok) {
      const winner = await this.lookup(lease.type, lease.address, key);
      if (winner) this.pools.track(winner);
      return false;
    }
    if (at.slot) at.slot.pool.tracker.markUsed(at.slot.slot);
    else this.pools.track(lease);
    if (current) this.stats.leaseRemoved(current);
    this.stats.leaseAssigned(lease);
    return true;
  }

  /**
   * A new lease added only if no lease of any client is stored at its address (the store's
   * primary key decides): true when added, counted as assign counts it; false, with nothing
   * changed or counted, when the address holds a lease (the caller then reads it, and may take it
   * over through assign if it has expired).
   */
  async assignIfFree(lease: Lease6, slot?: PoolSlot): Promise<boolean> {
    const result = await this.store.add(lease);
    if (!result.ok) return false;
    if (slot) slot.pool.tracker.markUsed(slot.slot);
    else this.pools.track(lease);
    this.stats.leaseAssigned(lease);
    return true;
  }

  /**
   * A client's lease extended or restarted in place. One that had expired (not yet reclaimed)
   * counts as reclaimed and assigned again, as Kea counts it.
   */
  async renew(current: Lease6, next: Lease6, now: number): Promise<boolean> {
    const updated = await this.store.update(next, { expectedExpire: leaseExpire(current) });
    if (!updated.ok) return false;
    if (current.state === LeaseState.DEFAULT && leaseExpire(current) <= now) {
      this.stats.leaseReclaimed(current);
      this.stats.leaseAssigned(next);
    }
    return true;
  }

  /** A client's lease restarted in place with nothing it counts for changed (a REQUEST for a lease it holds). */
  async restart(current: Lease6, next: Lease6): Promise<boolean> {
    return (await this.store.update(next, { expectedExpire: leaseExpire(current) })).ok;
  }

  /** A lease given back or taken away (release, a lease the client may no longer hold): its slot is free. */
  async remove(lease: Lease6): Promise<boolean> {
    const removed = await this.store.delete(lease.type, lease.address, {
      expectedExpire: leaseExpire(lease),
    });
    if (!removed.ok) return false;
    this.pools.release(lease);
    this.stats.leaseRemoved(lease);
    return true;
  }

  /** A declined address: `next` is the lease held for the probation period. */
  async decline(current: Lease6, next: Lease6): Promise<boolean> {
    const updated = await this.store.update(next, { expectedExpire: leaseExpire(current) });
    if (!updated.ok) return false;
    this.stats.leaseDeclined(next);
    return true;
  }

  /**
   * An expired lease reclaimed: removed, or kept in the expired-reclaimed state without its name
   * (for hold-reclaimed-time). Its slot is free either way.
   */
  async reclaim(lease: Lease6, remove: boolean): Promise<boolean> {
    const expectedExpire = leaseExpire(lease);
    const result = remove
      ? await this.store.delete(lease.type, lease.address, { expectedExpire })
      : await this.store.update(
          { ...lease, state: LeaseState.EXPIRED_RECLAIMED, hostname: '', fqdnFwd: false, fqdnRev: false },
          { expectedExpire },
        );
    if (!result.ok) return false;
    this.pools.release(lease);
    this.stats.leaseReclaimed(lease);
    return true;
  }

  // Changes from outside the packet path (the lease commands): counted as Kea's lease commands
  // count them, without cumulative counters.

  /** Adds a lease: its slot is marked used and it counts. `conflict` when the address is leased. */
  async add(lease: Lease6): Promise<AddResult> {
    const result = await this.store.add(lease);
    if (result.ok) {
      this.pools.track(lease);
      this.stats.commandChanges([[lease, 1]]);
    }
    return result;
  }

  /** Replaces a lease as read by another; `changed` when someone changed it in between. */
  async replace(current: Lease6, next: Lease6): Promise<UpdateResult> {
    const result = await this.store.update(next, { expectedExpire: leaseExpire(current) });
    if (result.ok) {
      this.pools.release(current);
      this.pools.track(next);
      this.stats.commandChanges([
        [current, -1],
        [next, 1],
      ]);
    }
    return result;
  }

  /**
   * Removes leases as read: their slots are freed and they stop counting (in one sample per
   * statistic, as a wipe does in Kea). Resolves with those removed; a lease changed or gone in
   * the meantime is left alone.
   */
  async removeAll(leases: readonly Lease6[]): Promise<Lease6[]> {
    const removed: Lease6[] = [];
    for (const lease of leases) {
      const result = await this.store.delete(lease.type, lease.address, {
        expectedExpire: leaseExpire(lease),
      });
      if (!result.ok) continue;
      this.pools.release(result.lease);
      removed.push(result.lease);
    }
    this.stats.commandChanges(removed.map((lease) => [lease, -1] as const));
    return removed;
  }
}
