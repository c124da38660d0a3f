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
  hostnameCharSet: '',
  hostnameCharReplacement: '',
};

export function ddnsScope(subnet: Subnet6 | undefined, enableUpdates: boolean): DdnsScope {
  if (!subnet) return NO_SUBNET;
  return { ...subnet.ddns, enabled: enableUpdates && subnet.ddns.sendUpdates };
}
