/**
 * The lease store interface the DHCPv6 server and the lease commands program against. Memfile
 * implements it today; SQL backends will implement it for several servers sharing one database,
 * which is why every method is asynchronous and why `add` reports a conflict instead of
 * overwriting: the database's uniqueness constraint on (type, address), not the calling process,
 * is what prevents an address or prefix from being leased twice.
 */
import type { Lease6, LeaseState, LeaseType } from './lease.js';

export type AddResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'conflict' };

export type UpdateResult =
  | { readonly ok: true }
  /** No lease with that type and address. */
  | { readonly ok: false; readonly reason: 'not-found' }
  /** The stored lease no longer has the expiry the caller read (another server changed it). */
  | { readonly ok: false; readonly reason: 'changed' };

export type DeleteResult =
  | { readonly ok: true; readonly lease: Lease6 }
  | { readonly ok: false; readonly reason: 'not-found' | 'changed' };

export interface ChangeOptions {
  /**
   * Apply the change only if the stored lease still expires at this time (cltt + valid lifetime),
   * i.e. nobody changed it since the caller read it. SQL backends turn this into a WHERE clause.
   */
  expectedExpire?: number;
}

/** The lease(s) a client holds in one IA. */
export interface IaQuery {
  type: LeaseType;
  duid: string;
  iaid: number;
  /** Restricts the answer to one subnet. */
  subnetId?: number;
}

export interface ExpiredQuery {
  /** Unix seconds; leases whose expiry is strictly before it are expired. */
  now: number;
  /** At most this many, the earliest expiries first; 0 means no limit. */
  limit: number;
  /** Also return leases already reclaimed (state 2); the default leaves them out, as reclamation does. */
  includeReclaimed?: boolean;
}

/** One line of the statistics: how many leases of one type in one state a subnet holds. */
export interface LeaseCount {
  readonly subnetId: number;
  readonly type: LeaseType;
  readonly state: LeaseState;
  readonly count: number;
}

export interface CountQuery {
  /** Only subnets with an id in [firstSubnetId, lastSubnetId] (inclusive). */
  firstSubnetId?: number;
  lastSubnetId?: number;
}

export interface LeaseStore {
  /** Which backend this is ("memfile", "mysql", "postgresql"), as Kea's lease-database type. */
  readonly backend: string;

  /** Adds a lease atomically; a lease with the same type and address makes it fail with `conflict`. */
  add(lease: Lease6): Promise<AddResult>;
  /** Replaces the lease with the same type and address (the primary key). */
  update(lease: Lease6, options?: ChangeOptions): Promise<UpdateResult>;
  /** Removes a lease (a release, or reclamation's removal). */
  delete(type: LeaseType, address: string, options?: ChangeOptions): Promise<DeleteResult>;

  get(type: LeaseType, address: string): Promise<Lease6 | undefined>;
  getByIa(query: IaQuery): Promise<Lease6[]>;
  getByDuid(duid: string): Promise<Lease6[]>;
  /** Exact match; Kea's lease6-get-by-hostname lowercases the name before asking. */
  getByHostname(hostname: string): Promise<Lease6[]>;
  getBySubnet(subnetId: number): Promise<Lease6[]>;
  /** Every lease, in address order. */
  getAll(): Promise<Lease6[]>;
  /**
   * Up to `limit` leases in address order, strictly after `after` (any type at that address is
   * skipped), or from the lowest address when `after` is undefined: Kea's lease6-get-page.
   */
  getPage(after: string | undefined, limit: number): Promise<Lease6[]>;
  /** Expired leases, earliest expiry first, for reclamation. */
  getExpired(query: ExpiredQuery): Promise<Lease6[]>;
  /**
   * Removes reclaimed leases that expired at least `seconds` before `now` (Kea's
   * hold-reclaimed-time); resolves with how many were removed.
   */
  deleteExpiredReclaimed(seconds: number, now: number): Promise<number>;
  /** Removes every lease of a subnet; resolves with how many were removed. */
  wipe(subnetId: number): Promise<number>;
  /** Lease counts per subnet, type and state, for the statistics. */
  counts(query?: CountQuery): Promise<LeaseCount[]>;
  /** Finishes pending writes and releases the backend; later calls reject. */
  close(): Promise<void>;
}

/**
 * An internal fast path of the DHCPv6 server's allocation engine, which memfile implements: the
 * same lookups and changes as `get`, `add` and `update`, with the lease given by its store key
 * (leaseKeyFromBytes of its type and address bytes) so the store neither parses text the caller
 * has just printed from those bytes nor builds the key again. A lease's address must be the
 * RFC 5952 text of the bytes its key came from; every other field is validated as `add`
 * validates it. The lease commands keep the public methods.
 */
export interface KeyedLeaseStore extends LeaseStore {
  getKeyed(type: LeaseType, leaseKey: string): Promise<Lease6 | undefined>;
  addKeyed(lease: Lease6, leaseKey: string): Promise<AddResult>;
  updateKeyed(lease: Lease6, leaseKey: string, options?: ChangeOptions): Promise<UpdateResult>;
}

export function isKeyedLeaseStore(store: LeaseStore): store is KeyedLeaseStore {
  const keyed = store as Partial<KeyedLeaseStore>;
  return (
    typeof keyed.getKeyed === 'function' &&
    typeof keyed.addKeyed === 'function' &&
    typeof keyed.updateKeyed === 'function'
  );
}

/** What a scan of the stored leases shows of each: enough to mark pool slots used, no Lease6 built. */
export interface StoredLeaseSlot {
  type: LeaseType;
  subnetId: number;
  state: LeaseState;
  /** The address (or prefix) as 16 bytes at `offset`; valid only during the visit. */
  bytes: Uint8Array;
  offset: number;
}

/**
 * An internal fast path memfile implements for the server's start-up: a visit of every stored
 * lease without building a million Lease6 objects (getAll would). The record is reused from one
 * lease to the next; the store must not be changed during the scan.
 */
export interface ScannableLeaseStore extends LeaseStore {
  scanSlots(visit: (lease: Readonly<StoredLeaseSlot>) => void): void;
}

export function isScannableLeaseStore(store: LeaseStore): store is ScannableLeaseStore {
  return typeof (store as Partial<ScannableLeaseStore>).scanSlots === 'function';
}
