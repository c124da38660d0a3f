import type { Subnet6 } from '@nestor/config';
import { teeTimes } from '../alloc/lifetimes.js';
import type { Exchange } from './exchange.js';
import type { ReplyIa } from './reply.js';

/** What Kea takes as the shortest preferred lifetime when no lease of the IA has one above 0. */
const NO_PREFERRED = 0xffffffff;

/** A subnet among the client's candidates by id, else the selected one. */
function candidate(x: Exchange, id: number): Subnet6 | undefined {
  return x.client?.subnets.find((s) => s.id === id) ?? x.subnet;
}

/**
 * Settles what serves the client once its IAs are decided, as Kea's context does after
 * allocation: the subnet of the last lease granted (another member of the shared network,
 * possibly), else the selected one; the client's reservation there; the pools of that subnet
 * the leases came from.
 */
export function settleServing(x: Exchange): void {
  const ias = x.reply?.ias ?? [];
  let served = x.subnet;
  for (let i = ias.length - 1; i >= 0; i--) {
    const last = ias[i]!.leases[ias[i]!.leases.length - 1];
    if (last) {
      served = candidate(x, last.lease.subnetId);
      break;
    }
  }
  if (served) x.served = served;
  const host = served ? x.client?.reservations.get(served.id) : undefined;
  if (host) x.host = host;
  for (const ia of ias)
    for (const g of ia.leases)
      if (served && g.lease.subnetId === served.id && g.pool && !x.pools.includes(g.pool))
        x.pools.push(g.pool);
}

/**
 * T1 and T2 of one IA, as Kea 2.2 sets them: from the subnet of the IA's leases and the
 * shortest non-zero preferred lifetime among them (0 and 0 for an IA granted nothing). With the
 * same lifetimes everywhere (the usual case) every IA gets the same timers, as RFC 8415 section
 * 18.3 recommends.
 */
export function setTeeTimes(x: Exchange, ia: ReplyIa): void {
  const last = ia.leases[ia.leases.length - 1];
  const subnet = last ? candidate(x, last.lease.subnetId) : undefined;
  if (!last || !subnet) {
    ia.t1 = 0;
    ia.t2 = 0;
    return;
  }
  let shortest = NO_PREFERRED;
  for (const { lease } of ia.leases)
    if (lease.preferredLifetime > 0) shortest = Math.min(shortest, lease.preferredLifetime);
  const { t1, t2 } = teeTimes(subnet, shortest);
  ia.t1 = t1;
  ia.t2 = t2;
}
