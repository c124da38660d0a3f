import { MessageType, StatusCode } from '@nestor/codec';
import { NextStep } from '@nestor/hooks';
import { type Lease6, LeaseType } from '@nestor/leases';
import type { Approval } from '../../alloc/engine.js';
import { iaRequest } from '../../query.js';
import type { Drop, Exchange, PathContext } from '../exchange.js';
import { logLease } from '../lease-log.js';
import { newReply, type ReplyIa } from '../reply.js';
import { retireNames } from './ddns.js';

const NO_BINDING = 'No binding for this IA: the server knows no lease of this client here.';
const RELEASED = 'Lease released.';
const DECLINED = 'Lease declined; the address is held back for the probation period.';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The hook point's say on each lease given back, when a library has callouts there. */
function approval(
  c: PathContext,
  x: Exchange,
  point: 'lease6_release' | 'lease6_decline',
): Approval | undefined {
  if (!c.hooks.present(point)) return undefined;
  return async (lease) => {
    const next = await c.hooks.lease6GiveBack(point, x, lease);
    return next === NextStep.DROP ? 'drop' : next === NextStep.SKIP ? 'skip' : 'continue';
  };
}

function iaAnswer(kind: ReplyIa['kind'], iaid: number, done: readonly Lease6[], text: string): ReplyIa {
  return {
    kind,
    iaid,
    t1: 0,
    t2: 0,
    leases: [],
    zeroed: [],
    status:
      done.length > 0 ? { code: StatusCode.Success, text } : { code: StatusCode.NoBinding, text: NO_BINDING },
  };
}

/**
 * lease6_release (RFC 8415 section 18.3.7): the client's leases named in each IA are removed;
 * Success or NoBinding per IA, and a top-level Success as the RFC says (Kea 2.2 sends NoBinding
 * there when nothing was released).
 */
export async function release(c: PathContext, x: Exchange): Promise<Drop | undefined> {
  const q = x.query;
  const reply = newReply(MessageType.REPLY, q.clientId, c.serverId);
  x.reply = reply;
  const approve = approval(c, x, 'lease6_release');
  for (const ia of [...q.iaNa, ...q.iaPd]) {
    const given = await c.engine.release({ duid: q.duid }, iaRequest(ia), approve);
    if (given.drop)
      return { drop: 'a lease6_release callout dropped it', id: 'DHCP6_HOOK_LEASE6_RELEASE_NA_SKIP' };
    const released = given.leases;
    for (const lease of released)
      logLease(
        c.leaseLog,
        q,
        lease.type === LeaseType.PD ? 'DHCP6_RELEASE_PD' : 'DHCP6_RELEASE_NA',
        lease,
        'released',
      );
    x.deleted.push(...released);
    retireNames(c, x, given.before);
    reply.ias.push(iaAnswer(ia.kind, ia.iaid, released, RELEASED));
  }
  reply.status = { code: StatusCode.Success, text: RELEASED };
  return undefined;
}

/**
 * lease6_decline (RFC 8415 section 18.3.8): the client's addresses named in each IA_NA become
 * declined for the probation period; Success or NoBinding per IA, and a top-level Success as the
 * RFC says (Kea 2.2 sends none).
 */
export async function decline(c: PathContext, x: Exchange): Promise<Drop | undefined> {
  const q = x.query;
  const reply = newReply(MessageType.REPLY, q.clientId, c.serverId);
  x.reply = reply;
  const approve = approval(c, x, 'lease6_decline');
  for (const ia of q.iaNa) {
    const given = await c.engine.decline(
      { duid: q.duid, now: nowSeconds() },
      iaRequest(ia),
      c.config.declineProbationPeriod,
      approve,
    );
    if (given.drop) return { drop: 'a lease6_decline callout dropped it', id: 'DHCP6_HOOK_DECLINE_DROP' };
    const declined = given.leases;
    for (const lease of declined) logLease(c.leaseLog, q, 'DHCP6_DECLINE_LEASE', lease, 'declined');
    x.deleted.push(...declined);
    retireNames(c, x, given.before);
    reply.ias.push(iaAnswer(ia.kind, ia.iaid, declined, DECLINED));
  }
  reply.status = { code: StatusCode.Success, text: 'Success.' };
  return undefined;
}
