/**
 * The memfile backend's leases in memory, with one index per question the server asks: hash maps
 * for exact lookups (type+address, IA, DUID, hostname, subnet), ordered lists for the address
 * order (paging) and the expiry order (reclamation), and running counts for the statistics. Every
 * lookup is O(1) or O(log n); nothing scans all leases except getAll.
 */
import { type Lease6, LeaseState } from '../lease.js';
import { SortedList } from './sorted-list.js';

/** A stored lease with the keys its indexes need, computed once. */
export interface IndexedLease {
  readonly lease: Lease6;
  /** Address key (32 hex digits) followed by the type digit: the primary key, in address order. */
  readonly key: string;
  readonly expire: number;
}

export function primaryKey(addressKey: string, type: number): string {
  return addressKey + type;
}

export function indexed(lease: Lease6, addressKey: string): IndexedLease {
  return { lease, key: primaryKey(addressKey, lease.type), expire: lease.cltt + lease.validLifetime };
}

const byKey = (a: IndexedLease, b: IndexedLease): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byExpiry = (a: IndexedLease, b: IndexedLease): number => a.expire - b.expire || byKey(a, b);

function iaKey(type: number, duid: string, iaid: number): string {
  return `${type}|${duid}|${iaid}`;
}

/** Groups of leases sharing a secondary key. */
class Buckets<K> {
  private readonly map = new Map<K, Set<IndexedLease>>();
  add(key: K, entry: IndexedLease): void {
    const bucket = this.map.get(key);
    if (bucket) bucket.add(entry);
    else this.map.set(key, new Set([entry]));
  }
  remove(key: K, entry: IndexedLease): void {
    const bucket = this.map.get(key);
    if (!bucket) return;
    bucket.delete(entry);
    if (bucket.size === 0) this.map.delete(key);
  }
  get(key: K): ReadonlySet<IndexedLease> {
    return this.map.get(key) ?? EMPTY;
  }
}
const EMPTY: ReadonlySet<IndexedLease> = new Set();

/** Count keys pack type (0-2) and state (any uint32) into one safe integer. */
const countKey = (type: number, state: number): number => state * 4 + type;

export class LeaseIndex {
  private readonly primary = new Map<string, IndexedLease>();
  private byAddress = new SortedList<IndexedLease>(byKey);
  /** Leases not yet reclaimed, by expiry: what reclamation walks. */
  private active = new SortedList<IndexedLease>(byExpiry);
  /** Reclaimed leases, by expiry: what the flush of reclaimed leases walks. */
  private reclaimed = new SortedList<IndexedLease>(byExpiry);
  private readonly ia = new Buckets<string>();
  private readonly duid = new Buckets<string>();
  private readonly hostname = new Buckets<string>();
  private readonly subnet = new Buckets<number>();
  private readonly counts = new Map<number, Map<number, number>>();

  /** An index over these leases (distinct keys), built in bulk: sorting once beats n inserts. */
  static build(entries: readonly IndexedLease[]): LeaseIndex {
    const index = new LeaseIndex();
    for (const entry of entries) {
      index.primary.set(entry.key, entry);
      index.addSecondary(entry);
    }
    index.byAddress = SortedList.fromSorted(byKey, [...entries].sort(byKey));
    const isReclaimed = (e: IndexedLease): boolean => e.lease.state === LeaseState.EXPIRED_RECLAIMED;
    index.active = SortedList.fromSorted(byExpiry, entries.filter((e) => !isReclaimed(e)).sort(byExpiry));
    index.reclaimed = SortedList.fromSorted(byExpiry, entries.filter(isReclaimed).sort(byExpiry));
    return index;
  }

  get size(): number {
    return this.primary.size;
  }

  get(key: string): IndexedLease | undefined {
    return this.primary.get(key);
  }

  /** Stores an entry in place of the one with its key; returns the replaced one. */
  put(entry: IndexedLease): IndexedLease | undefined {
    const previous = this.primary.get(entry.key);
    if (previous) this.unlink(previous);
    this.primary.set(entry.key, entry);
    this.link(entry);
    return previous;
  }

  remove(key: string): IndexedLease | undefined {
    const previous = this.primary.get(key);
    if (!previous) return undefined;
    this.primary.delete(key);
    this.unlink(previous);
    return previous;
  }

