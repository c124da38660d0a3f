import type { AddressPool6, Dhcp6Config, PrefixPool6, Reservation6, Subnet6 } from '@nestor/config';
import type { PacketClassification } from '@nestor/eval';
import type { HostIndex } from '../hosts.js';

/**
 * The last classification step of a message, after its leases are assigned and before its
 * options are chosen (Kea's conditionallySetReservedClientClasses and requiredClassify): in a
 * shared network a subnet reservation's classes join now (unevaluated: the subnet could change
 * during allocation, so they could not steer it), then the classes required by the shared
 * network, the subnet and the pools of the leases handed out are evaluated, in that order.
 */
export class RequiredClasses {
  private readonly networkRequires: ReadonlyMap<string, readonly string[]>;

  constructor(
    config: Dhcp6Config,
    private readonly hosts: HostIndex,
  ) {
    this.networkRequires = new Map(config.sharedNetworks.map((n) => [n.name, n.requireClientClasses]));
  }

  /**
   * Finishes the classification for the subnet that serves the client (where its leases came
   * from) and returns the classes in assignment order, for the class option layers.
   */
  finish(
    classes: PacketClassification,
    served: Subnet6 | undefined,
    host: Reservation6 | undefined,
    pools: readonly (AddressPool6 | PrefixPool6)[],
  ): string[] {
    if (served) {
      if (served.sharedNetwork && host && !this.hosts.isGlobal(host))
        classes.addReservedClasses(host.clientClasses);
      const network = served.sharedNetwork ? (this.networkRequires.get(served.sharedNetwork) ?? []) : [];
      // The model resolves a subnet's require-client-classes through its shared network (a
      // subnet without its own list shows the network's); evaluating each class once makes
      // the repeat harmless and keeps Kea's order.
      const names = [...network, ...served.requireClientClasses];
      for (const pool of pools) names.push(...pool.requireClientClasses);
      if (names.length > 0) classes.evaluateRequired(names);
    }
    return classes.classes.toArray();
  }
}
