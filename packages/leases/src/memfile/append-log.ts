/**
 * Appends lease rows to the current lease file with group commit: the rows of every change made
 * in one event-loop turn go to the operating system in a single write call, and each change's
 * promise resolves once its rows are written (and, with `sync`, on stable storage). While a write
 * (or its fdatasync) is under way, new rows gather and go out together in the next one, so the
 * number of system calls, and of fdatasyncs, falls as the load rises. The one write per
 * event-loop turn is a direct system call (see writeAll); nothing else here blocks.
 *
 * If a write fails (a full disk, a read-only file system, EIO), the changes it carried and those
 * queued behind them are undone through the callbacks given with them, newest first, and their
 * promises reject: memory never runs ahead of what the file holds. Whatever part of the batch
 * reached the file is cut off and the file is closed, so that a broken file system is not held
 * open (an operator can remount or repair it); the next batch opens the file again, ending any
 * row left torn, and writing resumes by itself once the file can be written. The failure is
 * logged once per episode (see write-episodes), not once per batch.
 */
import { close, fdatasync, fstat, fsync, ftruncate, open, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { LeaseFileIoError } from '../errors.js';
import { type LeaseLogger, silentLeaseLogger } from '../logger.js';
import { endTornRow, TORN_ROW_ID } from './torn-row.js';
import { WriteEpisodes } from './write-episodes.js';

const openAsync = promisify(open);
const closeAsync = promisify(close);
const fstatAsync = promisify(fstat);
const ftruncateAsync = promisify(ftruncate);
const fdatasyncAsync = promisify(fdatasync);
const fsyncAsync = promisify(fsync);

/**
 * Makes a file's directory entry durable: fdatasync covers the file's data, not the name a new
 * file was created under, and a lease file that loses its name after a power cut is lost whole.
 */
async function syncDirectory(dir: string): Promise<void> {
  const fd = await openAsync(dir, 'r');
  try {
    await fsyncAsync(fd);
  } finally {
    await closeAsync(fd);
  }
}

/**
 * Writes the whole buffer now. A write() of a few rows lands in the page cache in microseconds,
 * as Kea's own lease file writes do; going through libuv's thread pool instead cost two thread
 * switches per batch, which measured as the largest single share of the server's CPU time per
 * exchange (49% against 33% of a core at 1,000 exchanges/s). fdatasync, when asked for, still
 * runs in the pool: it waits for the disk.
 */
function writeAll(fd: number, buffer: Buffer): Promise<void> {
  try {
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset, null);
    return Promise.resolve();
  } catch (err) {
    return Promise.reject(err);
  }
}

/** The records of one write call and what waits on them. */
class Batch<T> {
  readonly records: T[] = [];
  readonly undos: (() => void)[] = [];
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (err: Error) => void;
  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Callers await each change; a batch nobody awaits (all its changes were awaited
    // through other handles) must not surface as an unhandled rejection.
    this.done.catch(() => {});
  }
}

/** Writes a whole buffer at the end of a file opened for appending. */
export type WriteAll = (fd: number, data: Buffer) => Promise<void>;
/** Flushes a file's data to stable storage (fdatasync). */
export type DataSync = (fd: number) => Promise<void>;

export interface AppendLogOptions {
  /** fdatasync after each write, before the changes are acknowledged: survives power loss. */
  sync?: boolean;
  /** Replaces the system write (tests use it to make writes fail). */
  write?: WriteAll;
  /** Replaces fdatasync (tests use it to make it fail). */
  datasync?: DataSync;
  /** Where torn rows and write failures are reported (Kea-style ids). */
  logger?: LeaseLogger;
}

/** What the log has done, for tests and diagnostics. */
export interface AppendLogStats {
  /** Groups written, one write call each (a short write is continued, not counted again). */
  readonly batches: number;
  /** Records written. */
  readonly records: number;
  /** Groups whose write (or fdatasync, or the reopening before it) failed. */
  readonly failures: number;
  /** Records undone because their group failed. */
  readonly failedRecords: number;
  /** fdatasync calls that succeeded. */
  readonly syncs: number;
  /** Torn last rows ended when the file was opened. */
  readonly tornRows: number;
}

