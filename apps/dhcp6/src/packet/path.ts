import { MessageType } from '@nestor/codec';
import type { PacketClassifier } from '../classes/classification.js';
import type { Query } from '../query.js';
import { type Drop, type Exchange, isDrop, newExchange, type PathContext } from './exchange.js';
import { assign } from './stages/assign.js';
import { confirm, informationRequest } from './stages/confirm.js';
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
 * INFORMATION-REQUEST take no lease), then required classes and configured options. Each reads
 * what the previous ones left in the exchange; the reply stays data until buffer6_send encodes
 * it (see pipeline.ts).
 */
export class PacketPath {
  constructor(private readonly c: PathContext) {}

  get classifier(): PacketClassifier {
    return this.c.classifier;
  }

  /** Runs a classified query through the stages: the exchange with its reply, or why it is dropped. */
  async run(query: Query): Promise<Exchange | Drop> {
    const x = newExchange(query);
    const received = pkt6Receive(this.c, x);
    if (received === 'answered') return x;
    if (received) return received;
    const selected = subnet6Select(this.c, x);
    if (selected) return selected;
    const outcome = await this.leaseStage(x);
    if (outcome) return outcome;
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
        await release(this.c, x);
        return undefined;
      case MessageType.DECLINE:
        await decline(this.c, x);
        return undefined;
      case MessageType.CONFIRM: {
        const dropped = confirm(this.c, x);
        if (isDrop(dropped)) return dropped;
        break;
      }
      default:
        informationRequest(this.c, x);
        break;
    }
    addConfiguredOptions(this.c, x);
    return undefined;
  }
}
