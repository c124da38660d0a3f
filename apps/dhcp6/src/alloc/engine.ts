import { canonicalIpv6 } from '@nestor/codec';
import type { Reservation6 } from '@nestor/config';
import { type Lease6, LeaseState, LeaseType } from '@nestor/leases';
import { type ClassGuards, poolAllows } from '../classes/class-guards.js';
import type { HostIndex } from '../hosts.js';
import type { LeaseStatistics } from '../stats.js';
import { withExtendedInfo } from './extended-info.js';
import { reusableLifetimes } from './lease-cache.js';
import type { LeaseLedger } from './lease-ledger.js';
import { grantLifetimes } from './lifetimes.js';
import { NewLeaseFinder } from './new-lease.js';
import type { LeasablePool } from './pools.js';
import type { ClientContext, GrantedLease, IaExtension, IaGrant, IaHint, IaRequest } from './types.js';

export type {
  ClientContext,
  GrantedLease,
  IaExtension,
  IaGrant,
  IaHint,
  IaRequest,
  IaType,
} from './types.js';

/** A lease the client holds and may keep, with the pool it lies in. */
type Kept = GrantedLease;

/** A hook's say on a lease given back (lease6_release, lease6_decline): go on, keep it, or drop the message. */
export type Approval = (lease: Lease6) => Promise<'continue' | 'skip' | 'drop'>;

/** The leases a RELEASE or DECLINE gave back, or that the message is to be dropped. */
export interface GiveBack {
  leases: Lease6[];
  /** Each lease of `leases` as it was before (a declined lease loses its name): DDNS removes that. */
  before: Lease6[];
  drop: boolean;
}

/**
 * The allocation engine: finds, creates, extends and gives back leases for IA_NA and IA_PD, as
 * Kea 2.2's allocation engine decides: the client's existing leases first (those it may still
 * hold), its reservation, its first hint, then the pools of each candidate subnet. Every change
 * goes through the ledger (store, free slots and statistics together); every lease granted is
 * handed on with its pool.
 */
export class AllocationEngine {
  private readonly finder: NewLeaseFinder;

  constructor(
    private readonly ledger: LeaseLedger,
    private readonly hosts: HostIndex,
    stats: LeaseStatistics,
    private readonly guards: ClassGuards,
  ) {
    this.finder = new NewLeaseFinder(ledger, hosts, stats, guards);
  }

