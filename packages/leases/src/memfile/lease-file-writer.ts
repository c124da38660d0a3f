/**
 * Writes a whole lease file (the cleaner's output): the header, then one row per lease in address
 * order, in large writes, synced to disk before the caller renames it into place.
 */
import { open } from 'node:fs/promises';
import { LeaseFileIoError } from '../errors.js';
import type { Lease6 } from '../lease.js';
import type { ColumnLayout } from './columns.js';
import { rowFormatter } from './row-codec.js';

const FLUSH_CHARS = 1 << 20;

/** Writes the file (replacing any) and resolves with the number of leases written. */
export async function writeLeaseFile(
  file: string,
  leases: Iterable<Lease6>,
  layout: ColumnLayout,
): Promise<number> {
  const format = rowFormatter(layout);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'w', 0o644);
    let pending = `${layout.header}\n`;
    let count = 0;
    for (const lease of leases) {
      pending += format(lease);
      count++;
      if (pending.length >= FLUSH_CHARS) {
        await handle.writeFile(pending, 'utf8');
        pending = '';
      }
    }
    await handle.writeFile(pending, 'utf8');
    await handle.datasync();
    return count;
  } catch (err) {
    throw new LeaseFileIoError(`cannot write lease file ${file}: ${(err as Error).message}`, err);
  } finally {
    await handle?.close();
  }
}
