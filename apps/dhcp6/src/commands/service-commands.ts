import {
  ArgumentScope,
  CommandArgumentError,
  type CommandHandler,
  type CommandRegistry,
  type ControlLogger,
  type JsonObject,
  type JsonValue,
  optionalArgumentMap,
  success,
} from '@nestor/control';
import { withLeaseArgumentErrors } from './arguments.js';
import { DISABLE_ORIGINS, type DisableOrigin, type NetworkState } from './network-state.js';

/** What dhcp-disable, dhcp-enable and leases-reclaim act on. */
export interface ServiceCommandTarget {
  network: NetworkState;
  /** Reclaims expired leases now; `remove` deletes them instead of keeping them reclaimed. */
  reclaimNow(remove: boolean): Promise<unknown>;
}

export const SERVICE_COMMANDS = ['dhcp-disable', 'dhcp-enable', 'leases-reclaim'] as const;

/**
 * The origin of a dhcp-disable / dhcp-enable ("user" when absent) and what is wrong with it.
 * Kea words an empty origin "(empty string)".
 */
function originOf(map: JsonObject): { origin: DisableOrigin; problem: string } {
  const origin = map.origin;
  if (origin === undefined) return { origin: 'user', problem: '' };
  if (typeof origin !== 'string') return { origin: 'user', problem: "'origin' argument must be a string" };
  if ((DISABLE_ORIGINS as readonly string[]).includes(origin))
    return { origin: origin as DisableOrigin, problem: '' };
  return {
    origin: 'user',
    problem: `invalid value used for 'origin' parameter: ${origin || '(empty string)'}`,
  };
}

/** `max-period`, when given, and what is wrong with it. */
function maxPeriodOf(map: JsonObject): { maxPeriod: number | undefined; problem: string } {
  const given = map['max-period'];
  if (given === undefined) return { maxPeriod: undefined, problem: '' };
  if (typeof given !== 'number' || !Number.isSafeInteger(given))
    return { maxPeriod: undefined, problem: "'max-period' argument must be a number" };
  if (given <= 0) return { maxPeriod: undefined, problem: "'max-period' must be positive integer" };
  return { maxPeriod: given, problem: '' };
}

/** Registers dhcp-disable (`max-period`, `origin`), dhcp-enable (`origin`) and leases-reclaim (`remove`). */
export function registerServiceCommands(
  registry: CommandRegistry,
  target: ServiceCommandTarget,
  log: ControlLogger,
): void {
  const handlers: Record<(typeof SERVICE_COMMANDS)[number], CommandHandler> = {
    'dhcp-disable': (args) => {
      const map = optionalArgumentMap(args, "arguments for the 'dhcp-disable' command must be a map");
      const { maxPeriod, problem: periodProblem } = maxPeriodOf(map);
      const { origin, problem: originProblem } = originOf(map);
      // Kea reports every problem found, run together in one text.
      const problems = periodProblem + originProblem;
      if (problems !== '') throw new CommandArgumentError(problems);
      target.network.disable(origin, maxPeriod);
      const text =
        maxPeriod === undefined
          ? 'DHCPv6 service disabled'
          : `DHCPv6 service disabled for ${maxPeriod} seconds`;
      log.info('DHCP6_DHCP_DISABLE', `${text} (origin ${origin})`);
      return success(text);
    },

    'dhcp-enable': (args) => {
      const map = optionalArgumentMap(args, "arguments for the 'dhcp-enable' command must be a map");
      const { origin, problem } = originOf(map);
      if (problem !== '') throw new CommandArgumentError(problem);
      target.network.enable(origin);
      log.info('DHCP6_DHCP_ENABLE', `DHCPv6 service enabled (origin ${origin})`);
      return success('DHCP service successfully enabled');
    },

    'leases-reclaim': async (args, request) => {
      if (args === undefined) throw new CommandArgumentError("Missing mandatory 'remove' parameter.");
      // A non-map escapes Kea's handler as a JSON element error, which its command manager prefixes.
      let remove: JsonValue | undefined;
      try {
        remove = ArgumentScope.of(request).get('remove');
      } catch (err) {
        throw new CommandArgumentError(`Error during command processing: ${(err as Error).message}`);
      }
      if (remove === undefined) throw new CommandArgumentError("Missing mandatory 'remove' parameter.");
      if (typeof remove !== 'boolean')
        throw new CommandArgumentError("'remove' parameter expected to be a boolean.");
      await target.reclaimNow(remove);
      return success('Reclamation of expired leases is complete.');
    },
  };
  for (const name of SERVICE_COMMANDS) registry.register(name, withLeaseArgumentErrors(handlers[name]));
}
