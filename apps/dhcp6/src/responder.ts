import { MessageType, OptionCode, type PacketWriter, StatusCode } from '@nestor/codec';
import type { AddressPool6, Dhcp6Config, PrefixPool6, Reservation6, Subnet6 } from '@nestor/config';
import type { Logger } from '@nestor/daemon';
import { type Lease6, LeaseType } from '@nestor/leases';
import type { AllocationEngine } from './alloc/engine.js';
import { teeTimes } from './alloc/lifetimes.js';
import type { LeasablePool, PoolIndex } from './alloc/pools.js';
import type { PacketClassifier } from './classes/classification.js';
import { RequiredClasses } from './classes/required-classes.js';
import type { MessageContext, MessageContexts } from './client-context.js';
import type { HostIndex } from './hosts.js';
import type { OptionPlan } from './options.js';
import { iaRequest, type Query } from './query.js';
import type { SubnetSelector } from './select.js';

/** One option of a reply, written when the reply is encoded (in ascending code order). */
export interface ReplyPart {
  code: number;
  write(w: PacketWriter): void;
}

export interface Reply {
  msgType: number;
  parts: ReplyPart[];
}

/** Why a query gets no answer; each is counted in pkt6-receive-drop and logged (under `id` when given). */
export type Drop = { drop: string; id?: string };

/** Everything the responder works with for one configuration. */
export interface ResponderContext {
  config: Dhcp6Config;
  serverId: Uint8Array;
  engine: AllocationEngine;
  pools: PoolIndex;
  hosts: HostIndex;
  selector: SubnetSelector;
  /** Subnet selection, reservations and the classification steps around them, per message. */
  contexts: MessageContexts;
  /** The classify stage the pipeline runs before handing a query over. */
  classifier: PacketClassifier;
  options: OptionPlan;
  leaseLog: Logger;
}

/** One IA as it goes into the reply. */
interface IaOutcome {
  kind: 'ia_na' | 'ia_pd' | 'ia_ta';
  iaid: number;
  leases: Lease6[];
  /** The pool of each lease (undefined outside every pool). */
  pools?: (LeasablePool | undefined)[];
  /** Addresses/prefixes sent with lifetimes 0: no longer the client's, or not for this link. */
  zeroed: { address: string; prefixLength: number }[];
  status?: { code: number; text: string };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

const isDrop = (value: object): value is Drop => 'drop' in value;

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const TEXT = {
  noAddrs: 'Sorry, no address could be allocated.',
  noPrefixes: 'Sorry, no prefixes could be allocated.',
  noBinding: 'No binding for this IA: the server knows no lease of this client here.',
  released: 'Lease released.',
  declined: 'Lease declined; the address is held back for the probation period.',
  onLink: 'All addresses are on-link.',
  notOnLink: 'Some addresses are not on-link.',
  useMulticast: 'Send this message to ff02::1:2: the server does not accept it by unicast.',
  success: 'Success.',
};

/**
 * Turns one validated client message into its reply, per RFC 8415 sections 16 and 18 and
 * RFC 7550: message checks (drop rules), subnet selection, reservations, the allocation engine,
 * IA statuses, one T1/T2 for all IAs, and the configured options.
 */
export class Responder {
  private readonly required: RequiredClasses;

  constructor(private readonly c: ResponderContext) {
    this.required = new RequiredClasses(c.config, c.hosts);
  }

  get classifier(): PacketClassifier {
    return this.c.classifier;
  }

  async respond(q: Query): Promise<Reply | Drop> {
    const problem = this.validate(q);
    if (problem) return { drop: problem };
    // Kea checks the DROP class once the message passed its sanity checks.
    if (q.classes?.dropped) return { drop: 'in the DROP class', id: 'DHCP6_PACKET_DROP_DROP_CLASS' };
    if (this.mustUseMulticast(q)) return this.useMulticast(q);
    switch (q.message.msgType) {
      case MessageType.SOLICIT:
        return this.solicit(q);
      case MessageType.REQUEST: {
        const m = this.c.contexts.build(q);
        return isDrop(m) ? m : this.assign(q, MessageType.REPLY, true, m);
      }
      case MessageType.RENEW:
      case MessageType.REBIND:
        return this.extend(q);
      case MessageType.RELEASE:
      case MessageType.DECLINE: {
        // Only the classification steps matter here (a DROP class may depend on KNOWN).
        const m = q.classes ? this.c.contexts.build(q) : undefined;
        if (m && isDrop(m)) return m;
        return q.message.msgType === MessageType.RELEASE ? this.release(q) : this.decline(q);
      }
      case MessageType.CONFIRM:
        return this.confirm(q);
      case MessageType.INFORMATION_REQUEST:
        return this.informationRequest(q);
      default:
        return { drop: `message type ${q.message.msgType} is not one a server answers` };
    }
  }

