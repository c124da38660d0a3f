import {
  type CommandHandler,
  type CommandRegistry,
  type ControlLogger,
  type JsonObject,
  success,
} from '@nestor/control';
import { argumentMap, CommandArgumentError, optionalArgumentMap, withArgumentErrors } from './arguments.js';
import { DISABLE_ORIGINS, type DisableOrigin, type NetworkState } from './network-state.js';

/** What dhcp-disable, dhcp-enable and leases-reclaim act on. */
export interface ServiceCommandTarget {
  network: NetworkState;
  /** Reclaims expired leases now; `remove` deletes them instead of keeping them reclaimed. */
  reclaimNow(remove: boolean): Promise<unknown>;
}

export const SERVICE_COMMANDS = ['dhcp-disable', 'dhcp-enable', 'leases-reclaim'] as const;

function originOf(map: JsonObject): DisableOrigin {
  const origin = map.origin;
  if (origin === undefined) return 'user';
  if (typeof origin === 'string' && (DISABLE_ORIGINS as readonly string[]).includes(origin)) {
    return origin as DisableOrigin;
  }
  throw new CommandArgumentError(`invalid value used for 'origin' parameter: ${String(origin)}`);
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
      let maxPeriod: number | undefined;
      const given = map['max-period'];
      if (given !== undefined) {
        if (typeof given !== 'number' || !Number.isInteger(given))
          throw new CommandArgumentError("'max-period' argument must be a number");
        if (given <= 0) throw new CommandArgumentError("'max-period' must be positive integer");
        maxPeriod = given;
      }
      const origin = originOf(map);
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
      const origin = originOf(map);
      target.network.enable(origin);
      log.info('DHCP6_DHCP_ENABLE', `DHCPv6 service enabled (origin ${origin})`);
      return success('DHCP service successfully enabled');
    },

    'leases-reclaim': async (args) => {
      const map = argumentMap(args, "Missing mandatory 'remove' parameter.");
      const remove = map.remove;
      if (remove === undefined) throw new CommandArgumentError("Missing mandatory 'remove' parameter.");
      if (typeof remove !== 'boolean')
        throw new CommandArgumentError("'remove' parameter expected to be a boolean.");
      await target.reclaimNow(remove);
      return success('Reclamation of expired leases is complete.');
    },
  };
  for (const name of SERVICE_COMMANDS) registry.register(name, withArgumentErrors(handlers[name]));
}
