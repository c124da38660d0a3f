import { describe, expect, it } from 'vitest';
import { parseCpuMs } from '../src/bench/cpu.js';
import {
  type BenchRow,
  exchangeSummary,
  formatReport,
  formatSummary,
  nestorToKea,
  summaryRatio,
} from '../src/bench/report.js';

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
  cpuRate: 3000,
  search: true,
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

describe('bench summary table', () => {
  const cpu = (usPerExchange: number) => ({
    offered: 3000,
    exchanges: 30_000,
    cpuMs: usPerExchange * 30,
    systemMs: 0,
    usPerExchange,
    dropsPct: 0,
  });
  const steps = [{ offered: 1000, achieved: 1000, dropsPct: 0, noAnswers: false }];

  it('has a rate row and a CPU row per lease type, Nestor/Kea on each', () => {
    const rows = [
      row({ steps, exchangesPerSecond: 8000, cpu: cpu(100) }),
      row({ serverId: 'nestor', server: 'Nestor', steps, exchangesPerSecond: 12_000, cpu: cpu(80) }),
    ];
    const summary = exchangeSummary(rows);
    expect(summary.map((r) => r.figure)).toEqual([
      'address-only rate',
      'address-only CPU/exchange at 3,000/s',
    ]);
    expect(summary.map(summaryRatio)).toEqual([1.5, 0.8]);
    const text = formatSummary(summary);
    expect(text.split('\n')[0]).toMatch(/^figure\s+Nestor\s+ISC Kea\s+Nestor\/Kea\s+goal$/);
    expect(text).toMatch(/address-only rate\s+12,000 \/s\s+8,000 \/s\s+1\.50\s+>= 1\.5/);
    expect(text).toMatch(/CPU\/exchange at 3,000\/s\s+80\.0 us\s+100 us\s+0\.80\s+<= 1\.0/);
  });

  it('shows a dash where a server has no figure, and rows others add print the same way', () => {
    const rows = [row({ steps, cpu: cpu(100) }), row({ serverId: 'nestor', status: 'did not start' })];
    const summary = [
      ...exchangeSummary(rows),
      { figure: 'start-up, 1,000,000 leases', unit: 's', nestor: 10, kea: 20, goal: '<= 1.0' },
    ];
    expect(summaryRatio(summary[0]!)).toBeUndefined();
    const text = formatSummary(summary);
    expect(text).toMatch(/address-only rate\s+-\s+3,100 \/s\s+-/);
    expect(text).toMatch(/start-up, 1,000,000 leases\s+10\.0 s\s+20\.0 s\s+0\.50/);
  });
});

describe('process CPU from /proc/<pid>/stat', () => {
  it('reads utime and stime after the command name, spaces and parentheses in it included', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[11] = '250'; // utime, field 14
    fields[12] = '75'; // stime, field 15
    const stat = `1234 (node (a) b) ${fields.join(' ')}`;
    expect(parseCpuMs(stat, 100)).toEqual({ userMs: 2500, systemMs: 750 });
    expect(() => parseCpuMs('1234 (x) R', 100)).toThrow(/unreadable/);
  });
});
