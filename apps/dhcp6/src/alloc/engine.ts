import {
  bigIntToIpv6Bytes,
  canonicalIpv6,
  ipv6BytesToBigInt,
  ipv6BytesToText,
  writeIpv6Text,
} from '@nestor/codec';
import type { Reservation6, Subnet6 } from '@nestor/config';
import type { ClassMembership } from '@nestor/eval';
import {
  isKeyedLeaseStore,
  type KeyedLeaseStore,
  type Lease6,
  LeaseState,
  type LeaseStore,
  LeaseType,
  leaseExpire,
  leaseKeyFromBytes,
} from '@nestor/leases';
import { type ClassGuards, poolAllows } from '../class-guards.js';
import type { ClassLifetimes } from '../class-lifetimes.js';
import type { HostIndex } from '../hosts.js';
import type { LeaseStatistics } from '../stats.js';
import { grantLifetimes } from './lifetimes.js';
import { addressToBigInt, type LeasablePool, type PoolIndex } from './pools.js';

/**
 * An address or prefix the engine is about to claim: its text, and when the engine computed it
 * from bytes, its store key and the pool slot it occupies (so neither is worked out again).
 */
interface Candidate {
  text: string;
  /** The lease's store key (leaseKeyFromBytes), when known. */
  key: string | undefined;
  /** The pool and slot it lies in, when known. */
  pool: LeasablePool | undefined;
  slot: bigint;
}

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
}

/** What one IA gets: its leases (lifetimes as to be sent) or nothing. */
export interface IaGrant {
  leases: Lease6[];
}

/** How many times one allocation may lose a race for a slot (another server took it) before giving up a pool. */
const MAX_CONFLICTS_PER_POOL = 64;

/**
 * The allocation engine: finds, creates, extends and gives back leases for IA_NA and IA_PD.
 * The order is Kea's: the client's existing lease, its reservation, its hint, then the pools of
 * each candidate subnet in turn. The store's `add` (atomic, conflict on an address already
 * leased) is what guarantees that an address is never leased twice, also when several servers
 * share one database; the pools' free trackers only make finding a candidate cheap.
 */
export class AllocationEngine {
  /** The store's keyed fast path (memfile has it), else undefined. */
  private readonly keyed: KeyedLeaseStore | undefined;
  /** Scratch for address conversions (reused: nothing keeps it across an await). */
  private readonly bytes = new Uint8Array(16);

  constructor(
    private readonly store: LeaseStore,
    private readonly pools: PoolIndex,
    private readonly hosts: HostIndex,
    private readonly stats: LeaseStatistics,
    private readonly guards: ClassGuards,
  ) {
    this.keyed = isKeyedLeaseStore(store) ? store : undefined;
  }

  /** The candidate at this address of the pool, its text and store key computed once from its bytes. */
  private candidateOf(address: bigint, pool: LeasablePool, slot: bigint): Candidate {
    const bytes = bigIntToIpv6Bytes(address, this.bytes);
    const key = this.keyed && leaseKeyFromBytes(pool.type, bytes);
    return { text: ipv6BytesToText(bytes), key, pool, slot };
  }

  /**
   * Leases for an IA of a SOLICIT, REQUEST (or a SOLICIT with rapid commit). With `commit` false
   * (a plain SOLICIT) nothing is written: the answer says what the client would get.
   */
  async allocate(ctx: ClientContext, ia: IaRequest, commit: boolean): Promise<IaGrant> {
    const existing = await this.currentLeases(ctx, ia);
    if (existing.length > 0) {
      const extended: Lease6[] = [];
      for (const lease of existing) {
        if (!this.mayKeep(ctx, lease)) {
          await this.retire(lease);
          continue;
        }
        const renewed = await this.extend(ctx, lease, ia, commit, false);
        if (renewed) extended.push(renewed);
      }
      if (extended.length > 0) return { leases: extended };
    }
    const fresh = await this.allocateNew(ctx, ia, commit);
    if (fresh) return { leases: [fresh] };
    const first = ctx.subnets[0];
    this.stats.allocationFailed(first, first?.sharedNetwork !== undefined, this.hasUsablePool(ctx, ia.type));
    return { leases: [] };
  }

