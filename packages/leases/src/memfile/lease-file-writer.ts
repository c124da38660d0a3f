/**
 * Writes a whole lease file (the cleaner's output): the header, then one row per lease in address
 * order, in large writes, synced to disk before the caller renames it into place.
 */
import { open } from 'node:fs/promises';
import { LeaseFileIoError } from '../errors.js';
import type { Lease6 } from '../lease.js';
import { type ColumnLayout, KEA_2_2_COLUMNS } from './columns.js';
import type { LeaseSlab } from './lease-slab.js';
import { rowFormatter } from './row-codec.js';
import { isPlainSlot, MAX_PLAIN_ROW_BYTES, writePlainRow } from './slab-row-writer.js';

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

const KEA_2_2_HEADER = KEA_2_2_COLUMNS.join(',');
const FLUSH_BYTES = 1 << 20;

/**
 * writeLeaseFile for the leases of a slab, in the order of `slots`: the same bytes, written from
 * the columns into one reused buffer (see slab-row-writer), so memory stays flat however many
 * leases there are. Leases the plain writer does not take go through the string formatter.
 */
export async function writeSlabLeaseFile(
  file: string,
  slab: LeaseSlab,
  slots: readonly number[],
  layout: ColumnLayout,
): Promise<number> {
  const format = rowFormatter(layout);
  const plain =
    layout.header === KEA_2_2_HEADER
      ? 'kea-2.2'
      : layout.header === `${KEA_2_2_HEADER},pool_id`
        ? 'kea-2.4'
        : '';
  const poolId = plain === 'kea-2.4';
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    const out = await open(file, 'w', 0o644);
    handle = out;
    const buffer = Buffer.allocUnsafe(FLUSH_BYTES + MAX_PLAIN_ROW_BYTES);
    let at = buffer.write(`${layout.header}\n`, 0, 'utf8');
    const flush = async () => {
      let done = 0;
      while (done < at) done += (await out.write(buffer, done, at - done)).bytesWritten;
      at = 0;
    };
    for (const slot of slots) {
      if (plain !== '' && isPlainSlot(slab, slot)) {
        at = writePlainRow(slab, slot, buffer, at, poolId);
      } else {
        const row = format(slab.lease(slot));
        const length = Buffer.byteLength(row, 'utf8');
        if (at + length > buffer.length) await flush();
        if (length > buffer.length) await out.writeFile(row, 'utf8');
        else at += buffer.write(row, at, 'utf8');
      }
      if (at >= FLUSH_BYTES) await flush();
    }
    await flush();
    await out.datasync();
    return slots.length;
  } catch (err) {
    throw new LeaseFileIoError(`cannot write lease file ${file}: ${(err as Error).message}`, err);
  } finally {
    await handle?.close();
  }
}
