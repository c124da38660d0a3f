/**
 * Kea's host_cmds for DHCPv6: reservation-add, reservation-get, reservation-get-all,
 * reservation-get-page, reservation-get-by-hostname, reservation-get-by-id and reservation-del.
 * Reads search the configuration file's reservations first, then each hosts database in order
 * (Kea's HostMgr); reservation-add writes every hosts database, reservation-del deletes from the
 * first that has the host, as HostMgr does. Answers, result codes and texts are those of Kea's
 * host_cmds (ARM "host_cmds: Host Commands"; where the ARM's examples and the library's code
 * disagree, the code's: a host not found is result 3).
 */

import type { Dhcp6Config, Reservation6 } from '@nestor/config';
import {
  ArgumentScope,
  answer,
  CONTROL_RESULT,
  CommandArgumentError,
  type CommandHandler,
  type ControlAnswer,
  type ControlLogger,
  type JsonObject,
  type JsonValue,
  success,
  withArgumentErrors,
} from '@nestor/control';
import { HostStoreError } from '../../host-db/sql-host-store.js';
import type { CommandSink } from '../command-sink.js';
import {
  configHosts,
  type HostCommandTarget,
  type HostIdentifierName,
  hostElement,
  IDENTIFIER_NAMES,
  identifierOfText,
  type ListedHost,
  subnetHolds,
} from './host-model.js';
import { parseReservationArgument } from './host-parse.js';

export type { HostCommandTarget } from './host-model.js';

export const HOST_COMMANDS = [
  'reservation-add',
  'reservation-del',
  'reservation-get',
  'reservation-get-all',
  'reservation-get-by-hostname',
  'reservation-get-by-id',
  'reservation-get-page',
] as const;

const NOT_MAP = 'Parameters missing or are not a map.';
const SUBNET_ID_MAX = 0xffffffff;
const NO_DATABASE_ADD = 'Unable to add new host because there is no hosts-database configured.';
const NO_DATABASE_DEL = 'Unable to delete a host because there is no hosts-database configured.';

/** What reservation-get and reservation-del name: an address, or an identifier, in a subnet. */
type HostQuery =
  | { subnetId: number; address: string }
  | { subnetId: number; type: HostIdentifierName; identifier: string };

function mapOf(scope: ArgumentScope): JsonObject {
  const value = scope.value;
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value))
    throw new CommandArgumentError(NOT_MAP);
  return value as JsonObject;
}

/** The identifier-type and identifier members, checked as Kea checks them. */
function identifierOf(args: JsonObject): { type: HostIdentifierName; identifier: string } {
  const type = args['identifier-type'] as string;
  const parsed = identifierOfText(args.identifier as string);
  if (parsed === undefined) throw new CommandArgumentError("Unable to parse 'identifier' value.");
  if (parsed === '') throw new CommandArgumentError("Unable to query for empty 'identifier'.");
  if (!IDENTIFIER_NAMES.includes(type as HostIdentifierName))
    throw new CommandArgumentError("Value of 'identifier-type' was not recognized.");
  return { type: type as HostIdentifierName, identifier: parsed };
}

/** reservation-get's and reservation-del's arguments (Kea's getParameters). */
function hostQuery(scope: ArgumentScope): HostQuery {
  const args = mapOf(scope);
  const address = args['ip-address'];
  const type = args['identifier-type'];
  const identifier = args.identifier;
  const subnetId = scope.getUnsigned('subnet-id', SUBNET_ID_MAX);
  if (address !== undefined) {
    if (typeof address !== 'string') throw new CommandArgumentError("'ip-address' is not a string.");
    return { subnetId, address: scope.getAddress('ip-address').text };
  }
  if (typeof type !== 'string')
    throw new CommandArgumentError(
      "No 'ip-address' provided and 'identifier-type' is either missing or not a string.",
    );
  if (typeof identifier !== 'string')
    throw new CommandArgumentError(
      "No 'ip-address' provided and 'identifier' is either missing or not a string.",
    );
  return { subnetId, ...identifierOf(args) };
}

/** Kea's "N IPv6 host(s) found." with the list; result 3 when there is none. */
function hostList(hosts: readonly ListedHost[], t: HostCommandTarget, extra: JsonObject = {}): ControlAnswer {
  const registry = t.registry();
  const elements = hosts.map((h) => hostElement(h, registry));
  return answer(
    hosts.length > 0 ? CONTROL_RESULT.SUCCESS : CONTROL_RESULT.EMPTY,
    `${hosts.length} IPv6 host(s) found.`,
    {
      hosts: elements,
      ...extra,
    },
  );
}

