import { isIP } from 'node:net';
import type { Subnet6 } from '@nestor/config';
import {
  answer,
  CONTROL_RESULT,
  type CommandHandler,
  type CommandRegistry,
  type ControlAnswer,
  type ControlLogger,
  failure,
  type JsonValue,
  success,
} from '@nestor/control';
import {
  type AddResult,
  canonicalIPv6,
  LEASE_TYPE_NAMES,
  type Lease6,
  type LeaseStore,
  LeaseType,
  parseDuid,
  type UpdateResult,
} from '@nestor/leases';
import {
  argumentMap,
  CommandArgumentError,
  integerMember,
  optionalArgumentMap,
  UINT32_MAX,
  withArgumentErrors,
} from '../arguments.js';
import { parseLeaseArguments } from './lease-arguments.js';
import { leasesToJson, leaseToJson } from './lease-json.js';
import { type LeaseQuery, parseLeaseQuery } from './lease-query.js';

/**
 * What the lease commands change leases through: the server, so that every lease added,
 * replaced or removed from outside the packet path also marks or frees its pool slot and
 * counts in the statistics, exactly as if a client had caused it.
 */
export interface LeaseCommandTarget {
  /** The lease store in force (it may change with the configuration). */
  store(): LeaseStore;
  /** The subnets of the configuration in force. */
  subnets(): readonly Subnet6[];
  /** Adds a lease; `conflict` when the address or prefix is already leased. */
  addLease(lease: Lease6): Promise<AddResult>;
  /** Replaces `current` (as read) by `next`; `changed` when someone else changed it first. */
  replaceLease(current: Lease6, next: Lease6): Promise<UpdateResult>;
  /** Removes leases as read; resolves with those removed (not those changed or gone meanwhile). */
  removeLeases(leases: readonly Lease6[]): Promise<Lease6[]>;
}

/** The lease commands of Kea's lease_cmds hook library, for DHCPv6. */
export const LEASE6_COMMANDS = [
  'lease6-add',
  'lease6-del',
  'lease6-get',
  'lease6-get-all',
  'lease6-get-by-duid',
  'lease6-get-by-hostname',
  'lease6-get-page',
  'lease6-update',
  'lease6-wipe',
] as const;

const NO_MAP = 'Command arguments missing or a not a map.';

const unixNow = (): number => Math.floor(Date.now() / 1000);

/** `N IPv6 lease(s) found.` with the list; result 3 (empty) when there is none. */
function leaseList(leases: readonly Lease6[], extra: Record<string, JsonValue> = {}): ControlAnswer {
  const text = `${leases.length} IPv6 lease(s) found.`;
  const args = { leases: leasesToJson(leases), ...extra };
  return answer(leases.length > 0 ? CONTROL_RESULT.SUCCESS : CONTROL_RESULT.EMPTY, text, args);
}

/** The lease a query names, if any; several leases for one DUID and IAID make the query ambiguous. */
async function findLease(store: LeaseStore, query: LeaseQuery): Promise<Lease6 | undefined> {
  if (query.by === 'address') return store.get(query.type, query.address);
  const found = await store.getByIa({
    type: query.type,
    duid: query.duid,
    iaid: query.iaid,
    subnetId: query.subnetId,
  });
  if (found.length > 1) {
    throw new CommandArgumentError(
      `More than one lease found for type ${LEASE_TYPE_NAMES[query.type]}, duid ${query.duid}, iaid ${query.iaid} and subnet-id ${query.subnetId}`,
    );
  }
  return found[0];
}

function describe(lease: Lease6): string {
  return lease.type === LeaseType.PD
    ? `prefix ${lease.address}/${lease.prefixLength}`
    : `address ${lease.address}`;
}

const UPDATE_RACE = (address: string): string =>
  `failed to update the lease with address ${address} either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed`;

