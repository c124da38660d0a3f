import type { Dhcp6Config, Subnet6 } from '@nestor/config';
import type { ClassMembership } from '@nestor/eval';

/**
 * The `client-class` guards of subnets, shared networks, pools and pd-pools: a guarded scope
 * serves only packets in that class (Kea's clientSupported). A subnet of a shared network is
 * guarded by the network's class and by its own, both must hold.
 *
 * Without classification in use there are no classes to test; a guard then admits nobody, as
 * Kea's would for a packet in no configured class. (The server classifies whenever any guard
 * is configured, see classification.ts, so this is the case only for configurations without
 * guards, where nothing is tested at all.)
 */
export class ClassGuards {
  private readonly bySubnet = new Map<number, readonly string[]>();

  constructor(config: Dhcp6Config) {
    const networkGuards = new Map(config.sharedNetworks.map((n) => [n.name, n.clientClass]));
    for (const subnet of config.subnets) {
      const guards: string[] = [];
      const network = subnet.sharedNetwork ? networkGuards.get(subnet.sharedNetwork) : undefined;
      if (network) guards.push(network);
      // The model resolves a subnet's client-class through its shared network: a subnet
      // without its own inherits the network's, already in the list.
      if (subnet.clientClass && subnet.clientClass !== network) guards.push(subnet.clientClass);
      if (guards.length > 0) this.bySubnet.set(subnet.id, guards);
    }
  }

  /** Whether any subnet or shared network is guarded. */
  get guardsSubnets(): boolean {
    return this.bySubnet.size > 0;
  }

  subnetAllows(subnet: Subnet6, classes: ClassMembership | undefined): boolean {
    const guards = this.bySubnet.get(subnet.id);
    if (guards === undefined) return true;
    for (const name of guards) if (!classes?.has(name)) return false;
    return true;
  }
}

/** Whether a pool or pd-pool serves the packet: no guard, or the packet is in its class. */
export function poolAllows(pool: { clientClass?: string }, classes: ClassMembership | undefined): boolean {
  return pool.clientClass === undefined || (classes?.has(pool.clientClass) ?? false);
}

/** Whether the configuration guards anything by class (subnet, shared network, pool, pd-pool). */
export function hasClassGuards(config: Dhcp6Config): boolean {
  return (
    config.sharedNetworks.some((n) => n.clientClass !== undefined) ||
    config.subnets.some(
      (s) =>
        s.clientClass !== undefined ||
        s.pools.some((p) => p.clientClass !== undefined) ||
        s.pdPools.some((p) => p.clientClass !== undefined),
    )
  );
}
