/**
 * The host-reservation bench: one MySQL or PostgreSQL database (schema by ISC's kea-admin) loaded
 * with 100,000 DUID reservations in ISC's form, 30% of perfdhcp's clients among them, then ISC's
 * kea-dhcp6 and Nestor's, one after the other, each in its own namespace with memfile leases
 * (persist true) and `hosts-database` on that database, under the rate search of search.ts. The
 * lease file of each run says how many answered clients had a reservation and got its address,
 * so the figure is known to have exercised the reservations.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestDatabase,
  effectiveLeases,
  Lease6File,
  runTestSqlScript,
  startDhcp6Server,
  type TestDatabase,
  type TestDatabaseBackend,
  TestNetwork,
} from '@nestor/testkit';
import type { ServerUnderTest } from '../servers.js';
import { benchConfig, controlSocketPath } from './config.js';
import {
  checkReservations,
  type HostPlan,
  hostsSqlScript,
  perfdhcpBaseArgs,
  perfdhcpDuidSet,
  planHosts,
  type ReservationCheck,
} from './hosts-data.js';
import { dropsPercent, noAnswers, parsePerfdhcpOutput, perfdhcpArgv } from './perfdhcp.js';
import { formatSummary, type SummaryRow } from './report.js';
import { liveNetworks, settle } from './run.js';
import { findHighestRate, type StepResult } from './search.js';

export interface HostsBenchSettings {
  /** Reservations in the database. */
  hosts: number;
  /** Percent of perfdhcp's clients with a reservation. */
  percent: number;
  /** perfdhcp -R. */
  clients: number;
  stepSeconds: number;
  startRate: number;
  maxRate: number;
  bisectSteps: number;
  retries: number;
}

export const DEFAULT_HOSTS_SETTINGS: HostsBenchSettings = {
  hosts: 100_000,
  percent: 30,
  clients: 100_000,
  stepSeconds: 5,
  // Low: a server whose lookups are slow collapses well below the memfile rates.
  startRate: 125,
  maxRate: 64_000,
  bisectSteps: 3,
  retries: 1,
};

export interface HostsBenchRow {
  backend: TestDatabaseBackend;
  serverId: string;
  server: string;
  status: 'ok' | 'no answers' | 'did not start' | 'failed';
  exchangesPerSecond: number;
  dropsPct: number;
  steps: StepResult[];
  /** From the server's lease file after the run. */
  check?: ReservationCheck;
  note?: string;
}

export interface HostsBackendResult {
  backend: TestDatabaseBackend;
  /** Seconds the reservations took to load (one transaction of multi-row INSERTs). */
  loadSeconds: number;
  rows: HostsBenchRow[];
}

/** Databases alive right now, so an interrupted bench can still drop them. */
export const liveHostDatabases = new Set<TestDatabase>();

const SUBNET = '2001:db8:1::/64';
const SUBNET_ID = 1;

/** Loads the plan's hosts into the database and checks both tables have every row. */
async function loadHosts(db: TestDatabase, plan: HostPlan): Promise<void> {
  await runTestSqlScript(db.backend, db.name, hostsSqlScript(db.backend, plan.hosts).join('\n'), 600_000);
  for (const table of ['hosts', 'ipv6_reservations']) {
    const count = Number((await db.sql(`SELECT COUNT(*) FROM ${table}`)).trim());
    if (count !== plan.hosts.length)
      throw new Error(`${table} has ${count} rows after loading ${plan.hosts.length} hosts`);
  }
}