  /** Whether some pool could have served the client: Kea counts failures without one apart. */
  private hasUsablePool(ctx: ClientContext, type: IaType): boolean {
    return ctx.subnets.some(
      (s) =>
        this.guards.subnetAllows(s, ctx.classes) &&
        this.pools.pools(s.id, type).some((p) => poolAllows(p.config, ctx.classes)),
    );
  }

  /** A new lease: the client's reservation, else its hint, else the first free slot of an allowed pool. */
  private async allocateNew(ctx: ClientContext, ia: IaRequest, commit: boolean): Promise<Lease6 | undefined> {
    for (const subnet of ctx.subnets) {
      const reserved = await this.allocateReserved(ctx, subnet, ia, commit);
      if (reserved) return reserved;
    }
    const fromHint = await this.allocateHint(ctx, ia, commit);
    if (fromHint) return fromHint;
    for (const subnet of ctx.subnets) {
      if (!this.guards.subnetAllows(subnet, ctx.classes)) continue;
      for (const pool of this.pools.pools(subnet.id, ia.type)) {
        if (!poolAllows(pool.config, ctx.classes)) continue;
        const lease = await this.allocateFromPool(ctx, subnet, pool, ia, commit);
        if (lease) return lease;
      }
    }
    return undefined;
  }

  /**
   * RENEW / REBIND: extends the client's leases in this IA. Leases it may no longer hold (out of
   * any pool, reserved for someone else, or in a subnet or pool whose class it left) are removed
   * and, as Kea does, replaced by a new lease when none is left. Removed leases and hints that
   * are not (or no longer) the client's come back in `expired`, to be sent with lifetimes 0.
   */
  async renew(
    ctx: ClientContext,
    ia: IaRequest,
  ): Promise<{ found: boolean; leases: Lease6[]; expired: IaHint[] }> {
    const existing = await this.currentLeases(ctx, ia);
    const leases: Lease6[] = [];
    const retired: Lease6[] = [];
    for (const lease of existing) {
      if (!this.mayKeep(ctx, lease)) {
        if (await this.retire(lease)) retired.push(lease);
        continue;
      }
      const renewed = await this.extend(ctx, lease, ia, true, true);
      if (renewed) leases.push(renewed);
    }
    if (leases.length === 0 && retired.length > 0) {
      const fresh = await this.allocateNew(ctx, ia, true);
      if (fresh) leases.push(fresh);
    }
    const held = new Set(leases.map((l) => l.address));
    const gone = new Set(retired.map((l) => l.address));
    const expired: IaHint[] = [
      ...retired.map((l) => ({ address: l.address, prefixLength: l.prefixLength, preferred: 0, valid: 0 })),
      ...ia.hints.filter((h) => !held.has(canonical(h.address)) && !gone.has(canonical(h.address))),
    ];
    return { found: existing.length > 0, leases, expired };
  }

  /** RELEASE: removes the client's leases named in the IA; resolves with those removed. */
  async release(ctx: Pick<ClientContext, 'duid'>, ia: IaRequest): Promise<Lease6[]> {
    const released: Lease6[] = [];
    for (const hint of ia.hints) {
      const lease = await this.store.get(ia.type, canonical(hint.address));
      if (!lease || lease.duid !== ctx.duid || lease.iaid !== ia.iaid || lease.state !== LeaseState.DEFAULT)
        continue;
      const removed = await this.store.delete(lease.type, lease.address, {
        expectedExpire: leaseExpire(lease),
      });
      if (!removed.ok) continue;
      this.pools.release(lease);
      this.stats.leaseRemoved(lease);
      released.push(lease);
    }
    return released;
  }

  /**
   * DECLINE: the client found the address in use by someone else. The lease becomes declined,
   * held for the probation period with no client attached, as Kea does.
   */
  async decline(
    ctx: Pick<ClientContext, 'duid' | 'now'>,
    ia: IaRequest,
    probation: number,
  ): Promise<Lease6[]> {
    const declined: Lease6[] = [];
    if (ia.type !== LeaseType.NA) return declined;
    for (const hint of ia.hints) {
      const lease = await this.store.get(LeaseType.NA, canonical(hint.address));
      if (!lease || lease.duid !== ctx.duid || lease.iaid !== ia.iaid || lease.state !== LeaseState.DEFAULT)
        continue;
      const next: Lease6 = {
        ...lease,
        state: LeaseState.DECLINED,
        duid: '00',
        iaid: 0,
        hwaddr: '',
        hostname: '',
        fqdnFwd: false,
        fqdnRev: false,
        preferredLifetime: 0,
        validLifetime: probation,
        cltt: ctx.now,
        userContext: undefined,
      };
      const updated = await this.store.update(next, { expectedExpire: leaseExpire(lease) });
      if (!updated.ok) continue;
      this.stats.leaseDeclined(next);
      declined.push(next);
    }
    return declined;
  }