/** A subnet id that a command names must be configured (0, the global scope, always is). */
function checkSubnet(config: Dhcp6Config, subnetId: number): void {
  if (subnetId !== 0 && !config.subnets.some((s) => s.id === subnetId))
    throw new CommandArgumentError(`IPv6 subnet with ID of '${subnetId}' is not configured`);
}

const sameClient = (r: Reservation6, type: string, identifier: string): boolean =>
  r.identifierType === type && r.identifier === identifier;

/** The host a query names: the configuration's, else the first database's that has it. */
async function findHost(t: HostCommandTarget, q: HostQuery): Promise<ListedHost | undefined> {
  const inConfig = configHosts(t.config()).find(
    (h) =>
      h.subnetId === q.subnetId &&
      ('address' in q
        ? h.reservation.ipAddresses.includes(q.address) ||
          h.reservation.prefixes.some((p) => p.split('/')[0] === q.address)
        : sameClient(h.reservation, q.type, q.identifier)),
  );
  if (inConfig) return inConfig;
  for (const database of t.databases()) {
    if ('address' in q) {
      const found = await database.byAddress(q.subnetId, q.address);
      if (found) return found;
    } else if (q.type === 'duid' || q.type === 'hw-address' || q.type === 'flex-id') {
      const found = await database.get(q.subnetId, q.type, q.identifier);
      if (found) return found;
    }
  }
  return undefined;
}