/** Renders one record as a line (ending with a newline) of the file currently open. */
export type LineFormat<T> = (record: T) => string;

export class AppendLog<T> {
  /** Undefined while closed for rotation, or after a failed write until the next batch reopens it. */
  private fd: number | undefined;
  /** Bytes of the file known to hold whole rows; a failed write is cut back to it. */
  private size = 0;
  private open: Batch<T> | undefined;
  private inFlight: Batch<T> | undefined;
  private header = '';
  private format: LineFormat<T> = () => '';
  private scheduled = false;
  /** Set while rotation or close owns the file: rows gather but are not written. */
  private held = false;
  private idleWaiters: (() => void)[] = [];
  private exclusiveChain: Promise<unknown> = Promise.resolve();
  private readonly writeAll: WriteAll;
  private readonly datasync: DataSync;
  private readonly logger: LeaseLogger;
  private readonly episodes: WriteEpisodes;
  private counters = { batches: 0, records: 0, failures: 0, failedRecords: 0, syncs: 0, tornRows: 0 };
  /** Set once closed: every later append fails. */
  private closedReason: string | undefined;

  private constructor(
    private path: string,
    private readonly options: AppendLogOptions,
  ) {
    this.writeAll = options.write ?? writeAll;
    this.datasync = options.datasync ?? fdatasyncAsync;
    this.logger = options.logger ?? silentLeaseLogger;
    this.episodes = new WriteEpisodes(this.logger);
  }

  get stats(): AppendLogStats {
    return { ...this.counters };
  }

  /**
   * Opens (creating when missing) a file for appending; `header` is written when the file is
   * empty, a torn last row is ended, and records are rendered with `format`.
   */
  static async open<T>(
    path: string,
    header: string,
    format: LineFormat<T>,
    options: AppendLogOptions = {},
  ): Promise<AppendLog<T>> {
    const log = new AppendLog<T>(path, options);
    await log.openFile(path, header, format);
    return log;
  }

  get file(): string {
    return this.path;
  }

  /** Whether the last write failed (and none has succeeded since). */
  get failing(): boolean {
    return this.episodes.failing;
  }

  /**
   * Queues a record for the next write. `undo` reverts the in-memory change the record describes,
   * should the write fail. Resolves when the record is in the file. Records are rendered when
   * written, so they take the layout of the file they land in.
   */
  append(record: T, undo?: () => void): Promise<void> {
    if (this.closedReason !== undefined) {
      undo?.();
      return Promise.reject(new LeaseFileIoError(this.closedReason));
    }
    if (!this.open) this.open = new Batch<T>();
    this.open.records.push(record);
    if (undo) this.open.undos.push(undo);
    if (!this.scheduled && !this.inFlight && !this.held) {
      this.scheduled = true;
      setImmediate(this.kick);
    }
    return this.open.done;
  }

  private readonly kick = (): void => {
    this.scheduled = false;
    void this.writeOpenBatch();
  };

  private async writeOpenBatch(): Promise<void> {
    while (this.open && !this.inFlight && !this.held) {
      const batch = this.open;
      this.open = undefined;
      // Stays set until the batch is settled, its failure handling included: no other write may
      // land while a failed one is being cut back.
      this.inFlight = batch;
      try {
        const fd = this.fd ?? (await this.reopen());
        let text = '';
        for (const record of batch.records) text += this.format(record);
        const buffer = Buffer.from(text, 'utf8');
        await this.writeAll(fd, buffer);
        if (this.options.sync) {
          await this.datasync(fd);
          this.counters.syncs++;
        }
        this.size += buffer.length;
        this.counters.batches++;
        this.counters.records += batch.records.length;
        this.episodes.succeeded(this.path);
        batch.resolve();
      } catch (err) {
        await this.failBatches(batch, err as Error);
      } finally {
        this.inFlight = undefined;
      }
    }
    if (!this.inFlight && !this.open) this.notifyIdle();
  }

  /** Opens the file again after a failure (or a rotation that could not reopen it). */
  private async reopen(): Promise<number> {
    await this.openFile(this.path, this.header, this.format);
    return this.fd!;
  }

