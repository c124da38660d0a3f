import { MessageType, StatusCode } from '@nestor/codec';
import type { Drop, Exchange, PathContext } from '../exchange.js';
import { newReply } from '../reply.js';

const ON_LINK = 'All addresses are on-link.';
const NOT_ON_LINK = 'Some addresses are not on-link.';

/**
 * CONFIRM (RFC 8415 section 18.3.3): are the client's addresses still on this link? Kea 2.2
 * checks the selected subnet only, not the rest of its shared network. Without addresses, or
 * from a link without a subnet, the message is discarded.
 */
export function confirm(c: PathContext, x: Exchange): Drop | undefined {
  const q = x.query;
  const addresses: string[] = [];
  for (const ia of [...q.iaNa, ...q.iaTa])
    for (const o of ia.options) if (o.kind === 'iaaddr') addresses.push(o.address);
  if (addresses.length === 0) return { drop: 'confirm without addresses' };
  const subnet = x.subnet;
  if (!subnet) return { drop: 'confirm from a link the server has no subnet for' };
  const onLink = addresses.every((a) => c.selector.onLink([subnet], a));
  x.reply = newReply(MessageType.REPLY, q.clientId, c.serverId);
  x.reply.status = onLink
    ? { code: StatusCode.Success, text: ON_LINK }
    : { code: StatusCode.NotOnLink, text: NOT_ON_LINK };
  // Kea runs the required classes of the selected subnet (and its shared network) here too.
  x.served = subnet;
  return undefined;
}

/** INFORMATION-REQUEST (RFC 8415 section 18.3.6): configuration only, from the selected subnet. */
export function informationRequest(c: PathContext, x: Exchange): void {
  x.reply = newReply(MessageType.REPLY, x.query.clientId, c.serverId);
  if (x.subnet) {
    x.served = x.subnet;
    const host = x.client?.reservations.get(x.subnet.id);
    if (host) x.host = host;
  }
}
