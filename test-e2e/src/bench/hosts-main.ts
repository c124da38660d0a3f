#!/usr/bin/env node
/** `node dist/bench/hosts-main.js`: the host-reservation bench (hosts-bench.ts), part of `pnpm bench`. */
import { parseArgs } from 'node:util';
import { requireRoot, type TestDatabaseBackend, testDatabaseAvailable } from '@nestor/testkit';
import { kea, nestor } from '../servers.js';
import {
  benchHostsBackend,
  DEFAULT_HOSTS_SETTINGS,
  formatHostsReport,
  type HostsBackendResult,
  type HostsBenchSettings,
  liveHostDatabases,
} from './hosts-bench.js';
import { countOption } from './options.js';
import { liveNetworks } from './run.js';

const d = DEFAULT_HOSTS_SETTINGS;
const USAGE = `usage: node dist/bench/hosts-main.js [options]   (root; the test database servers running)
  --backend mysql|postgresql   (repeatable; default both)
  --server kea|nestor          (repeatable; default both, Kea first)
  --hosts N (default ${d.hosts})  --percent N of perfdhcp's clients reserved (default ${d.percent})
  --clients N (default ${d.clients})  --step-seconds N (default ${d.stepSeconds})
  --start-rate N (default ${d.startRate})  --max-rate N (default ${d.maxRate})
  --bisect N (default ${d.bisectSteps})  --retries N (default ${d.retries})  --json`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args[0] === '--') args.shift();
  const { values } = parseArgs({
    args,
    options: {
      backend: { type: 'string', multiple: true },
      server: { type: 'string', multiple: true },
      hosts: { type: 'string' },
      percent: { type: 'string' },
      clients: { type: 'string' },
      'step-seconds': { type: 'string' },
      'start-rate': { type: 'string' },
      'max-rate': { type: 'string' },
      bisect: { type: 'string' },
      retries: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const settings: HostsBenchSettings = {
    hosts: countOption('hosts', values.hosts, d.hosts),
    percent: countOption('percent', values.percent, d.percent),
    clients: countOption('clients', values.clients, d.clients),
    stepSeconds: countOption('step-seconds', values['step-seconds'], d.stepSeconds),
    startRate: countOption('start-rate', values['start-rate'], d.startRate),
    maxRate: countOption('max-rate', values['max-rate'], d.maxRate),
    bisectSteps: countOption('bisect', values.bisect, d.bisectSteps),
    retries: countOption('retries', values.retries, d.retries),
  };
  if (settings.percent > 100) throw new Error('--percent is at most 100');
  const backends = (values.backend ?? ['mysql', 'postgresql']) as TestDatabaseBackend[];
  for (const b of backends)
    if (b !== 'mysql' && b !== 'postgresql') throw new Error(`--backend is mysql or postgresql, not ${b}`);
  const servers = (values.server ?? ['kea', 'nestor']).map((s) => {
    if (s === 'kea') return kea;
    if (s === 'nestor') return nestor;
    throw new Error(`--server is kea or nestor, not ${s}`);
  });
  requireRoot('the host-reservation bench (network namespaces)');
  const started = Date.now();
  const results: HostsBackendResult[] = [];
  for (const backend of backends) {
    if (!(await testDatabaseAvailable(backend))) {
      console.error(
        `${backend}: the test database server does not answer (bash scripts/test-databases.sh start)`,
      );
      continue;
    }
    console.error(
      `${backend}: ${settings.hosts} reservations, ${servers.map((s) => s.label).join(' then ')}:`,
    );
    results.push(await benchHostsBackend(backend, servers, settings, (line) => console.error(line)));
  }
  console.log(formatHostsReport(results, settings));
  console.log(`\n(${Math.round((Date.now() - started) / 1000)} s)`);
  if (values.json) console.log(JSON.stringify({ settings, results }));
  return 0;
}

const stop = async () => {
  await Promise.all([...liveNetworks].map((n) => n.destroy().catch(() => undefined)));
  await Promise.all([...liveHostDatabases].map((db) => db.drop().catch(() => undefined)));
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
