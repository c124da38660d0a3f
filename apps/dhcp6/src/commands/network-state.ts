import type { ControlLogger } from '@nestor/control';
import { LongTimer } from '@nestor/daemon';

/** Who disabled the service: an operator, or a high-availability partner (Kea's origins). */
export const DISABLE_ORIGINS = ['user', 'ha-partner'] as const;
/** The origins dhcp-disable names, and the server's own: a lost lease database (on-fail stop-retry-exit). */
export type DisableOrigin = (typeof DISABLE_ORIGINS)[number] | 'db-connection';

/**
 * Whether the server answers DHCP traffic, as Kea's NetworkState: each origin disables and
 * enables on its own, and the service runs only while no origin holds it disabled. A disable
 * with a maximum period re-enables that origin by itself when the period ends, so a script
 * that dies between dhcp-disable and dhcp-enable cannot leave the server silent.
 */
export class NetworkState {
  private readonly disabledBy = new Set<DisableOrigin>();
  private readonly timers = new Map<DisableOrigin, LongTimer>();

  constructor(
    /** Called with the new value whenever the service turns on or off. */
    private readonly onChange: (enabled: boolean) => void,
    private readonly log: ControlLogger,
  ) {}

  get enabled(): boolean {
    return this.disabledBy.size === 0;
  }

  /** Disables for `origin`; with `maxPeriodSeconds`, only for that long. */
  disable(origin: DisableOrigin, maxPeriodSeconds?: number): void {
    this.cancelTimer(origin);
    const wasEnabled = this.enabled;
    this.disabledBy.add(origin);
    if (maxPeriodSeconds !== undefined) {
      // max-period may be years: a plain setTimeout would fire after 1 ms past 24.8 days.
      const timer = new LongTimer(() => {
        this.timers.delete(origin);
        this.log.info(
          'DHCP6_DHCP_ENABLE_AUTOMATIC',
          `the maximum disable period of ${maxPeriodSeconds} s is over: re-enabling for origin ${origin}`,
        );
        this.enable(origin);
      }, maxPeriodSeconds * 1000);
      timer.unref();
      this.timers.set(origin, timer);
    }
    if (wasEnabled) this.onChange(false);
  }

  /** Ends the disable of `origin` (and its timer); the service runs again when no origin is left. */
  enable(origin: DisableOrigin): void {
    this.cancelTimer(origin);
    const wasEnabled = this.enabled;
    this.disabledBy.delete(origin);
    if (!wasEnabled && this.enabled) this.onChange(true);
  }

  /** Stops the timers (the daemon is stopping). */
  close(): void {
    for (const origin of [...this.timers.keys()]) this.cancelTimer(origin);
  }

  private cancelTimer(origin: DisableOrigin): void {
    const timer = this.timers.get(origin);
    timer?.clear();
    this.timers.delete(origin);
  }
}
