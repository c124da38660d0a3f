/**
 * kea-dhcp6's hook points, in the order a message meets them, and reclamation's (Kea 2.2's
 * names and arguments; README, "Writing a hook", says what each passes and what SKIP and DROP
 * mean there).
 */
export const DHCP6_HOOK_POINTS = [
  'dhcp6_srv_configured',
  'buffer6_receive',
  'pkt6_receive',
  'subnet6_select',
  'ddns6_update',
  'lease6_select',
  'lease6_renew',
  'lease6_rebind',
  'lease6_release',
  'lease6_decline',
  'leases6_committed',
  'pkt6_send',
  'buffer6_send',
  'lease6_expire',
  'lease6_recover',
] as const;

export type Dhcp6HookPoint = (typeof DHCP6_HOOK_POINTS)[number];
