import type { Exchange, PathContext } from '../exchange.js';

const NO_POOLS: readonly never[] = [];

/**
 * The last classification step and the configured options (Kea's requiredClassify, then
 * appendRequestedOptions): the classes required by the serving subnet's shared network, the
 * subnet and the pools of the leases granted are evaluated, then the reply gets the options
 * the client asked for and those sent always, each from the most specific scope that has it.
 */
export function addConfiguredOptions(c: PathContext, x: Exchange): void {
  const reply = x.reply;
  if (!reply) return;
  const q = x.query;
  const pools = x.pools.length === 0 ? NO_POOLS : x.pools.map((p) => p.config);
  const classes = q.classes ? c.required.finish(q.classes, x.served, x.host, pools) : undefined;
  const scope = { subnet: x.served, host: x.host, pools, classes };
  const selected = c.options.select(q.requested, scope);
  for (const option of selected) reply.options.push(option.option);
  c.vendorOptions.add(x, scope);
}
