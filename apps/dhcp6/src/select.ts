import { prefixMask, type RelayLayer, relayInterfaceId, toBigInt } from '@nestor/codec';
import type { Dhcp6Config, Subnet6 } from '@nestor/config';
import type { ClassMembership } from '@nestor/eval';
import { ClassGuards } from './classes/class-guards.js';

/** What subnet selection looks at in a received packet. */
export interface SelectionInput {
  interfaceName: string;
  /** Source address of the datagram (the client's, when not relayed). */
  remoteAddress: string;
  /** Relay layers, outermost (closest to the server) first. */
  relays: readonly RelayLayer[];
}

/** Kea accepts a subnet written with host bits set ("2001:db8:1::1/64"): compare under the mask. */
function inSubnet(subnet: Subnet6, address: string): boolean {
  try {
    const mask = prefixMask(subnet.prefix.length);
    return (toBigInt(address) & mask) === (subnet.prefix.address & mask);
  } catch {
    return false;
  }
}

const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Subnet selection as Kea does it for DHCPv6: for a relayed packet, by the interface-id of the
 * relay closest to the client, then by a subnet's `relay` addresses, then by the prefix holding
 * that relay's link-address; for a direct one, by the interface it came in on, then by the
 * prefix holding its source address.
 *
 * Each way tries the subnets in subnet-id order (Kea 2.2 keeps its subnets ordered by id, not
 * by their place in the file) and skips those whose `client-class` (or whose shared network's)
 * the packet is not in, as Kea does: the next subnet matching the same way may then serve it.
 */
export class SubnetSelector {
  private readonly ordered: Subnet6[];
  private readonly byInterface = new Map<string, Subnet6[]>();
  private readonly byRelayAddress = new Map<string, Subnet6[]>();
  private readonly byInterfaceId = new Map<string, Subnet6[]>();
  private readonly networkMembers = new Map<string, Subnet6[]>();
  /** Whether any subnet is guarded; when not, the first subnet of each way is the answer. */
  private readonly guarded: boolean;

  constructor(
    config: Dhcp6Config,
    private readonly guards: ClassGuards = new ClassGuards(config),
  ) {
    this.guarded = guards.guardsSubnets;
    this.ordered = [...config.subnets].sort((a, b) => a.id - b.id);
    const index = (map: Map<string, Subnet6[]>, key: string, subnet: Subnet6): void => {
      const list = map.get(key);
      if (list) list.push(subnet);
      else map.set(key, [subnet]);
    };
    for (const subnet of this.ordered) {
      if (subnet.interface) index(this.byInterface, subnet.interface, subnet);
      if (subnet.interfaceId) index(this.byInterfaceId, subnet.interfaceId, subnet);
      for (const a of new Set(subnet.relayAddresses)) index(this.byRelayAddress, a, subnet);
    }
    for (const subnet of this.ordered)
      if (subnet.sharedNetwork) index(this.networkMembers, subnet.sharedNetwork, subnet);
  }

  /** The subnet for a packet; `classes` are its classes so far (guards test them). */
  select(input: SelectionInput, classes?: ClassMembership): Subnet6 | undefined {
    const { relays } = input;
    if (relays.length > 0) {
      for (let i = relays.length - 1; i >= 0; i--) {
        const id = relayInterfaceId(relays[i]!);
        if (id) {
          const subnet = this.first(this.byInterfaceId.get(textDecoder.decode(id)), classes);
          if (subnet) return subnet;
          break;
        }
      }
      const link = relays[relays.length - 1]!.linkAddress;
      const byRelay = this.first(this.byRelayAddress.get(link), classes);
      if (byRelay) return byRelay;
      if (link !== '::') return this.byPrefix(link, classes);
      return undefined;
    }
    return (
      this.first(this.byInterface.get(input.interfaceName), classes) ??
      this.byPrefix(input.remoteAddress, classes)
    );
  }

  /**
   * The subnets a client may be served from: the selected one, then the rest of its shared
   * network as Kea walks them (by subnet id from the selected one on, wrapping around).
   */
  candidates(selected: Subnet6): Subnet6[] {
    if (!selected.sharedNetwork) return [selected];
    const members = this.networkMembers.get(selected.sharedNetwork) ?? [selected];
    const at = members.indexOf(selected);
    return at <= 0 ? members : [...members.slice(at), ...members.slice(0, at)];
  }

  /** Is the address appropriate for the link the client is on (CONFIRM, REBIND)? */
  onLink(candidates: readonly Subnet6[], address: string): boolean {
    return candidates.some((s) => inSubnet(s, address));
  }

  private first(
    list: readonly Subnet6[] | undefined,
    classes: ClassMembership | undefined,
  ): Subnet6 | undefined {
    if (!list) return undefined;
    if (!this.guarded) return list[0];
    return list.find((s) => this.guards.subnetAllows(s, classes));
  }

  private byPrefix(address: string, classes: ClassMembership | undefined): Subnet6 | undefined {
    return this.ordered.find(
      (s) => inSubnet(s, address) && (!this.guarded || this.guards.subnetAllows(s, classes)),
    );
  }
}
