import {
  answer,
  CONTROL_RESULT,
  CommandArgumentError,
  type CommandHandler,
  type ControlLogger,
  success,
} from '@nestor/control';
import { withLeaseArgumentErrors } from '../arguments.js';
import type { CommandSink } from '../command-sink.js';
import type { LeaseCommandTarget } from '../leases/lease-target.js';
import { leaseStatRows, resultSet } from './result-set.js';
import { rangeProblem, readSelection, selectedSubnetIds, selectionText } from './selection.js';

/** What stat-lease6-get reads: the subnets in force, their leases and their statistics. */
export type StatLeaseTarget = Pick<LeaseCommandTarget, 'store' | 'subnets' | 'statistics'>;

/** The DHCPv6 command of Kea's stat_cmds hook library (stat-lease4-get is DHCPv4's). */
export const STAT_LEASE6_COMMANDS = ['stat-lease6-get'] as const;

/**
 * Registers stat-lease6-get with Kea 2.2's arguments and answers: a result set of one row per
 * selected configured subnet, in subnet-id order; result 3, with empty arguments, when the
 * selection holds no configured subnet; result 1 for a range Kea's statistics query refuses
 * (one subnet wide, or starting at an id cast to 0) once it does hold one.
 */
export function registerStatLeaseCommands(
  registry: CommandSink,
  target: StatLeaseTarget,
  log: ControlLogger,
): void {
  const handlers: Record<(typeof STAT_LEASE6_COMMANDS)[number], CommandHandler> = {
    'stat-lease6-get': async (args) => {
      let selection: ReturnType<typeof readSelection>;
      try {
        selection = readSelection(args);
      } catch (err) {
        if (err instanceof CommandArgumentError)
          log.error('STAT_CMDS_LEASE6_GET_INVALID', `stat-lease6-get refused: ${err.message}`);
        throw err;
      }
      const text = selectionText(selection);
      const chosen = selectedSubnetIds(
        target.subnets().map((s) => s.id),
        selection,
      );
      if ('none' in chosen) {
        log.info('STAT_CMDS_LEASE6_GET_NO_SUBNETS', `stat-lease6-get${text}: ${chosen.none}`);
        return answer(CONTROL_RESULT.EMPTY, `stat-lease6-get${text}: no matching data, ${chosen.none}`, {});
      }
      const refused = rangeProblem(selection);
      if (refused !== undefined) {
        log.error('STAT_CMDS_LEASE6_GET_FAILED', `stat-lease6-get${text} failed: ${refused}`);
        throw new CommandArgumentError(refused);
      }
      const counts = await target
        .store()
        .counts(
          selection.mode === 'all'
            ? {}
            : { firstSubnetId: chosen.ids[0]!, lastSubnetId: chosen.ids[chosen.ids.length - 1]! },
        );
      const rows = leaseStatRows(chosen.ids, counts, (name) => target.statistics.get(name));
      log.info('STAT_CMDS_LEASE6_GET', `stat-lease6-get${text}: ${rows.length} rows`);
      return success(`stat-lease6-get${text}: ${rows.length} rows found`, {
        'result-set': resultSet(rows, Date.now()),
      });
    },
  };
  for (const name of STAT_LEASE6_COMMANDS) registry.register(name, withLeaseArgumentErrors(handlers[name]));
}
