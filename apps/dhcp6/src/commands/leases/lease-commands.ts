import { isIP } from 'node:net';
import {
  ArgumentScope,
  answer,
  argumentMap,
  CONTROL_RESULT,
  CommandArgumentError,
  type CommandHandler,
  type ControlAnswer,
  type ControlLogger,
  failure,
  type JsonValue,
  success,
  toUint32,
  UINT32_MAX,
} from '@nestor/control';
import type { Statistics } from '@nestor/daemon';
import { canonicalIPv6, type Lease6, LeaseType } from '@nestor/leases';
import { withLeaseArgumentErrors } from '../arguments.js';
import type { CommandSink } from '../command-sink.js';
import { bulkApply } from './bulk-apply.js';
import { duidFromText } from './hex-text.js';
import { addOrUpdateLease } from './lease-apply.js';
import { ARGUMENTS_NOT_MAP, parseLeaseArguments } from './lease-arguments.js';
import { asciiLowerCase } from './lease-fields.js';
import { leasesToJson, leaseToJson } from './lease-json.js';
import { findLease } from './lease-lookup.js';
import { parseLeaseQuery, QUERY_NOT_MAP, QUERY_TYPE_CODES } from './lease-query.js';
import type { LeaseCommandTarget } from './lease-target.js';

export type { LeaseCommandTarget } from './lease-target.js';

/** The lease commands of Kea's lease_cmds hook library, for DHCPv6. */
export const LEASE6_COMMANDS = [
  'lease6-add',
  'lease6-bulk-apply',
  'lease6-del',
  'lease6-get',
  'lease6-get-all',
  'lease6-get-by-duid',
  'lease6-get-by-hostname',
  'lease6-get-page',
  'lease6-resend-ddns',
  'lease6-update',
  'lease6-wipe',
] as const;

const unixNow = (): number => Math.floor(Date.now() / 1000);

/** `N IPv6 lease(s) found.` with the list; result 3 (empty) when there is none. */
function leaseList(leases: readonly Lease6[], extra: Record<string, JsonValue> = {}): ControlAnswer {
  const text = `${leases.length} IPv6 lease(s) found.`;
  const args = { leases: leasesToJson(leases), ...extra };
  return answer(leases.length > 0 ? CONTROL_RESULT.SUCCESS : CONTROL_RESULT.EMPTY, text, args);
}

/** "address A" for an address lease; a temporary address is a /128 "prefix" to Kea. */
function describe(lease: Lease6): string {
  return lease.type === LeaseType.NA
    ? `address ${lease.address}`
    : `prefix ${lease.address}/${lease.prefixLength}`;
}

/** lease6-resend-ddns's `ip-address`, as Kea's getAddressParam checks it. */
function resendAddress(args: JsonValue | undefined): string {
  if (args === undefined || args === null || typeof args !== 'object' || Array.isArray(args))
    throw new Error('Parameters missing or are not a map.');
  const value = (args as Record<string, JsonValue>)['ip-address'];
  if (value === undefined) throw new Error("'ip-address' parameter is missing.");
  if (typeof value !== 'string') throw new Error("'ip-address' is not a string.");
  const family = isIP(value);
  if (family === 0) throw new Error(`'${value}' is not a valid IP address.`);
  if (family !== 6) throw new Error(`Invalid IPv6 address specified: ${value}`);
  return canonicalIPv6(value) ?? value;
}

/** The address lease6-get-page starts after (undefined: from the start). */
function pageStart(from: JsonValue | undefined): string | undefined {
  if (from === undefined) throw new CommandArgumentError("'from' parameter not specified");
  if (typeof from !== 'string') throw new CommandArgumentError("'from' parameter must be a string");
  if (from === 'start') return undefined;
  const after = canonicalIPv6(from);
  if (after !== undefined) return after;
  if (isIP(from) === 4)
    throw new CommandArgumentError(`'from' parameter value ${from} is not an IPv6 address`);
  throw new CommandArgumentError(
    "'from' parameter value is neither 'start' keyword nor a valid IPv6 address",
  );
}

