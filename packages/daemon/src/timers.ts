/**
 * Timers for delays that come from a configuration or a command (seconds up to Kea's 32-bit
 * limits): Node's setTimeout holds at most 2^31-1 ms (24.8 days) and runs a longer delay after
 * 1 ms instead, so a `max-period` or an `lfc-interval` of years would fire at once (and an
 * interval would fire every millisecond). These chain shorter timeouts until the whole delay
 * has passed.
 */

/** The longest delay Node's timers take. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export class LongTimer {
  private handle: NodeJS.Timeout | undefined;
  private unreferenced = false;
  private cleared = false;

  /**
   * Runs `callback` once after `delayMs` or, with `repeat`, every `delayMs`. A delay that is not
   * a finite number is taken as the longest, not as zero.
   */
  constructor(
    private readonly callback: () => void,
    delayMs: number,
    private readonly repeat = false,
  ) {
    this.period = Number.isFinite(delayMs) ? Math.max(1, delayMs) : Number.MAX_SAFE_INTEGER;
    this.arm(this.period);
  }

  private readonly period: number;

  private arm(remaining: number): void {
    const step = Math.min(remaining, MAX_TIMER_DELAY_MS);
    this.handle = setTimeout(() => {
      if (this.cleared) return;
      const left = remaining - step;
      if (left > 0) {
        this.arm(left);
        return;
      }
      // The next period is armed before the callback, which may clear it.
      if (this.repeat) this.arm(this.period);
      else this.handle = undefined;
      this.callback();
    }, step);
    if (this.unreferenced) this.handle.unref();
  }

  /** Lets the process exit while only this timer waits (Node's unref). */
  unref(): this {
    this.unreferenced = true;
    this.handle?.unref();
    return this;
  }

  /** Stops it; the callback does not run again. */
  clear(): void {
    this.cleared = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
  }
}