  /** RFC 8415 section 16: what each message must and must not carry. */
  private validate(q: Query): string | undefined {
    const type = q.message.msgType;
    const needsOurId: number[] = [
      MessageType.REQUEST,
      MessageType.RENEW,
      MessageType.DECLINE,
      MessageType.RELEASE,
    ];
    const forbidsId: number[] = [MessageType.SOLICIT, MessageType.CONFIRM, MessageType.REBIND];
    if (type === MessageType.INFORMATION_REQUEST) {
      if (q.serverId && !bytesEqual(q.serverId, this.c.serverId)) return 'server-id of another server';
      if (q.iaNa.length + q.iaPd.length + q.iaTa.length > 0) return 'information-request carrying an IA';
      return undefined;
    }
    if (!q.clientId) return 'no client-id';
    if (needsOurId.includes(type)) {
      if (!q.serverId) return 'no server-id';
      if (!bytesEqual(q.serverId, this.c.serverId)) return 'server-id of another server';
    } else if (forbidsId.includes(type) && q.serverId) {
      return 'server-id present in a message that must not carry one';
    }
    return undefined;
  }

  /**
   * RFC 8415 section 18.4: a client may send by unicast only when the server gave it the unicast
   * option; relayed messages always arrive by unicast and are fine.
   */
  private mustUseMulticast(q: Query): boolean {
    if (q.datagram.multicast || q.relays.length > 0) return false;
    const type = q.message.msgType;
    const unicastAllowed: number[] = [
      MessageType.REQUEST,
      MessageType.RENEW,
      MessageType.RELEASE,
      MessageType.DECLINE,
      MessageType.INFORMATION_REQUEST,
    ];
    if (!unicastAllowed.includes(type)) return false;
    return !this.c.options.offersUnicast();
  }

  private useMulticast(q: Query): Reply {
    const parts = this.identityParts(q);
    parts.push({
      code: OptionCode.STATUS_CODE,
      write: (w) => w.statusCode(StatusCode.UseMulticast, TEXT.useMulticast),
    });
    return { msgType: MessageType.REPLY, parts };
  }

  private async solicit(q: Query): Promise<Reply | Drop> {
    const m = this.c.contexts.build(q);
    if (isDrop(m)) return m;
    if (q.rapidCommit && m.subnet?.rapidCommit) {
      const reply = await this.assign(q, MessageType.REPLY, true, m);
      reply.parts.push({
        code: OptionCode.RAPID_COMMIT,
        write: (w) => w.emptyOption(OptionCode.RAPID_COMMIT),
      });
      return reply;
    }
    return this.assign(q, MessageType.ADVERTISE, false, m);
  }

  /** SOLICIT (commit false), REQUEST and rapid-commit SOLICIT (commit true). */
  private async assign(q: Query, msgType: number, commit: boolean, m: MessageContext): Promise<Reply> {
    const { subnet, client: ctx } = m;
    const outcomes: IaOutcome[] = [];
    for (const ia of [...q.iaNa, ...q.iaPd]) {
      const request = iaRequest(ia);
      const grant = subnet ? await this.c.engine.allocate(ctx, request, commit) : { leases: [] };
      const outcome: IaOutcome = {
        kind: ia.kind,
        iaid: ia.iaid,
        leases: grant.leases.map((g) => g.lease),
        pools: grant.leases.map((g) => g.pool),
        zeroed: [],
      };
      if (grant.leases.length === 0) {
        outcome.status =
          request.type === LeaseType.PD
            ? { code: StatusCode.NoPrefixAvail, text: TEXT.noPrefixes }
            : { code: StatusCode.NoAddrsAvail, text: TEXT.noAddrs };
      } else if (commit) {
        this.logAllocated(q, outcome.leases);
      }
      outcomes.push(outcome);
    }
    for (const ia of q.iaTa) {
      outcomes.push({
        kind: 'ia_ta',
        iaid: ia.iaid,
        leases: [],
        zeroed: [],
        status: { code: StatusCode.NoAddrsAvail, text: TEXT.noAddrs },
      });
    }
    return this.reply(q, msgType, m, outcomes);
  }