  private async failBatches(failed: Batch<T>, cause: Error): Promise<void> {
    // Undo the newest changes first: later changes may build on earlier ones. This runs before
    // any await, so every change made from here on sees memory as the file has it.
    const later = this.open;
    this.open = undefined;
    const batches = later ? [later, failed] : [failed];
    const reason = cause instanceof LeaseFileIoError ? ((cause.cause as Error | undefined) ?? cause) : cause;
    const error =
      cause instanceof LeaseFileIoError
        ? cause
        : new LeaseFileIoError(`cannot write to lease file ${this.path}: ${cause.message}`, cause);
    let undone = 0;
    for (const batch of batches) {
      for (let i = batch.undos.length - 1; i >= 0; i--) batch.undos[i]!();
      undone += batch.records.length;
    }
    this.counters.failures++;
    this.counters.failedRecords += undone;
    this.episodes.failed(this.path, reason, undone);
    // Callers hear of the failure once no part of their rows is left in the file.
    await this.releaseFile();
    for (const batch of batches) batch.reject(error);
  }

  /**
   * Cuts off whatever part of a failed write reached the file and closes it. When the cut is
   * impossible too, the reopening ends the torn row, which the next load then counts as bad.
   */
  private async releaseFile(): Promise<void> {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    try {
      await ftruncateAsync(fd, this.size);
    } catch {
      // Left to the reopening (see above).
    }
    try {
      await closeAsync(fd);
    } catch {
      // The descriptor is released whatever close reports.
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves when every queued row has been written (or has failed). */
  flush(): Promise<void> {
    if (!this.open && !this.inFlight) return Promise.resolve();
    if (this.open && !this.scheduled && !this.inFlight && !this.held) {
      this.scheduled = true;
      setImmediate(this.kick);
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Runs `task` with the file to itself: queued rows are written first, rows appended meanwhile
   * wait and go to whatever file is open when the task ends.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    // One owner at a time: each task starts after the previous one ended.
    const run = this.exclusiveChain.then(() => this.runExclusive(task));
    this.exclusiveChain = run.catch(() => {});
    return run;
  }

  private async runExclusive<T>(task: () => Promise<T>): Promise<T> {
    await this.flush();
    this.held = true;
    try {
      return await task();
    } finally {
      this.held = false;
      if (this.open) void this.writeOpenBatch();
    }
  }

  /** Closes the file (inside `exclusive`). */
  async closeFile(): Promise<void> {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) await closeAsync(fd);
  }

  /**
   * Opens a file for appending (inside `exclusive`, at start, or again after a failure): writes
   * the header into an empty file and ends a torn last row. On failure the log stays without a
   * file and the next batch tries again.
   */
  async openFile(path: string, header: string, format: LineFormat<T>): Promise<void> {
    this.path = path;
    this.header = header;
    this.format = format;
    try {
      // Read and append: the last byte is read to find a torn row.
      const fd = await openAsync(path, 'a+', 0o644);
      try {
        let { size } = await fstatAsync(fd);
        if (size === 0) {
          const headerLine = Buffer.from(`${header}\n`, 'utf8');
          await writeAll(fd, headerLine);
          size = headerLine.length;
          if (this.options.sync) {
            await this.datasync(fd);
            await syncDirectory(dirname(path));
          }
        } else if ((await endTornRow(fd, size)) > 0) {
          size++;
          this.counters.tornRows++;
          this.logger.warn(
            TORN_ROW_ID,
            `lease file ${path} ended in the middle of a row (a crash or power cut during a write leaves one); the row was ended so that new rows start on a line of their own`,
          );
        }
        this.fd = fd;
        this.size = size;
      } catch (err) {
        await closeAsync(fd).catch(() => {});
        throw err;
      }
    } catch (err) {
      throw new LeaseFileIoError(`cannot open lease file ${path}: ${(err as Error).message}`, err);
    }
  }

  /** Writes what is queued and closes the file; later appends fail. */
  async close(): Promise<void> {
    await this.exclusive(async () => {
      await this.closeFile();
      this.closedReason = `lease file ${this.path} is closed`;
    });
  }
}
