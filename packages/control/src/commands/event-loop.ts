/**
 * How long the daemon's event loop was held up, for status-get (a member Nestor adds; Kea's
 * clients ignore members they do not know). A packet, a command and a timer all wait behind
 * whatever runs on the loop, so this is the delay every one of them saw. The samples restart at
 * each reading: one monitoring loop polling status-get sees each interval on its own.
 *
 * A timer of our own rather than perf_hooks' monitorEventLoopDelay: that histogram forgets the
 * first delay after a reset, which is exactly the one a reading right before a stall needs.
 */
import { performance } from 'node:perf_hooks';
import type { JsonObject } from '../protocol/answer.js';

/** The sampling step: fine enough for a 1 ms answer, cheap enough to leave running. */
const STEP_MS = 20;
/** Samples kept between two readings (a minute and a half of them); older ones are overwritten. */
const KEPT = 4096;

const samples = new Float64Array(KEPT);
let taken = 0;
let max = 0;
let since = Date.now();
let timer: NodeJS.Timeout | undefined;

/** Starts measuring (once per process; later calls do nothing). */
export function watchEventLoop(): void {
  if (timer) return;
  let expected = performance.now() + STEP_MS;
  timer = setInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - expected);
    samples[taken % KEPT] = late;
    taken += 1;
    if (late > max) max = late;
    expected = now + STEP_MS;
  }, STEP_MS);
  // Measuring must never keep a stopping daemon alive.
  timer.unref();
  since = Date.now();
}

const round = (value: number): number => Math.round(value * 100) / 100;

/**
 * The delays since the previous reading in milliseconds (p50, p99 and max of how late the
 * sampling timer ran), and over how many seconds they were taken.
 */
export function readEventLoopDelay(): JsonObject {
  if (!timer) return {};
  const now = Date.now();
  const kept = samples.slice(0, Math.min(taken, KEPT)).sort();
  const at = (p: number) =>
    kept.length === 0 ? 0 : kept[Math.min(kept.length - 1, Math.floor((p / 100) * kept.length))]!;
  const reading = {
    'interval-seconds': round((now - since) / 1000),
    'p50-ms': round(at(50)),
    'p99-ms': round(at(99)),
    'max-ms': round(max),
  };
  taken = 0;
  max = 0;
  since = now;
  return reading;
}
