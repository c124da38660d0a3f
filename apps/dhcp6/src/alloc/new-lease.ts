import { bigIntToIpv6Bytes, ipv6BytesToBigInt, ipv6BytesToText, writeIpv6Text } from '@nestor/codec';
import type { Subnet6 } from '@nestor/config';
import { type Lease6, LeaseState, LeaseType, leaseExpire, leaseKeyFromBytes } from '@nestor/leases';
import { type ClassGuards, poolAllows } from '../classes/class-guards.js';
import type { HostIndex } from '../hosts.js';
import type { LeaseStatistics } from '../stats.js';
import { withExtendedInfo } from './extended-info.js';
import type { LeaseLedger } from './lease-ledger.js';
import { grantLifetimes } from './lifetimes.js';
import type { LeasablePool } from './pools.js';
import type { ClientContext, GrantedLease, IaHint, IaRequest, IaType } from './types.js';

/**
 * An address or prefix about to be claimed: its text, and when it was computed from bytes, its
 * store key and the pool slot it occupies (so neither is worked out again).
 */
interface Candidate {
  text: string;
  /** The lease's store key (leaseKeyFromBytes), when known. */
  key: string | undefined;
  /** The pool and slot it lies in, when known. */
  pool: LeasablePool | undefined;
  slot: bigint;
}

/** How many times one allocation may lose a race for a slot (another server took it) before giving up a pool. */
const MAX_CONFLICTS_PER_POOL = 64;

/** Claims that read first after an address turned out taken (see NewLeaseFinder.claim). */
export const READ_FIRST_AFTER_CONFLICT = 64;

/**
 * Finds and claims a new lease for an IA, in Kea's order: the client's reservation, its first
 * hint, then the free slots of the pools of each candidate subnet in turn. The store's atomic
 * add (through the ledger) is what guarantees that an address is never leased twice, also when
 * several servers share one database; the pools' free trackers only make finding a candidate
 * cheap.
 */
export class NewLeaseFinder {
  /** Claims left that read the address before the INSERT (see claim). */
  private readFirst = 0;
  /** Scratch for address conversions (reused: nothing keeps it across an await). */
  private readonly bytes = new Uint8Array(16);

  constructor(
    private readonly ledger: LeaseLedger,
    private readonly hosts: HostIndex,
    private readonly stats: LeaseStatistics,
    private readonly guards: ClassGuards,
  ) {}

  /** A new lease, or undefined when none could be had. */
  async find(ctx: ClientContext, ia: IaRequest, commit: boolean): Promise<GrantedLease | undefined> {
    for (const subnet of ctx.subnets) {
      const reserved = await this.reserved(ctx, subnet, ia, commit);
      if (reserved) return reserved;
    }
    const fromHint = await this.hinted(ctx, ia, commit);
    if (fromHint) return fromHint;
    for (const subnet of ctx.subnets) {
      if (!this.guards.subnetAllows(subnet, ctx.classes)) continue;
      for (const pool of this.ledger.pools.pools(subnet.id, ia.type)) {
        if (!poolAllows(pool.config, ctx.classes)) continue;
        const lease = await this.fromPool(ctx, subnet, pool, ia, commit);
        if (lease) return lease;
      }
    }
    return undefined;
  }

  /**
   * Counts an IA that got nothing, as Kea 2.2 does: by where the client was, and whether some
   * pool could have served it.
   */
  countFailure(ctx: ClientContext, type: IaType): void {
    const first = ctx.subnets[0];
    const usable = ctx.subnets.some(
      (s) =>
        this.guards.subnetAllows(s, ctx.classes) &&
        this.ledger.pools.pools(s.id, type).some((p) => poolAllows(p.config, ctx.classes)),
    );
    this.stats.allocationFailed(first, first?.sharedNetwork !== undefined, usable);
  }

