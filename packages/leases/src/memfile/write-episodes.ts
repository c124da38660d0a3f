/**
 * Lease file write failures as operators need to see them: once when writing starts failing (with
 * the cause), again only if the cause changes, and once when writing works again, however many
 * changes fail in between. A full disk under load fails every batch of every packet; a line per
 * batch would flood the log and bury the one line that says what is wrong.
 */
import type { LeaseLogger } from '../logger.js';

/** Kea 2.2 has no message for a failed lease file write: these ids are Nestor's, in Kea's style. */
export const WRITE_FAIL_ID = 'DHCPSRV_MEMFILE_LEASE_FILE_WRITE_FAIL';
export const WRITE_RESUMED_ID = 'DHCPSRV_MEMFILE_LEASE_FILE_WRITE_RESUMED';

interface Episode {
  /** The errno code (ENOSPC, EROFS, EIO...) or, without one, the message. */
  cause: string;
  started: number;
  failedChanges: number;
}

function causeOf(err: Error): string {
  return (err as NodeJS.ErrnoException).code ?? err.message;
}

export class WriteEpisodes {
  private episode: Episode | undefined;

  constructor(
    private readonly logger: LeaseLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether writes are failing now. */
  get failing(): boolean {
    return this.episode !== undefined;
  }

  /** A write of `changes` lease changes failed (they were undone). */
  failed(file: string, err: Error, changes: number): void {
    const cause = causeOf(err);
    const previous = this.episode;
    if (previous?.cause !== cause) {
      this.logger.error(
        WRITE_FAIL_ID,
        `cannot write to lease file ${file}: ${err.message}; lease changes are undone and not acknowledged until the file can be written again`,
      );
    }
    this.episode = {
      cause,
      started: previous?.started ?? this.now(),
      failedChanges: (previous?.failedChanges ?? 0) + changes,
    };
  }

  /** A write succeeded: ends the episode, if one was under way. */
  succeeded(file: string): void {
    const episode = this.episode;
    if (!episode) return;
    this.episode = undefined;
    const seconds = ((this.now() - episode.started) / 1000).toFixed(1);
    this.logger.info(
      WRITE_RESUMED_ID,
      `lease file ${file} is written again; ${episode.failedChanges} lease changes failed and were not acknowledged in the last ${seconds} s`,
    );
  }
}