export function hostCommandHandlers(
  t: HostCommandTarget,
  log?: ControlLogger,
): Record<string, CommandHandler> {
  return {
    'reservation-add': async (_args, request) => {
      const scope = ArgumentScope.of(request);
      if (scope.value === undefined)
        throw new CommandArgumentError('no parameters specified for the command');
      const args = mapOf(scope);
      if (args.reservation === undefined) throw new CommandArgumentError('reservation must be specified');
      const config = t.config();
      const { subnetId, reservation } = parseReservationArgument(scope.child('reservation'), config);
      checkSubnet(config, subnetId);
      const subnet = config.subnets.find((s) => s.id === subnetId);
      if (subnet) {
        for (const address of reservation.ipAddresses) {
          if (!subnetHolds(subnet, address))
            throw new CommandArgumentError(
              `specified reservation '${address}' is not matching the IPv6 subnet prefix '${subnet.prefix.text}'`,
            );
        }
      }
      const databases = t.databases();
      if (databases.length === 0) throw new CommandArgumentError(NO_DATABASE_ADD);
      try {
        for (const database of databases) await database.add(subnetId, reservation);
      } catch (err) {
        if (err instanceof HostStoreError) throw new CommandArgumentError(err.message);
        throw err;
      }
      log?.info(
        'HOST_CMDS_RESERV_ADD_SUCCESS',
        `reservation-add command successful (parameters: ${JSON.stringify(args)})`,
      );
      return success('Host added.');
    },

    'reservation-get': async (_args, request) => {
      const q = hostQuery(ArgumentScope.of(request));
      const host = await findHost(t, q);
      // Kea 2.2's documentation: a query that found nothing still succeeded (later versions say 3).
      if (!host) return answer(CONTROL_RESULT.SUCCESS, 'Host not found.');
      return success('Host found.', hostElement(host, t.registry()));
    },

    'reservation-get-all': async (_args, request) => {
      const scope = ArgumentScope.of(request);
      mapOf(scope);
      const subnetId = scope.getUnsigned('subnet-id', SUBNET_ID_MAX);
      checkSubnet(t.config(), subnetId);
      const hosts: ListedHost[] = configHosts(t.config()).filter((h) => h.subnetId === subnetId);
      for (const database of t.databases()) hosts.push(...(await database.bySubnet(subnetId)));
      return hostList(hosts, t);
    },

    'reservation-get-page': async (_args, request) => {
      const scope = ArgumentScope.of(request);
      mapOf(scope);
      const limit = scope.getUnsigned('limit', SUBNET_ID_MAX);
      const subnetId = scope.has('subnet-id') ? scope.getUnsigned('subnet-id', SUBNET_ID_MAX) : undefined;
      let sourceIndex = scope.has('source-index') ? scope.getUnsigned('source-index', 10) : 0;
      let from = scope.has('from') ? scope.getInteger('from') : 0;
      if (subnetId !== undefined) checkSubnet(t.config(), subnetId);
      // Kea's HostMgr::getPage6: source 0 is the configuration, 1.. the databases; a source
      // with nothing left passes on to the next one from its start.
      const databases = t.databases();
      let hosts: ListedHost[] = [];
      while (sourceIndex <= databases.length) {
        if (sourceIndex === 0) {
          hosts = configHosts(t.config())
            .filter((h) => (subnetId === undefined || h.subnetId === subnetId) && h.hostId > from)
            .slice(0, limit);
        } else {
          const database = databases[sourceIndex - 1]!;
          hosts =
            subnetId === undefined
              ? await database.pageAll(from, limit)
              : await database.page(subnetId, from, limit);
        }
        if (hosts.length > 0) break;
        sourceIndex++;
        from = 0;
      }
      const last = hosts[hosts.length - 1];
      const extra: JsonObject = { count: hosts.length };
      if (last) extra.next = { from: last.hostId, 'source-index': sourceIndex };
      return hostList(hosts, t, extra);
    },

    'reservation-get-by-hostname': async (_args, request) => {
      const scope = ArgumentScope.of(request);
      mapOf(scope);
      const hostname = scope.getString('hostname');
      const subnetId = scope.has('subnet-id') ? scope.getUnsigned('subnet-id', SUBNET_ID_MAX) : undefined;
      if (hostname === '') throw new CommandArgumentError('Empty hostname');
      if (subnetId !== undefined) checkSubnet(t.config(), subnetId);
      const lower = hostname.toLowerCase();
      const hosts: ListedHost[] = configHosts(t.config()).filter(
        (h) =>
          h.reservation.hostname.toLowerCase() === lower &&
          (subnetId === undefined || h.subnetId === subnetId),
      );
      for (const database of t.databases()) hosts.push(...(await database.byHostname(lower, subnetId)));
      return hostList(hosts, t);
    },

    'reservation-get-by-id': async (_args, request) => {
      const scope = ArgumentScope.of(request);
      const args = mapOf(scope);
      if (typeof args['identifier-type'] !== 'string')
        throw new CommandArgumentError("'identifier-type' is either missing or not a string.");
      if (typeof args.identifier !== 'string')
        throw new CommandArgumentError("'identifier' is either missing or not a string.");
      if (args['subnet-id'] !== undefined)
        throw new CommandArgumentError("'subnet-id' is forbidden in reservation-get-by-id");
      const { type, identifier } = identifierOf(args);
      const hosts: ListedHost[] = configHosts(t.config()).filter((h) =>
        sameClient(h.reservation, type, identifier),
      );
      if (type === 'duid' || type === 'hw-address' || type === 'flex-id')
        for (const database of t.databases()) hosts.push(...(await database.byIdentifier(type, identifier)));
      return hostList(hosts, t);
    },

    'reservation-del': async (_args, request) => {
      const q = hostQuery(ArgumentScope.of(request));
      const databases = t.databases();
      if (databases.length === 0) throw new CommandArgumentError(NO_DATABASE_DEL);
      try {
        for (const database of databases) {
          const deleted =
            'address' in q
              ? await database.deleteByAddress(q.subnetId, q.address)
              : q.type === 'duid' || q.type === 'hw-address' || q.type === 'flex-id'
                ? await database.deleteByIdentifier(q.subnetId, q.type, q.identifier)
                : false;
          if (deleted) return success('Host deleted.');
        }
      } catch (err) {
        if (err instanceof HostStoreError) throw new CommandArgumentError(err.message);
        throw err;
      }
      // Kea 2.2's documentation: a deletion that found nothing failed (later versions say 3).
      return answer(CONTROL_RESULT.ERROR, 'Host not deleted (not found).');
    },
  };
}

/** Registers the host commands (through the built-in host_cmds library's handle). */
export function registerHostCommands(sink: CommandSink, t: HostCommandTarget, log?: ControlLogger): void {
  const handlers = hostCommandHandlers(t, log);
  for (const name of HOST_COMMANDS) sink.register(name, withArgumentErrors(handlers[name]!));
}

export type { JsonValue };
