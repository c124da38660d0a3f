import type { JsonObject, JsonValue } from '@nestor/control';
import type { StatValue } from '@nestor/daemon';
import { type LeaseCount, LeaseState, LeaseType } from '@nestor/leases';

/** stat-lease6-get's columns, in Kea 2.2's order. */
export const LEASE6_STAT_COLUMNS = [
  'subnet-id',
  'total-nas',
  'cumulative-assigned-nas',
  'assigned-nas',
  'declined-nas',
  'total-pds',
  'cumulative-assigned-pds',
  'assigned-pds',
] as const;

/** What a subnet's leases count for in a row. */
interface StoredCounts {
  assignedNas: number;
  declinedNas: number;
  assignedPds: number;
}

/**
 * The store's counts per subnet as Kea's memfile reports them to stat_cmds: addresses in the
 * default state (assigned) and declined, prefixes in the default state. Temporary addresses,
 * declined prefixes and reclaimed leases count for nothing.
 */
function storedCounts(counts: readonly LeaseCount[]): Map<number, StoredCounts> {
  const bySubnet = new Map<number, StoredCounts>();
  for (const { subnetId, type, state, count } of counts) {
    let row = bySubnet.get(subnetId);
    if (!row) {
      row = { assignedNas: 0, declinedNas: 0, assignedPds: 0 };
      bySubnet.set(subnetId, row);
    }
    if (type === LeaseType.NA && state === LeaseState.DEFAULT) row.assignedNas += count;
    else if (type === LeaseType.NA && state === LeaseState.DECLINED) row.declinedNas += count;
    else if (type === LeaseType.PD && state === LeaseState.DEFAULT) row.assignedPds += count;
  }
  return bySubnet;
}

/**
 * One row per subnet id, in the order given: the subnet's capacity and cumulative counters are
 * its statistics (0 when a statistic is gone), what it holds now is counted from the store.
 */
export function leaseStatRows(
  subnetIds: readonly number[],
  counts: readonly LeaseCount[],
  statistic: (name: string) => StatValue | undefined,
): JsonValue[][] {
  const stored = storedCounts(counts);
  return subnetIds.map((id) => {
    const stat = (name: string): JsonValue => (statistic(`subnet[${id}].${name}`) ?? 0) as JsonValue;
    const held = stored.get(id) ?? { assignedNas: 0, declinedNas: 0, assignedPds: 0 };
    return [
      id,
      stat('total-nas'),
      stat('cumulative-assigned-nas'),
      held.assignedNas,
      held.declinedNas,
      stat('total-pds'),
      stat('cumulative-assigned-pds'),
      held.assignedPds,
    ];
  });
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Kea's result-set timestamp: UTC, "YYYY-MM-DD HH:MM:SS.ffffff". */
export function resultSetTimestamp(ms: number): string {
  const t = new Date(ms);
  const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  return `${date} ${time}.${pad(t.getUTCMilliseconds(), 3)}000`;
}

/** The `result-set` member of the answer. */
export function resultSet(rows: JsonValue[][], now: number): JsonObject {
  return { timestamp: resultSetTimestamp(now), columns: [...LEASE6_STAT_COLUMNS], rows };
}
