import type { Exchange, PathContext, StageOutcome } from '../exchange.js';

/**
 * subnet6_select and the host lookup (Kea's initContext): the subnet is selected with the
 * classes assigned so far, the client's reservations are looked up in the subnets that admit
 * it, and the classification moves on (reserved classes, KNOWN / UNKNOWN and what depends on
 * them, then the DROP class again).
 */
export function subnet6Select(c: PathContext, x: Exchange): StageOutcome {
  const built = c.contexts.build(x.query);
  if ('drop' in built) return built;
  if (built.subnet) x.subnet = built.subnet;
  x.client = built.client;
  return undefined;
}
