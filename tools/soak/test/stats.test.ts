import { describe, expect, it } from 'vitest';
import { linearFit, percentile } from '../src/stats.js';

describe('soak verdict arithmetic', () => {
  it('fits a line: slope, intercept and r² of exact and noisy points', () => {
    const xs = [0, 1, 2, 3, 4];
    expect(
      linearFit(
        xs,
        xs.map((x) => 3 * x + 2),
      ),
    ).toEqual({ slope: 3, intercept: 2, r2: 1 });
    const flat = linearFit(xs, [5, 5, 5, 5, 5]);
    expect(flat.slope).toBe(0);
    const noisy = linearFit(xs, [1, 3, 2, 4, 3]);
    expect(noisy.slope).toBeCloseTo(0.5);
    expect(noisy.r2).toBeGreaterThan(0);
    expect(noisy.r2).toBeLessThan(1);
    expect(linearFit([1, 1], [2, 4]).slope).toBe(0);
  });

  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
