import {
  type CommandHandler,
  type CommandRegistry,
  failure,
  isJsonObject,
  type JsonValue,
  success,
} from '@nestor/control';
import type { Statistics } from '@nestor/daemon';

/**
 * The statistics commands Kea 2.2's kea-dhcp-ddns answers (StatsMgr's handlers, registered by
 * its controller): get, get-all, reset, reset-all. The answers are worded as StatsMgr words them.
 */
export const D2_STATISTIC_COMMANDS = [
  'statistic-get',
  'statistic-get-all',
  'statistic-reset',
  'statistic-reset-all',
] as const;

/** The `name` argument, or the answer refusing it. */
function nameOf(args: JsonValue | undefined): string | { refused: string } {
  if (!isJsonObject(args) || args.name === undefined)
    return { refused: "Missing mandatory 'name' parameter." };
  if (typeof args.name !== 'string') return { refused: "'name' parameter expected to be a string." };
  return args.name;
}

export function registerD2StatisticCommands(registry: CommandRegistry, stats: Statistics): void {
  const handlers: Record<(typeof D2_STATISTIC_COMMANDS)[number], CommandHandler> = {
    'statistic-get': (args) => {
      const name = nameOf(args);
      if (typeof name !== 'string') return failure(name.refused);
      const samples = stats.samples(name);
      // An unknown statistic is no error: the answer is an empty map.
      return success(undefined, samples ? { [name]: samples } : {});
    },
    'statistic-get-all': () => success(undefined, stats.all()),
    'statistic-reset': (args) => {
      const name = nameOf(args);
      if (typeof name !== 'string') return failure(name.refused);
      return stats.reset(name)
        ? success(`Statistic '${name}' reset.`)
        : failure(`No '${name}' statistic found`);
    },
    'statistic-reset-all': () => {
      stats.resetAll();
      return success('All statistics reset to neutral values.');
    },
  };
  for (const name of D2_STATISTIC_COMMANDS) registry.register(name, handlers[name]);
}
