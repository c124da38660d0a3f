import {
  ArgumentScope,
  answer,
  argumentMap,
  CONTROL_RESULT,
  CommandArgumentError,
  type CommandRequest,
  type ControlAnswer,
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from '@nestor/control';
import { LEASE_TYPE_NAMES, type Lease6, type LeaseType } from '@nestor/leases';
import { addOrUpdateLease } from './lease-apply.js';
import { ARGUMENTS_NOT_MAP, parseLeaseArguments } from './lease-arguments.js';
import { findLease } from './lease-lookup.js';
import { parseLeaseQuery, QUERY_NOT_MAP, QUERY_TYPE_CODES } from './lease-query.js';
import type { LeaseCommandTarget } from './lease-target.js';

/**
 * One lease of `deleted-leases`, looked up before anything changes: what it names (for its
 * entry among the failures) and the lease found, if any.
 */
interface Deletion {
  /** The type asked for; undefined for Kea's "V4". */
  type: LeaseType | undefined;
  /** The address asked for, "::" when the lease was named by DUID (or by "address" with no address). */
  address: string;
  /** The DUID asked for, when named by DUID. */
  duid?: string;
  lease: Lease6 | undefined;
}

/** An entry of `failed-deleted-leases` or `failed-leases`: the address when known, else the DUID. */
function failedLease(
  type: LeaseType | undefined,
  address: string,
  duid: string | undefined,
  result: number,
  message: string,
): JsonObject {
  const entry: JsonObject = { type: type === undefined ? 'V4' : LEASE_TYPE_NAMES[type] };
  if (address !== '::') entry['ip-address'] = address;
  else if (duid !== undefined) entry.duid = duid;
  entry.result = result;
  entry['error-message'] = message;
  return entry;
}

/** A list member of the arguments when given: undefined when absent, refused when no list. */
function listMember(map: JsonObject, name: string): readonly JsonValue[] | undefined {
  const value = map[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new CommandArgumentError(`the '${name}' parameter must be a list`);
  return value;
}

/** Reads one lease to delete and looks it up, refusing the queries lease6-del refuses. */
async function deletionOf(target: LeaseCommandTarget, scope: ArgumentScope): Promise<Deletion> {
  if (!isJsonObject(scope.value)) throw new CommandArgumentError(QUERY_NOT_MAP);
  const query = parseLeaseQuery(scope);
  if (query.by === 'hw-address') throw new CommandArgumentError('Delete by hw-address is not allowed in v6.');
  if (query.by === 'client-id')
    throw new CommandArgumentError(`Unknown query type: ${QUERY_TYPE_CODES['client-id']}`);
  const lease = await findLease(target.store(), query);
  if (query.by === 'address') return { type: query.type, address: query.address, lease };
  return { type: query.type, address: '::', duid: query.duid, lease };
}

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * lease6-bulk-apply as Kea 2.2's lease_cmds runs it. Every lease of `deleted-leases` and
 * `leases` is read (and each deletion looked up) before anything changes, so a malformed one
 * refuses the whole command with its own text. Then the deletions run, then the additions and
 * updates (each lease added when absent, as with force-create); one that fails is listed with
 * its result and reason and the others still go ahead. A lease named by DUID that does not
 * exist is skipped without a word, as Kea skips it. The text counts what was done; result 3
 * when that is nothing.
 */
export async function bulkApply(
  target: LeaseCommandTarget,
  args: JsonValue | undefined,
  request: Pick<CommandRequest, 'command' | 'arguments' | 'service' | 'remote-address'>,
  now: number,
): Promise<ControlAnswer> {
  const map = argumentMap(args, ARGUMENTS_NOT_MAP);
  if (map['deleted-leases'] === undefined && map.leases === undefined)
    throw new CommandArgumentError("neither 'deleted-leases' nor 'leases' parameter specified");
  const toDelete = listMember(map, 'deleted-leases') ?? [];
  const toApply = listMember(map, 'leases') ?? [];

  const scope = ArgumentScope.of(request);
  const deletions: Deletion[] = [];
  for (let i = 0; i < toDelete.length; i++)
    deletions.push(await deletionOf(target, scope.child('deleted-leases').child(i)));
  const subnets = target.subnets();
  const leases = toApply.map(
    (_, i) => parseLeaseArguments(scope.child('leases').child(i), subnets, now).lease,
  );

  let done = 0;
  const failedDeleted: JsonObject[] = [];
  for (const { type, address, duid, lease } of deletions) {
    if (!lease && duid !== undefined) continue;
    try {
      const removed = lease ? await target.removeLeases([lease]) : [];
      if (removed.length > 0) done++;
      else failedDeleted.push(failedLease(type, address, duid, CONTROL_RESULT.EMPTY, 'lease not found'));
    } catch (err) {
      failedDeleted.push(failedLease(type, address, duid, CONTROL_RESULT.ERROR, reasonOf(err)));
    }
  }

  const failed: JsonObject[] = [];
  for (const lease of leases) {
    let reason: string | undefined;
    try {
      const outcome = await addOrUpdateLease(target, lease, true);
      if (!outcome.ok) reason = outcome.reason;
    } catch (err) {
      reason = reasonOf(err);
    }
    if (reason === undefined) done++;
    else failed.push(failedLease(lease.type, lease.address, lease.duid, CONTROL_RESULT.ERROR, reason));
  }

  const failures: JsonObject = {};
  if (failedDeleted.length > 0) failures['failed-deleted-leases'] = failedDeleted;
  if (failed.length > 0) failures['failed-leases'] = failed;
  return answer(
    done > 0 ? CONTROL_RESULT.SUCCESS : CONTROL_RESULT.EMPTY,
    `Bulk apply of ${done} IPv6 leases completed.`,
    Object.keys(failures).length > 0 ? failures : undefined,
  );
}
