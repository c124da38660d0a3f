import {
  CommandArgumentError,
  isJsonObject,
  type JsonValue,
  optionalArgumentMap,
  toUint32,
} from '@nestor/control';

/**
 * Which subnets stat-lease6-get reports on: every configured one (no arguments, or neither
 * member), one (`subnet-id`), or those with an id from `first` to `last` (`subnet-range`).
 */
export type LeaseStatSelection =
  | { mode: 'all' }
  | { mode: 'single'; id: number }
  | { mode: 'range'; first: number; last: number };

/**
 * A positive subnet id, as Kea takes it: checked as a 64-bit integer, then kept as its 32-bit
 * subnet id (4294967297 asks for subnet 1).
 */
function positiveId(value: JsonValue | undefined, notInteger: string, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new CommandArgumentError(notInteger);
  if (value <= 0) throw new CommandArgumentError(`'${name}' parameter must be > 0`);
  return toUint32(value);
}

/** Reads stat-lease6-get's arguments (Kea's order and words for each refusal). */
export function readSelection(args: JsonValue | undefined): LeaseStatSelection {
  const map = optionalArgumentMap(args, "'arguments' parameter is not a map");
  let selection: LeaseStatSelection = { mode: 'all' };
  if (map['subnet-id'] !== undefined) {
    const id = positiveId(map['subnet-id'], "'subnet-id' parameter is not integer", 'subnet-id');
    selection = { mode: 'single', id };
  }
  const range = map['subnet-range'];
  if (range === undefined) return selection;
  if (selection.mode === 'single')
    throw new CommandArgumentError('cannot specify both subnet-id and subnet-range');
  if (!isJsonObject(range)) throw new CommandArgumentError('subnet-range parameter is not a map');
  const bound = (name: string): number =>
    positiveId(range[name], `'${name}' parameter missing or not an integer`, name);
  const first = bound('first-subnet-id');
  const last = bound('last-subnet-id');
  if (last < first) throw new CommandArgumentError("'last-subnet-id' must be greater than 'first-subnet-id'");
  return { mode: 'range', first, last };
}

/** The selection as the command's texts print it: "[all subnets]", "[subnet-id=N]", "[subnets A through B]". */
export function selectionText(selection: LeaseStatSelection): string {
  switch (selection.mode) {
    case 'all':
      return '[all subnets]';
    case 'single':
      return `[subnet-id=${selection.id}]`;
    case 'range':
      return `[subnets ${selection.first} through ${selection.last}]`;
  }
}

/**
 * The configured subnet ids the selection covers, ascending, or why there are none: an unknown
 * `subnet-id`, or a range (every subnet, when none is configured) holding no configured subnet.
 */
export function selectedSubnetIds(
  configured: readonly number[],
  selection: LeaseStatSelection,
): { ids: number[] } | { none: string } {
  const sorted = [...new Set(configured)].sort((a, b) => a - b);
  if (selection.mode === 'single') {
    return sorted.includes(selection.id)
      ? { ids: [selection.id] }
      : { none: `subnet-id: ${selection.id} does not exist` };
  }
  const [first, last] = selection.mode === 'range' ? [selection.first, selection.last] : [0, 0];
  const ids = selection.mode === 'range' ? sorted.filter((id) => id >= first && id <= last) : sorted;
  if (ids.length > 0) return { ids };
  return { none: `selected ID range: ${first} through ${last} includes no known subnets` };
}

/**
 * What Kea's lease statistics query refuses once the selection is known to hold configured
 * subnets: a range is refused when its bounds are equal or its first id was cast to 0.
 */
export function rangeProblem(selection: LeaseStatSelection): string | undefined {
  if (selection.mode !== 'range') return undefined;
  if (selection.first === 0) return 'LeaseStatsQuery: first_subnet_id_ must be > 0';
  if (selection.last === 0) return 'LeaseStatsQuery: last_subnet_id_ must be > 0';
  if (selection.last <= selection.first) return 'LeaseStatsQuery: last_subnet_id_must be > first_subnet_id_';
  return undefined;
}
