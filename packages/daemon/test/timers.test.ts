import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LongTimer, MAX_TIMER_DELAY_MS } from '../src/index.js';

describe('LongTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits a delay longer than Node timers hold instead of firing after 1 ms', () => {
    const fired = vi.fn();
    const delay = 4_294_967_295 * 1000; // lfc-interval's largest, in ms
    new LongTimer(fired, delay);
    vi.advanceTimersByTime(10);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS * 1000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(delay - MAX_TIMER_DELAY_MS * 1000 - 10);
    expect(fired).toHaveBeenCalledOnce();
  });

  it('repeats every period when asked, each one whole, and stops when cleared', () => {
    const fired = vi.fn();
    const period = MAX_TIMER_DELAY_MS + 5;
    const timer = new LongTimer(fired, period, true);
    vi.advanceTimersByTime(period - 1);
    expect(fired).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(period);
    expect(fired).toHaveBeenCalledTimes(2);
    timer.clear();
    vi.advanceTimersByTime(period * 3);
    expect(fired).toHaveBeenCalledTimes(2);
  });

  it('can be cleared from its own callback, and short delays behave as setTimeout', () => {
    const fired = vi.fn();
    const timer: LongTimer = new LongTimer(
      () => {
        fired();
        timer.clear();
      },
      100,
      true,
    );
    vi.advanceTimersByTime(1000);
    expect(fired).toHaveBeenCalledOnce();
  });
});
