/**
 * Fuzzing a daemon's control commands: random arguments for each registered command and random
 * request JSON, run through the daemon's own command registry (in the test's process) or sent
 * to a running daemon. Every answer must be Kea's shape; a handler that fails with one of the
 * language's own errors (a TypeError reading a property of undefined, a RangeError...) is a
 * bug even though the registry turns it into a result-1 answer, so those are trapped and
 * reported with the command and arguments that caused them.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import {
  type FuzzJson,
  fuzzJsonValue,
  jsonMutation,
  keysOf,
  mutateJson,
  mutateText,
  textMutation,
} from './fuzz.js';

/** What Kea answers: result 0 (success) to 4 (conflict), a text whenever it is not a success. */
export interface KeaAnswer {
  result: number;
  text?: string;
  arguments?: unknown;
}

/** Why an answer is not of Kea's shape, or undefined when it is. */
export function keaAnswerProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'the answer is not a JSON object';
  const { result, text } = value as Record<string, unknown>;
  if (!Number.isInteger(result) || (result as number) < 0 || (result as number) > 4) {
    return `result ${JSON.stringify(result)} is not one of Kea's 0-4`;
  }
  if (text !== undefined && typeof text !== 'string') return 'text is not a string';
  if (result !== 0 && (typeof text !== 'string' || text === '')) return `result ${result} without a text`;
  return undefined;
}

/** Argument names Kea's commands take, across daemons: random maps draw their keys from these. */
export const COMMAND_ARGUMENT_NAMES = [
  'ip-address',
  'ip-addresses',
  'type',
  'subnet-id',
  'subnets',
  'duid',
  'iaid',
  'hw-address',
  'hostname',
  'valid-lft',
  'preferred-lft',
  'expire',
  'prefix-len',
  'fqdn-fwd',
  'fqdn-rev',
  'state',
  'user-context',
  'force-create',
  'update-ddns',
  'from',
  'limit',
  'leases',
  'deleted-leases',
  'name',
  'max-period',
  'origin',
  'remove',
  'exit-value',
  'filename',
  'duration',
  'max-samples',
  'subnet-range',
  'server-tag',
  'Dhcp6',
  'DhcpDdns',
  'Control-agent',
];

/** The arguments of a command: none, any value, or a map of known and random names to random values. */
export function commandArguments(
  extra: readonly fc.Arbitrary<FuzzJson>[] = [],
  names: readonly string[] = COMMAND_ARGUMENT_NAMES,
): fc.Arbitrary<FuzzJson | undefined> {
  const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, fc.string({ maxLength: 10 }));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fuzzJsonValue },
    { weight: 5, arbitrary: fc.dictionary(key, fuzzJsonValue, { maxKeys: 6 }) as fc.Arbitrary<FuzzJson> },
    ...extra.map((arbitrary) => ({ weight: 3, arbitrary })),
  );
}

/**
 * The arguments to fuzz one command with: commandArguments' random ones, the command's known
 * valid argument sets with a few mutations, and for config-set / config-test a configuration
 * document of the daemon's.
 */
export function argumentsForCommand(
  command: string,
  validArguments: Readonly<Record<string, readonly FuzzJson[]>>,
  configArgument: fc.Arbitrary<FuzzJson>,
): fc.Arbitrary<FuzzJson | undefined> {
  const valid = validArguments[command] ?? [];
  const extra: fc.Arbitrary<FuzzJson>[] = [];
  if (valid.length > 0) {
    extra.push(
      fc
        .tuple(fc.constantFrom(...valid), fc.array(jsonMutation(keysOf(...valid)), { maxLength: 3 }))
        .map(([args, mutations]) => mutateJson(args, mutations)),
    );
  }
  if (command === 'config-set' || command === 'config-test') extra.push(configArgument);
  return commandArguments(extra);
}

/** A request as a client could send it: a well-formed command, or any JSON at all. */
export function commandRequest(
  commands: readonly string[],
  args: fc.Arbitrary<FuzzJson | undefined>,
): fc.Arbitrary<FuzzJson> {
  const wellFormed = fc
    .record({
      command: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...commands) }, fc.string({ maxLength: 20 })),
      arguments: args,
      service: fc.option(fc.oneof(fc.array(fc.constantFrom('dhcp6', 'd2', 'dhcp4', '')), fuzzJsonValue), {
        nil: undefined,
      }),
      // Rarely an unknown member (refused before any handler runs), so most requests reach one.
      extra: fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fuzzJsonValue) },
      ),
    })
    .map(({ command, arguments: a, service, extra }) => {
      const request: Record<string, FuzzJson> = { command };
      if (a !== undefined) request.arguments = a;
      if (service !== undefined) request.service = service;
      if (extra !== undefined) request[extra[0]] = extra[1];
      return request as FuzzJson;
    });
  return fc.oneof({ weight: 8, arbitrary: wellFormed }, { weight: 1, arbitrary: fuzzJsonValue });
}

/** A native error a handler threw: its command, arguments and stack. */
export interface HandlerBug {
  command: string;
  args: unknown;
  error: Error;
}

type Handler = (args: unknown, request: unknown) => unknown;

/**
 * Wraps every handler of a registry (a @nestor/control CommandRegistry; its handler map is
 * private, so it is reached by name here, in test code only) so that native errors thrown by
 * a handler are recorded in `bugs` before the registry answers them as it always does; so are
 * those of handlers registered afterwards.
 */
