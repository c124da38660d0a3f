/**
 * kea-dhcp-ddns's control commands under fuzzing, through its own command registry: the daemon
 * is started in this process from its definition, then every registered command gets random
 * arguments, damaged copies of valid ones (config-set and config-test get damaged DhcpDdns
 * documents: the shipped file and Kea's sample), and random request JSON. Each answer must be
 * Kea's shape and no handler may fail with a native error; the daemon answers status-get
 * afterwards. `NESTOR_FUZZ_SCALE=N` runs N times as many cases.
 */
import { createSocket } from 'node:dgram';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeaJson } from '@nestor/config';
import { type InProcessDaemon, startInProcess } from '@nestor/daemon';
import {
  argumentsForCommand,
  type DaemonDirs,
  daemonEnv,
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
  type RunningProgram,
  requestText,
  sendUnixText,
} from '@nestor/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { D2Configuration } from '../src/config.js';
import { d2Definition } from '../src/definition.js';
import type { D2Service } from '../src/service.js';
import { makeDirs, STDOUT_LOGGERS, startD2, writeConfig } from './support/d2.js';

const here = import.meta.dirname;
const QUIET: FuzzJson = [
  { name: 'kea-dhcp-ddns', severity: 'FATAL', output_options: [{ output: 'stdout' }] },
];

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

const sectionOf = (file: string): FuzzJson =>
  (parseKeaJson(readFileSync(file, 'utf8')).value as { DhcpDdns: FuzzJson }).DhcpDdns;

let dirs: DaemonDirs;
let port: number;
let daemon: InProcessDaemon<D2Configuration, D2Service>;
const counts: ResultCounts = new Map();
const savedEnv: Record<string, string | undefined> = {};

const documents = [
  sectionOf(join(here, '..', '..', '..', 'etc', 'kea', 'kea-dhcp-ddns.conf')),
  sectionOf(join(here, '..', '..', '..', 'packages', 'config', 'test', 'fixtures', 'd2', 'sample1.json')),
];

/** A damaged DhcpDdns document whose NCR listener stays on this test's port of 127.0.0.1. */
const configArgument: fc.Arbitrary<FuzzJson> = fc
  .tuple(fc.constantFrom(...documents), fc.array(jsonMutation(keysOf(...documents)), { maxLength: 3 }))
  .map(([document, mutations]) => {
    const mutated = mutateJson(document, mutations);
    if (mutated !== null && typeof mutated === 'object' && !Array.isArray(mutated)) {
      mutated['ip-address'] = '127.0.0.1';
      mutated.port = port;
      delete mutated['hooks-libraries'];
      mutated.loggers = QUIET;
    }
    return { DhcpDdns: mutated };
  });

const VALID_ARGUMENTS: Record<string, FuzzJson[]> = {
  'statistic-get': [{ name: 'ncr-received' }, { name: 'key[d2.md5.key].update-sent' }],
  'statistic-reset': [{ name: 'ncr-received' }],
  'statistic-remove': [{ name: 'ncr-invalid' }],
  'config-write': [{ filename: 'written.json' }],
  shutdown: [{ type: 'drain_first', 'exit-value': 3 }, { type: 'now' }, { type: 'normal' }],
};

function argumentsFor(command: string): fc.Arbitrary<FuzzJson | undefined> {
  return argumentsForCommand(command, VALID_ARGUMENTS, configArgument);
}

beforeAll(async () => {
  dirs = makeDirs('d2-command-fuzz-');
  for (const [name, value] of Object.entries(daemonEnv(dirs))) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
  port = await freeUdpPort();
  const file = writeConfig(dirs, 'kea-dhcp-ddns.conf', {
    ...(documents[0] as Record<string, unknown>),
    port,
    'control-socket': undefined,
    loggers: QUIET,
  });
  daemon = await startInProcess<D2Configuration, D2Service>(d2Definition(), file);
});

afterAll(async () => {
  if (process.env.NESTOR_FUZZ_REPORT) console.log(describeCounts(counts));
  await daemon?.stop();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (dirs) rmSync(dirs.root, { recursive: true, force: true });
});

describe('kea-dhcp-ddns commands under fuzzing (in-process registry)', () => {
  it(
    'answers every command with random and damaged arguments, and random requests, in Kea form, without a native error',
    async () => {
      const { registry } = daemon.service.control;
      expect(registry.names()).toEqual(expect.arrayContaining(['config-set', 'statistic-get', 'shutdown']));
      await fuzzCommands(registry, {
        argumentsFor,
        runs: (command) => fuzzRuns(command.startsWith('config-') ? 60 : 80),
        requests: fuzzRuns(500),
        counts,
      });
      for (const command of ['config-set', 'config-test', 'statistic-get', 'shutdown']) {
        expect(counts.get(command)?.[0], command).toBeGreaterThan(0);
      }
      expect((await registry.handleValue({ command: 'status-get' })).result).toBe(0);
    },
    fuzzTimeout(60_000),
  );
});

describe('kea-dhcp-ddns commands under fuzzing (a sample over the unix socket of bin/kea-dhcp-ddns)', () => {
  const started: RunningProgram[] = [];
  let wireDirs: DaemonDirs | undefined;
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    if (wireDirs) rmSync(wireDirs.root, { recursive: true, force: true });
  });

  it(
    'answers every request, whole, damaged or random, with a Kea answer and keeps running',
    async () => {
      wireDirs = makeDirs('d2-command-wire-');
      const file = writeConfig(wireDirs, 'kea-dhcp-ddns.conf', {
        ...(documents[0] as Record<string, unknown>),
        port: await freeUdpPort(),
        'control-socket': { 'socket-type': 'unix', 'socket-name': 'd2-socket' },
        loggers: STDOUT_LOGGERS,
      });
      const program = await startD2(wireDirs, file, started);
      const socket = join(wireDirs.run, 'd2-socket');
      // shutdown would stop it and config-set could take its socket away: both are fuzzed above.
      const names = (
        JSON.parse(await sendUnixText(socket, '{"command":"list-commands"}')) as { arguments: string[] }
      ).arguments;
      const commands = names.filter((name) => name !== 'shutdown' && name !== 'config-set');
      const args = fc.oneof(...commands.map((command) => argumentsFor(command)));
      let answered = 0;
      await fc.assert(
        fc.asyncProperty(requestText(commands, args), async (text) => {
          const reply = await sendUnixText(socket, text);
          if (reply === '' && text.trim() === '') return;
          const answer = JSON.parse(reply) as unknown;
          expect(keaAnswerProblem(answer), `${text.slice(0, 300)} -> ${reply.slice(0, 300)}`).toBe(undefined);
          answered++;
        }),
        { numRuns: fuzzRuns(150) },
      );
      expect(answered).toBeGreaterThan(100);
      expect(program.running).toBe(true);
      expect(JSON.parse(await sendUnixText(socket, '{"command":"status-get"}'))).toMatchObject({ result: 0 });
    },
    fuzzTimeout(60_000),
  );
});
