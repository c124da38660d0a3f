import { describe, expect, it } from 'vitest';
import { formatStatTime, Statistics } from '../src/stats.js';

function clocked(): { stats: Statistics; tick: (ms: number) => void } {
  let now = Date.UTC(2026, 0, 1);
  return { stats: new Statistics(() => now), tick: (ms) => (now += ms) };
}

describe('statistics', () => {
  it('adds, sets and lists samples newest first with Kea timestamps', () => {
    const { stats, tick } = clocked();
    stats.add('pkt6-received');
    tick(1000);
    stats.add('pkt6-received', 2);
    expect(stats.get('pkt6-received')).toBe(3);
    const samples = stats.samples('pkt6-received')!;
    expect(samples.map(([v]) => v)).toEqual([3, 1]);
    expect(samples[0]![1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(stats.samples('unknown')).toBeUndefined();
  });

  it('keeps 20 samples by default and honours a per-statistic count or age', () => {
    const { stats, tick } = clocked();
    for (let i = 0; i < 30; i++) stats.add('a');
    expect(stats.samples('a')).toHaveLength(20);
    stats.setMaxSampleCount('a', 5);
    expect(stats.samples('a')!.map(([v]) => v)).toEqual([30, 29, 28, 27, 26]);
    for (let i = 0; i < 10; i++) {
      tick(1000);
      stats.add('b');
    }
    expect(stats.setMaxSampleAge('b', 3)).toBe(true);
    stats.add('b');
    // samples of the last 3 seconds remain (ages 0, 0, 1, 2, 3 s)
    expect(stats.samples('b')!.map(([v]) => v)).toEqual([11, 10, 9, 8, 7]);
    expect(stats.setMaxSampleCount('missing', 3)).toBe(false);
  });

  it('keeps exactly the newest samples over a long run, by count and by age', () => {
    const { stats, tick } = clocked();
    for (let i = 1; i <= 10_000; i++) stats.add('many');
    expect(stats.samples('many')!.map(([v]) => v)).toEqual(Array.from({ length: 20 }, (_, i) => 10_000 - i));
    stats.setMaxSampleAge('aged', 5);
    stats.add('aged');
    stats.setMaxSampleAge('aged', 5);
    for (let i = 0; i < 1_000; i++) {
      tick(1000);
      stats.add('aged');
    }
    expect(stats.samples('aged')!.map(([v]) => v)).toEqual([1001, 1000, 999, 998, 997, 996]);
    expect(stats.get('aged')).toBe(1001);
  });

  it('applies -all limits to existing and new statistics', () => {
    const { stats } = clocked();
    for (let i = 0; i < 5; i++) stats.add('x');
    stats.setMaxSampleCountAll(2);
    stats.add('y');
    stats.add('y');
    stats.add('y');
    expect(stats.samples('x')).toHaveLength(2);
    expect(stats.samples('y')).toHaveLength(2);
  });

  it('resets to one sample of zero (history cleared), removes one, a prefix, or all', () => {
    const { stats } = clocked();
    stats.set('subnet[1].assigned-nas', 4);
    stats.set('subnet[1].total-nas', 2n ** 64n);
    stats.set('subnet[2].assigned-nas', 1);
    expect(stats.reset('subnet[1].assigned-nas')).toBe(true);
    expect(stats.get('subnet[1].assigned-nas')).toBe(0);
    expect(stats.samples('subnet[1].assigned-nas')!.map(([v]) => v)).toEqual([0]);
    stats.add('subnet[1].total-nas', -1n);
    expect(stats.get('subnet[1].total-nas')).toBe(2n ** 64n - 1n);
    stats.removeMatching('subnet[1].');
    expect(stats.names()).toEqual(['subnet[2].assigned-nas']);
    expect(stats.remove('subnet[2].assigned-nas')).toBe(true);
    expect(stats.remove('subnet[2].assigned-nas')).toBe(false);
    stats.add('z');
    stats.resetAll();
    expect(stats.get('z')).toBe(0);
    stats.removeAll();
    expect(stats.all()).toEqual({});
  });

  it('formats sample times with microseconds', () => {
    expect(formatStatTime(new Date(2026, 1, 3, 4, 5, 6, 7).getTime())).toBe('2026-02-03 04:05:06.007000');
  });
});
