import { TestkitError } from './errors.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  /** Give up after this long (every wait in the kit is bounded). */
  timeoutMs: number;
  /** Poll interval. */
  intervalMs?: number;
  /** What is awaited, for the timeout message ("UDP port 547 in nt-srv"). */
  what: string;
  /** Checked before each poll: a reason string aborts the wait at once (e.g. the process died). */
  abortIf?: () => string | undefined;
}

/**
 * Polls `check` until it returns something other than undefined/false, and returns that value.
 * Throws TIMEOUT after `timeoutMs`, or PROCESS_EXITED when `abortIf` gives a reason.
 */
export async function waitUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions,
): Promise<T> {
  const interval = options.intervalMs ?? 100;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const aborted = options.abortIf?.();
    if (aborted !== undefined) throw new TestkitError('PROCESS_EXITED', `${options.what}: ${aborted}`);
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline)
      throw new TestkitError(
        'TIMEOUT',
        `timed out after ${options.timeoutMs} ms waiting for ${options.what}`,
      );
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
}
