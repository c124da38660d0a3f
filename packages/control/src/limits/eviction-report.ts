import type { ControlLogger } from '../logger.js';

/** How often, at most, evictions are logged while they go on: a flood must not become a log flood. */
export const EVICTION_REPORT_INTERVAL_MS = 2_000;

/** The words of one report: `count` evictions since the last one, `total` since the endpoint opened. */
export type EvictionWords = (count: number, total: number) => string;

/**
 * Logs evictions as a warning: the first at once, then those that follow within the interval
 * together in one line when it ends, each line with the running total. close() writes what is
 * still pending.
 */
export class EvictionReport {
  private pending = 0;
  private total = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: ControlLogger,
    private readonly id: string,
    private readonly words: EvictionWords,
    private readonly intervalMs = EVICTION_REPORT_INTERVAL_MS,
  ) {}

  /** Evictions so far. */
  get count(): number {
    return this.total;
  }

  record(): void {
    this.total += 1;
    this.pending += 1;
    if (!this.timer) this.flush();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending > 0) this.write();
  }

  /** Writes what is pending and opens a quiet window; an empty window ends the reporting round. */
  private flush(): void {
    this.timer = undefined;
    if (this.pending === 0) return;
    this.write();
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  private write(): void {
    this.log.warn(this.id, this.words(this.pending, this.total));
    this.pending = 0;
  }
}