  /** The client's leases for this IA in the candidate subnets that are still its own. */
  private async currentLeases(ctx: ClientContext, ia: IaRequest): Promise<Lease6[]> {
    const found = await this.store.getByIa({ type: ia.type, duid: ctx.duid, iaid: ia.iaid });
    if (found.length === 0) return found;
    const subnetIds = new Set(ctx.subnets.map((s) => s.id));
    return found.filter((l) => subnetIds.has(l.subnetId) && l.state === LeaseState.DEFAULT);
  }

  /**
   * Whether the client may go on holding a lease (Kea's removeNonmatchingReservedLeases6 and
   * extendLease6 checks): one reserved for it stays, unless it is a subnet's and the subnet no
   * longer admits the client; any other must lie in a pool the client may use, in a subnet it may
   * use, and not be reserved for someone else.
   */
  private mayKeep(ctx: ClientContext, lease: Lease6): boolean {
    const subnet = ctx.subnets.find((s) => s.id === lease.subnetId)!;
    const reservation = ctx.reservations.get(subnet.id);
    const resource = lease.type === LeaseType.PD ? `${lease.address}/${lease.prefixLength}` : lease.address;
    const subnetAllows = this.guards.subnetAllows(subnet, ctx.classes);
    if (reservation !== undefined && isReservedIn(reservation, resource))
      return subnetAllows || this.hosts.isGlobal(reservation);
    if (!subnetAllows) return false;
    const found = this.pools.locate(subnet.id, lease.type, addressToBigInt(lease.address));
    if (!found || !poolAllows(found.pool.config, ctx.classes)) return false;
    return !this.hosts.reservedForOther(subnet.id, resource, reservation);
  }

  /**
   * Removes a lease the client may no longer hold, as Kea does before giving it another: the slot
   * is free again and the lease stops counting. Kea 2.2 does this for a plain SOLICIT too (the
   * ADVERTISE offers something else), so this does not wait for a REQUEST either.
   */
  private async retire(lease: Lease6): Promise<boolean> {
    const removed = await this.store.delete(lease.type, lease.address, {
      expectedExpire: leaseExpire(lease),
    });
    if (!removed.ok) return false;
    this.pools.release(lease);
    this.stats.leaseRemoved(lease);
    return true;
  }

  /**
   * Extends a lease the client may keep (or, for a SOLICIT, says it would). A RENEW or REBIND
   * gets the subnet's lifetimes (clamping what the client asks for): Kea 2.2's extendLease6 looks
   * at no class; a SOLICIT or REQUEST gets what a new lease would, class lifetimes included.
   */
  private async extend(
    ctx: ClientContext,
    lease: Lease6,
    ia: IaRequest,
    commit: boolean,
    renewal: boolean,
  ): Promise<Lease6 | undefined> {
    const subnet = ctx.subnets.find((s) => s.id === lease.subnetId)!;
    const hint = ia.hints.find((h) => canonical(h.address) === lease.address);
    const { preferred, valid } = grantLifetimes(renewal ? subnet : lifetimeSource(ctx, subnet), {
      preferred: hint?.preferred,
      valid: hint?.valid,
    });
    const cached = this.cachedLease(subnet, lease, ctx.now, preferred, valid);
    if (cached) return cached;
    const next: Lease6 = {
      ...lease,
      preferredLifetime: preferred,
      validLifetime: valid,
      cltt: ctx.now,
      hwaddr: ctx.hwaddr || lease.hwaddr,
      hwtype: ctx.hwaddr ? ctx.hwtype : lease.hwtype,
      hwaddrSource: ctx.hwaddr ? ctx.hwaddrSource : lease.hwaddrSource,
      hostname: ctx.hostname,
      fqdnFwd: ctx.fqdnFwd,
      fqdnRev: ctx.fqdnRev,
    };
    if (!commit) return next;
    const updated = await this.store.update(next, { expectedExpire: leaseExpire(lease) });
    return updated.ok ? next : undefined;
  }

