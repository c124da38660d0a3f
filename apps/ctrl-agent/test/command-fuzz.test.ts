/**
 * kea-ctrl-agent's commands under fuzzing, in this process: the agent starts from its
 * definition on a free port of 127.0.0.1; its own commands (config-*, status-get, shutdown...)
 * get random and damaged arguments through its registry (config-set and config-test get
 * damaged Control-agent documents), and random request bodies go through its request handler,
 * forwarded when they name a service: "d2" to a unix control socket served here, "dhcp6" to a
 * socket that does not exist. Every answer of the registry must be Kea's shape, every handled
 * request a list of such answers, no handler may fail with a native error, and the agent
 * serves afterwards. `NESTOR_FUZZ_SCALE=N` runs N times as many cases.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKeaJson } from '@nestor/config';
import { CommandRegistry, type HttpRequestMeta, success, UnixControlServer } from '@nestor/control';
import { type InProcessDaemon, startInProcess } from '@nestor/daemon';
import {
  argumentsForCommand,
  commandArguments,
  commandRequest,
  type DaemonDirs,
  daemonEnv,
  describeCounts,
  type FuzzJson,
  freePort,
  fuzzCommands,
  fuzzJsonValue,
  fuzzRuns,
  fuzzTimeout,
  jsonMutation,
  keaAnswerProblem,
  keysOf,
  makeDaemonDirs,
  mutateJson,
  post,
  type ResultCounts,
  type RunningProgram,
  requestText,
  startCtrlAgent,
} from '@nestor/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CtrlAgent } from '../src/agent.js';
import type { AgentConfig } from '../src/config.js';
import { ctrlAgentDefinition } from '../src/definition.js';

const here = import.meta.dirname;
const QUIET: FuzzJson = [
  { name: 'kea-ctrl-agent', severity: 'FATAL', output_options: [{ output: 'stdout' }] },
];
const sectionOf = (file: string): FuzzJson =>
  (parseKeaJson(readFileSync(file, 'utf8')).value as { 'Control-agent': FuzzJson })['Control-agent'];
const fixture = (name: string): string =>
  join(here, '..', '..', '..', 'packages', 'config', 'test', 'fixtures', 'ctrl-agent', name);
const documents = [
  sectionOf(join(here, '..', '..', '..', 'etc', 'kea', 'kea-ctrl-agent.conf')),
  sectionOf(fixture('auth.json')),
  sectionOf(fixture('simple.json')),
];

let dirs: DaemonDirs;
let port: number;
let sockets: FuzzJson;
let d2: UnixControlServer;
let daemon: InProcessDaemon<AgentConfig, CtrlAgent>;
const counts: ResultCounts = new Map();
const META: HttpRequestMeta = { channel: 'http://127.0.0.1', remoteAddress: '127.0.0.1' };
const savedEnv: Record<string, string | undefined> = {};

/**
 * A damaged Control-agent document that stays on this test's port and forwards only to this
 * test's sockets (a socket path of Kea's examples, /tmp/kea6-ctrl-socket, could be another
 * test's live daemon).
 */
const configArgument: fc.Arbitrary<FuzzJson> = fc
  .tuple(fc.constantFrom(...documents), fc.array(jsonMutation(keysOf(...documents)), { maxLength: 3 }))
  .map(([document, mutations]) => {
    const mutated = mutateJson(document, mutations);
    if (mutated !== null && typeof mutated === 'object' && !Array.isArray(mutated)) {
      mutated['http-host'] = '127.0.0.1';
      mutated['http-port'] = port;
      mutated['control-sockets'] = sockets;
      delete mutated['hooks-libraries'];
      mutated.loggers = QUIET;
    }
    return { 'Control-agent': mutated };
  });

const VALID_ARGUMENTS: Record<string, FuzzJson[]> = {
  'config-write': [{ filename: 'written.json' }],
  shutdown: [{ 'exit-value': 3 }],
};

function argumentsFor(command: string): fc.Arbitrary<FuzzJson | undefined> {
  return argumentsForCommand(command, VALID_ARGUMENTS, configArgument);
}

