import type { DdnsParameters, Subnet6 } from '@nestor/config';

/**
 * The DDNS parameters that apply to one client (Kea's DdnsParams): the subnet's resolved
 * ddns-* values (global > shared network > subnet), with updates enabled only when dhcp-ddns
 * enable-updates and the subnet's ddns-send-updates both say so. Without a subnet nothing is
 * updated and no name is changed, as in Kea.
 */
export interface DdnsScope extends DdnsParameters {
  /** dhcp-ddns enable-updates and ddns-send-updates. */
  enabled: boolean;
}

const NO_SUBNET: DdnsScope = {
  enabled: false,
  sendUpdates: false,
  overrideNoUpdate: false,
  overrideClientUpdate: false,
  replaceClientName: 'never',
  generatedPrefix: '',
  qualifyingSuffix: '',
  updateOnRenew: false,
  useConflictResolution: true,
  conflictResolutionMode: 'check-with-dhcid',
  conflictResolutionModeSet: false,
  hostnameCharSet: '',
  hostnameCharReplacement: '',
};

/** Per subnet object (one per configuration), with updates enabled and not: built once. */
const scopes = new WeakMap<Subnet6, [off: DdnsScope, on: DdnsScope]>();

export function ddnsScope(subnet: Subnet6 | undefined, enableUpdates: boolean): DdnsScope {
  if (!subnet) return NO_SUBNET;
  let pair = scopes.get(subnet);
  if (!pair) {
    pair = [
      { ...subnet.ddns, enabled: false },
      { ...subnet.ddns, enabled: subnet.ddns.sendUpdates },
    ];
    scopes.set(subnet, pair);
  }
  return pair[enableUpdates ? 1 : 0];
}
