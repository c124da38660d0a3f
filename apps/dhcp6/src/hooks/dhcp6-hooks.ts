import { MessageType } from '@nestor/codec';
import type { Subnet6 } from '@nestor/config';
import { CalloutHandle, type HooksManager, NextStep, noHooks } from '@nestor/hooks';
import type { Lease6 } from '@nestor/leases';
import type { Exchange } from '../packet/exchange.js';
import { DHCP6_HOOK_POINTS, type Dhcp6HookPoint } from './points.js';
import { Query6 } from './query6.js';
import type { Dhcp6ServerApi } from './server-api.js';

/** What a lease hook point decided about a lease: go on with it (as the callouts left it), or skip. */
export type LeaseVerdict =
  | { next: typeof NextStep.CONTINUE; lease: Lease6 }
  | { next: typeof NextStep.SKIP | typeof NextStep.DROP };

/** A lease as the callouts left it, its identity (type, address, prefix, subnet, client) kept. */
function asChanged(original: Lease6, changed: unknown): Lease6 {
  if (typeof changed !== 'object' || changed === null) return original;
  return {
    ...original,
    ...(changed as Partial<Lease6>),
    type: original.type,
    address: original.address,
    prefixLength: original.prefixLength,
    subnetId: original.subnetId,
    duid: original.duid,
    iaid: original.iaid,
  };
}

/**
 * kea-dhcp6's side of the hooks: builds each hook point's arguments (Kea's names) from the
 * exchange, runs the callouts, and turns what they left into the packet path's terms. Every
 * call site asks present() first, so a hook point without callouts costs one lookup.
 */
export class Dhcp6Hooks {
  constructor(readonly manager: HooksManager<Dhcp6ServerApi>) {}

  /** Hooks with no library loaded (tests and benches that build a generation by hand). */
  static none(): Dhcp6Hooks {
    return new Dhcp6Hooks(noHooks<Dhcp6ServerApi>('kea-dhcp6', DHCP6_HOOK_POINTS));
  }

  present(point: Dhcp6HookPoint): boolean {
    return this.manager.calloutsPresent(point);
  }

  /** The packet's callout handle (one per packet, so library contexts follow it), and its query6. */
  private handleOf(x: Exchange): { handle: CalloutHandle; query6: Query6 } {
    x.hooks ??= { handle: new CalloutHandle(), query6: new Query6(x.query) };
    return x.hooks;
  }

  private call(
    point: Dhcp6HookPoint,
    handle: CalloutHandle,
    args: Record<string, unknown>,
  ): Promise<NextStep> {
    return this.manager.call(point, handle.begin(point, args));
  }

  /**
   * buffer6_receive (query6: { data, remoteAddress, localAddress, interfaceName }, the datagram
   * not yet parsed, whose data a callout may replace): DROP drops it; SKIP (Kea: the callout
   * parsed it) is not offered, and drops it too. Resolves with the handle to go on with, the
   * data to parse, or undefined when dropped.
   */
  async buffer6Receive(datagram: {
    data: Uint8Array;
    remoteAddress: string;
    localAddress: string;
    interfaceName: string;
  }): Promise<{ handle: CalloutHandle; data: Uint8Array } | undefined> {
    const handle = new CalloutHandle();
    const query6 = { ...datagram };
    const next = await this.call('buffer6_receive', handle, { query6 });
    if (next !== NextStep.CONTINUE) return undefined;
    const data = handle.getArgument<{ data?: unknown }>('query6').data;
    return { handle, data: data instanceof Uint8Array ? data : datagram.data };
  }

  /** Gives an exchange the callout handle buffer6_receive started (library contexts go on). */
  adopt(x: Exchange, handle: CalloutHandle | undefined): void {
    if (handle) x.hooks = { handle, query6: new Query6(x.query) };
  }

