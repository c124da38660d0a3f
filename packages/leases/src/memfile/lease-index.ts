/**
 * The memfile backend's leases in memory, with one index per question the server asks: the
 * primary hash table (type+address) and the leases' fields live in a LeaseSlab (columns of typed
 * arrays, leases built on demand); DUID and subnet groups are linked lists through slot numbers
 * (slot-chains), hostnames a map (only leases that have one), ordered lists of slot numbers give
 * the address order (paging) and the expiry order (reclamation), and running counts give the
 * statistics. Every lookup is O(1) or O(log n); nothing scans all leases except getAll.
 *
 * A change that keeps a lease's DUID, hostname, subnet and expiry (most renewals change only the
 * expiry) rewrites its slot and moves it in the expiry order, nothing else.
 */
import { type Lease6, LeaseState, type LeaseType } from '../lease.js';
import type { StoredLeaseSlot } from '../store.js';
import { LeaseSlab } from './lease-slab.js';
import { DuidChains, SubnetChains } from './slot-chains.js';
import { SortedList } from './sorted-list.js';

/** A lease with the keys its indexes need: what the index takes and hands out. */
export interface IndexedLease {
  readonly lease: Lease6;
  /**
   * The primary key, in address order: the address key (32 hex digits), followed by the type
   * digit for other types than addresses (IA_NA leases, the most numerous, need no new string).
   */
  readonly key: string;
  readonly expire: number;
}

export function primaryKey(addressKey: string, type: number): string {
  return type === 0 ? addressKey : addressKey + type;
}

export function indexed(lease: Lease6, addressKey: string): IndexedLease {
  return { lease, key: primaryKey(addressKey, lease.type), expire: lease.cltt + lease.validLifetime };
}

const RECLAIMED = LeaseState.EXPIRED_RECLAIMED;

/** Groups of slots sharing a hostname; a group of one is the slot itself. */
class HostnameBuckets {
  private readonly map = new Map<string, number | Set<number>>();
  add(name: string, slot: number): void {
    const bucket = this.map.get(name);
    if (bucket === undefined) this.map.set(name, slot);
    else if (typeof bucket !== 'number') bucket.add(slot);
    else if (bucket !== slot) this.map.set(name, new Set([bucket, slot]));
  }
  remove(name: string, slot: number): void {
    const bucket = this.map.get(name);
    if (bucket === slot) this.map.delete(name);
    else if (bucket !== undefined && typeof bucket !== 'number') {
      bucket.delete(slot);
      if (bucket.size === 1) this.map.set(name, bucket.values().next().value!);
    }
  }
  get(name: string): number[] {
    const bucket = this.map.get(name);
    if (bucket === undefined) return [];
    return typeof bucket === 'number' ? [bucket] : [...bucket];
  }
}

/** Count keys pack type (0-2) and state (any uint32) into one safe integer. */
const countKey = (type: number, state: number): number => state * 4 + type;

export interface CountRow {
  subnetId: number;
  type: number;
  state: number;
  count: number;
}

/** Scratch for DUID bytes of queries and changes (DUIDs are at most 128 bytes). */
const duidScratch = new Uint8Array(128);

/** Writes canonical DUID text's bytes to duidScratch; returns the count. */
function duidToScratch(duid: string): number {
  const count = (duid.length + 1) / 3;
  for (let i = 0; i < count; i++)
    duidScratch[i] = (hexValue(duid.charCodeAt(i * 3)) << 4) | hexValue(duid.charCodeAt(i * 3 + 1));
  return count;
}