  /**
   * Lease caching (cache-threshold / cache-max-age): a lease renewed recently enough is sent again
   * with its remaining lifetimes instead of being rewritten.
   */
  private cachedLease(
    subnet: Subnet6,
    lease: Lease6,
    now: number,
    preferred: number,
    valid: number,
  ): Lease6 | undefined {
    if (subnet.cacheThreshold === undefined && subnet.cacheMaxAge === undefined) return undefined;
    if (lease.validLifetime !== valid || lease.preferredLifetime !== preferred) return undefined;
    const age = now - lease.cltt;
    if (age < 0) return undefined;
    const byThreshold =
      subnet.cacheThreshold !== undefined && subnet.cacheThreshold > 0 && subnet.cacheThreshold < 1
        ? Math.floor(lease.validLifetime * subnet.cacheThreshold)
        : undefined;
    const limit =
      byThreshold !== undefined && subnet.cacheMaxAge !== undefined && subnet.cacheMaxAge > 0
        ? Math.min(byThreshold, subnet.cacheMaxAge)
        : (byThreshold ?? (subnet.cacheMaxAge || undefined));
    if (limit === undefined || age >= limit) return undefined;
    return {
      ...lease,
      preferredLifetime: Math.max(lease.preferredLifetime - age, 0),
      validLifetime: lease.validLifetime - age,
    };
  }

  private async allocateReserved(
    ctx: ClientContext,
    subnet: Subnet6,
    ia: IaRequest,
    commit: boolean,
  ): Promise<Lease6 | undefined> {
    const reservation = ctx.reservations.get(subnet.id);
    if (!reservation || !subnet.reservationFlags.inSubnet) return undefined;
    if (!this.guards.subnetAllows(subnet, ctx.classes)) return undefined;
    const resources = ia.type === LeaseType.PD ? reservation.prefixes : reservation.ipAddresses;
    for (const resource of resources) {
      const [address, length] = ia.type === LeaseType.PD ? splitPrefix(resource) : [resource, 128];
      const candidate: Candidate = { text: address, key: undefined, pool: undefined, slot: 0n };
      const lease = await this.claim(ctx, subnet, ia, candidate, length, commit);
      if (lease) return lease;
    }
    return undefined;
  }

  private async allocateHint(
    ctx: ClientContext,
    ia: IaRequest,
    commit: boolean,
  ): Promise<Lease6 | undefined> {
    for (const hint of ia.hints) {
      // Parsed straight into bytes: the number and, below, the text and key all come from them.
      if (!writeIpv6Text(hint.address, this.bytes)) continue;
      const address = ipv6BytesToBigInt(this.bytes);
      for (const subnet of ctx.subnets) {
        if (!this.guards.subnetAllows(subnet, ctx.classes)) continue;
        const found = this.pools.locate(subnet.id, ia.type, address);
        if (!found || !poolAllows(found.pool.config, ctx.classes)) continue;
        if (
          ia.type === LeaseType.PD &&
          hint.prefixLength !== 0 &&
          hint.prefixLength !== found.pool.prefixLength
        )
          continue;
        if (found.pool.tracker.isUsed(found.slot)) continue;
        const candidate = this.candidateOf(address, found.pool, found.slot);
        const text = candidate.text;
        const resource = ia.type === LeaseType.PD ? `${text}/${found.pool.prefixLength}` : text;
        if (this.hosts.reservedForOther(subnet.id, resource, ctx.reservations.get(subnet.id))) continue;
        const lease = await this.claim(ctx, subnet, ia, candidate, found.pool.prefixLength, commit, hint);
        if (lease) return lease;
      }
    }
    return undefined;
  }

