import { MessageType, StatusCode } from '@nestor/codec';
import { LeaseType } from '@nestor/leases';
import { iaRequest } from '../../query.js';
import type { Drop, Exchange, PathContext } from '../exchange.js';
import { logAllocated } from '../lease-log.js';
import { newReply, type ReplyIa } from '../reply.js';
import { setTeeTimes, settleServing } from '../served.js';
import { NO_ADDRS, NO_PREFIXES } from './assign.js';
import { retireNames } from './ddns.js';

const NO_BINDING = 'No binding for this IA: the server knows no lease of this client here.';

/**
 * lease6_renew / lease6_rebind (RFC 8415 sections 18.3.4 and 18.3.5), as Kea 2.2 answers them:
 * the client's leases are extended, and an IA the server knows no binding for gets one (its
 * hint when free and fit for the link, else a new address or prefix), the addresses and prefixes
 * it named that it cannot have sent back with lifetimes 0. From a link the server has no subnet
 * for: NoBinding, except that a REBIND with an IA_PD is discarded (the server cannot tell
 * whether the prefixes suit that link).
 */
export async function extend(c: PathContext, x: Exchange): Promise<Drop | undefined> {
  const q = x.query;
  const rebind = q.message.msgType === MessageType.REBIND;
  if (!x.subnet && rebind && q.iaPd.length > 0)
    return { drop: 'rebind of prefixes from a link the server has no subnet for' };
  const reply = newReply(MessageType.REPLY, q.clientId, c.serverId);
  x.reply = reply;
  for (const ia of [...q.iaNa, ...q.iaPd]) {
    const request = iaRequest(ia);
    const out: ReplyIa = { kind: ia.kind, iaid: ia.iaid, t1: 0, t2: 0, leases: [], zeroed: [] };
    if (x.subnet && x.client) {
      const result = await c.engine.renew(x.client, request);
      retireNames(c, x, result.retired);
      // Kea's extendIA_NA asks again for a lease it took away whose name differs from the one
      // decided now: a second removal of the same records.
      retireNames(
        c,
        x,
        result.retired.filter(
          (l) =>
            l.type === LeaseType.NA &&
            (l.hostname !== x.client!.hostname ||
              l.fqdnFwd !== x.client!.fqdnFwd ||
              l.fqdnRev !== x.client!.fqdnRev),
        ),
      );
      out.leases = result.leases;
      out.zeroed = result.expired.map((h) => ({ address: h.address, prefixLength: h.prefixLength }));
      if (result.leases.length === 0)
        out.status =
          request.type === LeaseType.PD
            ? { code: StatusCode.NoPrefixAvail, text: NO_PREFIXES }
            : { code: StatusCode.NoAddrsAvail, text: NO_ADDRS };
    } else {
      out.status = { code: StatusCode.NoBinding, text: NO_BINDING };
    }
    if (out.leases.length > 0) {
      const leases = out.leases.map((g) => g.lease);
      x.leases.push(...leases);
      logAllocated(c.leaseLog, q, leases);
    }
    setTeeTimes(x, out);
    reply.ias.push(out);
  }
  settleServing(x);
  return undefined;
}