beforeAll(async () => {
  dirs = makeDaemonDirs(mkdtempSync(join(tmpdir(), 'agent-command-fuzz-')));
  for (const [name, value] of Object.entries(daemonEnv(dirs))) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
  port = await freePort();
  // The "d2" behind the agent: a control socket whose one command echoes its arguments.
  const registry = new CommandRegistry();
  registry.register('status-get', () => success(undefined, { pid: process.pid }));
  registry.register('echo', (args) => success('echo', args ?? null));
  const d2Socket = join(dirs.run, 'd2-socket');
  d2 = await UnixControlServer.open({ path: d2Socket, registry });
  sockets = {
    d2: { 'socket-type': 'unix', 'socket-name': d2Socket },
    dhcp6: { 'socket-type': 'unix', 'socket-name': join(dirs.run, 'absent-socket') },
  };
  const file = join(dirs.etc, 'kea-ctrl-agent.conf');
  const section = {
    ...(documents[0] as Record<string, FuzzJson>),
    'http-port': port,
    'control-sockets': sockets,
    loggers: QUIET,
  };
  writeFileSync(file, JSON.stringify({ 'Control-agent': section }));
  daemon = await startInProcess<AgentConfig, CtrlAgent>(ctrlAgentDefinition(), file);
});

afterAll(async () => {
  if (process.env.NESTOR_FUZZ_REPORT) console.log(describeCounts(counts));
  await daemon?.stop();
  await d2?.close();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (dirs) rmSync(dirs.root, { recursive: true, force: true });
});

describe('kea-ctrl-agent commands under fuzzing (in-process)', () => {
  it(
    'answers its own commands with random and damaged arguments in Kea form, without a native error',
    async () => {
      const { registry } = daemon.service;
      await fuzzCommands(registry, {
        argumentsFor,
        runs: (command) => fuzzRuns(command.startsWith('config-') ? 60 : 80),
        requests: fuzzRuns(400),
        counts,
      });
      for (const command of ['config-set', 'config-test', 'status-get']) {
        expect(counts.get(command)?.[0], command).toBeGreaterThan(0);
      }
    },
    fuzzTimeout(60_000),
  );

  it(
    'answers any request body, forwarded or not, with a list of Kea answers',
    async () => {
      const names = [...daemon.service.registry.names(), 'echo'];
      const body = fc.oneof(
        { weight: 6, arbitrary: commandRequest(names, commandArguments()) },
        {
          weight: 3,
          arbitrary: fc
            .record({
              command: fc.constantFrom(...names),
              service: fc.oneof(
                fc.array(fc.constantFrom('d2', 'dhcp6', 'dhcp4', 'x', ''), { maxLength: 4 }),
                fuzzJsonValue,
              ),
              arguments: commandArguments(),
            })
            .map((r) => r as FuzzJson),
        },
        { weight: 1, arbitrary: fuzzJsonValue },
      );
      await fc.assert(
        fc.asyncProperty(body, async (request) => {
          const reply = await daemon.service.handle(request, META);
          expect(Array.isArray(reply)).toBe(true);
          for (const item of reply as unknown[]) {
            expect(keaAnswerProblem(item), `${JSON.stringify(request)} -> ${JSON.stringify(item)}`).toBe(
              undefined,
            );
          }
        }),
        { numRuns: fuzzRuns(400) },
      );
      expect(await daemon.service.handle({ command: 'status-get', service: ['d2'] }, META)).toMatchObject([
        { result: 0 },
      ]);
    },
    fuzzTimeout(60_000),
  );
});

describe('kea-ctrl-agent under fuzzing (a sample over HTTP to bin/kea-ctrl-agent)', () => {
  let program: RunningProgram | undefined;
  afterAll(async () => {
    await program?.stop();
  });

  it(
    'answers every body, whole, damaged or random, with Kea answers and keeps running',
    async () => {
      const started = await startCtrlAgent(dirs, { 'control-sockets': sockets }, { name: 'wire-agent.conf' });
      program = started.program;
      const names = [...daemon.service.registry.names(), 'echo'];
      // shutdown would stop it and config-set could move it: both are fuzzed above.
      const commands = names.filter((name) => name !== 'shutdown' && name !== 'config-set');
      const args = fc.oneof(...commands.map((command) => argumentsFor(command)));
      await fc.assert(
        fc.asyncProperty(requestText(commands, args), async (text) => {
          const reply = await post(started.url, text);
          const body = JSON.parse(reply.body) as unknown;
          expect([200, 400], reply.body).toContain(reply.status);
          if (reply.status === 400) {
            // Kea's HTTP stock answer for a body that is not a JSON request: the status as result.
            expect(body).toEqual({ result: 400, text: 'Bad Request' });
            return;
          }
          expect(Array.isArray(body), reply.body).toBe(true);
          for (const item of body as unknown[]) {
            expect(keaAnswerProblem(item), `${text.slice(0, 300)} -> ${reply.body.slice(0, 300)}`).toBe(
              undefined,
            );
          }
        }),
        { numRuns: fuzzRuns(150) },
      );
      expect(program.running).toBe(true);
      expect(
        JSON.parse((await post(started.url, '{"command":"status-get","service":["d2"]}')).body),
      ).toMatchObject([{ result: 0 }]);
    },
    fuzzTimeout(60_000),
  );
});
