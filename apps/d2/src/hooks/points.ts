/**
 * kea-dhcp-ddns's hook points, as Kea 2.2 has them: d2_srv_configured once a configuration is
 * parsed (src/bin/d2/d2_process.cc), select_key each time a transaction picks a DNS server
 * (src/lib/d2srv/nc_trans.cc). README, "Writing a hook", says what each passes.
 */
export const D2_HOOK_POINTS = ['d2_srv_configured', 'select_key'] as const;

export type D2HookPoint = (typeof D2_HOOK_POINTS)[number];
