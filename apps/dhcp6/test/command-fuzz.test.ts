/**
 * kea-dhcp6's control commands under fuzzing, through its own command registry: the daemon is
 * started in this process from its definition (as bin/kea-dhcp6 starts it, without the
 * process around it), then every registered command gets random arguments, damaged copies of
 * valid ones, and random request JSON. Each answer must be Kea's shape (result 0-4, a text
 * whenever it fails) and no handler may fail with a native error (TypeError, RangeError...);
 * the server answers status-get afterwards. `NESTOR_FUZZ_SCALE=N` runs N times as many cases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeaJson } from '@nestor/config';
import type { CommandRegistry } from '@nestor/control';
import { type InProcessDaemon, startInProcess } from '@nestor/daemon';
import {
  argumentsForCommand,
  describeCounts,
  type FuzzJson,
  fuzzCommands,
  fuzzRuns,
  fuzzTimeout,
  jsonMutation,
  keaAnswerProblem,
  keysOf,
  mutateJson,
  type ResultCounts,
  requestText,
  sendUnixText,
} from '@nestor/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledConfiguration, Dhcp6Service } from '../src/commands/index.js';
import { dhcp6Daemon } from '../src/daemon.js';
import {
  type Dhcp6Process,
  type Dirs,
  keaEnv,
  LOG_TO_STDOUT,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';

const counts: ResultCounts = new Map();

const DUID = '01:02:03:04:05:06:07:08';
const NA = {
  'ip-address': '2001:db8:1::10',
  duid: DUID,
  iaid: 1,
  'subnet-id': 1,
  'valid-lft': 4000,
  'preferred-lft': 3000,
  hostname: 'host.example.org',
  'fqdn-fwd': true,
  'fqdn-rev': false,
  'hw-address': '0a:0b:0c:0d:0e:0f',
  state: 0,
  'user-context': { note: 'x' },
};
const PD = { ...NA, 'ip-address': '2001:db8:8000::', type: 'IA_PD', 'prefix-len': 56 };

/** Arguments each command accepts, to be damaged: what reaches the checks past the first one. */
const VALID_ARGUMENTS: Record<string, FuzzJson[]> = {
  'lease6-add': [NA, PD, { ...NA, 'force-create': true, expire: 2_000_000_000 }],
  'lease6-update': [NA, PD, { ...NA, 'force-create': true }],
  'lease6-get': [{ 'ip-address': '2001:db8:1::10' }, { type: 'IA_NA', duid: DUID, iaid: 1, 'subnet-id': 1 }],
  'lease6-del': [{ 'ip-address': '2001:db8:1::10' }, { type: 'IA_PD', duid: DUID, iaid: 1, 'subnet-id': 1 }],
  'lease6-get-all': [{ subnets: [1, 2] }],
  'lease6-get-page': [
    { from: 'start', limit: 10 },
    { from: '2001:db8:1::10', limit: 1 },
  ],
  'lease6-get-by-duid': [{ duid: DUID }],
  'lease6-get-by-hostname': [{ hostname: 'host.example.org' }],
  'lease6-wipe': [{ 'subnet-id': 1 }],
  'lease6-bulk-apply': [
    { leases: [NA, PD], 'deleted-leases': [{ 'ip-address': '2001:db8:1::11', type: 'IA_NA' }] },
  ],
  'lease6-write': [{ filename: 'leases-copy.csv' }],
  'stat-lease6-get': [{ 'subnet-id': 1 }, { 'subnet-range': { 'first-subnet-id': 1, 'last-subnet-id': 2 } }],
  'statistic-get': [{ name: 'pkt6-received' }],
  'statistic-reset': [{ name: 'subnet[1].assigned-nas' }],
  'statistic-remove': [{ name: 'pkt6-received' }],
  'statistic-sample-age-set': [{ name: 'pkt6-received', duration: 100 }],
  'statistic-sample-count-set': [{ name: 'pkt6-received', 'max-samples': 5 }],
  'statistic-sample-age-set-all': [{ duration: 100 }],
  'statistic-sample-count-set-all': [{ 'max-samples': 5 }],
  'dhcp-disable': [{ 'max-period': 30, origin: 'user' }],
  'dhcp-enable': [{ origin: 'user' }, { origin: 'ha-partner' }],
  'leases-reclaim': [{ remove: true }],
  'config-write': [{ filename: 'written.json' }],
  shutdown: [{ 'exit-value': 3 }, { type: 'now' }],
};

/** Loggers that keep the test's output readable: the answers are what is checked. */
const QUIET: FuzzJson = [{ name: 'kea-dhcp6', severity: 'FATAL', output_options: [{ output: 'stdout' }] }];