export function trapHandlerBugs(registry: object): HandlerBug[] {
  const handlers = (registry as { handlers?: Map<string, Handler> }).handlers;
  if (!(handlers instanceof Map)) throw new Error('not a CommandRegistry: no handler map');
  const bugs: HandlerBug[] = [];
  const NATIVE = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];
  const wrap =
    (name: string, handler: Handler): Handler =>
    async (args, request) => {
      try {
        return await handler(args, request);
      } catch (err) {
        if (NATIVE.some((kind) => err instanceof kind))
          bugs.push({ command: name, args, error: err as Error });
        throw err;
      }
    };
  for (const [name, handler] of handlers) Map.prototype.set.call(handlers, name, wrap(name, handler));
  // Handlers registered later (hook libraries reloaded with a new configuration) are wrapped too.
  handlers.set = (name: string, handler: Handler) =>
    Map.prototype.set.call(handlers, name, wrap(name, handler));
  return bugs;
}

/** The bugs as one readable text for a failing expectation. */
export function describeBugs(bugs: readonly HandlerBug[]): string {
  return bugs
    .slice(0, 5)
    .map((b) => `${b.command} ${JSON.stringify(b.args)?.slice(0, 300)}: ${b.error.stack ?? b.error.message}`)
    .join('\n\n');
}

/** What fuzzCommands needs of a command registry. */
export interface FuzzableRegistry {
  names(): string[];
  handleText(text: string): Promise<KeaAnswer>;
}

/** Per command, how many answers had each result (0-4). */
export type ResultCounts = Map<string, number[]>;

/** Sends one request's text; throws (failing the property) when the answer is not Kea's shape. */
export async function expectKeaAnswer(
  registry: FuzzableRegistry,
  request: FuzzJson,
  counts?: ResultCounts,
): Promise<KeaAnswer> {
  const answer = await registry.handleText(JSON.stringify(request));
  const problem = keaAnswerProblem(answer);
  if (problem) {
    throw new Error(`${problem}: ${JSON.stringify(request).slice(0, 400)} -> ${JSON.stringify(answer)}`);
  }
  const name = String((request as { command?: unknown } | null)?.command);
  if (counts && registry.names().includes(name)) {
    const row = counts.get(name) ?? [0, 0, 0, 0, 0];
    row[answer.result] = (row[answer.result] ?? 0) + 1;
    counts.set(name, row);
  }
  return answer;
}

/**
 * Every registered command (but those in `skip`) with the arguments `argumentsFor` draws, then
 * random requests naming any command: fails on the first answer not of Kea's shape and on the
 * first native error a handler threw (with the command and arguments that caused it).
 */
export async function fuzzCommands(
  registry: FuzzableRegistry & object,
  options: {
    argumentsFor(command: string): fc.Arbitrary<FuzzJson | undefined>;
    runs(command: string): number;
    requests: number;
    skip?: readonly string[];
    counts?: ResultCounts;
  },
): Promise<void> {
  const bugs = trapHandlerBugs(registry);
  // A delay past what Node's timers hold fires after 1 ms: Node only warns, the fuzz fails.
  const overflows: string[] = [];
  const onWarning = (warning: Error): void => {
    if (warning.name === 'TimeoutOverflowWarning') overflows.push(warning.message);
  };
  process.on('warning', onWarning);
  const check = (): void => {
    if (bugs.length > 0) throw new Error(`a handler failed with a native error:\n${describeBugs(bugs)}`);
    if (overflows.length > 0) throw new Error(`a timer overflowed: ${overflows[0]}`);
  };
  try {
    await runAll(registry, options, check);
  } finally {
    process.off('warning', onWarning);
  }
}

async function runAll(
  registry: FuzzableRegistry & object,
  options: Parameters<typeof fuzzCommands>[1],
  check: () => void,
): Promise<void> {
  const names = registry.names().filter((name) => !options.skip?.includes(name));
  for (const command of names) {
    await fc.assert(
      fc.asyncProperty(options.argumentsFor(command), async (args) => {
        await expectKeaAnswer(
          registry,
          args === undefined ? { command } : { command, arguments: args },
          options.counts,
        );
      }),
      { numRuns: options.runs(command) },
    );
    check();
  }
  await fc.assert(
    fc.asyncProperty(commandRequest(names, commandArguments()), async (request) => {
      await expectKeaAnswer(registry, request, options.counts);
    }),
    { numRuns: options.requests },
  );
  check();
}

/** The counts as lines `command: n0 n1 n2 n3 n4`, to see what the arguments reached. */
export function describeCounts(counts: ResultCounts): string {
  return [...counts].map(([name, row]) => `${name}: ${row.join(' ')}`).join('\n');
}

/**
 * Request text as a client could put it on a control channel: a command's JSON, the same
 * damaged (cut, a character changed, a token inserted), or random text.
 */
export function requestText(
  commands: readonly string[],
  args: fc.Arbitrary<FuzzJson | undefined>,
): fc.Arbitrary<string> {
  const json = commandRequest(commands, args).map((request) => JSON.stringify(request));
  return fc.oneof(
    { weight: 6, arbitrary: json },
    {
      weight: 2,
      arbitrary: fc
        .tuple(json, fc.array(textMutation, { minLength: 1, maxLength: 3 }))
        .map(([t, m]) => mutateText(t, m)),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/**
 * Sends text on a new connection to a unix control socket, half-closes (so that an incomplete
 * request is answered at once rather than after the server's timeout) and resolves with all
 * the server wrote before it closed.
 */
export function sendUnixText(path: string, text: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.end(text);
  });
}
