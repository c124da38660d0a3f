/**
 * The memfile backend's leases in memory, with one index per question the server asks: hash maps
 * for exact lookups (type+address, IA, DUID, hostname, subnet), ordered lists for the address
 * order (paging) and the expiry order (reclamation), and running counts for the statistics. Every
 * lookup is O(1) or O(log n); nothing scans all leases except getAll.
 *
 * Secondary indexes hold primary keys, not leases, so a change that keeps a lease's DUID, IA,
 * hostname and subnet (a renewal) touches only the primary map and the expiry order.
 */
import { type Lease6, LeaseState } from '../lease.js';
import { SortedList } from './sorted-list.js';

/** A stored lease with the keys its indexes need, computed once. */
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

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byExpiry = (a: IndexedLease, b: IndexedLease): number => a.expire - b.expire || byString(a.key, b.key);

const isReclaimed = (entry: IndexedLease): boolean => entry.lease.state === LeaseState.EXPIRED_RECLAIMED;

/** An IA within a client's DUID: its iaid and type as one number (a safe integer). */
const iaOf = (type: number, iaid: number): number => iaid * 4 + type;

/**
 * Groups of primary keys sharing a secondary key. Most groups (an IA, a DUID) hold one lease, so
 * a group of one is the key itself and only larger groups get a Set.
 */
class Buckets<K> {
  private readonly map = new Map<K, string | Set<string>>();
  add(group: K, key: string): void {
    const bucket = this.map.get(group);
    if (bucket === undefined) this.map.set(group, key);
    else if (typeof bucket !== 'string') bucket.add(key);
    else if (bucket !== key) this.map.set(group, new Set([bucket, key]));
  }
  remove(group: K, key: string): void {
    const bucket = this.map.get(group);
    if (bucket === key) this.map.delete(group);
    else if (bucket !== undefined && typeof bucket !== 'string') {
      bucket.delete(key);
      if (bucket.size === 1) this.map.set(group, bucket.values().next().value!);
    }
  }
  get(group: K): readonly string[] {
    const bucket = this.map.get(group);
    if (bucket === undefined) return [];
    return typeof bucket === 'string' ? [bucket] : [...bucket];
  }
  get empty(): boolean {
    return this.map.size === 0;
  }
}

/**
 * Primary keys by IA: the client's DUID, then the IA (type and iaid) among the client's. Keyed by
 * the DUID text itself, whose hash the string keeps, rather than by a composite string built
 * (and hashed) afresh for every lease and query.
 */
