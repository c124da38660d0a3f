import type { LeaseType } from './perfdhcp.js';
import type { StepResult } from './search.js';

export type BenchStatus = 'ok' | 'no answers' | 'did not start' | 'failed';

/** One server on one lease type. */
export interface BenchRow {
  leaseType: LeaseType;
  serverId: string;
  server: string;
  status: BenchStatus;
  /** Achieved exchanges/s at the highest passing rate; 0 when none passed. */
  exchangesPerSecond: number;
  dropsPct: number;
  offered: number;
  steps: StepResult[];
  /** Why a row is not "ok", in a line. */
  note?: string;
  serverAlive: boolean;
  /** CPU per exchange at a fixed offered rate (absent when not measured). */
  cpu?: CpuFigure;
}

export interface CpuFigure {
  offered: number;
  /** Half the ADVERTISEs and REPLYs the server sent during the step (its own statistics). */
  exchanges: number;
  /** Server user + system CPU over the step. */
  cpuMs: number;
  /** The system (kernel) part of cpuMs. */
  systemMs: number;
  usPerExchange: number;
  dropsPct: number;
}

export interface BenchSettings {
  clients: number;
  stepSeconds: number;
  startRate: number;
  maxRate: number;
  bisectSteps: number;
  /** Re-runs of a failing rate before it counts as failed. */
  retries: number;
  /** Fixed offered rate for the CPU-per-exchange figure; 0 skips it. */
  cpuRate: number;
  /** Run the rate search (false: only the CPU figure). */
  search: boolean;
}

/** Nestor/Kea for a lease type: undefined unless both rows are there and Kea's is non-zero. */
export function nestorToKea(rows: readonly BenchRow[], leaseType: LeaseType): number | undefined {
  const kea = rows.find((r) => r.leaseType === leaseType && r.serverId === 'kea');
  const nestor = rows.find((r) => r.leaseType === leaseType && r.serverId === 'nestor');
  if (!kea || !nestor || kea.exchangesPerSecond <= 0) return undefined;
  return nestor.exchangesPerSecond / kea.exchangesPerSecond;
}

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

/** The human table: one line per row, the ratio on Nestor's rows, non-ok rows say why. */
export function formatReport(rows: readonly BenchRow[], settings: BenchSettings): string {
  const lines = [
    `DHCPv6 full 4-way exchanges (perfdhcp -6), ${thousands(settings.clients)} simulated clients, memfile persist=true,`,
    `${settings.stepSeconds} s steps from ${thousands(settings.startRate)}/s (doubling, then ${settings.bisectSteps} bisections, a failing rate retried ${settings.retries}x);`,
    'pass = <1% drops and >=97% of the offered rate',
    '',
    `${'lease type'.padEnd(20)}${'server'.padEnd(16)}${'exchanges/s'.padStart(12)}${'drops'.padStart(9)}${'Nestor/Kea'.padStart(12)}  note`,
  ];
  for (const row of rows) {
    const ratio = row.serverId === 'nestor' ? nestorToKea(rows, row.leaseType) : undefined;
    const drops = row.status === 'ok' ? `${row.dropsPct.toFixed(2)}%` : '-';
    const note =
      row.status === 'ok' ? (row.serverAlive ? '' : 'server died during the run') : (row.note ?? row.status);
    lines.push(
      `${row.leaseType.padEnd(20)}${row.server.padEnd(16)}${`${thousands(row.exchangesPerSecond)}/s`.padStart(12)}${drops.padStart(9)}${(ratio === undefined ? '' : ratio.toFixed(2)).padStart(12)}  ${note}`.trimEnd(),
    );
  }
  return lines.join('\n');
}

/**
 * One line of the summary table: a figure for both servers and their ratio. Every part of the
 * bench (exchange rates, CPU per exchange, start-up, the lease file cleaner) adds its own rows
 * to one list, printed by formatSummary.
 */
export interface SummaryRow {
  figure: string;
  /** Unit of the two values ("exchanges/s", "us", "s", "MiB"...). */
  unit: string;
  nestor: number | undefined;
  kea: number | undefined;
  /** What the ratio Nestor/Kea should be, as text (">= 1.5", "<= 1.0"), when there is a goal. */
  goal?: string;
}

/** Nestor/Kea of a summary row, when both values are there and Kea's is non-zero. */
export function summaryRatio(row: SummaryRow): number | undefined {
  if (row.nestor === undefined || row.kea === undefined || row.kea === 0) return undefined;
  return row.nestor / row.kea;
}

function figureText(value: number | undefined, unit: string): string {
  if (value === undefined) return '-';
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

/** The summary table: figure, Nestor, Kea, Nestor/Kea and the goal for that ratio. */
export function formatSummary(rows: readonly SummaryRow[]): string {
  const table = rows.map((row) => {
    const ratio = summaryRatio(row);
    return [
      row.figure,
      figureText(row.nestor, row.unit),
      figureText(row.kea, row.unit),
      ratio === undefined ? '-' : ratio.toFixed(2),
      row.goal ?? '',
    ];
  });
  const header = ['figure', 'Nestor', 'ISC Kea', 'Nestor/Kea', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...table.map(line)].join('\n');
}

/** The exchange figures of the summary: rate and CPU per exchange at the fixed rate, per lease type. */
export function exchangeSummary(rows: readonly BenchRow[]): SummaryRow[] {
  const out: SummaryRow[] = [];
  const leaseTypes = [...new Set(rows.map((r) => r.leaseType))];
  const of = (leaseType: LeaseType, id: string) =>
    rows.find((r) => r.leaseType === leaseType && r.serverId === id);
  for (const leaseType of leaseTypes) {
    const nestor = of(leaseType, 'nestor');
    const kea = of(leaseType, 'kea');
    const rate = (r: BenchRow | undefined) =>
      r && r.status === 'ok' && r.steps.length > 0 ? r.exchangesPerSecond : undefined;
    if (rate(nestor) !== undefined || rate(kea) !== undefined)
      out.push({
        figure: `${leaseType} rate`,
        unit: '/s',
        nestor: rate(nestor),
        kea: rate(kea),
        goal: '>= 1.5',
      });
    const cpu = (r: BenchRow | undefined) =>
      r?.cpu && r.cpu.exchanges > 0 ? r.cpu.usPerExchange : undefined;
    if (cpu(nestor) !== undefined || cpu(kea) !== undefined) {
      const offered = (nestor?.cpu ?? kea?.cpu)!.offered;
      out.push({
        figure: `${leaseType} CPU/exchange at ${offered.toLocaleString('en-US')}/s`,
        unit: 'us',
        nestor: cpu(nestor),
        kea: cpu(kea),
        goal: '<= 1.0',
      });
    }
  }
  return out;
}
