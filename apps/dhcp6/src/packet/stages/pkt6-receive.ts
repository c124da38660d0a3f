import { MessageType, StatusCode } from '@nestor/codec';
import { NextStep } from '@nestor/hooks';
import type { Query } from '../../query.js';
import type { Drop, Exchange, PathContext } from '../exchange.js';
import { newReply } from '../reply.js';

/** Messages that must carry our server-id, and those that must carry none (RFC 8415 section 16). */
const NEEDS_OUR_ID = new Set<number>([
  MessageType.REQUEST,
  MessageType.RENEW,
  MessageType.DECLINE,
  MessageType.RELEASE,
]);
const FORBIDS_ID = new Set<number>([MessageType.SOLICIT, MessageType.CONFIRM, MessageType.REBIND]);
/** Messages a client may send by unicast once the server gave it the unicast option (RFC 8415 18.4). */
const UNICAST_ALLOWED = new Set<number>([
  MessageType.REQUEST,
  MessageType.RENEW,
  MessageType.RELEASE,
  MessageType.DECLINE,
  MessageType.INFORMATION_REQUEST,
]);
const SERVED = new Set<number>([
  MessageType.SOLICIT,
  MessageType.REQUEST,
  MessageType.CONFIRM,
  MessageType.RENEW,
  MessageType.REBIND,
  MessageType.RELEASE,
  MessageType.DECLINE,
  MessageType.INFORMATION_REQUEST,
]);

const USE_MULTICAST = 'Send this message to ff02::1:2: the server does not accept it by unicast.';

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Kea's testServerID, before classification and pkt6_receive: another server's message. */
export function otherServer(q: Query, serverId: Uint8Array): boolean {
  return q.serverId !== undefined && !bytesEqual(q.serverId, serverId);
}

/**
 * RFC 8415 section 16: what each message must and must not carry (the server-id checked
 * already). The reason to discard it, or undefined when it may be answered.
 */
export function sanityProblem(q: Query): string | undefined {
  const type = q.message.msgType;
  if (!SERVED.has(type)) return `message type ${type} is not one a server answers`;
  if (type === MessageType.INFORMATION_REQUEST) {
    // Section 16.12: servers MUST discard one carrying an IA (Kea 2.2 answers it).
    if (q.iaNa.length + q.iaPd.length + q.iaTa.length > 0) return 'information-request carrying an IA';
    return undefined;
  }
  if (!q.clientId) return 'no client-id';
  if (NEEDS_OUR_ID.has(type) && !q.serverId) return 'no server-id';
  if (FORBIDS_ID.has(type) && q.serverId) return 'server-id present in a message that must not carry one';
  return undefined;
}

/**
 * pkt6_receive: every rule that discards a client message before it is served, in one place, in
 * Kea's order: another server's message; the hook point (a callout's SKIP or DROP discards it);
 * the message checks of RFC 8415 section 16; the DROP class. A message sent by unicast that
 * may not be is answered with UseMulticast (RFC 8415 section 18.4): `exchange.reply` is then
 * complete.
 */
export function pkt6Receive(
  c: PathContext,
  x: Exchange,
): Drop | 'answered' | undefined | Promise<Drop | 'answered' | undefined> {
  const q = x.query;
  if (otherServer(q, c.serverId))
    return { drop: 'server-id of another server', id: 'DHCP6_PACKET_DROP_SERVERID_MISMATCH' };
  // Without callouts the stage is synchronous: no promise (and no microtask) per packet.
  if (c.hooks.present('pkt6_receive')) return pkt6ReceiveHooked(c, x);
  return receiveChecks(c, x);
}

async function pkt6ReceiveHooked(c: PathContext, x: Exchange): Promise<Drop | 'answered' | undefined> {
  const next = await c.hooks.pkt6Receive(x);
  if (next === NextStep.SKIP || next === NextStep.DROP)
    return { drop: 'a pkt6_receive callout dropped it', id: 'DHCP6_HOOK_PACKET_RCVD_SKIP' };
  return receiveChecks(c, x);
}

/** The rules after the pkt6_receive callouts: RFC 8415's sanity checks, the DROP class, unicast. */
function receiveChecks(c: PathContext, x: Exchange): Drop | 'answered' | undefined {
  const q = x.query;
  const problem = sanityProblem(q);
  if (problem) return { drop: problem };
  if (q.classes?.dropped) return { drop: 'in the DROP class', id: 'DHCP6_PACKET_DROP_DROP_CLASS' };
  if (mustUseMulticast(c, q)) {
    x.reply = newReply(MessageType.REPLY, q.clientId, c.serverId);
    x.reply.status = { code: StatusCode.UseMulticast, text: USE_MULTICAST };
    return 'answered';
  }
  return undefined;
}

/**
 * A client may send by unicast only when the server gave it the unicast option; relayed
 * messages always arrive by unicast and are fine.
 */
function mustUseMulticast(c: PathContext, q: Query): boolean {
  if (q.datagram.multicast || q.relays.length > 0) return false;
  if (!UNICAST_ALLOWED.has(q.message.msgType)) return false;
  return !c.options.offersUnicast();
}