class IaBuckets {
  private readonly byDuid = new Map<string, Buckets<number>>();
  add(lease: Lease6, key: string): void {
    let client = this.byDuid.get(lease.duid);
    if (client === undefined) {
      client = new Buckets<number>();
      this.byDuid.set(lease.duid, client);
    }
    client.add(iaOf(lease.type, lease.iaid), key);
  }
  remove(lease: Lease6, key: string): void {
    const client = this.byDuid.get(lease.duid);
    if (client === undefined) return;
    client.remove(iaOf(lease.type, lease.iaid), key);
    if (client.empty) this.byDuid.delete(lease.duid);
  }
  get(type: number, duid: string, iaid: number): readonly string[] {
    const client = this.byDuid.get(duid);
    return client === undefined ? [] : client.get(iaOf(type, iaid));
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

export class LeaseIndex {
  private readonly primary = new Map<string, IndexedLease>();
  private byAddress = new SortedList<string>(byString);
  /** Leases not yet reclaimed, by expiry: what reclamation walks. */
  private active = new SortedList<IndexedLease>(byExpiry);
  /** Reclaimed leases, by expiry: what the flush of reclaimed leases walks. */
  private reclaimed = new SortedList<IndexedLease>(byExpiry);
  private readonly ia = new IaBuckets();
  private readonly duid = new Buckets<string>();
  private readonly hostname = new Buckets<string>();
  private readonly subnet = new Buckets<number>();
  private readonly counts = new Map<number, Map<number, number>>();

  /** An index over these leases (distinct keys), built in bulk: sorting once beats n inserts. */
  static build(entries: readonly IndexedLease[]): LeaseIndex {
    const index = new LeaseIndex();
    for (const entry of entries) {
      index.primary.set(entry.key, entry);
      index.addGroups(entry);
    }
    index.byAddress = SortedList.fromSorted(byString, entries.map((e) => e.key).sort(byString));
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
    if (previous) this.replace(previous, entry);
    else this.insert(entry);
    return previous;
  }

  /** Stores an entry whose key holds nothing (the caller has just looked). */
  insert(entry: IndexedLease): void {
    this.primary.set(entry.key, entry);
    this.byAddress.insert(entry.key);
    this.expiryList(entry).insert(entry);
    this.addGroups(entry);
  }

  /** Stores an entry in place of `previous`, the entry its key holds (the caller has just looked). */
  replace(previous: IndexedLease, entry: IndexedLease): void {
    this.primary.set(entry.key, entry);
    const list = this.expiryList(entry);
    if (previous.expire === entry.expire && list === this.expiryList(previous)) list.replace(previous, entry);
    else {
      this.expiryList(previous).delete(previous);
      list.insert(entry);
    }
    this.regroup(previous.lease, entry.lease, entry.key);
  }

  remove(key: string): IndexedLease | undefined {
    const previous = this.primary.get(key);
    if (!previous) return undefined;
    this.primary.delete(key);
    this.byAddress.delete(key);
    this.expiryList(previous).delete(previous);
    this.removeGroups(previous);
    return previous;
  }

  /** Puts back what a key held before a change (undefined: nothing). */
  restore(key: string, previous: IndexedLease | undefined): void {
    if (previous) this.put(previous);
    else this.remove(key);
  }

  private entries(keys: readonly string[]): IndexedLease[] {
    return keys.map((key) => this.primary.get(key)!);
  }

  byIa(type: number, duid: string, iaid: number): IndexedLease[] {
    return this.entries(this.ia.get(type, duid, iaid));
  }
  byDuid(duid: string): IndexedLease[] {
    return this.entries(this.duid.get(duid));
  }
  byHostname(hostname: string): IndexedLease[] {
    return this.entries(this.hostname.get(hostname));
  }
  bySubnet(subnetId: number): IndexedLease[] {
    return this.entries(this.subnet.get(subnetId));
  }

  /** All entries in address order. */
  all(): IndexedLease[] {
    return this.entries(this.byAddress.take(undefined, 0));
  }

  /** Up to `limit` entries at addresses after `afterAddressKey` (or from the start), in address order. */
  page(afterAddressKey: string | undefined, limit: number): IndexedLease[] {
    if (afterAddressKey === undefined) return this.entries(this.byAddress.take(undefined, limit));
    // "~" sorts after every type digit, so every lease at that address is skipped too.
    const bound = `${afterAddressKey}~`;
    return this.entries(this.byAddress.take((key) => (key > bound ? 0 : -1), limit));
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

  private expiryList(entry: IndexedLease): SortedList<IndexedLease> {
    return isReclaimed(entry) ? this.reclaimed : this.active;
  }

  private addGroups(entry: IndexedLease): void {
    const { lease, key } = entry;
    this.ia.add(lease, key);
    this.duid.add(lease.duid, key);
    if (lease.hostname !== '') this.hostname.add(lease.hostname, key);
    this.subnet.add(lease.subnetId, key);
    this.count(lease, 1);
  }

  private removeGroups(entry: IndexedLease): void {
    const { lease, key } = entry;
    this.ia.remove(lease, key);
    this.duid.remove(lease.duid, key);
    if (lease.hostname !== '') this.hostname.remove(lease.hostname, key);
    this.subnet.remove(lease.subnetId, key);
    this.count(lease, -1);
  }

  /** Moves a key between groups only where the change touched the grouping fields. */
  private regroup(before: Lease6, after: Lease6, key: string): void {
    if (before.duid !== after.duid || before.iaid !== after.iaid) {
      this.ia.remove(before, key);
      this.ia.add(after, key);
    }
    if (before.duid !== after.duid) {
      this.duid.remove(before.duid, key);
      this.duid.add(after.duid, key);
    }
    if (before.hostname !== after.hostname) {
      if (before.hostname !== '') this.hostname.remove(before.hostname, key);
      if (after.hostname !== '') this.hostname.add(after.hostname, key);
    }
    if (before.subnetId !== after.subnetId) {
      this.subnet.remove(before.subnetId, key);
      this.subnet.add(after.subnetId, key);
    }
    if (before.subnetId !== after.subnetId || before.state !== after.state) {
      this.count(before, -1);
      this.count(after, 1);
    }
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
