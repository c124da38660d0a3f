import { NextStep } from '@nestor/hooks';
import { GLOBAL } from '../../hosts.js';
import type { Exchange, PathContext, StageOutcome } from '../exchange.js';

/**
 * subnet6_select and the host lookup (Kea's initContext): the subnet is selected with the
 * classes assigned so far, a subnet6_select callout may choose another (or none), then the
 * client's reservations are looked up in the subnets that admit it and the classification
 * moves on (reserved classes, KNOWN / UNKNOWN and what depends on them, then the DROP class
 * again). The engine's own hook points (lease6_select, lease6_renew, lease6_rebind) are
 * attached to the client here when a library has callouts there.
 */
export function subnet6Select(c: PathContext, x: Exchange): StageOutcome | Promise<StageOutcome> {
  // The hosts databases are asked before the synchronous lookups of the steps below; without
  // databases and callouts the stage is synchronous: no promise (and no microtask) per packet.
  if (c.hosts.databases.length > 0) return subnet6SelectWithDatabases(c, x);
  const choice = c.contexts.select(x.query);
  if ('drop' in choice) return choice;
  if (c.hooks.present('subnet6_select')) return subnet6SelectHooked(c, x, choice);
  return completeContext(c, x, choice);
}

type SubnetChoice = Exclude<ReturnType<PathContext['contexts']['select']>, { drop: string }>;

async function subnet6SelectHooked(c: PathContext, x: Exchange, choice: SubnetChoice): Promise<StageOutcome> {
  const hooked = await c.hooks.subnet6Select(x, choice.subnet, c.config.subnets);
  if (hooked.next === NextStep.DROP)
    return { drop: 'a subnet6_select callout dropped it', id: 'DHCP6_HOOK_SUBNET6_SELECT_DROP' };
  choice.subnet = hooked.subnet;
  return completeContext(c, x, choice);
}

async function subnet6SelectWithDatabases(c: PathContext, x: Exchange): Promise<StageOutcome> {
  const q = x.query;
  if (q.classes && c.config.earlyGlobalReservationsLookup) await c.hosts.prepare(q.identifiers, [GLOBAL]);
  const choice = c.contexts.select(q);
  if ('drop' in choice) return choice;
  if (c.hooks.present('subnet6_select')) {
    const hooked = await c.hooks.subnet6Select(x, choice.subnet, c.config.subnets);
    if (hooked.next === NextStep.DROP)
      return { drop: 'a subnet6_select callout dropped it', id: 'DHCP6_HOOK_SUBNET6_SELECT_DROP' };
    choice.subnet = hooked.subnet;
  }
  if (choice.subnet) await c.hosts.prepare(q.identifiers, c.contexts.lookupScopes(q, choice.subnet));
  return completeContext(c, x, choice);
}

/** The host lookup and the classification after it, the client context, the engine's hooks. */
function completeContext(c: PathContext, x: Exchange, choice: SubnetChoice): StageOutcome {
  const q = x.query;
  const built = c.contexts.complete(q, choice);
  if ('drop' in built) return built;
  if (built.subnet) x.subnet = built.subnet;
  x.client = built.client;
  const select = c.hooks.present('lease6_select');
  const extend = c.hooks.present(q.message.msgType === 6 ? 'lease6_rebind' : 'lease6_renew');
  if (select || extend) {
    x.client.hooks = {
      ...(select
        ? {
            select: async (subnet, lease, fake) => {
              const verdict = await c.hooks.lease6Select(x, subnet, lease, fake);
              return verdict.next === NextStep.CONTINUE
                ? { skip: false, lease: verdict.lease }
                : { skip: true };
            },
          }
        : {}),
      ...(extend
        ? {
            extend: async (lease, ia) => {
              const verdict = await c.hooks.lease6Extend(x, lease, ia);
              return verdict.next === NextStep.CONTINUE
                ? { skip: false, lease: verdict.lease }
                : { skip: true };
            },
          }
        : {}),
    };
  }
  return undefined;
}
