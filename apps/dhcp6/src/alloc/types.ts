import type { Reservation6, Subnet6 } from '@nestor/config';
import type { ClassMembership } from '@nestor/eval';
import type { Lease6, LeaseType } from '@nestor/leases';
import type { ClassLifetimes } from '../classes/class-lifetimes.js';
import type { RelayRecord } from './extended-info.js';
import type { LeasablePool } from './pools.js';

export type IaType = typeof LeaseType.NA | typeof LeaseType.PD;

/** An address or prefix the client named in its IA, with the lifetimes it would like. */
export interface IaHint {
  address: string;
  /** 128 for addresses. */
  prefixLength: number;
  preferred: number;
  valid: number;
}

export interface IaRequest {
  type: IaType;
  iaid: number;
  hints: IaHint[];
}

/** Who is asking and where: everything the engine needs besides the IA. */
export interface ClientContext {
  duid: string;
  /** Subnets the client may be served from: the selected one first, then its shared network's. */
  subnets: readonly Subnet6[];
  /** The client's reservation per subnet id, when it has one. */
  reservations: ReadonlyMap<number, Reservation6>;
  hwaddr: string;
  hwtype: number;
  hwaddrSource: number;
  hostname: string;
  fqdnFwd: boolean;
  fqdnRev: boolean;
  /** Unix seconds. */
  now: number;
  /**
   * The packet's classes when classification is in use: subnets, shared networks, pools and
   * pd-pools with a `client-class` serve only members.
   */
  classes?: ClassMembership;
  /** Lifetimes the packet's classes set, over the subnet's. */
  lifetimes?: ClassLifetimes;
  /** The hook points the engine calls, when a library has callouts there. */
  hooks?: LeaseHookCalls;
  /** The relays the message came through, when relayed and a candidate subnet stores extended info. */
  relays?: readonly RelayRecord[];
}

/** What a lease hook point decided: go on with the lease as the callouts left it, or skip it. */
export type LeaseHookVerdict = { skip: false; lease: Lease6 } | { skip: true };

/**
 * The hook points inside the allocation engine: lease6_select before a new lease is taken (or
 * offered: `fake`), lease6_renew / lease6_rebind before a held one is extended.
 */
export interface LeaseHookCalls {
  select?(subnet: Subnet6, lease: Lease6, fake: boolean): Promise<LeaseHookVerdict>;
  extend?(lease: Lease6, ia: IaRequest): Promise<LeaseHookVerdict>;
}

/**
 * A lease as the engine hands it on: with the pool it lies in (undefined for a reservation
 * outside every pool), which the reply's options and required classes depend on.
 */
export interface GrantedLease {
  lease: Lease6;
  pool: LeasablePool | undefined;
  /**
   * The lease as stored before this message changed it, when the client held it already and
   * it was extended or rewritten (Kea's changed leases): DDNS compares names with it.
   */
  previous?: Lease6;
}

/** What one IA of a SOLICIT or REQUEST gets: its leases (lifetimes as to be sent) or nothing. */
export interface IaGrant {
  leases: GrantedLease[];
  /** Leases of the client taken away (it may no longer hold them): their names are removed. */
  retired: Lease6[];
}

/** What one IA of a RENEW or REBIND gets, and what it named that it may not keep (sent with lifetimes 0). */
export interface IaExtension {
  leases: GrantedLease[];
  expired: IaHint[];
  /** Leases of the client taken away (it may no longer hold them): their names are removed. */
  retired: Lease6[];
}
