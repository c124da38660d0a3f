/**
 * Lease file cleanup, Kea's LFC: merge the previous cleanup's result (`.2`) with the server's
 * moved-aside file (`.1`) into one row per lease, then rotate the files so `.2` holds the result.
 * Every step leaves files from which both this cleaner and the server can carry on after a crash:
 *
 *   1. unless `.completed` exists: load `.2` then `.1`, write `.output`, rename it `.completed`;
 *   2. delete `.2` and `.1`, rename `.completed` to `.2`.
 *
 * A cleaner started while `.completed` exists (a previous run died between 1 and 2) only does
 * step 2. Released leases (rows with valid lifetime 0) disappear in the merge; every other lease
 * is kept, expired and expired-reclaimed ones included, as Kea 2.2's LFC keeps them.
 */
import { rename, rm } from 'node:fs/promises';
import { LeaseError, LeaseFileIoError } from '../errors.js';
import { type LeaseLogger, silentLeaseLogger } from '../logger.js';
import { type LeaseFileFormat, layoutForFormat } from './columns.js';
import { writeSlabLeaseFile } from './lease-file-writer.js';
import { fileExists } from './lease-files.js';
import { loadLeaseSet } from './lease-set-loader.js';

/** Kea's LFC gives up on a file after this many bad rows. */
export const CLEANUP_MAX_ROW_ERRORS = 100;

export interface CleanupFiles {
  /** `-x`: the previous result, `.2`. */
  previous: string;
  /** `-i`: the server's moved-aside file, `.1`. */
  copy: string;
  /** `-o`: written first. */
  output: string;
  /** `-f`: the finished output before it becomes `previous`. */
  finish: string;
}

export interface CleanupOptions {
  logger?: LeaseLogger;
  maxRowErrors?: number;
  format?: LeaseFileFormat;
}

export interface CleanupOutcome {
  /** Step 1 ran (false when resuming from an existing finish file, or when it failed). */
  readonly merged: boolean;
  /** Step 2 completed: `previous` now holds the result. */
  readonly rotated: boolean;
  readonly read: { readonly leases: number; readonly reads: number; readonly errors: number };
  readonly written: number;
  /** Why a step failed; the files are left for a later run to finish. */
  readonly error?: LeaseError;
}

async function removeIfPresent(file: string): Promise<void> {
  try {
    await rm(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function asLeaseError(err: unknown): LeaseError {
  return err instanceof LeaseError ? err : new LeaseFileIoError((err as Error).message, err);
}

export async function cleanupLeaseFiles(
  files: CleanupFiles,
  options: CleanupOptions = {},
): Promise<CleanupOutcome> {
  const logger = options.logger ?? silentLeaseLogger;
  let read = { leases: 0, reads: 0, errors: 0 };
  let written = 0;
  let merged = false;

  if (!(await fileExists(files.finish))) {
    logger.info('LFC_PROCESSING', `Previous file: ${files.previous}, copy file: ${files.copy}`);
    try {
      const loaded = await loadLeaseSet([files.previous, files.copy], {
        maxRowErrors: options.maxRowErrors ?? CLEANUP_MAX_ROW_ERRORS,
        logger,
      });
      for (const stats of loaded.files) {
        read = {
          leases: read.leases + stats.leases,
          reads: read.reads + stats.reads,
          errors: read.errors + stats.errors,
        };
      }
      const slab = loaded.leases;
      const ordered = slab.slots().sort((a, b) => slab.compareKeys(a, b));
      // Written from the slab's columns: the slab stays the only copy of the leases in memory.
      written = await writeSlabLeaseFile(
        files.output,
        slab,
        ordered,
        layoutForFormat(options.format ?? 'kea-2.2'),
      );
      logger.info(
        'LFC_READ_STATS',
        `Leases: ${read.leases}, attempts: ${read.reads}, errors: ${read.errors}.`,
      );
      logger.info('LFC_WRITE_STATS', `Leases: ${written}, attempts: ${written}, errors: 0.`);
      try {
        await rename(files.output, files.finish);
      } catch (err) {
        throw new LeaseFileIoError(
          `Unable to move output (${files.output}) to complete (${files.finish}) error: ${(err as Error).message}`,
          err,
        );
      }
      merged = true;
    } catch (err) {
      const error = asLeaseError(err);
      logger.error('LFC_FAIL_PROCESS', `Exception while processing leases: ${error.message}`);
      return { merged: false, rotated: false, read, written, error };
    }
  }

  logger.info('LFC_ROTATING', 'LFC rotating files');
  try {
    await removeIfPresent(files.previous);
    await removeIfPresent(files.copy);
    await rename(files.finish, files.previous);
  } catch (err) {
    const error = asLeaseError(err);
    logger.error('LFC_FAIL_ROTATE', `Exception while rotating files: ${error.message}`);
    return { merged, rotated: false, read, written, error };
  }
  return { merged, rotated: true, read, written };
}