/** Registers the lease6-* commands with Kea 2.2's arguments and answers. */
export function registerLeaseCommands(
  registry: CommandRegistry,
  target: LeaseCommandTarget,
  log: ControlLogger,
): void {
  const handlers: Record<(typeof LEASE6_COMMANDS)[number], CommandHandler> = {
    'lease6-add': async (args) => {
      const map = argumentMap(args, 'no parameters specified for the command', NO_MAP);
      const { lease } = parseLeaseArguments(map, target.subnets(), unixNow());
      const added = await target.addLease(lease);
      if (!added.ok) return failure('IPv6 lease already exists.');
      log.info('LEASE_CMDS_ADD6', `lease6-add command successful (${describe(lease)})`);
      return success(`Lease for ${describe(lease)}, subnet-id ${lease.subnetId} added.`);
    },

    'lease6-update': async (args) => {
      const map = argumentMap(args, 'no parameters specified for lease6-update command', NO_MAP);
      const { lease, forceCreate } = parseLeaseArguments(map, target.subnets(), unixNow());
      const current = await target.store().get(lease.type, lease.address);
      if (!current) {
        if (!forceCreate) return failure(UPDATE_RACE(lease.address));
        const added = await target.addLease(lease);
        if (!added.ok) return failure(UPDATE_RACE(lease.address));
        log.info('LEASE_CMDS_UPDATE6', `lease6-update command successful (${describe(lease)} added)`);
        return success('IPv6 lease added.');
      }
      const updated = await target.replaceLease(current, lease);
      if (!updated.ok) return failure(UPDATE_RACE(lease.address));
      log.info('LEASE_CMDS_UPDATE6', `lease6-update command successful (${describe(lease)})`);
      return success('IPv6 lease updated.');
    },

    'lease6-get': async (args) => {
      const query = parseLeaseQuery(argumentMap(args, 'Parameters missing or are not a map.'));
      const lease = await findLease(target.store(), query);
      if (!lease) return answer(CONTROL_RESULT.EMPTY, 'Lease not found.');
      return success('IPv6 lease found.', leaseToJson(lease));
    },

    'lease6-del': async (args) => {
      const query = parseLeaseQuery(argumentMap(args, 'Parameters missing or are not a map.'));
      const lease = await findLease(target.store(), query);
      if (!lease) return answer(CONTROL_RESULT.EMPTY, 'IPv6 lease not found.');
      const removed = await target.removeLeases([lease]);
      if (removed.length === 0) return answer(CONTROL_RESULT.EMPTY, 'IPv6 lease not found.');
      log.info('LEASE_CMDS_DEL6', `lease6-del command successful (${describe(lease)})`);
      return success('IPv6 lease deleted.');
    },

    'lease6-get-all': async (args) => {
      const store = target.store();
      if (args === undefined) return leaseList(await store.getAll());
      const map = argumentMap(args, NO_MAP);
      const subnets = map.subnets;
      if (subnets === undefined) throw new CommandArgumentError("'subnets' parameter not specified");
      if (!Array.isArray(subnets)) throw new CommandArgumentError("'subnets' parameter must be a list");
      const ids: number[] = [];
      for (const id of subnets) {
        if (typeof id !== 'number' || !Number.isInteger(id))
          throw new CommandArgumentError('listed subnet identifiers must be numbers');
        ids.push(id);
      }
      const leases: Lease6[] = [];
      for (const id of ids) leases.push(...(await store.getBySubnet(id)));
      return leaseList(leases);
    },

    'lease6-get-page': async (args) => {
      const map = argumentMap(args, 'no parameters specified for the lease6-get-page command', NO_MAP);
      const from = map.from;
      if (from === undefined) throw new CommandArgumentError("'from' parameter not specified");
      if (typeof from !== 'string') throw new CommandArgumentError("'from' parameter must be a string");
      let after: string | undefined;
      if (from !== 'start') {
        after = canonicalIPv6(from);
        if (after === undefined && isIP(from) === 4)
          throw new CommandArgumentError(`'from' parameter value ${from} is not an IPv6 address`);
        if (after === undefined) {
          throw new CommandArgumentError(
            "'from' parameter value is neither 'start' keyword nor a valid IPv6 address",
          );
        }
      }
      const limit = map.limit;
      if (limit === undefined) throw new CommandArgumentError("'limit' parameter not specified");
      if (typeof limit !== 'number' || !Number.isInteger(limit))
        throw new CommandArgumentError("'limit' parameter must be a number");
      if (limit === 0) throw new CommandArgumentError('page size of retrieved leases must not be 0');
      if (limit < 0 || limit > UINT32_MAX) {
        throw new CommandArgumentError(
          `page size of retrieved leases must not be greater than ${UINT32_MAX}`,
        );
      }
      const page = await target.store().getPage(after, limit);
      return leaseList(page, { count: page.length });
    },

    'lease6-get-by-duid': async (args) => {
      const map = argumentMap(args, NO_MAP);
      const given = map.duid;
      if (given === undefined) throw new CommandArgumentError("'duid' parameter not specified");
      if (typeof given !== 'string') throw new CommandArgumentError("'duid' parameter must be a string");
      const duid = parseDuid(given);
      if (!duid.ok) throw new CommandArgumentError(duid.error);
      return leaseList(await target.store().getByDuid(duid.text));
    },

    'lease6-get-by-hostname': async (args) => {
      const map = argumentMap(args, NO_MAP);
      const hostname = map.hostname;
      if (hostname === undefined) throw new CommandArgumentError("'hostname' parameter not specified");
      if (typeof hostname !== 'string')
        throw new CommandArgumentError("'hostname' parameter must be a string");
      if (hostname === '') throw new CommandArgumentError("'hostname' parameter is empty");
      return leaseList(await target.store().getByHostname(hostname.toLowerCase()));
    },

    'lease6-wipe': async (args) => {
      const map = optionalArgumentMap(args, NO_MAP);
      const given = integerMember(map, 'subnet-id', 0, UINT32_MAX);
      // Without a subnet (or with 0), every configured subnet is wiped, as Kea does.
      const ids = given ? [given] : target.subnets().map((s) => s.id);
      let deleted = 0;
      for (const id of ids) {
        // Lease by lease, so that each frees its slot and leaves the statistics.
        deleted += (await target.removeLeases(await target.store().getBySubnet(id))).length;
      }
      const text = `Deleted ${deleted} IPv6 lease(s) from subnet(s) ${ids.join(' ')}`;
      log.info('LEASE_CMDS_WIPE6', `lease6-wipe command successful (${text})`);
      return answer(deleted > 0 ? CONTROL_RESULT.SUCCESS : CONTROL_RESULT.EMPTY, text);
    },
  };

  for (const name of LEASE6_COMMANDS) registry.register(name, withArgumentErrors(handlers[name]));
}