  /**
   * lease6_expire (lease6, remove_lease) before an expired lease is reclaimed: a callout may set
   * remove_lease; SKIP leaves the lease as it is. Resolves with whether to reclaim and how.
   */
  async lease6Expire(lease: Lease6, remove: boolean): Promise<{ reclaim: boolean; remove: boolean }> {
    const handle = new CalloutHandle();
    const next = await this.call('lease6_expire', handle, { lease6: { ...lease }, remove_lease: remove });
    const asked = handle.getArgument<unknown>('remove_lease');
    return { reclaim: next === NextStep.CONTINUE, remove: typeof asked === 'boolean' ? asked : remove };
  }

  /** lease6_recover (lease6) before a declined address returns to its pool: SKIP keeps it declined. */
  async lease6Recover(lease: Lease6): Promise<boolean> {
    return (
      (await this.call('lease6_recover', new CalloutHandle(), { lease6: { ...lease } })) === NextStep.CONTINUE
    );
  }

  /** dhcp6_srv_configured (json_config, server_config) once a configuration is in force. */
  async srvConfigured(json: unknown, model: unknown): Promise<void> {
    await this.call('dhcp6_srv_configured', new CalloutHandle(), { json_config: json, server_config: model });
  }

  /**
   * ddns6_update (query6, response6, subnet6, hostname, fwd-update, rev-update, ddns-params)
   * once the client's name is decided, before the leases: a callout may change the hostname
   * and the two directions. Resolves with what they left.
   */
  async ddns6Update(
    x: Exchange,
    decided: { hostname: string; forward: boolean; reverse: boolean; params: unknown },
  ): Promise<{ hostname: string; forward: boolean; reverse: boolean }> {
    const { handle, query6 } = this.handleOf(x);
    await this.call('ddns6_update', handle, {
      query6,
      response6: x.reply ?? null,
      subnet6: x.subnet ?? null,
      hostname: decided.hostname,
      'fwd-update': decided.forward,
      'rev-update': decided.reverse,
      'ddns-params': decided.params,
    });
    const hostname = handle.getArgument<unknown>('hostname');
    const forward = handle.getArgument<unknown>('fwd-update');
    const reverse = handle.getArgument<unknown>('rev-update');
    return {
      hostname: typeof hostname === 'string' ? hostname : decided.hostname,
      forward: typeof forward === 'boolean' ? forward : decided.forward,
      reverse: typeof reverse === 'boolean' ? reverse : decided.reverse,
    };
  }

  /** pkt6_receive (query6): SKIP or DROP drop the packet. */
  async pkt6Receive(x: Exchange): Promise<NextStep> {
    const { handle, query6 } = this.handleOf(x);
    return this.call('pkt6_receive', handle, { query6 });
  }

  /**
   * subnet6_select (query6, subnet6, subnet6collection): a callout may set subnet6 to another
   * subnet of the collection (or null); SKIP leaves the client without a subnet; DROP drops it.
   */
  async subnet6Select(
    x: Exchange,
    subnet: Subnet6 | undefined,
    all: readonly Subnet6[],
  ): Promise<{ next: NextStep; subnet: Subnet6 | undefined }> {
    const { handle, query6 } = this.handleOf(x);
    const next = await this.call('subnet6_select', handle, {
      query6,
      subnet6: subnet ?? null,
      subnet6collection: all,
    });
    if (next === NextStep.SKIP) return { next, subnet: undefined };
    const chosen = handle.getArgument<Subnet6 | null>('subnet6');
    return { next, subnet: chosen && all.includes(chosen) ? chosen : subnet };
  }

  /**
   * lease6_select (query6, subnet6, fake_allocation, lease6) before a new lease is taken (or
   * offered): a callout may change the lease (lifetimes, hostname, user context); SKIP: not this
   * lease.
   */
  async lease6Select(x: Exchange, subnet: Subnet6, lease: Lease6, fake: boolean): Promise<LeaseVerdict> {
    const { handle, query6 } = this.handleOf(x);
    const next = await this.call('lease6_select', handle, {
      query6,
      subnet6: subnet,
      fake_allocation: fake,
      lease6: { ...lease },
    });
    if (next === NextStep.SKIP || next === NextStep.DROP) return { next: NextStep.SKIP };
    return { next: NextStep.CONTINUE, lease: asChanged(lease, handle.getArgument('lease6')) };
  }

