import { MessageType } from '@nestor/codec';
import type { CalloutHandle } from '@nestor/hooks';
import { NextStep } from '@nestor/hooks';
import type { PacketClassifier } from '../classes/classification.js';
import type { Query } from '../query.js';
import { addRelaySuppliedOptions } from '../relay-supplied.js';

/** Messages that commit lease changes (and a SOLICIT answered with rapid commit): leases6_committed runs for them. */
const COMMITTING = new Set<number>([
  MessageType.REQUEST,
  MessageType.RENEW,
  MessageType.REBIND,
  MessageType.RELEASE,
  MessageType.DECLINE,
]);

import { type Drop, type Exchange, isDrop, newExchange, type PathContext } from './exchange.js';
import { assign } from './stages/assign.js';
import { confirm, informationRequest } from './stages/confirm.js';
import { decideClientName, sendNameChanges, settleClientName } from './stages/ddns.js';
import { extend } from './stages/extend.js';
import { decline, release } from './stages/give-back.js';
import { addConfiguredOptions } from './stages/options.js';
import { pkt6Receive } from './stages/pkt6-receive.js';
import { subnet6Select } from './stages/subnet6-select.js';

/**
 * The stages of a client message between buffer6_receive and pkt6_send, in the order of Kea's
 * hook points: pkt6_receive (every drop rule and the DROP class), subnet6_select with the host
 * lookup and the classes that follow it, the lease stage of the message type (lease6_select for
 * SOLICIT and REQUEST, lease6_renew / lease6_rebind, lease6_release, lease6_decline; CONFIRM and
 * INFORMATION-REQUEST take no lease), required classes and configured options, leases6_committed
 * and pkt6_send. Each reads what the previous ones left in the exchange; the reply stays data
 * until buffer6_send encodes it (see pipeline.ts). A hook point with callouts hands them the
 * exchange's data under Kea's argument names (hooks/dhcp6-hooks.ts).
 */
export class PacketPath {
  constructor(private readonly c: PathContext) {}

  get classifier(): PacketClassifier {
    return this.c.classifier;
  }

  get hooks(): PathContext['hooks'] {
    return this.c.hooks;
  }

  /**
   * Runs a classified query through the stages: the exchange with its reply, or why it is
   * dropped. `handle` is the callout handle buffer6_receive started, if any.
   */
  async run(query: Query, handle?: CalloutHandle): Promise<Exchange | Drop> {
    const x = newExchange(query);
    this.c.hooks.adopt(x, handle);
    // The stages answer synchronously unless a callout (or the lease store) makes them wait:
    // each is awaited only when it handed back a promise, saving a microtask turn per stage.
    const receiving = pkt6Receive(this.c, x);
    const received = receiving instanceof Promise ? await receiving : receiving;
    if (received === 'answered') return this.send(x);
    if (received) return received;
    const selecting = subnet6Select(this.c, x);
    const selected = selecting instanceof Promise ? await selecting : selecting;
    if (selected) return selected;
    const deciding = decideClientName(this.c, x);
    if (deciding) await deciding;
    const outcome = await this.leaseStage(x);
    if (outcome) return outcome;
    addRelaySuppliedOptions(this.c.config.relaySuppliedOptions, x);
    sendNameChanges(this.c, x);
    const type = query.message.msgType;
    const committing =
      COMMITTING.has(type) || (type === MessageType.SOLICIT && x.reply?.msgType === MessageType.REPLY);
    if (committing && this.c.hooks.present('leases6_committed')) {
      const next = await this.c.hooks.leases6Committed(x, this.c.config.parkedPacketLimit);
      if (next === 'full')
        return {
          drop: `the parked-packet-limit ${this.c.config.parkedPacketLimit} has been reached`,
          id: 'DHCP6_HOOK_LEASES6_PARKING_LOT_FULL',
        };
      if (next === NextStep.DROP)
        return { drop: 'a leases6_committed callout dropped it', id: 'DHCP6_HOOK_LEASES6_COMMITTED_DROP' };
    }
    return this.send(x);
  }

  /** pkt6_send: a callout may change the reply (it is data until buffer6_send); DROP or SKIP drop it. */
  private send(x: Exchange): Exchange | Drop | Promise<Exchange | Drop> {
    if (x.reply && this.c.hooks.present('pkt6_send')) return this.sendHooked(x);
    return x;
  }

  private async sendHooked(x: Exchange): Promise<Exchange | Drop> {
    const next = await this.c.hooks.pkt6Send(x);
    if (next !== NextStep.CONTINUE)
      return { drop: 'a pkt6_send callout dropped it', id: 'DHCP6_HOOK_PACKET_SEND_DROP' };
    return x;
  }

  /** The message type's own stage; then the options, but for RELEASE and DECLINE, which carry none. */
  private async leaseStage(x: Exchange): Promise<Drop | undefined> {
    switch (x.query.message.msgType) {
      case MessageType.SOLICIT:
      case MessageType.REQUEST:
        await assign(this.c, x);
        break;
      case MessageType.RENEW:
      case MessageType.REBIND: {
        const dropped = await extend(this.c, x);
        if (dropped) return dropped;
        break;
      }
      case MessageType.RELEASE:
        return release(this.c, x);
      case MessageType.DECLINE:
        return decline(this.c, x);
      case MessageType.CONFIRM: {
        const dropped = confirm(this.c, x);
        if (isDrop(dropped)) return dropped;
        break;
      }
      default:
        informationRequest(this.c, x);
        break;
    }
    this.c.prefixExcludes.attach(x);
    addConfiguredOptions(this.c, x);
    const settling = settleClientName(this.c, x);
    if (settling) await settling;
    return undefined;
  }
}
