/**
 * Appends lease rows to the current lease file with group commit: the rows of every change made
 * in one event-loop turn go to the operating system in a single write call, and each change's
 * promise resolves once its rows are written. While a write is under way, new rows gather and go
 * out together in the next one, so the number of system calls falls as the load rises. The one
 * write per event-loop turn is a direct system call (see writeAll); nothing else here blocks.
 *
 * If a write fails, the changes it carried (and those queued behind them) are undone through the
 * callbacks given with them, in reverse order, and their promises reject: what is in memory never
 * runs ahead of what an acknowledged change put in the file.
 */
import { close, fdatasync, fstat, ftruncate, open, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { LeaseFileIoError } from '../errors.js';

const openAsync = promisify(open);
const closeAsync = promisify(close);
const fstatAsync = promisify(fstat);
const ftruncateAsync = promisify(ftruncate);
const fdatasyncAsync = promisify(fdatasync);

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

export interface AppendLogOptions {
  /** fdatasync after each write: survives power loss, at the disk's pace. Kea does not. */
  sync?: boolean;
  /** Replaces the system write (tests use it to make writes fail). */
  write?: WriteAll;
}

/** What the log has done, for tests and diagnostics. */
export interface AppendLogStats {
  /** Groups written, one write call each (a short write is continued, not counted again). */
  readonly batches: number;
  /** Records written. */
  readonly records: number;
  /** Groups whose write failed. */
  readonly failures: number;
}

/** Renders one record as a line (ending with a newline) of the file currently open. */
export type LineFormat<T> = (record: T) => string;

export class AppendLog<T> {
  private fd: number | undefined;
  /** Bytes of the file known to hold whole rows; a failed write is cut back to it. */
  private size = 0;
  private open: Batch<T> | undefined;
  private inFlight: Batch<T> | undefined;
  private format: LineFormat<T> = () => '';
  private scheduled = false;
  /** Set while rotation or close owns the file: rows gather but are not written. */
  private held = false;
  private idleWaiters: (() => void)[] = [];
  private exclusiveChain: Promise<unknown> = Promise.resolve();
  private readonly writeAll: WriteAll;
  private counters = { batches: 0, records: 0, failures: 0 };
  /** Set when the file could not be reopened or cut back: every later append fails. */
  private brokenReason: string | undefined;

  private constructor(
    private path: string,
    private readonly options: AppendLogOptions,
  ) {
    this.writeAll = options.write ?? writeAll;
  }

  get stats(): AppendLogStats {
    return { ...this.counters };
  }

  /**
   * Opens (creating when missing) a file for appending; `header` is written when the file is
   * empty, and records are rendered with `format`.
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

  /** Why appends fail, when the file is unusable. */
  get broken(): string | undefined {
    return this.brokenReason;
  }

  /**
   * Queues a record for the next write. `undo` reverts the in-memory change the record describes,
   * should the write fail. Resolves when the record is in the file. Records are rendered when
   * written, so they take the layout of the file they land in.
   */
  append(record: T, undo?: () => void): Promise<void> {
    if (this.brokenReason !== undefined) {
      undo?.();
      return Promise.reject(new LeaseFileIoError(this.brokenReason));
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
      this.inFlight = batch;
      try {
        if (this.fd === undefined) throw new Error('the lease file is not open');
        let text = '';
        for (const record of batch.records) text += this.format(record);
        const buffer = Buffer.from(text, 'utf8');
        await this.writeAll(this.fd, buffer);
        if (this.options.sync) await fdatasyncAsync(this.fd);
        this.size += buffer.length;
        this.counters.batches++;
        this.counters.records += batch.records.length;
        this.inFlight = undefined;
        batch.resolve();
      } catch (err) {
        this.inFlight = undefined;
        await this.failBatches(batch, err as NodeJS.ErrnoException);
      }
    }
    if (!this.inFlight && !this.open) this.notifyIdle();
  }

  private async failBatches(failed: Batch<T>, cause: NodeJS.ErrnoException): Promise<void> {
    this.counters.failures++;
    const error = new LeaseFileIoError(`cannot write to lease file ${this.path}: ${cause.message}`, cause);
    // Undo the newest changes first: later changes may build on earlier ones.
    const later = this.open;
    this.open = undefined;
    for (const batch of later ? [later, failed] : [failed]) {
      for (let i = batch.undos.length - 1; i >= 0; i--) batch.undos[i]!();
      batch.reject(error);
    }
    // Drop any partial row so the next write starts on a fresh line.
    try {
      if (this.fd !== undefined) await ftruncateAsync(this.fd, this.size);
    } catch (err) {
      this.brokenReason = `lease file ${this.path} is unusable after a failed write: ${(err as Error).message}`;
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

  /** Opens a file for appending (inside `exclusive`, or at start); failures mark the log broken. */
  async openFile(path: string, header: string, format: LineFormat<T>): Promise<void> {
    try {
      const fd = await openAsync(path, 'a', 0o644);
      try {
        let { size } = await fstatAsync(fd);
        if (size === 0) {
          const headerLine = Buffer.from(`${header}\n`, 'utf8');
          await writeAll(fd, headerLine);
          size = headerLine.length;
        }
        this.fd = fd;
        this.size = size;
        this.format = format;
        this.path = path;
        this.brokenReason = undefined;
      } catch (err) {
        await closeAsync(fd).catch(() => {});
        throw err;
      }
    } catch (err) {
      this.brokenReason = `cannot open lease file ${path}: ${(err as Error).message}`;
      throw new LeaseFileIoError(this.brokenReason, err);
    }
  }

  /** Writes what is queued and closes the file; later appends fail. */
  async close(): Promise<void> {
    await this.exclusive(async () => {
      await this.closeFile();
      this.brokenReason = `lease file ${this.path} is closed`;
    });
  }
}