/** A lowercase hex digit's value (canonical text has no other). */
function hexValue(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

/** Sorts in place, after one pass to see whether it is needed (files are often in address order). */
function inOrder(items: number[], compare: (a: number, b: number) => number): number[] {
  for (let i = 1; i < items.length; i++)
    if (compare(items[i - 1]!, items[i]!) > 0) return items.sort(compare);
  return items;
}

export class LeaseIndex {
  private readonly slab: LeaseSlab;
  private byAddress: SortedList<number>;
  /** Leases not yet reclaimed, by expiry: what reclamation walks. */
  private active: SortedList<number>;
  /** Reclaimed leases, by expiry: what the flush of reclaimed leases walks. */
  private reclaimed: SortedList<number>;
  private readonly duids: DuidChains;
  private readonly subnets: SubnetChains;
  private readonly hostname = new HostnameBuckets();
  private readonly counts = new Map<number, Map<number, number>>();
  private readonly byKey: (a: number, b: number) => number;
  private readonly byExpiry: (a: number, b: number) => number;

  constructor(slab: LeaseSlab = new LeaseSlab()) {
    this.slab = slab;
    this.byKey = (a, b) => slab.compareKeys(a, b);
    this.byExpiry = (a, b) => slab.expire(a) - slab.expire(b) || slab.compareKeys(a, b);
    this.byAddress = new SortedList<number>(this.byKey);
    this.active = new SortedList<number>(this.byExpiry);
    this.reclaimed = new SortedList<number>(this.byExpiry);
    this.duids = new DuidChains(slab);
    this.subnets = new SubnetChains(slab);
  }

  /** An index over the leases of a slab (loaded from files), built in bulk: sorting once beats n inserts. */
  static build(slab: LeaseSlab): LeaseIndex {
    const index = new LeaseIndex(slab);
    const slots = slab.slots();
    index.duids.reserve(slots.length);
    index.subnets.reserve(slots.length);
    for (const slot of slots) index.addGroups(slot);
    index.byAddress = SortedList.fromSorted(index.byKey, inOrder([...slots], index.byKey));
    const active: number[] = [];
    const reclaimed: number[] = [];
    for (const slot of slots) (slab.stateOf(slot) === RECLAIMED ? reclaimed : active).push(slot);
    index.active = SortedList.fromSorted(index.byExpiry, inOrder(active, index.byExpiry));
    index.reclaimed = SortedList.fromSorted(index.byExpiry, inOrder(reclaimed, index.byExpiry));
    return index;
  }

  get size(): number {
    return this.slab.size;
  }

  private entry(slot: number): IndexedLease {
    return { lease: this.slab.lease(slot), key: this.slab.key(slot), expire: this.slab.expire(slot) };
  }

  private entries(slots: readonly number[]): IndexedLease[] {
    return slots.map((slot) => this.entry(slot));
  }

  get(key: string): IndexedLease | undefined {
    const slot = this.slab.findKey(key);
    return slot < 0 ? undefined : this.entry(slot);
  }

  /** The lease stored under this key: get() without the entry and its key string (lookups only need the lease). */
  lease(key: string): Lease6 | undefined {
    const slot = this.slab.findKey(key);
    return slot < 0 ? undefined : this.slab.lease(slot);
  }

  /** Whether a lease is stored under this key (no lease is built). */
  has(key: string): boolean {
    return this.slab.findKey(key) >= 0;
  }

  /** Stores an entry in place of the one with its key, if any. */
  put(entry: IndexedLease): void {
    const slot = this.slab.findKey(entry.key);
    if (slot < 0) this.insert(entry);
    else this.rewrite(slot, entry);
  }

  /** Stores an entry whose key holds nothing (the caller has just looked). */
  insert(entry: IndexedLease): void {
    const slot = this.slab.insertKeyed(entry.lease, entry.key);
    this.byAddress.insert(slot);
    this.expiryList(slot).insert(slot);
    this.addGroups(slot);
  }

  /** Stores an entry in place of `previous`, the entry its key holds (the caller has just looked). */
  replace(_previous: IndexedLease, entry: IndexedLease): void {
    this.rewrite(this.slab.findKey(entry.key), entry);
  }

  /** Rewrites a slot with a new lease, moving it only in the indexes whose values changed. */
  private rewrite(slot: number, entry: IndexedLease): void {
    const slab = this.slab;
    const lease = entry.lease;
    const oldExpire = slab.expire(slot);
    const oldState = slab.stateOf(slot);
    const oldSubnet = slab.subnetIdOf(slot);
    const oldHostname = slab.hostname[slot]!;
    const moves = oldExpire !== entry.expire || (oldState === RECLAIMED) !== (lease.state === RECLAIMED);
    const duidLength = duidToScratch(lease.duid);
    const duidChanged = !slab.duidEquals(slot, duidScratch, 0, duidLength);
    const subnetChanged = oldSubnet !== lease.subnetId;
    const hostnameChanged = oldHostname !== lease.hostname;
    const countChanged = subnetChanged || oldState !== lease.state;
    // Out of every structure ordered or grouped by a value that changes, while the slot still has it.
    if (moves) this.expiryList(slot).delete(slot);
    if (duidChanged) this.duids.unlink(slot);
    if (subnetChanged) this.subnets.unlink(slot);
    if (hostnameChanged && oldHostname !== '') this.hostname.remove(oldHostname, slot);
    if (countChanged) this.count(oldSubnet, slab.typeOf(slot), oldState, -1);
    slab.write(slot, lease);
    if (moves) this.expiryList(slot).insert(slot);
    if (duidChanged) this.duids.link(slot);
    if (subnetChanged) this.subnets.link(slot);
    if (hostnameChanged && lease.hostname !== '') this.hostname.add(lease.hostname, slot);
    if (countChanged) this.count(lease.subnetId, lease.type, lease.state, 1);
  }

  /** Removes the lease with this key; false when there is none. */
  remove(key: string): boolean {
    const slot = this.slab.findKey(key);
    if (slot < 0) return false;
    this.byAddress.delete(slot);
    this.expiryList(slot).delete(slot);
    this.removeGroups(slot);
    this.slab.remove(slot);
    return true;
  }

  /** Puts back what a key held before a change (undefined: nothing). */
  restore(key: string, previous: IndexedLease | undefined): void {
    if (previous) this.put(previous);
    else this.remove(key);
  }

  private matchingDuid(duid: string): number[] {
    const length = duidToScratch(duid);
    return this.duids.slotsOf(duidScratch, 0, length);
  }

  byIa(type: number, duid: string, iaid: number): IndexedLease[] {
    const slab = this.slab;
    return this.entries(
      this.matchingDuid(duid).filter((slot) => slab.typeOf(slot) === type && slab.iaidOf(slot) === iaid),
    );
  }
  byDuid(duid: string): IndexedLease[] {
    return this.entries(this.matchingDuid(duid));
  }
  byHostname(hostname: string): IndexedLease[] {
    return this.entries(this.hostname.get(hostname));
  }
  bySubnet(subnetId: number): IndexedLease[] {
    return this.entries(this.subnets.slotsOf(subnetId));
  }

  /** Visits every lease's type, subnet, state and address bytes (one reused record), in slot order. */
  scanSlots(visit: (lease: Readonly<StoredLeaseSlot>) => void): void {
    const slab = this.slab;
    const record: StoredLeaseSlot = { type: 0, subnetId: 0, state: 0, bytes: slab.address, offset: 0 };
    for (const slot of slab.slots()) {
      record.type = slab.typeOf(slot) as LeaseType;
      record.subnetId = slab.subnetIdOf(slot);
      record.state = slab.stateOf(slot);
      record.bytes = slab.address;
      record.offset = slab.addressAt(slot);
      visit(record);
    }
  }

  /** All entries in address order. */
  all(): IndexedLease[] {
    return this.entries(this.byAddress.take(undefined, 0));
  }

  /** Up to `limit` entries at addresses after `afterAddressKey` (or from the start), in address order. */
  page(afterAddressKey: string | undefined, limit: number): IndexedLease[] {
    if (afterAddressKey === undefined) return this.entries(this.byAddress.take(undefined, limit));
    const address = this.slab.address;
    const after = new Uint8Array(16);
    for (let i = 0; i < 16; i++)
      after[i] =
        (hexValue(afterAddressKey.charCodeAt(2 * i)) << 4) | hexValue(afterAddressKey.charCodeAt(2 * i + 1));
    // Every lease at that address is skipped too, whatever its type.
    const beyond = (slot: number): number => {
      for (let i = 0; i < 16; i++) {
        const d = address[this.slab.addressAt(slot) + i]! - after[i]!;
        if (d !== 0) return d > 0 ? 0 : -1;
      }
      return -1;
    };
    return this.entries(this.byAddress.take(beyond, limit));
  }

  /** Entries expired before `now`, earliest first, at most `limit` (0 = all). */
  expired(now: number, limit: number, includeReclaimed: boolean): IndexedLease[] {
    const slab = this.slab;
    const before = (slot: number): boolean => slab.expire(slot) < now;
    const active = this.active.take(undefined, limit, before);
    if (!includeReclaimed) return this.entries(active);
    const reclaimed = this.reclaimed.take(undefined, limit, before);
    const merged = [...active, ...reclaimed].sort(this.byExpiry);
    return this.entries(limit > 0 ? merged.slice(0, limit) : merged);
  }

  /** Reclaimed entries that expired at or before `time`. */
  reclaimedUntil(time: number): IndexedLease[] {
    const slab = this.slab;
    return this.entries(this.reclaimed.take(undefined, 0, (slot) => slab.expire(slot) <= time));
  }

  /** Lease counts per subnet, type and state, for subnets in [first, last]. */
  countRows(first = 0, last = Number.MAX_SAFE_INTEGER): CountRow[] {
    const rows: CountRow[] = [];
    for (const [subnetId, perKind] of this.counts) {
      if (subnetId < first || subnetId > last) continue;
      for (const [key, count] of perKind)
        rows.push({ subnetId, type: key % 4, state: Math.floor(key / 4), count });
    }
    return rows.sort((a, b) => a.subnetId - b.subnetId || a.type - b.type || a.state - b.state);
  }

  private expiryList(slot: number): SortedList<number> {
    return this.slab.stateOf(slot) === RECLAIMED ? this.reclaimed : this.active;
  }

  private addGroups(slot: number): void {
    const slab = this.slab;
    this.duids.link(slot);
    this.subnets.link(slot);
    const hostname = slab.hostname[slot]!;
    if (hostname !== '') this.hostname.add(hostname, slot);
    this.count(slab.subnetIdOf(slot), slab.typeOf(slot), slab.stateOf(slot), 1);
  }

  private removeGroups(slot: number): void {
    const slab = this.slab;
    this.duids.unlink(slot);
    this.subnets.unlink(slot);
    const hostname = slab.hostname[slot]!;
    if (hostname !== '') this.hostname.remove(hostname, slot);
    this.count(slab.subnetIdOf(slot), slab.typeOf(slot), slab.stateOf(slot), -1);
  }

  private count(subnetId: number, type: number, state: number, delta: number): void {
    let perKind = this.counts.get(subnetId);
    if (!perKind) {
      perKind = new Map();
      this.counts.set(subnetId, perKind);
    }
    const key = countKey(type, state);
    const next = (perKind.get(key) ?? 0) + delta;
    if (next === 0) {
      perKind.delete(key);
      if (perKind.size === 0) this.counts.delete(subnetId);
    } else perKind.set(key, next);
  }
}