  /** The client's reserved address (or prefix) in `subnet`, when it is free. */
  async reserved(
    ctx: ClientContext,
    subnet: Subnet6,
    ia: IaRequest,
    commit: boolean,
  ): Promise<GrantedLease | undefined> {
    const reservation = ctx.reservations.get(subnet.id);
    if (!reservation) return undefined;
    // A global reservation is handed out wherever the client is (Kea's
    // allocateGlobalReservedLeases6: reservations-in-subnet, the subnet's class and its pools do
    // not matter); a subnet's only with reservations-in-subnet, to a client the subnet admits.
    const global = this.hosts.isGlobal(reservation);
    if (!global && !subnet.reservationFlags.inSubnet) return undefined;
    if (!global && !this.guards.subnetAllows(subnet, ctx.classes)) return undefined;
    const resources = ia.type === LeaseType.PD ? reservation.prefixes : reservation.ipAddresses;
    for (const resource of resources) {
      const [address, length] = ia.type === LeaseType.PD ? splitPrefix(resource) : [resource, 128];
      // reservations-out-of-pool promises that no reservation lies in a pool: Kea then skips a
      // subnet reservation that does (the pools serve it dynamically, to anyone).
      if (!global && subnet.reservationFlags.outOfPool && this.inPool(subnet, ia, address)) continue;
      const candidate: Candidate = { text: address, key: undefined, pool: undefined, slot: 0n };
      const lease = await this.claim(ctx, subnet, ia, candidate, length, commit);
      if (lease) return { lease, pool: this.poolOf(lease) };
    }
    return undefined;
  }

  /**
   * The client's hint, when it is free, in a pool the client may use, and not reserved for
   * someone else. Only the first address or prefix the IA names counts, as in Kea 2.2; a
   * prefix is delegated at its pool's length whatever length the client asked for.
   */
  private async hinted(
    ctx: ClientContext,
    ia: IaRequest,
    commit: boolean,
  ): Promise<GrantedLease | undefined> {
    const hint = ia.hints[0];
    // Parsed straight into bytes: the number and, below, the text and key all come from them.
    if (!hint || !writeIpv6Text(hint.address, this.bytes)) return undefined;
    const address = ipv6BytesToBigInt(this.bytes);
    for (const subnet of ctx.subnets) {
      if (!this.guards.subnetAllows(subnet, ctx.classes)) continue;
      const found = this.ledger.pools.locate(subnet.id, ia.type, address);
      if (!found || !poolAllows(found.pool.config, ctx.classes)) continue;
      if (found.pool.tracker.isUsed(found.slot)) continue;
      const candidate = this.candidateOf(address, found.pool, found.slot);
      const text = candidate.text;
      const resource = ia.type === LeaseType.PD ? `${text}/${found.pool.prefixLength}` : text;
      const mine = ctx.reservations.get(subnet.id);
      if (
        checksReservations(subnet) &&
        (this.hosts.reservedForOther(subnet.id, resource, mine) ||
          (this.hosts.databases.length > 0 && (await this.hosts.reservedInDatabases(subnet, resource, mine))))
      )
        continue;
      const lease = await this.claim(ctx, subnet, ia, candidate, found.pool.prefixLength, commit, hint);
      if (lease) return { lease, pool: found.pool };
    }
    return undefined;
  }

  private async fromPool(
    ctx: ClientContext,
    subnet: Subnet6,
    pool: LeasablePool,
    ia: IaRequest,
    commit: boolean,
  ): Promise<GrantedLease | undefined> {
    const reservation = ctx.reservations.get(subnet.id);
    let conflicts = 0;
    // Each pass either returns, skips a reserved slot or loses a race; both are bounded.
    for (let pass = 0; pass < pool.tracker.size && conflicts < MAX_CONFLICTS_PER_POOL; pass++) {
      const slot = pool.tracker.next();
      if (slot === undefined) return undefined;
      const candidate = this.candidateOf(pool.addressOf(slot), pool, slot);
      const address = candidate.text;
      const resource = ia.type === LeaseType.PD ? `${address}/${pool.prefixLength}` : address;
      if (
        checksReservations(subnet) &&
        (this.hosts.reservedForOther(subnet.id, resource, reservation) ||
          (this.hosts.databases.length > 0 &&
            (await this.hosts.reservedInDatabases(subnet, resource, reservation))))
      ) {
        conflicts++;
        continue;
      }
      const lease = await this.claim(ctx, subnet, ia, candidate, pool.prefixLength, commit);
      if (lease) return { lease, pool };
      conflicts++;
    }
    return undefined;
  }