/** Every backend's run: load the database once, then each server on it in turn. */
export async function benchHostsBackend(
  backend: TestDatabaseBackend,
  servers: readonly ServerUnderTest[],
  settings: HostsBenchSettings,
  progress: (line: string) => void = () => {},
): Promise<HostsBackendResult> {
  const plan = planHosts({
    total: settings.hosts,
    clients: settings.clients,
    percent: settings.percent,
    subnetId: SUBNET_ID,
    subnet: SUBNET,
  });
  const perfdhcpDuids = perfdhcpDuidSet(settings.clients);
  const db = await createTestDatabase(backend, 'hostsbench');
  liveHostDatabases.add(db);
  try {
    const started = Date.now();
    await loadHosts(db, plan);
    const loadSeconds = (Date.now() - started) / 1000;
    progress(
      `  ${backend}: ${plan.hosts.length} hosts loaded in ${loadSeconds.toFixed(1)} s (${plan.reservedForPerfdhcp.size} of them perfdhcp's clients)`,
    );
    const rows: HostsBenchRow[] = [];
    for (const server of servers)
      rows.push(await benchServerOnHosts(db, server, plan, perfdhcpDuids, settings, progress));
    return { backend, loadSeconds, rows };
  } finally {
    await db.drop().catch((error) => progress(`  dropping ${db.name}: ${(error as Error).message}`));
    liveHostDatabases.delete(db);
  }
}

