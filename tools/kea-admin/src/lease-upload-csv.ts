/**
 * lease-upload's input: a memfile (or lease-dump) CSV with its header. Kea first runs the file
 * through kea-lfc, so that each address appears once (its last row) and released leases (valid
 * lifetime 0) are gone; then every row becomes one call of lease4Upload/lease6Upload.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cleanupLeaseFiles, KEA_2_2_COLUMNS } from '@nestor/leases';

/** The upload routines' parameters, in order, and which of them are text. */
export const UPLOAD_COLUMNS = {
  4: [
    'address',
    'hwaddr',
    'client_id',
    'valid_lifetime',
    'expire',
    'subnet_id',
    'fqdn_fwd',
    'fqdn_rev',
    'hostname',
    'state',
    'user_context',
  ],
  // lease6Upload takes the lease6 CSV's own columns, in the order Kea 2.2 writes them.
  6: KEA_2_2_COLUMNS,
} as const;

const TEXT_COLUMNS = new Set(['address', 'duid', 'hwaddr', 'client_id', 'hostname', 'user_context']);

export interface CsvLeases {
  /** The routine's arguments for each lease: text as written (still &#x2c-escaped), numbers as text, empty numbers as null. */
  rows: (string | null)[][];
  /** Lines of the reduced file, header included (what Kea reports). */
  reducedLines: number;
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

function toArguments(header: string[], fields: string[], family: 4 | 6): (string | null)[] {
  return UPLOAD_COLUMNS[family].map((column) => {
    const at = header.indexOf(column);
    const value = at === -1 ? undefined : fields[at];
    if (value === undefined) return TEXT_COLUMNS.has(column) ? '' : null;
    return !TEXT_COLUMNS.has(column) && value.trim() === '' ? null : value;
  });
}

/** DHCPv4 (no lease4 memfile in Nestor): the last row of each address wins, released rows go. */
function reduceV4(text: string): string[] {
  const all = lines(text);
  const header = (all[0] ?? '').split(',');
  const lifetimeAt = header.indexOf('valid_lifetime');
  const last = new Map<string, string>();
  for (const line of all.slice(1)) {
    const fields = line.split(',');
    last.delete(fields[0] as string);
    if (fields[lifetimeAt] !== '0') last.set(fields[0] as string, line);
  }
  return [all[0] as string, ...last.values()];
}

/** DHCPv6: exactly what Nestor's kea-lfc does to a lease file. */
async function reduceV6(inputFile: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'kea-admin-upload-'));
  try {
    const work = join(dir, `${basename(inputFile)}.tmp`);
    await copyFile(inputFile, work);
    const outcome = await cleanupLeaseFiles({
      previous: work,
      copy: `${work}.1`,
      output: `${work}.output`,
      finish: `${work}.completed`,
    });
    if (outcome.error) throw outcome.error;
    return lines(await readFile(work, 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function readUploadCsv(inputFile: string, family: 4 | 6): Promise<CsvLeases> {
  const reduced = family === 6 ? await reduceV6(inputFile) : reduceV4(await readFile(inputFile, 'utf8'));
  const header = (reduced[0] ?? '').split(',');
  const rows = reduced.slice(1).map((line) => toArguments(header, line.split(','), family));
  return { rows, reducedLines: reduced.length };
}
