import {
  type CommandHandler,
  type CommandRegistry,
  failure,
  type JsonObject,
  type JsonValue,
  success,
} from '@nestor/control';
import type { Statistics } from '@nestor/daemon';
import { CommandArgumentError, UINT32_MAX, withArgumentErrors } from './arguments.js';

/** Kea's statistics commands (the StatsMgr ones every Kea daemon answers). */
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

function mapOf(args: JsonValue | undefined, firstMissing: string): JsonObject {
  if (args === undefined || args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new CommandArgumentError(`Missing mandatory '${firstMissing}' parameter.`);
  }
  return args;
}

function nameOf(args: JsonValue | undefined): string {
  const name = mapOf(args, 'name').name;
  if (name === undefined) throw new CommandArgumentError("Missing mandatory 'name' parameter.");
  if (typeof name !== 'string') throw new CommandArgumentError("'name' parameter expected to be a string.");
  return name;
}

/** A non-negative integer member; Kea's texts for missing and mistyped ones. */
function countOf(args: JsonValue | undefined, member: string): number {
  const value = mapOf(args, member)[member];
  if (value === undefined) throw new CommandArgumentError(`Missing mandatory '${member}' parameter.`);
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new CommandArgumentError(`'${member}' parameter expected to be an integer.`);
  if (value < 0 || value > UINT32_MAX)
    throw new CommandArgumentError(`'${member}' parameter must be between 0 and ${UINT32_MAX}`);
  return value;
}

/**
 * A limit of 0 is refused: max-samples 0 would keep no sample at all (Kea accepts it for one
 * statistic and then fails on statistic-get-all), and a duration of 0 would lift every limit,
 * letting a busy counter's history grow without end.
 */
function limitOf(args: JsonValue | undefined, member: 'max-samples' | 'duration'): number {
  const count = countOf(args, member);
  if (count === 0) throw new CommandArgumentError(`'${member}' parameter must not be zero`);
  return count;
}

const notFound = (name: string) => failure(`No '${name}' statistic found`);

/** Registers the statistic-* commands over a daemon's statistics. */
export function registerStatisticCommands(registry: CommandRegistry, stats: Statistics): void {
  const handlers: Record<(typeof STATISTIC_COMMANDS)[number], CommandHandler> = {
    'statistic-get': (args) => {
      const name = nameOf(args);
      const samples = stats.samples(name);
      // An unknown statistic is not an error: the answer is an empty map, as Kea's.
      return success(undefined, samples ? { [name]: samples } : {});
    },
    'statistic-get-all': () => success(undefined, stats.all()),
    'statistic-reset': (args) => {
      const name = nameOf(args);
      return stats.reset(name) ? success(`Statistic '${name}' reset.`) : notFound(name);
    },
    'statistic-reset-all': () => {
      stats.resetAll();
      return success('All statistics reset to neutral values.');
    },
    'statistic-remove': (args) => {
      const name = nameOf(args);
      return stats.remove(name) ? success(`Statistic '${name}' removed.`) : notFound(name);
    },
    'statistic-remove-all': () => {
      stats.removeAll();
      return success('Warning: statistic-remove-all command is deprecated. All statistics removed.');
    },
    'statistic-sample-age-set': (args) => {
      const name = nameOf(args);
      const seconds = limitOf(args, 'duration');
      return stats.setMaxSampleAge(name, seconds)
        ? success(`Statistic '${name}' duration limit is set.`)
        : notFound(name);
    },
    'statistic-sample-age-set-all': (args) => {
      stats.setMaxSampleAgeAll(limitOf(args, 'duration'));
      return success('All statistics duration limit are set.');
    },
    'statistic-sample-count-set': (args) => {
      const name = nameOf(args);
      const count = limitOf(args, 'max-samples');
      return stats.setMaxSampleCount(name, count)
        ? success(`Statistic '${name}' count limit is set.`)
        : notFound(name);
    },
    'statistic-sample-count-set-all': (args) => {
      stats.setMaxSampleCountAll(limitOf(args, 'max-samples'));
      return success('All statistics count limit are set.');
    },
  };
  for (const name of STATISTIC_COMMANDS) registry.register(name, withArgumentErrors(handlers[name]));
}
