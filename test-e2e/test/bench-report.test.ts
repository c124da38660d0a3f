import { describe, expect, it } from 'vitest';
import { type BenchRow, formatReport, nestorToKea } from '../src/bench/report.js';

const row = (over: Partial<BenchRow>): BenchRow => ({
  leaseType: 'address-only',
  serverId: 'kea',
  server: 'ISC Kea 2.2',
  status: 'ok',
  exchangesPerSecond: 3100,
  dropsPct: 0.12,
  offered: 3125,
  steps: [],
  serverAlive: true,
  ...over,
});
const settings = {
  clients: 1_000_000,
  stepSeconds: 8,
  startRate: 1000,
  maxRate: 256_000,
  bisectSteps: 4,
  retries: 1,
};

describe('bench report', () => {
  it('gives Nestor/Kea per lease type only when both are measured and Kea is non-zero', () => {
    const rows = [
      row({}),
      row({ serverId: 'nestor', server: 'Nestor', exchangesPerSecond: 1550 }),
      row({ leaseType: 'address-and-prefix', exchangesPerSecond: 0, status: 'did not start' }),
      row({ leaseType: 'address-and-prefix', serverId: 'nestor', server: 'Nestor', exchangesPerSecond: 10 }),
    ];
    expect(nestorToKea(rows, 'address-only')).toBe(0.5);
    expect(nestorToKea(rows, 'address-and-prefix')).toBeUndefined();
    expect(nestorToKea([row({})], 'address-only')).toBeUndefined();
  });

  it('prints each row with rate, drops, ratio, and says plainly when a server gave no answers', () => {
    const text = formatReport(
      [
        row({}),
        row({
          serverId: 'nestor',
          server: 'Nestor',
          status: 'no answers',
          exchangesPerSecond: 0,
          note: 'no answers',
        }),
        row({
          leaseType: 'address-and-prefix',
          exchangesPerSecond: 2450.4,
          dropsPct: 0.5,
          serverAlive: false,
        }),
      ],
      settings,
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/1,000,000 simulated clients, memfile persist=true/);
    expect(lines.find((l) => l.startsWith('address-only') && l.includes('ISC Kea'))).toMatch(
      /3,100\/s\s+0\.12%$/,
    );
    expect(lines.find((l) => l.startsWith('address-only') && l.includes('Nestor '))).toMatch(
      /^address-only\s+Nestor\s+0\/s\s+-\s+0\.00\s+no answers$/,
    );
    expect(lines.find((l) => l.startsWith('address-and-prefix'))).toMatch(
      /2,450\/s\s+0\.50%\s+server died during the run$/,
    );
  });
});
