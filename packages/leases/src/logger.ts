/**
 * The logging the lease stores need, injected by the daemon that owns them (which adapts its own
 * logger). Message ids follow Kea's (DHCPSRV_MEMFILE_..., LFC_...) so operators' greps still work.
 */
export interface LeaseLogger {
  error(id: string, text: string): void;
  warn(id: string, text: string): void;
  info(id: string, text: string): void;
  debug(level: number, id: string, text: string): void;
}

/** Drops everything; the default when no logger is given. */
export const silentLeaseLogger: LeaseLogger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
};
