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
import { reusableLifetimes } from './lease-cache.js';
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
    const { kept } = await this.keepable(ctx, ia);
    if (kept.length > 0) {
      const handed = await this.handOverReservation(ctx, ia, kept, commit);
      if (handed) return { leases: [handed.reserved] };
      const refreshed: Lease6[] = [];
      for (const lease of kept) {
        const next = await this.refresh(ctx, lease, commit);
        if (next) refreshed.push(next);
      }
      // Kea 2.2 answers a SOLICIT or REQUEST with one lease per IA, the first it holds.
      if (refreshed.length > 0) return { leases: refreshed.slice(0, 1) };
    }
    const fresh = await this.allocateNew(ctx, ia, commit);
    if (fresh) return { leases: [fresh] };
    this.countFailure(ctx, ia);
    return { leases: [] };
  }

  /**
   * The client's leases for this IA that it may go on holding; those it may not are removed
   * (`retired`), as Kea does before giving it another, also for a plain SOLICIT.
   */
  private async keepable(ctx: ClientContext, ia: IaRequest): Promise<{ kept: Lease6[]; retired: Lease6[] }> {
    const kept: Lease6[] = [];
    const retired: Lease6[] = [];
    for (const lease of await this.currentLeases(ctx, ia)) {
      if (this.mayKeep(ctx, lease)) kept.push(lease);
      else if (await this.retire(lease)) retired.push(lease);
    }
    return { kept, retired };
  }

  /**
   * A client with a reservation holding none of its reserved addresses (or prefixes) in this
   * IA gets the reserved one as soon as it is free, and its other leases in the IA go (Kea
   * 2.2's allocateReservedLeases6 then removeNonreservedLeases6, for SOLICIT, REQUEST, RENEW and
   * REBIND alike: a reservation made, or freed, while the client holds a dynamic lease).
   */
  private async handOverReservation(
    ctx: ClientContext,
    ia: IaRequest,
    kept: readonly Lease6[],
    commit: boolean,
  ): Promise<{ reserved: Lease6; dropped: Lease6[] } | undefined> {
    if (ctx.reservations.size === 0) return undefined;
    if (kept.some((lease) => this.holdsReserved(ctx, lease))) return undefined;
    let reserved: Lease6 | undefined;
    for (const subnet of ctx.subnets) {
      reserved = await this.allocateReserved(ctx, subnet, ia, commit);
      if (reserved) break;
    }
    if (!reserved) return undefined;
    const dropped: Lease6[] = [];
    for (const lease of kept) if (await this.retire(lease)) dropped.push(lease);
    return { reserved, dropped };
  }

  /** Whether a lease is one of the client's reserved addresses or prefixes. */
  private holdsReserved(ctx: ClientContext, lease: Lease6): boolean {
    const reservation = ctx.reservations.get(lease.subnetId);
    const resource = lease.type === LeaseType.PD ? `${lease.address}/${lease.prefixLength}` : lease.address;
    return reservation !== undefined && isReservedIn(reservation, resource);
  }

  private countFailure(ctx: ClientContext, ia: IaRequest): void {
    const first = ctx.subnets[0];
    this.stats.allocationFailed(first, first?.sharedNetwork !== undefined, this.hasUsablePool(ctx, ia.type));
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
   * any pool, reserved for someone else, or in a subnet or pool whose class it left) are removed.
   * When none is left, or the server knows no binding for the IA at all, the client gets a new
   * lease as in a REQUEST (its reservation, its first hint when that is free and in an allowed
   * pool, else a free one), as Kea 2.2 does: RFC 8415 sections 18.3.4 and 18.3.5 let a server
   * create the binding. Removed leases and hints that are not (or no longer) the client's come
   * back in `expired`, to be sent with lifetimes 0.
   */
  async renew(ctx: ClientContext, ia: IaRequest): Promise<{ leases: Lease6[]; expired: IaHint[] }> {
    const { kept, retired } = await this.keepable(ctx, ia);
    const leases: Lease6[] = [];
    const handed = kept.length > 0 ? await this.handOverReservation(ctx, ia, kept, true) : undefined;
    if (handed) {
      leases.push(handed.reserved);
      retired.push(...handed.dropped);
    } else {
      for (const lease of kept) {
        const renewed = await this.extend(ctx, lease, ia);
        if (renewed) leases.push(renewed);
      }
    }
    if (leases.length === 0) {
      const fresh = await this.allocateNew(ctx, ia, true);
      if (fresh) leases.push(fresh);
      else this.countFailure(ctx, ia);
    }
    const held = new Set(leases.map((l) => resourceKey(l.address, l.prefixLength)));
    const gone = new Set(retired.map((l) => resourceKey(l.address, l.prefixLength)));
    const expired: IaHint[] = [
      ...retired.map((l) => ({ address: l.address, prefixLength: l.prefixLength, preferred: 0, valid: 0 })),
      ...ia.hints.filter((h) => {
        const key = resourceKey(canonical(h.address), ia.type === LeaseType.PD ? h.prefixLength : 128);
        return !held.has(key) && !gone.has(key);
      }),
    ];
    return { leases, expired };
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
   * SOLICIT / REQUEST for a lease the client holds (Kea 2.2's updateLeaseData): the lease keeps
   * its stored lifetimes whatever the client asks for; a REQUEST restarts it now (cltt) with the
   * client's current name, unless lease caching lets it be sent as it stands. A SOLICIT writes
   * nothing.
   */
  private async refresh(ctx: ClientContext, lease: Lease6, commit: boolean): Promise<Lease6 | undefined> {
    const named: Lease6 = { ...lease, hostname: ctx.hostname, fqdnFwd: ctx.fqdnFwd, fqdnRev: ctx.fqdnRev };
    if (!commit) return named;
    const next: Lease6 = { ...named, cltt: ctx.now, state: LeaseState.DEFAULT };
    const nameChanged = lease.type !== LeaseType.PD && !sameName(lease, next);
    if (!nameChanged) {
      const reused = reusableLifetimes(ctx.subnets[0]!, lease, ctx.now, lease.validLifetime);
      if (reused) return { ...lease, preferredLifetime: reused.preferred, validLifetime: reused.valid };
    }
    const updated = await this.store.update(next, { expectedExpire: leaseExpire(lease) });
    return updated.ok ? next : undefined;
  }

  /**
   * RENEW / REBIND of a lease the client may keep (Kea 2.2's extendLease6): the subnet's
   * lifetimes, within its bounds when the IA's first address asks for some (Kea 2.2 looks at no
   * class here, and at the first hint only). A lease with nothing changed that lease caching
   * allows is sent with what is left of its lifetimes and not rewritten. An expired lease is
   * reclaimed and assigned again, as the statistics show.
   */
  private async extend(ctx: ClientContext, lease: Lease6, ia: IaRequest): Promise<Lease6 | undefined> {
    const subnet = ctx.subnets.find((s) => s.id === lease.subnetId)!;
    const first = ia.hints[0];
    const { preferred, valid } = grantLifetimes(subnet, { preferred: first?.preferred, valid: first?.valid });
    const next: Lease6 = {
      ...lease,
      state: LeaseState.DEFAULT,
      preferredLifetime: preferred,
      validLifetime: valid,
      cltt: ctx.now,
      hwaddr: ctx.hwaddr,
      hwtype: ctx.hwaddr ? ctx.hwtype : lease.hwtype,
      hwaddrSource: ctx.hwaddr ? ctx.hwaddrSource : lease.hwaddrSource,
      hostname: ctx.hostname,
      fqdnFwd: ctx.fqdnFwd,
      fqdnRev: ctx.fqdnRev,
    };
    const expired = leaseExpire(lease) <= ctx.now;
    const changed =
      preferred < lease.preferredLifetime ||
      valid < lease.validLifetime ||
      !sameName(lease, next) ||
      lease.hwaddr !== next.hwaddr ||
      lease.state !== LeaseState.DEFAULT ||
      expired;
    if (!changed) {
      const reused = reusableLifetimes(subnet, lease, ctx.now, valid);
      if (reused) return { ...lease, preferredLifetime: reused.preferred, validLifetime: reused.valid };
    }
    const updated = await this.store.update(next, { expectedExpire: leaseExpire(lease) });
    if (!updated.ok) return undefined;
    if (expired && lease.state === LeaseState.DEFAULT) {
      this.stats.leaseReclaimed(lease);
      this.stats.leaseAssigned(next);
    }
    return next;
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

  /**
   * The client's hint, when it is free, in a pool the client may use, and not reserved for
   * someone else. Only the first address or prefix the IA names counts, as in Kea 2.2; a
   * prefix is delegated at its pool's length whatever length the client asked for.
   */
  private async allocateHint(
    ctx: ClientContext,
    ia: IaRequest,
    commit: boolean,
  ): Promise<Lease6 | undefined> {
    const hint = ia.hints[0];
    // Parsed straight into bytes: the number and, below, the text and key all come from them.
    if (!hint || !writeIpv6Text(hint.address, this.bytes)) return undefined;
    const address = ipv6BytesToBigInt(this.bytes);
    for (const subnet of ctx.subnets) {
      if (!this.guards.subnetAllows(subnet, ctx.classes)) continue;
      const found = this.pools.locate(subnet.id, ia.type, address);
      if (!found || !poolAllows(found.pool.config, ctx.classes)) continue;
      if (found.pool.tracker.isUsed(found.slot)) continue;
      const candidate = this.candidateOf(address, found.pool, found.slot);
      const text = candidate.text;
      const resource = ia.type === LeaseType.PD ? `${text}/${found.pool.prefixLength}` : text;
      if (this.hosts.reservedForOther(subnet.id, resource, ctx.reservations.get(subnet.id))) continue;
      const lease = await this.claim(ctx, subnet, ia, candidate, found.pool.prefixLength, commit, hint);
      if (lease) return lease;
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

/** An address or prefix as a set key. */
function resourceKey(address: string, prefixLength: number): string {
  return `${address}/${prefixLength}`;
}

/** Whether two leases carry the same name (hostname and the DNS directions). */
function sameName(a: Lease6, b: Lease6): boolean {
  return a.hostname === b.hostname && a.fqdnFwd === b.fqdnFwd && a.fqdnRev === b.fqdnRev;
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