  /**
   * lease6_renew / lease6_rebind (query6, lease6 with its new lifetimes, ia_na or ia_pd as the
   * client sent it): a callout may change the lease; SKIP keeps the lease as it was.
   */
  async lease6Extend(x: Exchange, lease: Lease6, ia: unknown): Promise<LeaseVerdict> {
    const { handle, query6 } = this.handleOf(x);
    const point = x.query.message.msgType === 6 ? 'lease6_rebind' : 'lease6_renew';
    const iaName = lease.type === 2 ? 'ia_pd' : 'ia_na';
    const next = await this.call(point, handle, { query6, lease6: { ...lease }, [iaName]: ia });
    if (next === NextStep.SKIP || next === NextStep.DROP) return { next: NextStep.SKIP };
    return { next: NextStep.CONTINUE, lease: asChanged(lease, handle.getArgument('lease6')) };
  }

  /** lease6_release / lease6_decline (query6, lease6): SKIP keeps the lease; DROP drops the packet too. */
  async lease6GiveBack(
    point: 'lease6_release' | 'lease6_decline',
    x: Exchange,
    lease: Lease6,
  ): Promise<NextStep> {
    const { handle, query6 } = this.handleOf(x);
    return this.call(point, handle, { query6, lease6: { ...lease } });
  }

  /** Packets parked at leases6_committed now, or in its callouts (Kea's parking lot of that hook point). */
  private parkedCommitted = 0;

  /** How many packets wait parked at leases6_committed (parked-packet-limit counts these). */
  get parkedAtCommit(): number {
    return this.parkedCommitted;
  }

  /**
   * leases6_committed (query6, leases6, deleted_leases6): DROP drops the reply; PARK holds it.
   * With `parkedPacketLimit` (Kea's parked-packet-limit, 0: none) packets already parked there,
   * the callouts are not called and the reply is dropped ('full'), as Kea 2.2 does.
   */
  async leases6Committed(x: Exchange, parkedPacketLimit = 0): Promise<NextStep | 'full'> {
    if (parkedPacketLimit > 0 && this.parkedCommitted >= parkedPacketLimit) return 'full';
    const { handle, query6 } = this.handleOf(x);
    // Kea 2.2 counts a declined lease among the new leases of a DECLINE (declineIA adds it to
    // new_leases_), not among the deleted ones: a library sees it where Kea's would.
    const declined = x.query.message.msgType === MessageType.DECLINE;
    const args = {
      query6,
      leases6: declined ? [...x.leases, ...x.deleted] : x.leases,
      deleted_leases6: declined ? [] : x.deleted,
    };
    // Parked before the callouts run, as Kea parks proactively: a packet whose callouts are
    // still deciding holds its place in the lot too.
    this.parkedCommitted++;
    let parked = false;
    try {
      return await this.manager.call(
        'leases6_committed',
        handle.begin('leases6_committed', args),
        (released) => {
          parked = true;
          void released.finally(() => this.parkedCommitted--);
        },
      );
    } finally {
      if (!parked) this.parkedCommitted--;
    }
  }

  /**
   * pkt6_send (query6, response6: the reply as data, which a callout may change): DROP (or SKIP,
   * as nothing else packs it) drops the reply; PARK holds it.
   */
  async pkt6Send(x: Exchange): Promise<NextStep> {
    const { handle, query6 } = this.handleOf(x);
    return this.call('pkt6_send', handle, { query6, response6: x.reply });
  }

  /**
   * buffer6_send (response6: { msgType, buffer }, the encoded reply, which a callout may
   * replace): SKIP or DROP: not sent. Resolves with the buffer to send, or undefined.
   */
  async buffer6Send(x: Exchange, msgType: number, buffer: Uint8Array): Promise<Uint8Array | undefined> {
    const { handle } = this.handleOf(x);
    const response6 = { msgType, buffer };
    const next = await this.call('buffer6_send', handle, { response6 });
    if (next !== NextStep.CONTINUE) return undefined;
    const sent = handle.getArgument<{ buffer?: unknown }>('response6').buffer;
    return sent instanceof Uint8Array ? sent : buffer;
  }
}
