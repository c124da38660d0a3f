import { CommandArgumentError, withArgumentErrors } from '../arguments/argument-error.js';
import { toUint32 } from '../arguments/argument-maps.js';
import { ArgumentScope } from '../arguments/argument-scope.js';
import { failure, type JsonValue, success } from '../protocol/answer.js';
import type { CommandHandler, CommandRegistry } from '../registry.js';

/**
 * The statistics a daemon keeps, as the statistic-* commands read and change them (packages/
 * daemon's Statistics is one).
 */
export interface StatisticsStore {
  samples(name: string): JsonValue | undefined;
  all(): JsonValue;
  reset(name: string): boolean;
  resetAll(): void;
  remove(name: string): boolean;
  removeAll(): void;
  setMaxSampleCount(name: string, count: number): boolean;
  setMaxSampleAge(name: string, seconds: number): boolean;
  setMaxSampleCountAll(count: number): void;
  setMaxSampleAgeAll(seconds: number): void;
}

export type StatisticCommand = (typeof STATISTIC_COMMANDS)[number];

/** Kea's statistics commands (StatsMgr's handlers): kea-dhcp6 answers all of them. */
export const STATISTIC_COMMANDS = [
  'statistic-get',
  'statistic-get-all',
  'statistic-remove',
  'statistic-remove-all',
  'statistic-reset',
  'statistic-reset-all',
  'statistic-sample-age-set',
  'statistic-sample-age-set-all',
  'statistic-sample-count-set',
  'statistic-sample-count-set-all',
] as const;

/**
 * Kea's statistics handlers read their arguments without checking that they form a map (or that
 * `duration` is an integer): the JSON element's own error escapes, and the command manager
 * answers it with this prefix.
 */
function unchecked<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof CommandArgumentError)
      throw new CommandArgumentError(`Error during command processing: ${err.message}`);
    throw err;
  }
}

/** A member of the arguments; `Missing mandatory '<member>' parameter.` when there is none. */
function member(scope: ArgumentScope, name: string): JsonValue {
  const value = scope.value === undefined ? undefined : unchecked(() => scope.get(name));
  if (value === undefined) throw new CommandArgumentError(`Missing mandatory '${name}' parameter.`);
  return value;
}

function nameOf(scope: ArgumentScope): string {
  const name = member(scope, 'name');
  if (typeof name !== 'string') throw new CommandArgumentError("'name' parameter expected to be a string.");
  return name;
}

/**
 * `max-samples`, taken as Kea's 32-bit count. Zero is refused: Kea refuses it for every
 * statistic at once, and for one it accepts it but then fails every statistic-get of it
 * ("Observation storage container empty") until the next sample, which Nestor does not copy.
 */
function maxSamplesOf(scope: ArgumentScope): number {
  const value = member(scope, 'max-samples');
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new CommandArgumentError("'max-samples' parameter expected to be an integer.");
  const count = toUint32(value);
  if (count === 0) throw new CommandArgumentError("'max-samples' parameter must not be zero");
  return count;
}

/**
 * `duration` in seconds. A negative one is refused (Kea 2.2 stops answering on it); 0 keeps only
 * the newest sample, as Kea's age limit of 0 does.
 */
function durationOf(scope: ArgumentScope): number {
  member(scope, 'duration');
  const seconds = unchecked(() => scope.intValue('duration'));
  if (seconds < 0) throw new CommandArgumentError("'duration' parameter must not be negative");
  return seconds;
}

const notFound = (name: string) => failure(`No '${name}' statistic found`);

/**
 * Registers statistic-* commands over a daemon's statistics: all of them, or the ones the daemon
 * answers in Kea 2.2 (kea-dhcp-ddns registers only get, get-all, reset and reset-all).
 */
export function registerStatisticCommands(
  registry: CommandRegistry,
  stats: StatisticsStore,
  commands: readonly StatisticCommand[] = STATISTIC_COMMANDS,
): void {
  const handlers: Record<StatisticCommand, CommandHandler> = {
    'statistic-get': (_args, request) => {
      const name = nameOf(ArgumentScope.of(request));
      const samples = stats.samples(name);
      // An unknown statistic is not an error: the answer is an empty map, as Kea's.
      return success(undefined, samples ? { [name]: samples } : {});
    },
    'statistic-get-all': () => success(undefined, stats.all()),
    'statistic-reset': (_args, request) => {
      const name = nameOf(ArgumentScope.of(request));
      return stats.reset(name) ? success(`Statistic '${name}' reset.`) : notFound(name);
    },
    'statistic-reset-all': () => {
      stats.resetAll();
      return success('All statistics reset to neutral values.');
    },
    'statistic-remove': (_args, request) => {
      const name = nameOf(ArgumentScope.of(request));
      return stats.remove(name) ? success(`Statistic '${name}' removed.`) : notFound(name);
    },
    'statistic-remove-all': () => {
      stats.removeAll();
      return success('Warning: statistic-remove-all command is deprecated. All statistics removed.');
    },
    'statistic-sample-age-set': (_args, request) => {
      const scope = ArgumentScope.of(request);
      const name = nameOf(scope);
      const seconds = durationOf(scope);
      const set = seconds === 0 ? stats.setMaxSampleCount(name, 1) : stats.setMaxSampleAge(name, seconds);
      return set ? success(`Statistic '${name}' duration limit is set.`) : notFound(name);
    },
    'statistic-sample-age-set-all': (_args, request) => {
      const seconds = durationOf(ArgumentScope.of(request));
      if (seconds === 0) stats.setMaxSampleCountAll(1);
      else stats.setMaxSampleAgeAll(seconds);
      return success('All statistics duration limit are set.');
    },
    'statistic-sample-count-set': (_args, request) => {
      const scope = ArgumentScope.of(request);
      const name = nameOf(scope);
      const count = maxSamplesOf(scope);
      return stats.setMaxSampleCount(name, count)
        ? success(`Statistic '${name}' count limit is set.`)
        : notFound(name);
    },
    'statistic-sample-count-set-all': (_args, request) => {
      stats.setMaxSampleCountAll(maxSamplesOf(ArgumentScope.of(request)));
      return success('All statistics count limit are set.');
    },
  };
  for (const name of commands) registry.register(name, withArgumentErrors(handlers[name]));
}
