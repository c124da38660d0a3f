#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { binPath, parseServerCommand, requireRoot } from '@nestor/testkit';
import { kea, nestor, type ServerUnderTest } from '../servers.js';
import { type FigureRow, formatFigures } from './figures.js';
import { millionFigures } from './million.js';
import { countOption } from './options.js';
import { DEFAULT_OVERLOAD, formatOverload, type OverloadFigure, overloadFigure } from './overload.js';
import { LEASE_TYPES, type LeaseType } from './perfdhcp.js';
import {
  type BenchRow,
  type BenchSettings,
  exchangeSummary,
  formatReport,
  formatSummary,
  nestorToKea,
} from './report.js';
import { benchServer, liveNetworks } from './run.js';

const USAGE = `usage: node dist/bench/main.js [options]   (root: it makes network namespaces)
  --server kea|nestor|"CMD ..."   servers to measure (repeatable; default: kea and nestor)
  --lease-type address-only|address-and-prefix   (repeatable; default: both)
  --step-seconds N   length of each perfdhcp step (default 8)
  --start-rate N     first offered rate, exchanges/s (default 1000)
  --max-rate N       stop doubling here (default 256000)
  --bisect N         bisection steps after the first failing rate (default 4)
  --retries N        re-runs of a failing rate before it counts as failed (default 1)
  --clients N        simulated clients, perfdhcp -R (default 1000000)
  --cpu-rate N       offered rate of the CPU-per-exchange step (default 3000; 0 skips it)
  --cpu-only         measure only CPU per exchange, no rate search
  --json             print one JSON object at the end as well
  --overload-only    only the dhcp-queue-control figure (Nestor at twice its sustained rate,
                     queue off and on; about half a minute)
  --no-overload      skip that figure
  --leases N         leases in the start-up file of the lease figures (default 1000000; 0 skips them)
  --cleanup-rows N   rows of the kea-lfc input (default 1000000)
  --cleanup-leases N leases in those rows (default 200000)
  --only leases|rate run one part of the bench`;

/** Debian's ISC kea-lfc 2.2, the yardstick of the cleanup figures. */
const ISC_KEA_LFC = '/usr/sbin/kea-lfc';

function serverFrom(text: string): ServerUnderTest {
  if (text === 'kea') return kea;
  if (text === 'nestor') return nestor;
  return { id: 'custom', ...parseServerCommand(text) };
}

async function main(): Promise<number> {
  // `pnpm bench -- --json` passes the "--" through
  const args = process.argv.slice(2);
  if (args[0] === '--') args.shift();
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string', multiple: true },
      'lease-type': { type: 'string', multiple: true },
      'step-seconds': { type: 'string' },
      'start-rate': { type: 'string' },
      'max-rate': { type: 'string' },
      bisect: { type: 'string' },
      retries: { type: 'string' },
      clients: { type: 'string' },
      'cpu-rate': { type: 'string' },
      'cpu-only': { type: 'boolean' },
      leases: { type: 'string' },
      'cleanup-rows': { type: 'string' },
      'cleanup-leases': { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean' },
      'overload-only': { type: 'boolean' },
      'no-overload': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const settings: BenchSettings = {
    stepSeconds: countOption('step-seconds', values['step-seconds'], 8),
    startRate: countOption('start-rate', values['start-rate'], 1000),
    maxRate: countOption('max-rate', values['max-rate'], 256_000),
    bisectSteps: countOption('bisect', values.bisect, 4),
    retries: countOption('retries', values.retries, 1),
    clients: countOption('clients', values.clients, 1_000_000),
    cpuRate: countOption('cpu-rate', values['cpu-rate'], 3000),
    search: values['cpu-only'] !== true,
  };
  const leaseTypes = (values['lease-type'] ?? [...LEASE_TYPES]) as LeaseType[];
  for (const t of leaseTypes) if (!LEASE_TYPES.includes(t)) throw new Error(`unknown --lease-type ${t}`);
  const servers = (values.server ?? ['kea', 'nestor']).map(serverFrom);
  requireRoot('the perfdhcp bench (network namespaces)');

  const only = values.only;
  if (only !== undefined && only !== 'leases' && only !== 'rate') throw new Error(`unknown --only ${only}`);
  const started = Date.now();
  const leases = countOption('leases', values.leases, 1_000_000);
  let leaseFigures: FigureRow[] = [];
  if (only !== 'rate' && leases > 0 && !values['overload-only']) {
    console.error('lease figures (start-up, memory, kea-lfc, lookups):');
    leaseFigures = await millionFigures(
      {
        leases,
        cleanupRows: countOption('cleanup-rows', values['cleanup-rows'], 1_000_000),
        cleanupLeases: countOption('cleanup-leases', values['cleanup-leases'], 200_000),
        smallLeases: 1_000,
      },
      {
        nestorDhcp6: nestor.argv,
        keaDhcp6: kea.argv,
        nestorLfc: [binPath('kea-lfc')],
        keaLfc: [ISC_KEA_LFC],
      },
      (line) => console.error(line),
    );
    console.log(formatFigures('Lease store figures (same run, one server at a time)', leaseFigures));
    console.log('');
  }
  const rows: BenchRow[] = [];
  if (!values['overload-only'] && only !== 'leases') {
    for (const leaseType of leaseTypes) {
      for (const server of servers) {
        console.error(`${server.label}, ${leaseType}:`);
        rows.push(await benchServer(server, leaseType, settings, (line) => console.error(line)));
      }
    }
    if (settings.search) console.log(formatReport(rows, settings));
    console.log(`\n${formatSummary(exchangeSummary(rows))}`);
  }
  let overload: OverloadFigure | undefined;
  const overloaded =
    servers.find((s) => s.id === 'nestor') ?? (values['overload-only'] ? servers[0] : undefined);
  if (overloaded && !values['no-overload']) {
    console.error(`${overloaded.label}, dhcp-queue-control under overload:`);
    overload = await overloadFigure(overloaded, DEFAULT_OVERLOAD, (line) => console.error(line));
    console.log(`\n${formatOverload(overload)}`);
  }
  console.log(`\n(${Math.round((Date.now() - started) / 1000)} s)`);
  if (values.json) {
    const ratios = Object.fromEntries(leaseTypes.map((t) => [t, nestorToKea(rows, t) ?? null]));
    console.log(
      JSON.stringify({
        settings,
        rows,
        nestorToKea: ratios,
        leaseFigures,
        ...(overload ? { overload } : {}),
      }),
    );
  }
  return 0;
}

// an interrupted bench still stops its servers and removes its namespaces
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void Promise.allSettled([...liveNetworks].map((n) => n.destroy())).then(() => process.exit(130));
  });

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
    process.exit(2);
  },
);