  /** Whether an address (or a prefix's first address) lies in one of the subnet's pools of the IA's type. */
  private inPool(subnet: Subnet6, ia: IaRequest, address: string): boolean {
    return writeIpv6Text(address, this.bytes)
      ? this.ledger.pools.locate(subnet.id, ia.type, ipv6BytesToBigInt(this.bytes)) !== undefined
      : false;
  }

  /** The candidate at this address of the pool, its text and store key computed once from its bytes. */
  private candidateOf(address: bigint, pool: LeasablePool, slot: bigint): Candidate {
    const bytes = bigIntToIpv6Bytes(address, this.bytes);
    const key = this.ledger.keyed && leaseKeyFromBytes(pool.type, bytes);
    return { text: ipv6BytesToText(bytes), key, pool, slot };
  }

  private poolOf(lease: Lease6): LeasablePool | undefined {
    return this.ledger.pools.locateLease(lease)?.pool;
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
    // What lease6() builds from these fields, property order included, without its spread.
    let lease: Lease6 = {
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
      address: candidate.text,
      duid: ctx.duid,
      iaid: ia.iaid,
      subnetId: subnet.id,
      preferredLifetime: preferred,
      validLifetime: valid,
      cltt: ctx.now,
    };
    const slot = candidate.pool ? { pool: candidate.pool, slot: candidate.slot } : undefined;
    // A committed claim on a database (no cheap local lookup, no lease6_select callout to show
    // the candidate first) tries the INSERT straight away: the primary key says whether the
    // address is free, in one round trip instead of a SELECT and then the INSERT. Only when the
    // key refuses it is the lease there read, to take it over if it has expired (the path below).
    // While other servers are taking addresses from the same pool (a refusal seen lately), a
    // refused INSERT and then the read would cost two round trips where the read alone costs
    // one, so the claims read first for a while.
    if (commit && !ctx.hooks?.select && this.ledger.keyed === undefined) {
      if (this.readFirst > 0) this.readFirst--;
      else {
        const recorded = withExtendedInfo(lease, subnet, ctx.relays).lease;
        if (await this.ledger.assignIfFree(recorded, slot)) return recorded;
        this.readFirst = READ_FIRST_AFTER_CONFLICT;
      }
    }
    const current = await this.ledger.lookup(ia.type, candidate.text, candidate.key);
    if (current && !takeable(current, ctx.now)) {
      this.readFirst = READ_FIRST_AFTER_CONFLICT;
      this.ledger.noteHeld(current);
      return undefined;
    }
    if (ctx.hooks?.select) {
      const verdict = await ctx.hooks.select(subnet, lease, !commit);
      if (verdict.skip) return undefined;
      lease = verdict.lease;
    }
    if (!commit) return lease;
    // Kea records the relays after lease6_select, as the lease is written.
    lease = withExtendedInfo(lease, subnet, ctx.relays).lease;
    const claimed = await this.ledger.assign(lease, { current, key: candidate.key, slot });
    return claimed ? lease : undefined;
  }
}

/**
 * A stored lease may be taken over once reclaimed, or once expired (a declined address when
 * its probation is over): Kea reuses expired leases before the reclamation routine gets to them.
 */
function takeable(current: Lease6, now: number): boolean {
  return current.state === LeaseState.EXPIRED_RECLAIMED || leaseExpire(current) <= now;
}

/** The subnet's lifetimes, with those the client's classes set in their place. */
export function lifetimeSource(
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

/**
 * Whether dynamic allocation in the subnet skips addresses reserved for others: only where its
 * reservations are looked at and may lie in the pools (Kea: reservations-in-subnet and not
 * reservations-out-of-pool; with out-of-pool the pools are taken to hold no reservation).
 */
function checksReservations(subnet: Subnet6): boolean {
  return subnet.reservationFlags.inSubnet && !subnet.reservationFlags.outOfPool;
}

function splitPrefix(text: string): [string, number] {
  const slash = text.indexOf('/');
  return [text.slice(0, slash), Number(text.slice(slash + 1))];
}