async function benchServerOnHosts(
  db: TestDatabase,
  server: ServerUnderTest,
  plan: HostPlan,
  perfdhcpDuids: ReadonlySet<string>,
  settings: HostsBenchSettings,
  progress: (line: string) => void,
): Promise<HostsBenchRow> {
  const backend = db.backend;
  const row: HostsBenchRow = {
    backend,
    serverId: server.id,
    server: server.label,
    status: 'ok',
    exchangesPerSecond: 0,
    dropsPct: 0,
    steps: [],
  };
  const network = new TestNetwork({ tag: `bh${backend.slice(0, 1)}${server.id.slice(0, 1)}` });
  liveNetworks.add(network);
  const dir = join(network.dir, 'srv');
  try {
    const srv = await network.addNamespace('srv');
    const cli = await network.addNamespace('cli');
    await network.link(srv, 'b-srv', cli, 'b-cli');
    mkdirSync(dir);
    const config = benchConfig(dir, 'b-srv') as { Dhcp6: Record<string, unknown> };
    // The namespace has its own loopback: the database through its unix socket.
    config.Dhcp6['hosts-database'] = db.leaseDatabaseViaSocket();
    const configPath = join(dir, 'bench-hosts.json');
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    try {
      await startDhcp6Server(network, srv, {
        command: server,
        configPath,
        timeoutMs: 30_000,
        env: db.socketEnv,
      });
    } catch (error) {
      return { ...row, status: 'did not start', note: (error as Error).message.split('\n')[0]! };
    }
    const control = controlSocketPath(dir);
    const runStep = async (rate: number): Promise<StepResult> => {
      await settle(control);
      const argv = perfdhcpArgv({
        iface: 'b-cli',
        leaseType: 'address-only',
        rate,
        clients: settings.clients,
        seconds: settings.stepSeconds,
        base: perfdhcpBaseArgs(),
      });
      const { output } = await network.run(cli, 'perfdhcp', argv, (settings.stepSeconds + 30) * 1000);
      const report = parsePerfdhcpOutput(output);
      const step = {
        offered: rate,
        achieved: report.rate,
        dropsPct: dropsPercent(report),
        noAnswers: noAnswers(report),
      };
      progress(
        `  ${server.label} on ${backend} hosts: offered ${rate}/s -> ${step.achieved.toFixed(0)}/s, ${step.dropsPct.toFixed(2)}% drops${step.noAnswers ? ' (no answers)' : ''}`,
      );
      return step;
    };
    const result = await findHighestRate(runStep, {
      startRate: settings.startRate,
      maxRate: settings.maxRate,
      bisectSteps: settings.bisectSteps,
      retries: settings.retries,
    });
    await settle(control);
    const leases = effectiveLeases(new Lease6File(join(dir, 'leases6.csv')).rows());
    const check = checkReservations(leases, plan, perfdhcpDuids);
    progress(`  ${server.label} on ${backend} hosts: ${describeCheck(check)}`);
    if (result.noAnswers) return { ...row, steps: result.steps, check, status: 'no answers' };
    return {
      ...row,
      steps: result.steps,
      check,
      exchangesPerSecond: result.best,
      dropsPct: result.bestDropsPct,
    };
  } catch (error) {
    return { ...row, status: 'failed', note: `bench failed: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    const log = join(dir, 'server.log');
    if (existsSync(log)) {
      const lines = readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '');
      if (lines.length > 0)
        progress(`  ${server.label} log: ${lines.length} lines, last: ${lines.at(-1)!.slice(0, 300)}`);
    }
    await network.destroy().catch((error) => progress(`  teardown: ${(error as Error).message}`));
    liveNetworks.delete(network);
  }
}

const pct = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '-');

/** One line: how many answered clients were reserved and got their address. */
export function describeCheck(c: ReservationCheck): string {
  return (
    `${c.answered} clients hold an address, ${c.answeredReserved} of them reserved (${pct(c.answeredReserved, c.answered)}), ` +
    `${c.gotReserved} with their reserved address (${pct(c.gotReserved, c.answeredReserved)}); ` +
    `${c.wrongHolder} reserved addresses held by another client, ${c.unknownDuids} DUIDs not perfdhcp's`
  );
}

/** Share of the reserved clients that hold their reserved address, percent (undefined: none answered). */
export function reservedShare(c: ReservationCheck | undefined): number | undefined {
  return c && c.answeredReserved > 0 ? (c.gotReserved / c.answeredReserved) * 100 : undefined;
}

/** The summary rows of a backend: the rate and the share of reserved clients served their address. */
export function hostsSummaryRows(result: HostsBackendResult, hosts: number): SummaryRow[] {
  const of = (id: string) => result.rows.find((r) => r.serverId === id);
  const rate = (r: HostsBenchRow | undefined) =>
    r && r.status === 'ok' && r.steps.length > 0 ? r.exchangesPerSecond : undefined;
  const label = `${result.backend} ${hosts.toLocaleString('en-US')} hosts`;
  return [
    { figure: `${label}: rate`, unit: '/s', nestor: rate(of('nestor')), kea: rate(of('kea')) },
    {
      figure: `${label}: reserved clients given their address`,
      unit: '%',
      nestor: reservedShare(of('nestor')?.check),
      kea: reservedShare(of('kea')?.check),
    },
  ];
}

/** The whole report: the settings, the summary table, and a line per server on what it served. */
export function formatHostsReport(
  results: readonly HostsBackendResult[],
  settings: HostsBenchSettings,
): string {
  const lines = [
    `Host reservations in a database: ${settings.hosts.toLocaleString('en-US')} DUID reservations (ISC's form), ` +
      `${settings.percent}% of perfdhcp's ${settings.clients.toLocaleString('en-US')} clients reserved;`,
    `perfdhcp -6 4-way address-only, memfile persist=true, ${settings.stepSeconds} s steps from ${settings.startRate}/s ` +
      `(doubling, ${settings.bisectSteps} bisections, retries ${settings.retries}); pass = <1% drops and >=97% of the offered rate`,
    '',
    formatSummary(results.flatMap((r) => hostsSummaryRows(r, settings.hosts))),
    '',
  ];
  for (const result of results) {
    lines.push(`${result.backend}: hosts loaded in ${result.loadSeconds.toFixed(1)} s`);
    for (const row of result.rows) {
      const state =
        row.status !== 'ok'
          ? (row.note ?? row.status)
          : row.exchangesPerSecond > 0
            ? `${Math.round(row.exchangesPerSecond)}/s at ${row.dropsPct.toFixed(2)}% drops`
            : `no rate passed (from ${settings.startRate}/s)`;
      lines.push(`  ${row.server}: ${state}${row.check ? `; ${describeCheck(row.check)}` : ''}`);
    }
  }
  return lines.join('\n').trimEnd();
}
