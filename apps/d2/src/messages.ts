/**
 * Message ids kea-dhcp-ddns logs itself, beside the ones the daemon scaffolding words from the
 * `DHCP_DDNS` prefix (DHCP_DDNS_STARTING, DHCP_DDNS_STARTED, DHCP_DDNS_ALREADY_RUNNING,
 * DHCP_DDNS_SHUTDOWN...). Kea 2.x logs the process-level events of kea-dhcp-ddns under its
 * controller's `DCTL_` ids and the `kea-dhcp-ddns.dctl` logger; these keep that spelling so
 * that operators' greps and alerts still match.
 */
export const D2_MESSAGES = {
  /** A SIGHUP or config-reload re-read of the file was refused; the running configuration stays. */
  reloadError: 'DCTL_CFG_FILE_RELOAD_ERROR',
  /** A configuration passed the checks and is in force (start, reload, config-set). */
  configComplete: 'DCTL_CONFIG_COMPLETE',
  /** config-test or config-set received a configuration (debug). */
  configure: 'DHCP_DDNS_CONFIGURE',
  /** config-test refused a configuration. */
  configCheckFail: 'DHCP_DDNS_CONFIG_CHECK_FAIL',
  /** config-set refused a configuration. */
  configFail: 'DHCP_DDNS_CONFIG_FAIL',
  /** The shutdown command was received. */
  shutdownCommand: 'DHCP_DDNS_SHUTDOWN_COMMAND',
} as const;

/** Kea's debug level of configuration messages (DBGLVL_COMMAND). */
export const DBG_CONFIG = 10;