  private async allocateFromPool(
    ctx: ClientContext,
    subnet: Subnet6,
    pool: LeasablePool,
    ia: IaRequest,
    commit: boolean,
  ): Promise<Lease6 | undefined> {
    const reservation = ctx.reservations.get(subnet.id);
    let conflicts = 0;
    // Each pass either returns, skips a reserved slot or loses a race; both are bounded.
    for (let pass = 0; pass < pool.tracker.size && conflicts < MAX_CONFLICTS_PER_POOL; pass++) {
      const slot = pool.tracker.next();
      if (slot === undefined) return undefined;
      const candidate = this.candidateOf(pool.addressOf(slot), pool, slot);
      const address = candidate.text;
      const resource = ia.type === LeaseType.PD ? `${address}/${pool.prefixLength}` : address;
      if (this.hosts.reservedForOther(subnet.id, resource, reservation)) {
        conflicts++;
        continue;
      }
      const lease = await this.claim(ctx, subnet, ia, candidate, pool.prefixLength, commit);
      if (lease) return lease;
      conflicts++;
    }
    return undefined;
  }

  /**
   * Takes one address or prefix for the client: adds the lease (or, for a SOLICIT, only checks it
   * is free). An expired or reclaimed lease of someone else on it is taken over; a live one is not.
   */
  private async claim(
    ctx: ClientContext,
    subnet: Subnet6,
    ia: IaRequest,
    candidate: Candidate,
    prefixLength: number,
    commit: boolean,
    hint?: IaHint,
  ): Promise<Lease6 | undefined> {
    const { preferred, valid } = grantLifetimes(lifetimeSource(ctx, subnet), {
      preferred: hint?.preferred,
      valid: hint?.valid,
    });
    const address = candidate.text;
    // What lease6() builds from these fields, property order included, without its spread.
    const lease: Lease6 = {
      prefixLength,
      fqdnFwd: ctx.fqdnFwd,
      fqdnRev: ctx.fqdnRev,
      hostname: ctx.hostname,
      hwaddr: ctx.hwaddr,
      hwtype: ctx.hwtype,
      hwaddrSource: ctx.hwaddrSource,
      state: LeaseState.DEFAULT,
      userContext: undefined,
      poolId: 0,
      type: ia.type,
      address,
      duid: ctx.duid,
      iaid: ia.iaid,
      subnetId: subnet.id,
      preferredLifetime: preferred,
      validLifetime: valid,
      cltt: ctx.now,
    };
    const keyed = candidate.key === undefined ? undefined : this.keyed;
    const key = candidate.key!;
    const current = keyed ? await keyed.getKeyed(ia.type, key) : await this.store.get(ia.type, address);
    if (current && !this.takeable(current, ctx)) {
      this.pools.track(current);
      return undefined;
    }
    if (!commit) return lease;
    const options = current ? { expectedExpire: leaseExpire(current) } : undefined;
    const result = keyed
      ? current
        ? await keyed.updateKeyed(lease, key, options)
        : await keyed.addKeyed(lease, key)
      : current
        ? await this.store.update(lease, options)
        : await this.store.add(lease);
    if (!result.ok) {
      const winner = keyed ? await keyed.getKeyed(ia.type, key) : await this.store.get(ia.type, address);
      if (winner) this.pools.track(winner);
      return undefined;
    }
    if (candidate.pool) candidate.pool.tracker.markUsed(candidate.slot);
    else this.pools.track(lease);
    if (current) this.stats.leaseRemoved(current);
    this.stats.leaseAssigned(lease);
    return lease;
  }

  /**
   * A stored lease may be taken over once reclaimed, or once expired (a declined address when
   * its probation is over): Kea reuses expired leases before the reclamation routine gets to them.
   */
  private takeable(current: Lease6, ctx: ClientContext): boolean {
    return current.state === LeaseState.EXPIRED_RECLAIMED || leaseExpire(current) <= ctx.now;
  }
}

/** The subnet's lifetimes, with those the client's classes set in their place. */
function lifetimeSource(
  ctx: ClientContext,
  subnet: Subnet6,
): Pick<Subnet6, 'preferredLifetime' | 'validLifetime'> {
  const classes = ctx.lifetimes;
  if (!classes) return subnet;
  return {
    preferredLifetime: classes.preferred ?? subnet.preferredLifetime,
    validLifetime: classes.valid ?? subnet.validLifetime,
  };
}

function canonical(address: string): string {
  try {
    return canonicalIpv6(address);
  } catch {
    return address;
  }
}

function splitPrefix(text: string): [string, number] {
  const slash = text.indexOf('/');
  return [text.slice(0, slash), Number(text.slice(slash + 1))];
}

function isReservedIn(reservation: Reservation6, resource: string): boolean {
  return reservation.ipAddresses.includes(resource) || reservation.prefixes.includes(resource);
}