  /**
   * Leases for an IA of a SOLICIT, REQUEST (or a SOLICIT with rapid commit). With `commit` false
   * (a plain SOLICIT) nothing is written: the answer says what the client would get.
   */
  async allocate(ctx: ClientContext, ia: IaRequest, commit: boolean): Promise<IaGrant> {
    const { kept, retired } = await this.keepable(ctx, ia);
    if (kept.length > 0) {
      const handed = await this.handOverReservation(ctx, ia, kept, commit);
      if (handed) return { leases: [handed.reserved], retired: [...retired, ...handed.dropped] };
      const refreshed: GrantedLease[] = [];
      for (const held of kept) {
        const done = await this.refresh(ctx, held.lease, commit);
        if (done) refreshed.push({ ...done, pool: held.pool });
      }
      // Kea 2.2 answers a SOLICIT or REQUEST with one lease per IA, the first it holds.
      if (refreshed.length > 0) return { leases: refreshed.slice(0, 1), retired };
    }
    const fresh = await this.finder.find(ctx, ia, commit);
    if (fresh) return { leases: [fresh], retired };
    this.finder.countFailure(ctx, ia.type);
    return { leases: [], retired };
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
  async renew(ctx: ClientContext, ia: IaRequest): Promise<IaExtension> {
    const { kept, retired } = await this.keepable(ctx, ia);
    const leases: GrantedLease[] = [];
    const handed = kept.length > 0 ? await this.handOverReservation(ctx, ia, kept, true) : undefined;
    if (handed) {
      leases.push(handed.reserved);
      retired.push(...handed.dropped);
    } else {
      for (const held of kept) {
        const lease = await this.extend(ctx, held.lease, ia);
        if (lease) leases.push({ lease, pool: held.pool, previous: held.lease });
      }
    }
    if (leases.length === 0) {
      const fresh = await this.finder.find(ctx, ia, true);
      if (fresh) leases.push(fresh);
      else this.finder.countFailure(ctx, ia.type);
    }
    const held = new Set(leases.map((g) => resourceKey(g.lease.address, g.lease.prefixLength)));
    const gone = new Set(retired.map((l) => resourceKey(l.address, l.prefixLength)));
    const expired: IaHint[] = [
      ...retired.map((l) => ({ address: l.address, prefixLength: l.prefixLength, preferred: 0, valid: 0 })),
      ...ia.hints.filter((h) => {
        const key = resourceKey(canonical(h.address), ia.type === LeaseType.PD ? h.prefixLength : 128);
        return !held.has(key) && !gone.has(key);
      }),
    ];
    return { leases, expired, retired };
  }

  /**
   * A lease granted by this message renamed after the fact (a name the server generated from
   * its address): written as it is otherwise; the lease as stored, or undefined when it changed
   * meanwhile.
   */
  async rename(lease: Lease6, hostname: string): Promise<Lease6 | undefined> {
    return this.relabel(lease, { hostname, fqdnFwd: lease.fqdnFwd, fqdnRev: lease.fqdnRev });
  }

  /**
   * A lease granted by this message given another name and DNS directions after the fact (the
   * subnet that serves the client is not the one its name was decided for): written as it is
   * otherwise; the lease as stored, or undefined when it changed meanwhile.
   */
  async relabel(
    lease: Lease6,
    name: Pick<Lease6, 'hostname' | 'fqdnFwd' | 'fqdnRev'>,
  ): Promise<Lease6 | undefined> {
    if (lease.hostname === name.hostname && lease.fqdnFwd === name.fqdnFwd && lease.fqdnRev === name.fqdnRev)
      return lease;
    const next: Lease6 = { ...lease, ...name };
    return (await this.ledger.restart(lease, next)) ? next : undefined;
  }

  /**
   * RELEASE: removes the client's leases named in the IA; resolves with those released (a lease
   * `approve` skips counts as released but stays; its drop abandons the message).
   */
  async release(ctx: Pick<ClientContext, 'duid'>, ia: IaRequest, approve?: Approval): Promise<GiveBack> {
    const released: Lease6[] = [];
    for (const hint of ia.hints) {
      const lease = await this.ledger.store.get(ia.type, canonical(hint.address));
      if (!lease || lease.duid !== ctx.duid || lease.iaid !== ia.iaid || lease.state !== LeaseState.DEFAULT)
        continue;
      const verdict = approve ? await approve(lease) : 'continue';
      if (verdict === 'drop') return { leases: released, before: released, drop: true };
      if (verdict === 'skip' || (await this.ledger.remove(lease))) released.push(lease);
    }
    return { leases: released, before: released, drop: false };
  }

  /**
   * DECLINE: the client found the address in use by someone else. The lease becomes declined,
   * held for the probation period with no client attached, as Kea does (a lease `approve` skips
   * stays as it is, and counts as declined; its drop abandons the message).
   */
  async decline(
    ctx: Pick<ClientContext, 'duid' | 'now'>,
    ia: IaRequest,
    probation: number,
    approve?: Approval,
  ): Promise<GiveBack> {
    const declined: Lease6[] = [];
    const before: Lease6[] = [];
    if (ia.type !== LeaseType.NA) return { leases: declined, before, drop: false };
    for (const hint of ia.hints) {
      const lease = await this.ledger.store.get(LeaseType.NA, canonical(hint.address));
      if (!lease || lease.duid !== ctx.duid || lease.iaid !== ia.iaid || lease.state !== LeaseState.DEFAULT)
        continue;
      const next: Lease6 = {
        ...lease,
        state: LeaseState.DECLINED,
        // Kea's Lease6::decline: the client's identity goes (DUID, hardware address, name), the
        // IAID and the user context stay.
        duid: '00',
        hwaddr: '',
        hostname: '',
        fqdnFwd: false,
        fqdnRev: false,
        preferredLifetime: 0,
        validLifetime: probation,
        cltt: ctx.now,
      };
      const verdict = approve ? await approve(lease) : 'continue';
      if (verdict === 'drop') return { leases: declined, before, drop: true };
      if (verdict === 'skip') {
        declined.push(lease);
        before.push(lease);
      } else if (await this.ledger.decline(lease, next)) {
        declined.push(next);
        before.push(lease);
      }
    }
    return { leases: declined, before, drop: false };
  }

  /**
   * The client's leases for this IA that it may go on holding, with their pools; those it may
   * not are removed (`retired`), as Kea does before giving it another, also for a plain SOLICIT.
   */
  private async keepable(ctx: ClientContext, ia: IaRequest): Promise<{ kept: Kept[]; retired: Lease6[] }> {
    const kept: Kept[] = [];
    const retired: Lease6[] = [];
    for (const lease of await this.currentLeases(ctx, ia)) {
      const keep = await this.mayKeep(ctx, lease);
      if (keep) kept.push({ lease, pool: keep.pool });
      else if (await this.ledger.remove(lease)) retired.push(lease);
    }
    return { kept, retired };
  }

  /** The client's leases for this IA in the candidate subnets that are still its own. */
  private async currentLeases(ctx: ClientContext, ia: IaRequest): Promise<Lease6[]> {
    const found = await this.ledger.store.getByIa({ type: ia.type, duid: ctx.duid, iaid: ia.iaid });
    if (found.length === 0) return found;
    const subnetIds = new Set(ctx.subnets.map((s) => s.id));
    return found.filter((l) => subnetIds.has(l.subnetId) && l.state === LeaseState.DEFAULT);
  }

  /**
   * Whether the client may go on holding a lease (Kea's removeNonmatchingReservedLeases6 and
   * extendLease6 checks), and the pool it lies in: one reserved for it stays, unless it is a
   * subnet's and the subnet no longer admits the client; any other must lie in a pool the
   * client may use, in a subnet it may use, and not be reserved for someone else.
   */
  private async mayKeep(
    ctx: ClientContext,
    lease: Lease6,
  ): Promise<{ pool: LeasablePool | undefined } | undefined> {
    const subnet = ctx.subnets.find((s) => s.id === lease.subnetId)!;
    const reservation = ctx.reservations.get(subnet.id);
    const resource = resourceOf(lease);
    const subnetAllows = this.guards.subnetAllows(subnet, ctx.classes);
    const found = this.ledger.pools.locateLease(lease);
    if (reservation !== undefined && isReservedIn(reservation, resource))
      return subnetAllows || this.hosts.isGlobal(reservation) ? { pool: found?.pool } : undefined;
    if (!subnetAllows) return undefined;
    if (!found || !poolAllows(found.pool.config, ctx.classes)) return undefined;
    if (this.hosts.reservedForOther(subnet.id, resource, reservation)) return undefined;
    if (
      this.hosts.databases.length > 0 &&
      (await this.hosts.reservedInDatabases(subnet, resource, reservation))
    )
      return undefined;
    return { pool: found.pool };
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
    kept: readonly Kept[],
    commit: boolean,
  ): Promise<{ reserved: GrantedLease; dropped: Lease6[] } | undefined> {
    if (ctx.reservations.size === 0) return undefined;
    if (kept.some((held) => this.holdsReserved(ctx, held.lease))) return undefined;
    let reserved: GrantedLease | undefined;
    for (const subnet of ctx.subnets) {
      reserved = await this.finder.reserved(ctx, subnet, ia, commit);
      if (reserved) break;
    }
    if (!reserved) return undefined;
    const dropped: Lease6[] = [];
    for (const held of kept) if (await this.ledger.remove(held.lease)) dropped.push(held.lease);
    return { reserved, dropped };
  }

  /** Whether a lease is one of the client's reserved addresses or prefixes. */
  private holdsReserved(ctx: ClientContext, lease: Lease6): boolean {
    const reservation = ctx.reservations.get(lease.subnetId);
    return reservation !== undefined && isReservedIn(reservation, resourceOf(lease));
  }

  /**
   * SOLICIT / REQUEST for a lease the client holds (Kea 2.2's updateLeaseData): the lease keeps
   * its stored lifetimes whatever the client asks for; a REQUEST restarts it now (cltt) with the
   * client's current name, unless lease caching lets it be sent as it stands. A SOLICIT writes
   * nothing.
   */
  private async refresh(
    ctx: ClientContext,
    lease: Lease6,
    commit: boolean,
  ): Promise<{ lease: Lease6; previous?: Lease6 } | undefined> {
    const named: Lease6 = { ...lease, hostname: ctx.hostname, fqdnFwd: ctx.fqdnFwd, fqdnRev: ctx.fqdnRev };
    if (!commit) return { lease: named };
    const next: Lease6 = { ...named, cltt: ctx.now, state: LeaseState.DEFAULT };
    const nameChanged = lease.type !== LeaseType.PD && !sameName(lease, next);
    if (!nameChanged) {
      const reused = reusableLifetimes(ctx.subnets[0]!, lease, ctx.now, lease.validLifetime);
      if (reused)
        return { lease: { ...lease, preferredLifetime: reused.preferred, validLifetime: reused.valid } };
    }
    // Only a lease rewritten counts as changed (Kea's updateLeaseData), a reused one does not.
    return (await this.ledger.restart(lease, next)) ? { lease: next, previous: lease } : undefined;
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
    let next: Lease6 = {
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
    if (ctx.hooks?.extend) {
      // Kea's lease6_renew / lease6_rebind: SKIP keeps the lease as it was, unwritten.
      const verdict = await ctx.hooks.extend(next, ia);
      if (verdict.skip) return lease;
      next = verdict.lease;
    }
    // Kea 2.2's extendLease6: new relay information counts as a change (the lease is written).
    const recorded = withExtendedInfo(next, subnet, ctx.relays);
    next = recorded.lease;
    const changed =
      recorded.changed ||
      next.preferredLifetime < lease.preferredLifetime ||
      next.validLifetime < lease.validLifetime ||
      !sameName(lease, next) ||
      lease.hwaddr !== next.hwaddr ||
      lease.state !== LeaseState.DEFAULT ||
      lease.cltt + lease.validLifetime <= ctx.now;
    if (!changed) {
      const reused = reusableLifetimes(subnet, lease, ctx.now, next.validLifetime);
      if (reused) return { ...lease, preferredLifetime: reused.preferred, validLifetime: reused.valid };
    }
    return (await this.ledger.renew(lease, next, ctx.now)) ? next : undefined;
  }
}

/** An address or prefix as a set key. */
function resourceKey(address: string, prefixLength: number): string {
  return `${address}/${prefixLength}`;
}

/** A lease as reservations name it: the address, or "prefix/length". */
function resourceOf(lease: Lease6): string {
  return lease.type === LeaseType.PD ? `${lease.address}/${lease.prefixLength}` : lease.address;
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

function isReservedIn(reservation: Reservation6, resource: string): boolean {
  return reservation.ipAddresses.includes(resource) || reservation.prefixes.includes(resource);
}
