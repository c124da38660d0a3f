import { type CommandRegistry, registerStatisticCommands, type StatisticCommand } from '@nestor/control';
import type { Statistics } from '@nestor/daemon';

/**
 * The statistics commands Kea 2.2's kea-dhcp-ddns answers (StatsMgr's handlers, registered by
 * its controller): get, get-all, reset, reset-all. The handlers are the ones every daemon shares.
 */
export const D2_STATISTIC_COMMANDS: readonly StatisticCommand[] = [
  'statistic-get',
  'statistic-get-all',
  'statistic-reset',
  'statistic-reset-all',
];

export function registerD2StatisticCommands(registry: CommandRegistry, stats: Statistics): void {
  registerStatisticCommands(registry, stats, D2_STATISTIC_COMMANDS);
}
