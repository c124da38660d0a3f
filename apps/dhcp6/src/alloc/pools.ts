import { bigIntToIpv6, ipv6BytesToBigInt, toBigInt } from '@nestor/codec';
import type { AddressPool6, Dhcp6Config, PrefixPool6, Subnet6 } from '@nestor/config';
import { type Lease6, LeaseState, LeaseType, type StoredLeaseSlot } from '@nestor/leases';
import { createFreeTracker, type FreeTracker } from './free-tracker.js';

/** Address text to its number (throws a CodecError on text that is not an address). */
export function addressToBigInt(text: string): bigint {
  return toBigInt(text);
}

/**
 * One pool the engine hands leases out of: the slots of an address pool are its addresses, the
 * slots of a pd-pool its delegated prefixes.
 */
export class LeasablePool {
  readonly tracker: FreeTracker;
  /** First address of the pool (or of its prefix). */
  readonly first: bigint;
  /** Bits a slot spans: 0 for addresses, 128 - delegated length for prefixes. */
  private readonly shift: bigint;

  constructor(
    readonly type: typeof LeaseType.NA | typeof LeaseType.PD,
    readonly subnet: Subnet6,
    readonly config: AddressPool6 | PrefixPool6,
  ) {
    if (type === LeaseType.NA) {
      const pool = config as AddressPool6;
      this.first = pool.first;
      this.shift = 0n;
      this.tracker = createFreeTracker(pool.last - pool.first + 1n);
    } else {
      const pool = config as PrefixPool6;
      this.first = pool.prefix.address;
      this.shift = BigInt(128 - pool.delegatedLength);
      this.tracker = createFreeTracker(1n << BigInt(pool.delegatedLength - pool.prefix.length));
    }
  }

  /** 128 for addresses, the delegated length for prefixes. */
  get prefixLength(): number {
    return this.type === LeaseType.NA ? 128 : (this.config as PrefixPool6).delegatedLength;
  }

  /** The slot of an address (or delegated prefix start), or undefined when outside the pool. */
  slotOf(address: bigint): bigint | undefined {
    if (address < this.first) return undefined;
    const offset = address - this.first;
    if (this.shift > 0n && (offset & ((1n << this.shift) - 1n)) !== 0n) return undefined;
    const slot = offset >> this.shift;
    return slot < this.tracker.size ? slot : undefined;
  }

  addressOf(slot: bigint): bigint {
    return this.first + (slot << this.shift);
  }

  textOf(slot: bigint): string {
    return bigIntToIpv6(this.addressOf(slot));
  }
}

/** Whether a stored lease keeps its address out of the free pool. */
export function occupiesSlot(lease: Lease6): boolean {
  return lease.state !== LeaseState.EXPIRED_RECLAIMED;
}

/**
 * Every pool of the configuration, by subnet and type, with the slots in use marked from the
 * lease store. Rebuilt on reconfiguration.
 */
export class PoolIndex {
  private readonly bySubnet = new Map<number, { na: LeasablePool[]; pd: LeasablePool[] }>();

  constructor(config: Dhcp6Config) {
    for (const subnet of config.subnets) {
      this.bySubnet.set(subnet.id, {
        na: subnet.pools.map((p) => new LeasablePool(LeaseType.NA, subnet, p)),
        pd: subnet.pdPools.map((p) => new LeasablePool(LeaseType.PD, subnet, p)),
      });
    }
  }

  pools(subnetId: number, type: LeaseType): readonly LeasablePool[] {
    const entry = this.bySubnet.get(subnetId);
    if (!entry) return [];
    return type === LeaseType.PD ? entry.pd : type === LeaseType.NA ? entry.na : [];
  }

  /** The pool of a subnet holding this address or prefix, with its slot. */
  locate(
    subnetId: number,
    type: LeaseType,
    address: bigint,
  ): { pool: LeasablePool; slot: bigint } | undefined {
    for (const pool of this.pools(subnetId, type)) {
      const slot = pool.slotOf(address);
      if (slot !== undefined) return { pool, slot };
    }
    return undefined;
  }

  /** The pool and slot of a stored lease, when it lies in a pool of its subnet. */
  locateLease(
    lease: Pick<Lease6, 'subnetId' | 'type' | 'address'>,
  ): { pool: LeasablePool; slot: bigint } | undefined {
    return this.locate(lease.subnetId, lease.type, addressToBigInt(lease.address));
  }

  /** Marks a lease's slot used or free according to its state. */
  track(lease: Lease6): void {
    const found = this.locateLease(lease);
    if (!found) return;
    if (occupiesSlot(lease)) found.pool.tracker.markUsed(found.slot);
    else found.pool.tracker.markFree(found.slot);
  }

  /** track() for a lease seen by a store scan (its address as bytes, no Lease6 built). */
  trackSlot(lease: Readonly<StoredLeaseSlot>): void {
    const found = this.locate(lease.subnetId, lease.type, ipv6BytesToBigInt(lease.bytes, lease.offset));
    if (!found) return;
    if (lease.state !== LeaseState.EXPIRED_RECLAIMED) found.pool.tracker.markUsed(found.slot);
    else found.pool.tracker.markFree(found.slot);
  }

  /** Frees the slot of a removed lease. */
  release(lease: Pick<Lease6, 'subnetId' | 'type' | 'address'>): void {
    const found = this.locateLease(lease);
    if (found) found.pool.tracker.markFree(found.slot);
  }
}
