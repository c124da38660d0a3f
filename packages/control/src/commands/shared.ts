import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathProblems } from '../paths/section.js';
import { failure, isJsonObject, type JsonObject, type JsonValue, success } from '../protocol/answer.js';
import type { CommandHandler, CommandRegistry } from '../registry.js';
import { type ControlledDaemon, DEFAULT_TEXTS } from './daemon.js';
import { readEventLoopDelay, watchEventLoop } from './event-loop.js';

/** The commands every Nestor daemon answers, as Kea's daemons do. */
export const SHARED_COMMANDS = [
  'build-report',
  'config-get',
  'config-reload',
  'config-set',
  'config-test',
  'config-write',
  'list-commands',
  'shutdown',
  'status-get',
  'version-get',
] as const;

/** One line per reason, from an error that lists its problems or from its message. */
export function reasonOf(err: unknown): string {
  const problems = (err as { problems?: unknown })?.problems;
  if (Array.isArray(problems) && problems.length > 0 && problems.every((p) => typeof p === 'string')) {
    return problems.join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Writes a file so that nothing but the named file changes: a fresh temporary file in the
 * same directory (never following a link), then a rename over the target, which replaces a
 * symbolic link rather than writing through it. Owner read-write, group read.
 */
export function writeFileAtomically(path: string, text: string): number {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const data = Buffer.from(text);
  const fd = openSync(temporary, 'wx', 0o640);
  try {
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
  return data.length;
}

/**
 * Runs operations one at a time, each after the previous one settled: a daemon passes its
 * configuration changes through one, so config-set, config-reload, SIGHUP and stop never interleave.
 */
export function serialiser(): <T>(operation: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (operation) => {
    const next = queue.then(operation, operation);
    queue = next.catch(() => undefined);
    return next;
  };
}

/** The daemon's section of a config-set / config-test argument, or the reason there is none. */
function sectionArgument(args: JsonValue | undefined, section: string): JsonObject | string {
  if (args === undefined) return "Missing mandatory 'arguments' parameter.";
  if (!isJsonObject(args)) return "'arguments' parameter expected to be a map.";
  const value = args[section];
  if (value === undefined) return `Missing mandatory '${section}' parameter.`;
  if (!isJsonObject(value)) return `'${section}' parameter expected to be a map.`;
  return args;
}

/**
 * Registers the shared commands for a daemon. Configuration changes are checked against the
 * daemon's path policy before anything is applied: no command can make the daemon create a
 * socket, log, lease or configuration file outside the directories it was started with.
 */
export function registerSharedCommands(registry: CommandRegistry, daemon: ControlledDaemon): void {
  watchEventLoop();
  const texts = { ...DEFAULT_TEXTS, ...daemon.texts };
  const serialise = serialiser();
  const refusedPaths = (document: JsonObject): string | undefined => {
    const problems = pathProblems(daemon.policy, document[daemon.section] ?? null, daemon.section);
    return problems.length > 0 ? problems.join('; ') : undefined;
  };

  const handlers: Record<(typeof SHARED_COMMANDS)[number], CommandHandler> = {
    'build-report': () => success(daemon.buildReport()),
    'config-get': () => success(undefined, daemon.currentConfig()),
    'list-commands': () => success(undefined, registry.names()),
    'version-get': () => success(daemon.version(), { extended: daemon.extendedVersion() }),

    'status-get': () => {
      const now = Date.now();
      return success(undefined, {
        pid: process.pid,
        uptime: Math.floor((now - daemon.startedAt) / 1000),
        reload: Math.floor((now - daemon.configuredAt()) / 1000),
        ...(daemon.statusExtras?.() ?? {}),
        'nestor-event-loop-delay': readEventLoopDelay(),
      });
    },

    'config-test': async (args) => {
      const document = sectionArgument(args, daemon.section);
      if (typeof document === 'string') return failure(document);
      const refused = refusedPaths(document);
      if (refused) return failure(refused);
      try {
        await daemon.testConfig(document);
      } catch (err) {
        return failure(reasonOf(err));
      }
      return success(texts.configTest);
    },

    'config-set': (args) =>
      serialise(async () => {
        const document = sectionArgument(args, daemon.section);
        if (typeof document === 'string') return failure(document);
        const refused = refusedPaths(document);
        if (refused) return failure(refused);
        try {
          await daemon.applyConfig(document);
        } catch (err) {
          return failure(reasonOf(err));
        }
        return success(texts.configSet);
      }),

    'config-reload': () =>
      serialise(async () => {
        let document: JsonObject;
        try {
          document = await daemon.readConfigFile();
        } catch (err) {
          return failure(`Config reload failed: ${reasonOf(err)}`);
        }
        const refused = refusedPaths(document);
        if (refused) return failure(`Config reload failed: ${refused}`);
        const outcome = await daemon.reloadConfigFile();
        return outcome.ok ? success(texts.configReload) : failure(`Config reload failed: ${outcome.error}`);
      }),

    'config-write': (args) => {
      let filename: string | undefined;
      if (args !== undefined) {
        if (!isJsonObject(args)) return failure('Argument must be a map');
        const given = args.filename;
        if (given !== undefined) {
          if (typeof given !== 'string') return failure("passed parameter 'filename' is not a string");
          filename = given;
        }
      }
      let target: string;
      try {
        target = daemon.policy.resolveConfigWrite(filename);
      } catch (err) {
        return failure(reasonOf(err));
      }
      let size: number;
      try {
        size = writeFileAtomically(target, `${JSON.stringify(daemon.currentConfig(), null, 2)}\n`);
      } catch (err) {
        return failure(`Error during write-config: ${reasonOf(err)}`);
      }
      return success(`Configuration written to ${target} successful`, { filename: target, size });
    },

    shutdown: (args) => {
      let exitValue: number | undefined;
      if (args !== undefined) {
        if (!isJsonObject(args)) return failure("'arguments' parameter expected to be a map.");
        const given = args['exit-value'];
        if (given !== undefined) {
          if (typeof given !== 'number' || !Number.isInteger(given)) {
            return failure("parameter 'exit-value' is not an integer");
          }
          exitValue = given;
        }
      }
      // Let the answer leave before the endpoints start closing.
      setTimeout(() => daemon.shutdown('shutdown command', exitValue), 10);
      return success(texts.shutdown);
    },
  };

  for (const name of SHARED_COMMANDS) registry.register(name, handlers[name]);
}
