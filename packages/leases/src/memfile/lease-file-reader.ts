/**
 * Reads a lease6 CSV file row by row, in chunks (a lease file may hold millions of rows), and hands
 * each good lease to a visitor. Bad rows are counted, logged and skipped; past `maxRowErrors` bad
 * rows (0: no limit) the read fails. The file is read as Latin-1, one character per byte, so escaped
 * and raw bytes are handled alike and text fields are decoded once (see csv-escape).
 */
import { open } from 'node:fs/promises';
import { LeaseFileIoError, LeaseFileTooManyErrorsError } from '../errors.js';
import type { Lease6 } from '../lease.js';
import type { LeaseLogger } from '../logger.js';
import { type ColumnLayout, parseHeader } from './columns.js';
import { type FastRow, newFastRow, readFastRow } from './fast-row.js';
import { parseRow } from './row-codec.js';

const CHUNK_BYTES = 1 << 20;

export interface LeaseFileStats {
  readonly file: string;
  /** Data rows read (good and bad). */
  readonly reads: number;
  /** Rows that gave a lease (release rows included). */
  readonly leases: number;
  readonly errors: number;
  /**
   * The last row had no end of line (a write cut short by a crash or power cut): it was loaded
   * if it was whole but for the newline, else counted in `errors`.
   */
  readonly unterminated: boolean;
  /** The file's header, or undefined for an empty file. */
  readonly layout: ColumnLayout | undefined;
}

export interface ReadOptions {
  maxRowErrors: number;
  logger: LeaseLogger;
}

export type LeaseVisitor = (lease: Lease6, addressKey: string) => void;

/**
 * Takes a row read by the fast path (see fast-row); returns false to decline it, and the row
 * then goes through parseRow and the LeaseVisitor as any other.
 */
export type FastRowVisitor = (row: FastRow) => boolean;

/** Reads one file; resolves with undefined when it does not exist. */
export async function readLeaseFile(
  file: string,
  visit: LeaseVisitor,
  options: ReadOptions,
  visitFast?: FastRowVisitor,
): Promise<LeaseFileStats | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LeaseFileIoError(`cannot open lease file ${file}: ${(err as Error).message}`, err);
  }
  const { logger, maxRowErrors } = options;
  logger.info('DHCPSRV_MEMFILE_LEASE_FILE_LOAD', `loading leases from file ${file}`);
  let layout: ColumnLayout | undefined;
  let reads = 0;
  let leases = 0;
  let errors = 0;
  let unterminated = false;

  const fastRow = newFastRow();

  const slowRow = (text: string): void => {
    const row = parseRow(text, layout!);
    if (row.ok) {
      leases++;
      if (row.warning !== undefined) logger.warn('DHCPSRV_MEMFILE_READ_HWADDR_FAIL', row.warning);
      visit(row.lease, row.addressKey);
      return;
    }
    errors++;
    logger.error('DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR', `discarding row ${reads}, error: ${row.error}`);
    if (maxRowErrors > 0 && errors > maxRowErrors) throw new LeaseFileTooManyErrorsError(file, maxRowErrors);
  };

  /** The line in buffer[start, end), without its newline. */
  const line = (buffer: Buffer, start: number, lineEnd: number): void => {
    const end = lineEnd > start && buffer[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
    if (layout === undefined) {
      layout = parseHeader(buffer.toString('latin1', start, end), file);
      return;
    }
    if (end === start) return; // Kea skips blank lines too.
    reads++;
    if (visitFast && readFastRow(buffer, start, end, layout, fastRow) && visitFast(fastRow)) {
      leases++;
      return;
    }
    slowRow(buffer.toString('latin1', start, end));
  };

  try {
    // Whole lines are handled in place; a line cut by the end of a read moves to the front of
    // the buffer, which doubles when a single line fills it.
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null));
      } catch (err) {
        throw new LeaseFileIoError(`cannot read lease file ${file}: ${(err as Error).message}`, err);
      }
      if (bytesRead === 0) break;
      const end = filled + bytesRead;
      let start = 0;
      for (
        let newline = buffer.indexOf(10, filled);
        newline >= 0 && newline < end;
        newline = buffer.indexOf(10, start)
      ) {
        line(buffer, start, newline);
        start = newline + 1;
      }
      buffer.copy(buffer, 0, start, end);
      filled = end - start;
    }
    if (filled > 0) {
      unterminated = true;
      line(buffer, 0, filled);
    }
  } finally {
    await handle.close();
  }
  return { file, reads, leases, errors, unterminated, layout };
}

/** The header of a file, or undefined when the file is missing or empty. */
export async function readLeaseFileHeader(file: string): Promise<ColumnLayout | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LeaseFileIoError(`cannot open lease file ${file}: ${(err as Error).message}`, err);
  }
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead === 0) return undefined;
    const first = buffer.toString('latin1', 0, bytesRead).split('\n')[0]!;
    return parseHeader(first.endsWith('\r') ? first.slice(0, -1) : first, file);
  } finally {
    await handle.close();
  }
}
