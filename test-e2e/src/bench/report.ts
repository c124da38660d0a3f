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
}

export interface BenchSettings {
  clients: number;
  stepSeconds: number;
  startRate: number;
  maxRate: number;
  bisectSteps: number;
  /** Re-runs of a failing rate before it counts as failed. */
  retries: number;
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