  /**
   * RENEW and REBIND (RFC 8415 sections 18.3.4 and 18.3.5), as Kea 2.2 answers them: the
   * client's leases are extended, and an IA the server knows no binding for gets one (its hint
   * when free and fit for the link, else a new address or prefix), the addresses and prefixes it
   * named that it cannot have sent back with lifetimes 0. From a link the server has no subnet
   * for: NoBinding, except that a REBIND with an IA_PD is discarded (the server cannot tell
   * whether the prefixes suit that link).
   */
  private async extend(q: Query): Promise<Reply | Drop> {
    const rebind = q.message.msgType === MessageType.REBIND;
    const m = this.c.contexts.build(q);
    if (isDrop(m)) return m;
    const { subnet, client: ctx } = m;
    if (!subnet && rebind && q.iaPd.length > 0)
      return { drop: 'rebind of prefixes from a link the server has no subnet for' };
    const outcomes: IaOutcome[] = [];
    for (const ia of [...q.iaNa, ...q.iaPd]) {
      const request = iaRequest(ia);
      const outcome: IaOutcome = { kind: ia.kind, iaid: ia.iaid, leases: [], zeroed: [] };
      if (subnet) {
        const result = await this.c.engine.renew(ctx, request);
        outcome.leases = result.leases.map((g) => g.lease);
        outcome.pools = result.leases.map((g) => g.pool);
        outcome.zeroed = result.expired.map((h) => ({ address: h.address, prefixLength: h.prefixLength }));
        if (result.leases.length === 0)
          outcome.status =
            request.type === LeaseType.PD
              ? { code: StatusCode.NoPrefixAvail, text: TEXT.noPrefixes }
              : { code: StatusCode.NoAddrsAvail, text: TEXT.noAddrs };
      } else {
        outcome.status = { code: StatusCode.NoBinding, text: TEXT.noBinding };
      }
      if (outcome.leases.length > 0) this.logAllocated(q, outcome.leases);
      outcomes.push(outcome);
    }
    return this.reply(q, MessageType.REPLY, m, outcomes);
  }

  private async release(q: Query): Promise<Reply> {
    const outcomes: IaOutcome[] = [];
    for (const ia of [...q.iaNa, ...q.iaPd]) {
      const request = iaRequest(ia);
      const released = await this.c.engine.release({ duid: q.duid }, request);
      for (const lease of released)
        this.logLease(
          q,
          lease.type === LeaseType.PD ? 'DHCP6_RELEASE_PD' : 'DHCP6_RELEASE_NA',
          lease,
          'released',
        );
      outcomes.push({
        kind: ia.kind,
        iaid: ia.iaid,
        leases: [],
        zeroed: [],
        status:
          released.length > 0
            ? { code: StatusCode.Success, text: TEXT.released }
            : { code: StatusCode.NoBinding, text: TEXT.noBinding },
      });
    }
    const reply = this.reply(q, MessageType.REPLY, undefined, outcomes, false);
    reply.parts.push({
      code: OptionCode.STATUS_CODE,
      write: (w) => w.statusCode(StatusCode.Success, TEXT.released),
    });
    return reply;
  }

  private async decline(q: Query): Promise<Reply> {
    const outcomes: IaOutcome[] = [];
    for (const ia of q.iaNa) {
      const request = iaRequest(ia);
      const declined = await this.c.engine.decline(
        { duid: q.duid, now: nowSeconds() },
        request,
        this.c.config.declineProbationPeriod,
      );
      for (const lease of declined) this.logLease(q, 'DHCP6_DECLINE_LEASE', lease, 'declined');
      outcomes.push({
        kind: ia.kind,
        iaid: ia.iaid,
        leases: [],
        zeroed: [],
        status:
          declined.length > 0
            ? { code: StatusCode.Success, text: TEXT.declined }
            : { code: StatusCode.NoBinding, text: TEXT.noBinding },
      });
    }
    const reply = this.reply(q, MessageType.REPLY, undefined, outcomes, false);
    reply.parts.push({
      code: OptionCode.STATUS_CODE,
      write: (w) => w.statusCode(StatusCode.Success, TEXT.success),
    });
    return reply;
  }

