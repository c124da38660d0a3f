import { MessageType, OptionCode, StatusCode } from '@nestor/codec';
import { LeaseType } from '@nestor/leases';
import { iaRequest } from '../../query.js';
import type { Exchange, PathContext } from '../exchange.js';
import { logAllocated } from '../lease-log.js';
import { newReply, type ReplyIa, rawOption } from '../reply.js';
import { setTeeTimes, settleServing } from '../served.js';
import { retireNames } from './ddns.js';

export const NO_ADDRS = 'Sorry, no address could be allocated.';
export const NO_PREFIXES = 'Sorry, no prefixes could be allocated.';

/**
 * lease6_select for SOLICIT (ADVERTISE, nothing written; with rapid commit where the subnet
 * allows it, REPLY and the leases written) and REQUEST (REPLY, the leases written): a lease per
 * IA_NA and IA_PD, or NoAddrsAvail / NoPrefixAvail in that IA (RFC 7550); IA_TA is not served.
 */
export async function assign(c: PathContext, x: Exchange): Promise<void> {
  const q = x.query;
  const rapid = q.message.msgType === MessageType.SOLICIT && q.rapidCommit && x.subnet?.rapidCommit === true;
  const commit = q.message.msgType === MessageType.REQUEST || rapid;
  const msgType = commit ? MessageType.REPLY : MessageType.ADVERTISE;
  const reply = newReply(msgType, q.clientId, c.serverId);
  x.reply = reply;
  if (rapid) reply.options.push(rawOption(OptionCode.RAPID_COMMIT, new Uint8Array(0)));
  for (const ia of [...q.iaNa, ...q.iaPd]) {
    const request = iaRequest(ia);
    const grant =
      x.subnet && x.client ? await c.engine.allocate(x.client, request, commit) : { leases: [], retired: [] };
    retireNames(c, x, grant.retired);
    const out: ReplyIa = { kind: ia.kind, iaid: ia.iaid, t1: 0, t2: 0, leases: grant.leases, zeroed: [] };
    if (grant.leases.length === 0) {
      out.status =
        request.type === LeaseType.PD
          ? { code: StatusCode.NoPrefixAvail, text: NO_PREFIXES }
          : { code: StatusCode.NoAddrsAvail, text: NO_ADDRS };
    } else if (commit) {
      const leases = grant.leases.map((g) => g.lease);
      x.leases.push(...leases);
      logAllocated(c.leaseLog, q, leases);
    }
    setTeeTimes(x, out);
    reply.ias.push(out);
  }
  for (const ia of q.iaTa) {
    reply.ias.push({
      kind: 'ia_ta',
      iaid: ia.iaid,
      t1: 0,
      t2: 0,
      leases: [],
      zeroed: [],
      status: { code: StatusCode.NoAddrsAvail, text: NO_ADDRS },
    });
  }
  settleServing(x);
}