  /** Puts back what a key held before a change (undefined: nothing). */
  restore(key: string, previous: IndexedLease | undefined): void {
    if (previous) this.put(previous);
    else this.remove(key);
  }

  byIa(type: number, duid: string, iaid: number): ReadonlySet<IndexedLease> {
    return this.ia.get(iaKey(type, duid, iaid));
  }
  byDuid(duid: string): ReadonlySet<IndexedLease> {
    return this.duid.get(duid);
  }
  byHostname(hostname: string): ReadonlySet<IndexedLease> {
    return this.hostname.get(hostname);
  }
  bySubnet(subnetId: number): ReadonlySet<IndexedLease> {
    return this.subnet.get(subnetId);
  }

  /** All entries in address order. */
  all(): IndexedLease[] {
    return this.byAddress.take(undefined, 0);
  }

  /** Up to `limit` entries at addresses after `afterAddressKey` (or from the start), in address order. */
  page(afterAddressKey: string | undefined, limit: number): IndexedLease[] {
    if (afterAddressKey === undefined) return this.byAddress.take(undefined, limit);
    // "~" sorts after every type digit, so every lease at that address is skipped too.
    const bound = `${afterAddressKey}~`;
    return this.byAddress.take((e) => (e.key > bound ? 0 : -1), limit);
  }

  /** Entries expired before `now`, earliest first, at most `limit` (0 = all). */
  expired(now: number, limit: number, includeReclaimed: boolean): IndexedLease[] {
    const before = (e: IndexedLease): boolean => e.expire < now;
    const active = this.active.take(undefined, limit, before);
    if (!includeReclaimed) return active;
    const reclaimed = this.reclaimed.take(undefined, limit, before);
    const merged = [...active, ...reclaimed].sort(byExpiry);
    return limit > 0 ? merged.slice(0, limit) : merged;
  }

  /** Reclaimed entries that expired at or before `time`. */
  reclaimedUntil(time: number): IndexedLease[] {
    return this.reclaimed.take(undefined, 0, (e) => e.expire <= time);
  }

  /** Lease counts per subnet, type and state. */
  countRows(
    first = 0,
    last = Number.MAX_SAFE_INTEGER,
  ): { subnetId: number; type: number; state: number; count: number }[] {
    const rows: { subnetId: number; type: number; state: number; count: number }[] = [];
    for (const [subnetId, perKind] of this.counts) {
      if (subnetId < first || subnetId > last) continue;
      for (const [key, count] of perKind)
        rows.push({ subnetId, type: key % 4, state: Math.floor(key / 4), count });
    }
    return rows.sort((a, b) => a.subnetId - b.subnetId || a.type - b.type || a.state - b.state);
  }

  private expiryList(entry: IndexedLease): SortedList<IndexedLease> {
    return entry.lease.state === LeaseState.EXPIRED_RECLAIMED ? this.reclaimed : this.active;
  }

  private link(entry: IndexedLease): void {
    this.byAddress.insert(entry);
    this.expiryList(entry).insert(entry);
    this.addSecondary(entry);
  }

  private addSecondary(entry: IndexedLease): void {
    const lease = entry.lease;
    this.ia.add(iaKey(lease.type, lease.duid, lease.iaid), entry);
    this.duid.add(lease.duid, entry);
    if (lease.hostname !== '') this.hostname.add(lease.hostname, entry);
    this.subnet.add(lease.subnetId, entry);
    this.count(lease, 1);
  }

  private unlink(entry: IndexedLease): void {
    const lease = entry.lease;
    this.byAddress.delete(entry);
    this.expiryList(entry).delete(entry);
    this.ia.remove(iaKey(lease.type, lease.duid, lease.iaid), entry);
    this.duid.remove(lease.duid, entry);
    if (lease.hostname !== '') this.hostname.remove(lease.hostname, entry);
    this.subnet.remove(lease.subnetId, entry);
    this.count(lease, -1);
  }

  private count(lease: Lease6, delta: number): void {
    let perKind = this.counts.get(lease.subnetId);
    if (!perKind) {
      perKind = new Map();
      this.counts.set(lease.subnetId, perKind);
    }
    const key = countKey(lease.type, lease.state);
    const next = (perKind.get(key) ?? 0) + delta;
    if (next === 0) {
      perKind.delete(key);
      if (perKind.size === 0) this.counts.delete(lease.subnetId);
    } else perKind.set(key, next);
  }
}