  /** CONFIRM (RFC 8415 section 18.3.3): are the client's addresses still on this link? */
  private confirm(q: Query): Reply | Drop {
    const m = this.c.contexts.build(q);
    if (isDrop(m)) return m;
    const subnet = m.subnet;
    const addresses: string[] = [];
    for (const ia of [...q.iaNa, ...q.iaTa]) {
      for (const o of ia.options) if (o.kind === 'iaaddr') addresses.push(o.address);
    }
    if (addresses.length === 0) return { drop: 'confirm without addresses' };
    if (!subnet) return { drop: 'confirm from a link the server has no subnet for' };
    // Kea 2.2 checks the selected subnet only, not the rest of its shared network.
    const onLink = addresses.every((a) => this.c.selector.onLink([subnet], a));
    const parts = this.identityParts(q);
    parts.push({
      code: OptionCode.STATUS_CODE,
      write: (w) =>
        onLink
          ? w.statusCode(StatusCode.Success, TEXT.onLink)
          : w.statusCode(StatusCode.NotOnLink, TEXT.notOnLink),
    });
    // Kea runs the required classes of the selected subnet (and its shared network) here too.
    const classes = q.classes ? this.required.finish(q.classes, subnet, undefined, []) : undefined;
    this.addOptions(parts, q, subnet, undefined, [], classes);
    return { msgType: MessageType.REPLY, parts };
  }

  private informationRequest(q: Query): Reply | Drop {
    const m = this.c.contexts.build(q);
    if (isDrop(m)) return m;
    const { subnet } = m;
    const parts = this.identityParts(q);
    const host = subnet ? m.client.reservations.get(subnet.id) : undefined;
    const classes = q.classes ? this.required.finish(q.classes, subnet, host, []) : undefined;
    this.addOptions(parts, q, subnet, host, [], classes);
    return { msgType: MessageType.REPLY, parts };
  }

  /** Client-id (when sent) and our server-id: the start of every reply. */
  private identityParts(q: Query): ReplyPart[] {
    const parts: ReplyPart[] = [];
    const clientId = q.clientId;
    if (clientId)
      parts.push({ code: OptionCode.CLIENTID, write: (w) => w.option(OptionCode.CLIENTID, clientId) });
    parts.push({ code: OptionCode.SERVERID, write: (w) => w.option(OptionCode.SERVERID, this.c.serverId) });
    return parts;
  }

  /**
   * The reply to a message that went through the engine. Timers, options and required classes
   * follow the subnet that serves the client, as Kea's context does after allocation: the
   * subnet of the last lease granted (another member of the shared network, possibly), else the
   * selected one.
   */
  private reply(
    q: Query,
    msgType: number,
    m: MessageContext | undefined,
    outcomes: IaOutcome[],
    withOptions = true,
  ): Reply {
    const parts = this.identityParts(q);
    const served = m ? servedSubnet(m, outcomes) : undefined;
    for (const outcome of outcomes) parts.push(iaPart(outcome, m ? iaTeeTimes(m, outcome) : NO_TIMERS));
    if (withOptions && m) {
      const host = served ? m.client.reservations.get(served.id) : undefined;
      const pools = served ? this.poolsOf(served, outcomes) : [];
      const classes = q.classes ? this.required.finish(q.classes, served, host, pools) : undefined;
      this.addOptions(parts, q, served, host, pools, classes);
    }
    return { msgType, parts };
  }

  private addOptions(
    parts: ReplyPart[],
    q: Query,
    subnet: Subnet6 | undefined,
    host: Reservation6 | undefined,
    pools: readonly object[],
    classes: readonly string[] | undefined,
  ): void {
    const selected = this.c.options.select(q.requested, {
      ...(subnet ? { subnet } : {}),
      ...(host ? { host } : {}),
      pools,
      ...(classes ? { classes } : {}),
    });
    for (const option of selected) parts.push({ code: option.code, write: (w) => w.raw(option.wire) });
  }

