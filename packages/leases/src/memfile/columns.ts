/**
 * The lease6 CSV columns. Files are read by column name, so files of older Kea versions (fewer
 * columns), of Kea 2.4+ (pool_id) and of other tools (other order) all load; Nestor writes the
 * Kea 2.2 layout unless told to add pool_id.
 */
import { LeaseFileHeaderError } from '../errors.js';

/** The header Kea 2.2 writes. */
export const KEA_2_2_COLUMNS = [
  'address',
  'duid',
  'valid_lifetime',
  'expire',
  'subnet_id',
  'pref_lifetime',
  'lease_type',
  'iaid',
  'prefix_len',
  'fqdn_fwd',
  'fqdn_rev',
  'hostname',
  'hwaddr',
  'state',
  'user_context',
  'hwtype',
  'hwaddr_source',
] as const;

/** Kea 2.4 added the pool identifier at the end. */
export const KEA_2_4_COLUMNS = [...KEA_2_2_COLUMNS, 'pool_id'] as const;

export type ColumnName = (typeof KEA_2_4_COLUMNS)[number];

/** Columns every lease file has had since Kea 1.0; a file without one of them cannot be read. */
export const REQUIRED_COLUMNS: readonly ColumnName[] = KEA_2_2_COLUMNS.slice(0, 12);

/** Which header Nestor writes: Kea 2.2's (the default) or Kea 2.4's with pool_id. */
export type LeaseFileFormat = 'kea-2.2' | 'kea-2.4';

export interface ColumnLayout {
  /** The header's column names, in file order. */
  readonly names: readonly string[];
  /** Position of each known column in a row, or -1 when the file lacks it. */
  readonly index: Readonly<Record<ColumnName, number>>;
  /** A row needs more values than this index to hold every required column. */
  readonly lastRequiredIndex: number;
  /**
   * The fewest values a row of this file may have, as Kea 2.2 reads it: as many as the header,
   * or Kea 2.2's 17 under a longer header (Kea 2.2 appends 17-value rows to a Kea 2.4 file).
   * A row with fewer is one a crash cut short, not a lease with its last columns empty; values
   * beyond the header are ignored, as Kea ignores them.
   */
  readonly minValues: number;
  /** The header line without its newline. */
  readonly header: string;
}

export function layoutOf(names: readonly string[], file = '(lease file)'): ColumnLayout {
  const index = Object.fromEntries(KEA_2_4_COLUMNS.map((c) => [c, -1])) as Record<ColumnName, number>;
  const known = new Set<string>(KEA_2_4_COLUMNS);
  const seen = new Set<string>();
  names.forEach((name, position) => {
    if (seen.has(name)) throw new LeaseFileHeaderError(file, `column '${name}' appears twice`);
    seen.add(name);
    if (known.has(name)) index[name as ColumnName] = position;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length > 0) {
    throw new LeaseFileHeaderError(file, `missing required column(s): ${missing.join(', ')}`);
  }
  const lastRequiredIndex = Math.max(...REQUIRED_COLUMNS.map((c) => index[c]));
  return {
    names: [...names],
    index,
    lastRequiredIndex,
    minValues: Math.max(lastRequiredIndex + 1, Math.min(names.length, KEA_2_2_COLUMNS.length)),
    header: names.join(','),
  };
}

/** Reads a header line (its trailing CR, if any, already removed). */
export function parseHeader(line: string, file?: string): ColumnLayout {
  return layoutOf(
    line.split(',').map((n) => n.trim()),
    file,
  );
}

export function layoutForFormat(format: LeaseFileFormat): ColumnLayout {
  return layoutOf(format === 'kea-2.4' ? KEA_2_4_COLUMNS : KEA_2_2_COLUMNS);
}

/** Does the layout have exactly the columns Nestor writes for a format, in that order? */
export function isStandardLayout(layout: ColumnLayout, format: LeaseFileFormat): boolean {
  return layout.header === layoutForFormat(format).header;
}
