/**
 * statistic-default-sample-count / -age as Kea 2.2 applies them at each configuration: the
 * count bounds every statistic (existing and new), or, when 0, the age does.
 */
import { parseDhcp6Config } from '@nestor/config';
import { Statistics } from '@nestor/daemon';
import { describe, expect, it } from 'vitest';
import { applySampleLimits } from '../src/stat-sample-limits.js';

const model = (extra: object) =>
  parseDhcp6Config({ Dhcp6: { 'interfaces-config': { interfaces: [] }, ...extra } }).model;

describe('statistic sample limits from the configuration', () => {
  it("Kea's defaults keep 20 samples of each statistic", () => {
    const stats = new Statistics();
    applySampleLimits(stats, model({}));
    for (let i = 0; i < 30; i++) stats.add('pkt6-received');
    expect(stats.samples('pkt6-received')).toHaveLength(20);
  });

  it('a count bounds existing statistics and those made later', () => {
    const stats = new Statistics();
    for (let i = 0; i < 10; i++) stats.add('old');
    applySampleLimits(stats, model({ 'statistic-default-sample-count': 3 }));
    expect(stats.samples('old')).toHaveLength(3);
    for (let i = 0; i < 10; i++) stats.add('new');
    expect(stats.samples('new')).toHaveLength(3);
  });

  it('count 0: the age bounds them instead', () => {
    let now = 1_000_000;
    const stats = new Statistics(() => now);
    applySampleLimits(
      stats,
      model({ 'statistic-default-sample-count': 0, 'statistic-default-sample-age': 5 }),
    );
    for (let i = 0; i < 40; i++) {
      stats.add('aged');
      now += 1000;
    }
    // Samples of the last 5 seconds (and the newest): 6 of them, not 20.
    expect(stats.samples('aged')!.length).toBeLessThanOrEqual(6);
    expect(stats.samples('aged')!.length).toBeGreaterThanOrEqual(5);
  });

  it('count 0 and age 0 keep only the newest sample, never an unbounded history', () => {
    let now = 1_000_000;
    const stats = new Statistics(() => now);
    applySampleLimits(
      stats,
      model({ 'statistic-default-sample-count': 0, 'statistic-default-sample-age': 0 }),
    );
    for (let i = 0; i < 100; i++) {
      stats.add('x');
      now += 10;
    }
    expect(stats.samples('x')).toHaveLength(1);
    expect(stats.get('x')).toBe(100);
  });
});