  /** The pools of the serving subnet the granted leases came from (pool options, required classes). */
  private poolsOf(served: Subnet6, outcomes: IaOutcome[]): (AddressPool6 | PrefixPool6)[] {
    const pools: (AddressPool6 | PrefixPool6)[] = [];
    for (const o of outcomes) {
      o.leases.forEach((lease, i) => {
        const pool = o.pools?.[i];
        if (lease.subnetId === served.id && pool && !pools.includes(pool.config)) pools.push(pool.config);
      });
    }
    return pools;
  }

  private logAllocated(q: Query, leases: readonly Lease6[]): void {
    for (const lease of leases) {
      this.logLease(
        q,
        lease.type === LeaseType.PD ? 'DHCP6_PD_LEASE_ALLOC' : 'DHCP6_LEASE_ALLOC',
        lease,
        'allocated',
      );
    }
  }

  private logLease(q: Query, id: string, lease: Lease6, verb: string): void {
    if (!this.c.leaseLog.isEnabled('INFO')) return;
    const what =
      lease.type === LeaseType.PD
        ? `prefix ${lease.address}/${lease.prefixLength}`
        : `address ${lease.address}`;
    this.c.leaseLog.info(
      id,
      `duid=[${q.duid}], tid=0x${q.message.transactionId.toString(16)}: lease for ${what} and iaid=${lease.iaid} has been ${verb} for ${lease.validLifetime} seconds`,
    );
  }
}

/** The subnet of the last lease granted, else the selected one. */
function servedSubnet(m: MessageContext, outcomes: readonly IaOutcome[]): Subnet6 | undefined {
  for (let i = outcomes.length - 1; i >= 0; i--) {
    const leases = outcomes[i]!.leases;
    const last = leases[leases.length - 1];
    if (last) return m.client.subnets.find((s) => s.id === last.subnetId) ?? m.subnet;
  }
  return m.subnet;
}

const NO_TIMERS = { t1: 0, t2: 0 };
/** What Kea takes as the shortest preferred lifetime when no lease of the IA has one above 0. */
const NO_PREFERRED = 0xffffffff;

/**
 * T1 and T2 of one IA, as Kea 2.2 sets them: from the subnet of the IA's leases and the
 * shortest non-zero preferred lifetime among them (0 and 0 for an IA granted nothing). With
 * the same lifetimes everywhere (the usual case) every IA gets the same timers, as RFC 8415
 * section 18.3 recommends.
 */
function iaTeeTimes(m: MessageContext, outcome: IaOutcome): { t1: number; t2: number } {
  const last = outcome.leases[outcome.leases.length - 1];
  if (!last) return NO_TIMERS;
  const subnet = m.client.subnets.find((s) => s.id === last.subnetId) ?? m.subnet;
  if (!subnet) return NO_TIMERS;
  let shortest = NO_PREFERRED;
  for (const l of outcome.leases)
    if (l.preferredLifetime > 0) shortest = Math.min(shortest, l.preferredLifetime);
  return teeTimes(subnet, shortest);
}

function iaPart(outcome: IaOutcome, tee: { t1: number; t2: number }): ReplyPart {
  const { t1, t2 } = tee;
  const code =
    outcome.kind === 'ia_pd'
      ? OptionCode.IA_PD
      : outcome.kind === 'ia_ta'
        ? OptionCode.IA_TA
        : OptionCode.IA_NA;
  return {
    code,
    write: (w) => {
      if (outcome.kind === 'ia_pd') w.beginIaPd(outcome.iaid, t1, t2);
      else if (outcome.kind === 'ia_ta') w.beginIaTa(outcome.iaid);
      else w.beginIaNa(outcome.iaid, t1, t2);
      for (const lease of outcome.leases) {
        if (lease.type === LeaseType.PD)
          w.iaPrefix(lease.address, lease.prefixLength, lease.preferredLifetime, lease.validLifetime);
        else w.iaAddress(lease.address, lease.preferredLifetime, lease.validLifetime);
      }
      for (const z of outcome.zeroed) {
        if (outcome.kind === 'ia_pd') w.iaPrefix(z.address, z.prefixLength, 0, 0);
        else w.iaAddress(z.address, 0, 0);
      }
      if (outcome.status) w.statusCode(outcome.status.code, outcome.status.text);
      w.endOption();
    },
  };
}
