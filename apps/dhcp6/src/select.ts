import { prefixMask, type RelayLayer, relayInterfaceId, toBigInt } from '@nestor/codec';
import type { Dhcp6Config, Subnet6 } from '@nestor/config';

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
 */
export class SubnetSelector {
  private readonly byInterface = new Map<string, Subnet6>();
  private readonly byRelayAddress = new Map<string, Subnet6>();
  private readonly byInterfaceId = new Map<string, Subnet6>();
  private readonly networkMembers = new Map<string, Subnet6[]>();

  constructor(private readonly config: Dhcp6Config) {
    for (const subnet of config.subnets) {
      if (subnet.interface && !this.byInterface.has(subnet.interface))
        this.byInterface.set(subnet.interface, subnet);
      if (subnet.interfaceId && !this.byInterfaceId.has(subnet.interfaceId))
        this.byInterfaceId.set(subnet.interfaceId, subnet);
      for (const a of subnet.relayAddresses)
        if (!this.byRelayAddress.has(a)) this.byRelayAddress.set(a, subnet);
      if (subnet.sharedNetwork) {
        const members = this.networkMembers.get(subnet.sharedNetwork) ?? [];
        members.push(subnet);
        this.networkMembers.set(subnet.sharedNetwork, members);
      }
    }
  }

  select(input: SelectionInput): Subnet6 | undefined {
    const { relays } = input;
    if (relays.length > 0) {
      for (let i = relays.length - 1; i >= 0; i--) {
        const id = relayInterfaceId(relays[i]!);
        if (id) {
          const subnet = this.byInterfaceId.get(textDecoder.decode(id));
          if (subnet) return subnet;
          break;
        }
      }
      const link = relays[relays.length - 1]!.linkAddress;
      const byRelay = this.byRelayAddress.get(link);
      if (byRelay) return byRelay;
      if (link !== '::') return this.config.subnets.find((s) => inSubnet(s, link));
      return undefined;
    }
    return (
      this.byInterface.get(input.interfaceName) ??
      this.config.subnets.find((s) => inSubnet(s, input.remoteAddress))
    );
  }

  /** The subnets a client may be served from: the selected one, then the rest of its shared network. */
  candidates(selected: Subnet6): Subnet6[] {
    if (!selected.sharedNetwork) return [selected];
    return [
      selected,
      ...(this.networkMembers.get(selected.sharedNetwork) ?? []).filter((s) => s !== selected),
    ];
  }

  /** Is the address appropriate for the link the client is on (CONFIRM, REBIND)? */
  onLink(candidates: readonly Subnet6[], address: string): boolean {
    return candidates.some((s) => inSubnet(s, address));
  }
}
