import { describe, expect, it } from 'vitest';
import { findHighestRate, type StepResult, stepPasses } from '../src/bench/search.js';

/** A fake server that keeps up (no drops) up to `capacity` exchanges/s and drops beyond. */
const server =
  (capacity: number) =>
  async (rate: number): Promise<StepResult> => ({
    offered: rate,
    achieved: Math.min(rate, capacity),
    dropsPct: rate <= capacity ? 0.1 : ((rate - capacity) / rate) * 100,
    noAnswers: false,
  });

const options = { startRate: 1000, maxRate: 256_000, bisectSteps: 4 };

describe('rate search', () => {
  it('doubles until a step fails, then bisects between the last good and the first bad rate', async () => {
    const result = await findHighestRate(server(3100), options);
    expect(result.steps.map((s) => s.offered)).toEqual([1000, 2000, 4000, 3000, 3500, 3250, 3125]);
    // 3125/s offered: 3100 achieved (99.2%) with 0.8% drops still passes
    expect(result).toMatchObject({ best: 3100, bestOffered: 3125, noAnswers: false });
    expect(result.bestDropsPct).toBeCloseTo(0.8, 6);
  });

  it('bisects down from the start rate when even the first step fails', async () => {
    const result = await findHighestRate(server(300), options);
    expect(result.steps.map((s) => s.offered)).toEqual([1000, 500, 250, 375, 312]);
    expect(result.best).toBe(250);
  });

  it('stops at the maximum rate when every step passes', async () => {
    const result = await findHighestRate(server(1e9), { ...options, maxRate: 8000 });
    expect(result.steps.map((s) => s.offered)).toEqual([1000, 2000, 4000, 8000]);
    expect(result.best).toBe(8000);
  });

  it('stops at once, saying so, when the server never answers', async () => {
    let calls = 0;
    const result = await findHighestRate(async (rate) => {
      calls++;
      return { offered: rate, achieved: 0, dropsPct: 100, noAnswers: true };
    }, options);
    expect(calls).toBe(1);
    expect(result).toMatchObject({ best: 0, noAnswers: true });
  });

  it('passes a step only with under 1% drops and at least 97% of the offered rate', () => {
    const step = { offered: 1000, achieved: 970, dropsPct: 0.99, noAnswers: false };
    expect(stepPasses(step, options)).toBe(true);
    expect(stepPasses({ ...step, dropsPct: 1 }, options)).toBe(false);
    expect(stepPasses({ ...step, achieved: 969 }, options)).toBe(false);
    expect(stepPasses({ ...step, noAnswers: true }, options)).toBe(false);
  });

  it('re-runs a failing rate before counting it failed, so one stall does not end the doubling', async () => {
    const stalls = new Set([2000]); // the first attempt at 2000/s hits a stall, the second does not
    const flaky = async (rate: number): Promise<StepResult> => {
      if (stalls.delete(rate)) return { offered: rate, achieved: rate / 2, dropsPct: 40, noAnswers: false };
      return server(3100)(rate);
    };
    const result = await findHighestRate(flaky, { ...options, retries: 1 });
    expect(result.steps.map((s) => s.offered)).toEqual([
      1000, 2000, 2000, 4000, 4000, 3000, 3500, 3500, 3250, 3250, 3125,
    ]);
    expect(result.best).toBe(3100);
    // without retries the stall caps the result below the stalled rate
    stalls.add(2000);
    expect((await findHighestRate(flaky, options)).best).toBeLessThan(2000);
  });

  it('does not retry a server that never answered', async () => {
    let calls = 0;
    const result = await findHighestRate(
      async (rate) => {
        calls++;
        return { offered: rate, achieved: 0, dropsPct: 100, noAnswers: true };
      },
      { ...options, retries: 3 },
    );
    expect(calls).toBe(1);
    expect(result.noAnswers).toBe(true);
  });

  it('refuses nonsense bounds', async () => {
    await expect(findHighestRate(server(1), { ...options, retries: -1 })).rejects.toThrow(RangeError);
    await expect(findHighestRate(server(1), { ...options, startRate: 0 })).rejects.toThrow(RangeError);
    await expect(findHighestRate(server(1), { ...options, maxRate: 10 })).rejects.toThrow(RangeError);
  });
});