/** lease6-get-page's page size: Kea's size type takes the integer as unsigned. */
function pageLimit(limit: JsonValue | undefined): number {
  if (limit === undefined) throw new CommandArgumentError("'limit' parameter not specified");
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit))
    throw new CommandArgumentError("'limit' parameter must be a number");
  if (limit === 0) throw new CommandArgumentError('page size of retrieved leases must not be 0');
  if (limit < 0 || limit > UINT32_MAX)
    throw new CommandArgumentError(`page size of retrieved leases must not be greater than ${UINT32_MAX}`);
  return limit;
}

/** After a wipe Kea sets the subnet's lease counters to 0 (creating them for an unknown subnet). */
function zeroSubnetCounters(statistics: Statistics, subnetId: number): void {
  const declined = `subnet[${subnetId}].declined-addresses`;
  const leftover = Number(statistics.get(declined) ?? 0);
  statistics.set(`subnet[${subnetId}].assigned-nas`, 0);
  statistics.set(`subnet[${subnetId}].assigned-pds`, 0);
  statistics.set(declined, 0);
  if (leftover !== 0) statistics.add('declined-addresses', -leftover);
}

/** Registers the lease6-* commands with Kea 2.2's arguments and answers. */
export function registerLeaseCommands(
  registry: CommandSink,
  target: LeaseCommandTarget,
  log: ControlLogger,
): void {
  const handlers: Record<(typeof LEASE6_COMMANDS)[number], CommandHandler> = {
    'lease6-add': async (args, request) => {
      if (args === undefined) throw new CommandArgumentError('no parameters specified for the command');
      const { lease } = parseLeaseArguments(ArgumentScope.of(request), target.subnets(), unixNow());
      const added = await target.addLease(lease);
      if (!added.ok) return failure('IPv6 lease already exists.');
      log.info('LEASE_CMDS_ADD6', `lease6-add command successful (${describe(lease)})`);
      return success(`Lease for ${describe(lease)}, subnet-id ${lease.subnetId} added.`);
    },

    'lease6-bulk-apply': (args, request) => bulkApply(target, args, request, unixNow()),

    'lease6-update': async (args, request) => {
      if (args === undefined)
        throw new CommandArgumentError('no parameters specified for lease6-update command');
      const scope = ArgumentScope.of(request);
      const { lease, forceCreate } = parseLeaseArguments(scope, target.subnets(), unixNow());
      const outcome = await addOrUpdateLease(target, lease, forceCreate);
      if (!outcome.ok) return failure(outcome.reason);
      const what = outcome.added ? `${describe(lease)} added` : describe(lease);
      log.info('LEASE_CMDS_UPDATE6', `lease6-update command successful (${what})`);
      return success(outcome.added ? 'IPv6 lease added.' : 'IPv6 lease updated.');
    },

    'lease6-get': async (args, request) => {
      argumentMap(args, QUERY_NOT_MAP);
      const query = parseLeaseQuery(ArgumentScope.of(request));
      if (query.by === 'hw-address' || query.by === 'client-id')
        throw new CommandArgumentError(`Query by ${query.by} is not allowed in v6.`);
      const lease = await findLease(target.store(), query);
      if (!lease) return answer(CONTROL_RESULT.EMPTY, 'Lease not found.');
      return success('IPv6 lease found.', leaseToJson(lease));
    },

    'lease6-del': async (args, request) => {
      argumentMap(args, QUERY_NOT_MAP);
      const query = parseLeaseQuery(ArgumentScope.of(request));
      if (query.by === 'hw-address')
        throw new CommandArgumentError('Delete by hw-address is not allowed in v6.');
      if (query.by === 'client-id')
        throw new CommandArgumentError(`Unknown query type: ${QUERY_TYPE_CODES['client-id']}`);
      const lease = await findLease(target.store(), query);
      if (!lease) return answer(CONTROL_RESULT.EMPTY, 'IPv6 lease not found.');
      const removed = await target.removeLeases([lease]);
      // As Kea, the removal of its DNS records is asked for whenever the lease was found.
      if (ArgumentScope.of(request).map()['update-ddns'] === true) target.queueNameChange('remove', lease);
      if (removed.length === 0) return answer(CONTROL_RESULT.EMPTY, 'IPv6 lease not found.');
      log.info('LEASE_CMDS_DEL6', `lease6-del command successful (${describe(lease)})`);
      return success('IPv6 lease deleted.');
    },

    'lease6-resend-ddns': async (args) => {
      // Kea's wording throughout; every failure but a missing lease is result 1.
      let text: string;
      let code: number = CONTROL_RESULT.ERROR;
      try {
        const address = resendAddress(args);
        if (!target.ddnsEnabled()) text = 'DDNS updating is not enabled';
        else {
          const lease = await target.store().get(LeaseType.NA, address);
          if (!lease) {
            text = `No lease found for: ${address}`;
            code = CONTROL_RESULT.EMPTY;
          } else if (lease.hostname === '')
            text = `Lease for: ${address}, has no hostname, nothing to update`;
          else if (!lease.fqdnFwd && !lease.fqdnRev)
            text = `Neither forward nor reverse updates enabled for lease for: ${address}`;
          else {
            target.queueNameChange('add', lease);
            text = `NCR generated for: ${address}, hostname: ${lease.hostname}`;
            log.info('LEASE_CMDS_RESEND_DDNS6', text);
            return success(text);
          }
        }
      } catch (err) {
        text = (err as Error).message;
      }
      log.error('LEASE_CMDS_RESEND_DDNS6_FAILED', text);
      return answer(code, text);
    },

    'lease6-get-all': async (args, request) => {
      const store = target.store();
      if (args === undefined) return leaseList(await store.getAll());
      const subnets = ArgumentScope.of(request).get('subnets');
      if (subnets === undefined) throw new CommandArgumentError("'subnets' parameter not specified");
      if (!Array.isArray(subnets)) throw new CommandArgumentError("'subnets' parameter must be a list");
      const ids: number[] = [];
      for (const id of subnets) {
        if (typeof id !== 'number' || !Number.isSafeInteger(id))
          throw new CommandArgumentError('listed subnet identifiers must be numbers');
        ids.push(toUint32(id));
      }
      const leases: Lease6[] = [];
      for (const id of ids) leases.push(...(await store.getBySubnet(id)));
      return leaseList(leases);
    },

    'lease6-get-page': async (args, request) => {
      if (args === undefined)
        throw new CommandArgumentError('no parameters specified for the lease6-get-page command');
      const scope = ArgumentScope.of(request);
      const after = pageStart(scope.get('from'));
      const limit = pageLimit(scope.get('limit'));
      const page = await target.store().getPage(after, limit);
      return leaseList(page, { count: page.length });
    },

    'lease6-get-by-duid': async (args) => {
      const map = argumentMap(args, ARGUMENTS_NOT_MAP);
      const given = map.duid;
      if (given === undefined) throw new CommandArgumentError("'duid' parameter not specified");
      if (typeof given !== 'string') throw new CommandArgumentError("'duid' parameter must be a string");
      return leaseList(await target.store().getByDuid(duidFromText(given)));
    },

    'lease6-get-by-hostname': async (args) => {
      const map = argumentMap(args, ARGUMENTS_NOT_MAP);
      const hostname = map.hostname;
      if (hostname === undefined) throw new CommandArgumentError("'hostname' parameter not specified");
      if (typeof hostname !== 'string')
        throw new CommandArgumentError("'hostname' parameter must be a string");
      if (hostname === '') throw new CommandArgumentError("'hostname' parameter is empty");
      return leaseList(await target.store().getByHostname(asciiLowerCase(hostname)));
    },

    'lease6-wipe': async (args, request) => {
      const scope = ArgumentScope.of(request);
      const given =
        args !== undefined && scope.has('subnet-id') ? scope.getUnsigned('subnet-id', UINT32_MAX) : 0;
      // Without a subnet (or with 0), every configured subnet is wiped, as Kea does.
      const ids = given ? [given] : target.subnets().map((s) => s.id);
      let deleted = 0;
      for (const id of ids) {
        // Lease by lease, so that each frees its slot and leaves the statistics.
        deleted += (await target.removeLeases(await target.store().getBySubnet(id))).length;
        zeroSubnetCounters(target.statistics, id);
      }
      const text = `Deleted ${deleted} IPv6 lease(s) from subnet(s) ${ids.join(' ')}`;
      log.info('LEASE_CMDS_WIPE6', `lease6-wipe command successful (${text})`);
      return answer(deleted > 0 ? CONTROL_RESULT.SUCCESS : CONTROL_RESULT.EMPTY, text);
    },
  };

  for (const name of LEASE6_COMMANDS) registry.register(name, withLeaseArgumentErrors(handlers[name]));
}
