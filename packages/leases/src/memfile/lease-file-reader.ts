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

/** Reads one file; resolves with undefined when it does not exist. */
export async function readLeaseFile(
  file: string,
  visit: LeaseVisitor,
  options: ReadOptions,
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

  const line = (raw: string): void => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (layout === undefined) {
      layout = parseHeader(text, file);
      return;
    }
    if (text === '') return; // Kea skips blank lines too.
    reads++;
    const row = parseRow(text, layout);
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

  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry = '';
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null));
      } catch (err) {
        throw new LeaseFileIoError(`cannot read lease file ${file}: ${(err as Error).message}`, err);
      }
      if (bytesRead === 0) break;
      const text = carry + buffer.toString('latin1', 0, bytesRead);
      const lines = text.split('\n');
      carry = lines.pop()!;
      for (const l of lines) line(l);
    }
    if (carry !== '') {
      unterminated = true;
      line(carry);
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