let dirs: Dirs;
let daemon: InProcessDaemon<ControlledConfiguration, Dhcp6Service>;
let registry: CommandRegistry;
const savedEnv: Record<string, string | undefined> = {};
const section = loopbackSection({
  'interfaces-config': { interfaces: [] },
  'control-socket': undefined,
  loggers: QUIET,
  'expired-leases-processing': { 'reclaim-timer-wait-time': 3600, 'flush-reclaimed-timer-wait-time': 0 },
  subnet6: [
    ...(loopbackSection().subnet6 as FuzzJson[]),
    { id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::10-2001:db8:2::ff' }] },
  ],
});

/** The documents config-set and config-test get: this one and the shipped file, damaged. */
const shippedSection = (
  parseKeaJson(
    readFileSync(join(import.meta.dirname, '..', '..', '..', 'etc', 'kea', 'kea-dhcp6.conf'), 'utf8'),
  ).value as { Dhcp6: FuzzJson }
).Dhcp6;
const configDocuments = [section as FuzzJson, shippedSection];

/**
 * A damaged Dhcp6 document that cannot reach outside the test: no service sockets (a valid
 * mutation could name an interface and bind port 547 on the host), memfile leases only.
 */
const configArgument: fc.Arbitrary<FuzzJson> = fc
  .tuple(
    fc.constantFrom(...configDocuments),
    fc.array(jsonMutation(keysOf(...configDocuments)), { maxLength: 3 }),
  )
  .map(([document, mutations]) => {
    const mutated = mutateJson(document, mutations);
    if (mutated !== null && typeof mutated === 'object' && !Array.isArray(mutated)) {
      mutated['interfaces-config'] = { interfaces: [] };
      mutated['lease-database'] = { type: 'memfile', 'lfc-interval': 0 };
      delete mutated['hosts-database'];
      delete mutated['hosts-databases'];
      delete mutated['dhcp-ddns'];
      mutated.loggers = QUIET;
    }
    return { Dhcp6: mutated };
  });

function argumentsFor(command: string): fc.Arbitrary<FuzzJson | undefined> {
  return argumentsForCommand(command, VALID_ARGUMENTS, configArgument);
}

beforeAll(async () => {
  dirs = makeDirs('dhcp6-command-fuzz-');
  for (const [name, value] of Object.entries(keaEnv(dirs))) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
  const file = writeConfig(dirs, 'kea-dhcp6.conf', section);
  daemon = await startInProcess<ControlledConfiguration, Dhcp6Service>(dhcp6Daemon, file);
  registry = daemon.service.control.registry;
});

afterAll(async () => {
  if (process.env.NESTOR_FUZZ_REPORT) console.log(describeCounts(counts));
  await daemon?.stop();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  removeDirs(dirs);
});

describe('kea-dhcp6 commands under fuzzing (in-process registry)', () => {
  it('registers the commands this test knows how to feed', () => {
    for (const name of Object.keys(VALID_ARGUMENTS)) expect(registry.names()).toContain(name);
    expect(registry.names().length).toBeGreaterThan(30);
  });

  it(
    'answers every command with random and damaged arguments, and random requests, in Kea form, without a native error',
    async () => {
      await fuzzCommands(registry, {
        argumentsFor,
        runs: (command) => fuzzRuns(command.startsWith('config-') ? 40 : 80),
        requests: fuzzRuns(600),
        counts,
      });
      // The damaged valid arguments get through to a success now and then: the handlers ran.
      for (const command of ['lease6-add', 'lease6-update', 'lease6-get-page', 'config-set', 'config-test']) {
        expect(counts.get(command)?.[0], command).toBeGreaterThan(0);
      }
    },
    fuzzTimeout(60_000),
  );

  it('still serves afterwards', async () => {
    // The fuzzed config-set may have left any valid configuration in force: back to the test's.
    expect(
      (await registry.handleValue({ command: 'config-set', arguments: { Dhcp6: section as FuzzJson } }))
        .result,
    ).toBe(0);
    expect((await registry.handleValue({ command: 'status-get' })).result).toBe(0);
    expect((await registry.handleValue({ command: 'dhcp-enable' })).result).toBe(0);
    expect(
      (
        await registry.handleValue({
          command: 'lease6-add',
          arguments: { ...NA, 'ip-address': '2001:db8:2::77', 'subnet-id': 2 },
        })
      ).result,
    ).toBe(0);
  });
});

describe('kea-dhcp6 commands under fuzzing (a sample over the unix socket of bin/kea-dhcp6)', () => {
  let wireDirs: Dirs | undefined;
  let server: Dhcp6Process | undefined;
  afterAll(async () => {
    await server?.stop();
    removeDirs(wireDirs);
  });

  it(
    'answers every request, whole, damaged or random, with a Kea answer and keeps running',
    async () => {
      wireDirs = makeDirs('dhcp6-command-wire-');
      const wireSection = {
        ...section,
        loggers: LOG_TO_STDOUT,
        'control-socket': { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' },
      };
      server = await startDhcp6(wireDirs, writeConfig(wireDirs, 'kea-dhcp6.conf', wireSection));
      const socket = server.socket;
      // shutdown would stop it and config-set could take its socket away: both are fuzzed above.
      const names = (await server.command('list-commands')).arguments as string[];
      const commands = names.filter((name) => name !== 'shutdown' && name !== 'config-set');
      const args = fc.oneof(...commands.map((command) => argumentsFor(command)));
      let answered = 0;
      await fc.assert(
        fc.asyncProperty(requestText(commands, args), async (text) => {
          const reply = await sendUnixText(socket, text);
          // Only a request that never began (nothing but blanks) may go unanswered.
          if (reply === '' && text.trim() === '') return;
          const answer = JSON.parse(reply) as unknown;
          expect(keaAnswerProblem(answer), `${text.slice(0, 300)} -> ${reply.slice(0, 300)}`).toBe(undefined);
          answered++;
        }),
        { numRuns: fuzzRuns(150) },
      );
      expect(answered).toBeGreaterThan(100);
      expect(server.program.running).toBe(true);
      expect((await server.command('status-get')).result).toBe(0);
    },
    fuzzTimeout(60_000),
  );
});
