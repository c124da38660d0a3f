/**
 * The lease-database bench: N kea-dhcp6 processes (ISC's or Nestor's) on ONE MySQL or PostgreSQL
 * database whose schema ISC's kea-admin created, each in its own namespace on its own veth link
 * with perfdhcp in front. Every step offers the same total rate split evenly between the servers;
 * the row is the highest total rate the fleet sustains (the rate search of search.ts), so 1 and 3
 * servers on one database give the scale-out curve.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestDatabase,
  type Namespace,
  startDhcp6Server,
  type TestDatabaseBackend,
  TestNetwork,
} from '@nestor/testkit';
import type { ServerUnderTest } from '../servers.js';
import { benchConfig } from './config.js';
import { dropsPercent, noAnswers, parsePerfdhcpOutput, perfdhcpArgv } from './perfdhcp.js';
import type { BenchSettings } from './report.js';
import { liveNetworks, WARM_UP_SECONDS } from './run.js';
import { findHighestRate, type StepResult } from './search.js';

export interface SqlFleetRow {
  backend: TestDatabaseBackend;
  serverId: string;
  server: string;
  servers: number;
  status: 'ok' | 'no answers' | 'did not start' | 'failed';
  exchangesPerSecond: number;
  dropsPct: number;
  steps: StepResult[];
  note?: string;
}

export async function benchSqlFleet(
  backend: TestDatabaseBackend,
  server: ServerUnderTest,
  count: number,
  settings: BenchSettings,
  progress: (line: string) => void = () => {},
): Promise<SqlFleetRow> {
  const row: SqlFleetRow = {
    backend,
    serverId: server.id,
    server: server.label,
    servers: count,
    status: 'ok',
    exchangesPerSecond: 0,
    dropsPct: 0,
    steps: [],
  };
  const db = await createTestDatabase(backend, 'bench');
  const network = new TestNetwork({
    tag: `bq${backend === 'mysql' ? 'm' : 'p'}${server.id.slice(0, 1)}${count}`,
  });
  liveNetworks.add(network);
  try {
    const clients: Namespace[] = [];
    for (let i = 0; i < count; i++) {
      const srv = await network.addNamespace(`s${i}`);
      const cli = await network.addNamespace(`c${i}`);
      await network.link(srv, 'b-srv', cli, 'b-cli', { macB: `02:00:00:00:1${i}:01` });
      const dir = join(network.dir, `s${i}`);
      mkdirSync(dir);
      const config = benchConfig(dir, 'b-srv') as { Dhcp6: Record<string, unknown> };
      config.Dhcp6['lease-database'] = db.leaseDatabaseViaSocket();
      // Its own config stem: the pid files of the servers share the network's folder.
      const configPath = join(dir, `bench-s${i}.json`);
      writeFileSync(configPath, JSON.stringify(config, null, 2));
      try {
        await startDhcp6Server(network, srv, {
          command: server,
          configPath,
          tag: `srv${i}`,
          timeoutMs: 20_000,
          env: db.socketEnv,
        });
      } catch (error) {
        return { ...row, status: 'did not start', note: (error as Error).message.split('\n')[0]! };
      }
      clients.push(cli);
    }
    // Every link at once, `share` each.
    const drive = (share: number, seconds: number) =>
      Promise.all(
        clients.map(async (cli) => {
          const argv = perfdhcpArgv({
            iface: 'b-cli',
            leaseType: 'address-only',
            rate: share,
            clients: settings.clients,
            seconds,
          });
          const { output } = await network.run(cli, 'perfdhcp', argv, (seconds + 30) * 1000);
          return parsePerfdhcpOutput(output);
        }),
      );
    // Not measured: the steady state counts, not Nestor's JIT compiler's first seconds (Kea
    // gets the same warm-up). Without it the first step, on a cold Nestor, failed at 250/s
    // on a machine where the warm process sustained more.
    await drive(Math.max(1, Math.round(settings.startRate / count)), WARM_UP_SECONDS);
    const runStep = async (rate: number): Promise<StepResult> => {
      const share = Math.max(1, Math.round(rate / count));
      const reports = await drive(share, settings.stepSeconds);
      const step = {
        offered: share * count,
        achieved: reports.reduce((sum, r) => sum + r.rate, 0),
        dropsPct: reports.reduce((sum, r) => sum + dropsPercent(r), 0) / reports.length,
        noAnswers: reports.every(noAnswers),
      };
      progress(
        `  ${server.label} x${count} on ${backend}: offered ${step.offered}/s -> ${step.achieved.toFixed(0)}/s, ${step.dropsPct.toFixed(2)}% drops`,
      );
      return step;
    };
    const result = await findHighestRate(runStep, {
      startRate: settings.startRate,
      maxRate: settings.maxRate,
      bisectSteps: settings.bisectSteps,
      retries: settings.retries,
    });
    if (result.noAnswers) return { ...row, steps: result.steps, status: 'no answers' };
    return { ...row, steps: result.steps, exchangesPerSecond: result.best, dropsPct: result.bestDropsPct };
  } catch (error) {
    return { ...row, status: 'failed', note: `bench failed: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    // What the servers complained about (warnings and errors only), to say where time went.
    for (let i = 0; i < count; i++) {
      const log = join(network.dir, `s${i}`, 'server.log');
      if (!existsSync(log)) continue;
      const lines = readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '');
      if (lines.length > 0)
        progress(`  server ${i}: ${lines.length} log lines, last: ${lines.at(-1)!.slice(0, 300)}`);
    }
    await network.destroy().catch((error) => progress(`  teardown: ${(error as Error).message}`));
    liveNetworks.delete(network);
    await db.drop().catch((error) => progress(`  dropping ${db.name}: ${(error as Error).message}`));
  }
}

/** The table: per backend and server, 1 and N servers, and what each added server brought. */
export function formatSqlFleetReport(rows: readonly SqlFleetRow[]): string {
  const lines = [
    'Lease databases: exchanges/s (4-way, address only) of N servers on ONE database',
    'backend     server          servers  exchanges/s  drops%  per added server (x the 1-server rate)',
  ];
  for (const r of rows) {
    const single = rows.find(
      (o) => o.backend === r.backend && o.serverId === r.serverId && o.servers === 1,
    )?.exchangesPerSecond;
    const added =
      r.servers > 1 && single ? ((r.exchangesPerSecond - single) / (r.servers - 1) / single).toFixed(2) : '';
    const rate = r.status === 'ok' ? Math.round(r.exchangesPerSecond).toString() : r.status;
    lines.push(
      `${r.backend.padEnd(11)} ${r.server.padEnd(15)} ${String(r.servers).padStart(7)}  ${rate.padStart(11)}  ${r.dropsPct.toFixed(2).padStart(6)}  ${added}${r.note ? `  (${r.note})` : ''}`,
    );
  }
  return lines.join('\n');
}
