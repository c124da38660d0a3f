#!/usr/bin/env node
/** `node dist/bench/sql-main.js`: the lease-database bench (sql-fleet.ts), part of `pnpm bench`. */
import { parseArgs } from 'node:util';
import { requireRoot, type TestDatabaseBackend, testDatabaseAvailable } from '@nestor/testkit';
import { kea, nestor } from '../servers.js';
import { countOption } from './options.js';
import type { BenchSettings } from './report.js';
import { liveNetworks } from './run.js';
import { benchSqlFleet, formatSqlFleetReport, type SqlFleetRow } from './sql-fleet.js';

const USAGE = `usage: node dist/bench/sql-main.js [options]   (root; the test database servers running)
  --backend mysql|postgresql   (repeatable; default both)
  --server kea|nestor          (repeatable; default both)
  --servers N                  servers on one database (repeatable; default 1 and 3)
  --step-seconds N (default 6)  --start-rate N (default 250)  --max-rate N (default 64000)
  --bisect N (default 2)  --retries N (default 1)  --clients N (default 100000)  --json`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args[0] === '--') args.shift();
  const { values } = parseArgs({
    args,
    options: {
      backend: { type: 'string', multiple: true },
      server: { type: 'string', multiple: true },
      servers: { type: 'string', multiple: true },
      'step-seconds': { type: 'string' },
      'start-rate': { type: 'string' },
      'max-rate': { type: 'string' },
      bisect: { type: 'string' },
      retries: { type: 'string' },
      clients: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const settings: BenchSettings = {
    stepSeconds: countOption('step-seconds', values['step-seconds'], 6),
    startRate: countOption('start-rate', values['start-rate'], 250),
    maxRate: countOption('max-rate', values['max-rate'], 64_000),
    bisectSteps: countOption('bisect', values.bisect, 2),
    retries: countOption('retries', values.retries, 1),
    clients: countOption('clients', values.clients, 100_000),
    // The memfile bench's CPU-per-exchange figure is not measured here.
    cpuRate: 0,
    search: true,
  };
  const backends = (values.backend ?? ['mysql', 'postgresql']) as TestDatabaseBackend[];
  const servers = (values.server ?? ['kea', 'nestor']).map((s) => {
    if (s === 'kea') return kea;
    if (s === 'nestor') return nestor;
    throw new Error(`--server is kea or nestor, not ${s}`);
  });
  const fleets = (values.servers ?? ['1', '3']).map((n) => countOption('servers', n, 1));
  requireRoot('the lease-database bench (network namespaces)');
  const rows: SqlFleetRow[] = [];
  for (const backend of backends) {
    if (!(await testDatabaseAvailable(backend))) {
      console.error(
        `${backend}: the test database server does not answer (bash scripts/test-databases.sh start)`,
      );
      continue;
    }
    for (const server of servers)
      for (const n of fleets) {
        console.error(`${server.label} x${n} on one ${backend} database:`);
        rows.push(await benchSqlFleet(backend, server, n, settings, (line) => console.error(line)));
      }
  }
  console.log(formatSqlFleetReport(rows));
  if (values.json) console.log(JSON.stringify({ settings, rows }));
  return 0;
}

const stop = async () => {
  await Promise.all([...liveNetworks].map((n) => n.destroy().catch(() => undefined)));
  process.exit(130);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
main().then(
  (code) => process.exit(code),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
