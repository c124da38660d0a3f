/**
 * The memfile lease store: leases in memory (see lease-index), every change appended to a Kea
 * lease6 CSV file (see append-log), the files loaded at start-up in Kea's order, and the rotation
 * the server performs before it starts a lease file cleanup.
 *
 * Reads and the conflict check of `add` run synchronously against memory before the first await,
 * so a change is atomic with respect to every other call. A change is visible to readers at once
 * and acknowledged (its promise resolved) once its row has been written to the file.
 */
import { rename } from 'node:fs/promises';
import { isLeaseKeyOfType } from '../address.js';
import {
  LeaseFileBusyError,
  LeaseStoreClosedError,
  LeaseStoreConfigError,
  LeaseValidationError,
} from '../errors.js';
import type { Lease6, LeaseType } from '../lease.js';
import { type LeaseLogger, silentLeaseLogger } from '../logger.js';
import type {
  AddResult,
  ChangeOptions,
  CountQuery,
  DeleteResult,
  ExpiredQuery,
  IaQuery,
  KeyedLeaseStore,
  LeaseCount,
  ScannableLeaseStore,
  StoredLeaseSlot,
  UpdateResult,
} from '../store.js';
import { addressKeyOf, canonicalDuid, checkCount, checkHostname, checkType } from '../store-args.js';
import { normalizeKeyedLease, normalizeLease } from '../validate.js';
import { AppendLog, type AppendLogStats, type DataSync, type WriteAll } from './append-log.js';
import { type ColumnLayout, KEA_2_4_COLUMNS, type LeaseFileFormat, layoutForFormat } from './columns.js';
import { type LeaseFileStats, readLeaseFileHeader } from './lease-file-reader.js';
import {
  cleanupArguments,
  fileExists,
  type LeaseFileSet,
  leaseFileSet,
  pidFileNamesLiveProcess,
} from './lease-files.js';
import { type IndexedLease, indexed, LeaseIndex, primaryKey } from './lease-index.js';
import { loadLeaseSet } from './lease-set-loader.js';
import { rowFormatter } from './row-codec.js';
import {
  checkLease,
  LEASE_CHECK_MODES,
  type LeaseCheckMode,
  passesLeaseChecks,
  type SubnetHolds,
  type SubnetLocator,
} from './sanity.js';

export interface MemfileOptions {
  /** The lease file (Kea's `name`); required when persisting. */
  name?: string;
  /** false keeps leases in memory only and reads no file (Kea's `persist`). Default true. */
  persist?: boolean;
  /** Bad rows tolerated per file before loading fails; 0 (the default) means no limit. */
  maxRowErrors?: number;
  /** Kea's `sanity-checks.lease-checks` applied while loading. Default "warn" with a locator, else "none". */
  leaseChecks?: LeaseCheckMode;
  /** Which configured subnets contain an address; needed by every lease check but "none". */
  subnetsOf?: SubnetLocator;
  /** With subnetsOf, its fast form for rows read by the loader's fast path (see SubnetHolds). */
  subnetHolds?: SubnetHolds;
  /** The header new files get: Kea 2.2's (default) or Kea 2.4's with pool_id. */
  format?: LeaseFileFormat;
  /**
   * fdatasync each group of rows before acknowledging its changes (survives power loss; one
   * fdatasync per group, however many changes it holds). Default false, as Kea.
   */
  sync?: boolean;
  logger?: LeaseLogger;
  /**
   * Told of every change undone because its row could not be written, newest first: the lease
   * the row carried, and the lease now stored under its key (undefined: none). Readers may have
   * seen the change before it was undone; this lets what they derived from it (a server's pool
   * free slots) follow memory back.
   */
  onRollback?: RollbackListener;
  /** Replaces the system write of lease rows (tests use it to make writes fail). */
  write?: WriteAll;
  /** Replaces fdatasync (tests use it to make it fail). */
  datasync?: DataSync;
}

export type RollbackListener = (attempted: Lease6, restored: Lease6 | undefined) => void;

export interface MemfileLoadReport {
  /** The files read at start-up, in load order. */
  readonly files: readonly LeaseFileStats[];
  /** Leases in memory after loading. */
  readonly leases: number;
  /**
   * The current file's header differs from the one Nestor writes: rows are appended in that
   * file's own layout until a cleanup rewrites it, so the server should run one soon.
   */
  readonly conversionNeeded: boolean;
}

export interface RotationResult {
  /** The current file was moved to `.1` and a fresh one opened. */
  readonly rotated: boolean;
  /** Whether the server should now start kea-lfc (Kea also starts it to finish a stalled run). */
  readonly spawnCleanup: boolean;
}

const ADDED: AddResult = Object.freeze({ ok: true });
const CONFLICT: AddResult = Object.freeze({ ok: false, reason: 'conflict' });
const UPDATED: UpdateResult = Object.freeze({ ok: true });
const NOT_FOUND = Object.freeze({ ok: false, reason: 'not-found' }) as UpdateResult & DeleteResult;
const CHANGED = Object.freeze({ ok: false, reason: 'changed' }) as UpdateResult & DeleteResult;

function byKey(a: IndexedLease, b: IndexedLease): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function leasesInOrder(entries: Iterable<IndexedLease>): Lease6[] {
  return [...entries].sort(byKey).map((e) => e.lease);
}

/** The entry of a lease given with its store key: keyed normalisation, else the full one. */
function keyedEntry(lease: Lease6, leaseKey: string): IndexedLease {
  const stored = normalizeKeyedLease(lease, leaseKey);
  if (stored) return { lease: stored, key: leaseKey, expire: stored.cltt + stored.validLifetime };
  const normalized = normalizeLease(lease);
  return indexed(normalized.lease, normalized.addressKey);
}

/** A removal row: Kea writes the lease with valid (and, on delete, preferred) lifetime 0. */
function removalRow(lease: Lease6, keepPreferred: boolean): Lease6 {
  return { ...lease, validLifetime: 0, preferredLifetime: keepPreferred ? lease.preferredLifetime : 0 };
}

export class MemfileLeaseStore implements KeyedLeaseStore, ScannableLeaseStore {
  readonly backend = 'memfile';
  private closed = false;

  private constructor(
    private readonly index: LeaseIndex,
    private readonly log: AppendLog<Lease6> | undefined,
    /** The lease file and its companions; undefined when not persisting. */
    readonly files: LeaseFileSet | undefined,
    readonly loadReport: MemfileLoadReport,
    private readonly standardLayout: ColumnLayout,
    private readonly logger: LeaseLogger,
    private readonly onRollback: RollbackListener | undefined,
  ) {}

  /** Loads the lease files (Kea's order: `.completed` or else `.2` and `.1`, then the current file) and opens the current one. */
  static async open(options: MemfileOptions): Promise<MemfileLeaseStore> {
    const logger = options.logger ?? silentLeaseLogger;
    const persist = options.persist ?? true;
    const maxRowErrors = options.maxRowErrors ?? 0;
    checkCount('maxRowErrors', maxRowErrors, 0);
    const mode = options.leaseChecks ?? (options.subnetsOf ? 'warn' : 'none');
    if (!LEASE_CHECK_MODES.includes(mode))
      throw new LeaseStoreConfigError(`unknown lease-checks mode '${mode}'`);
    const locate = options.subnetsOf;
    if (mode !== 'none' && !locate) {
      throw new LeaseStoreConfigError(`lease-checks '${mode}' needs a subnet locator (subnetsOf)`);
    }
    const standardLayout = layoutForFormat(options.format ?? 'kea-2.2');

    if (!persist) {
      logger.warn(
        'DHCPSRV_MEMFILE_NO_STORAGE',
        'running in non-persistent mode, leases will be lost after restart',
      );
      const report = { files: [], leases: 0, conversionNeeded: false };
      return new MemfileLeaseStore(
        new LeaseIndex(),
        undefined,
        undefined,
        report,
        standardLayout,
        logger,
        options.onRollback,
      );
    }
    if (!options.name) throw new LeaseStoreConfigError('a persistent memfile store needs a lease file name');
    const files = leaseFileSet(options.name);
    // A running cleanup may be rewriting the files: refuse rather than read half a rotation.
    if (pidFileNamesLiveProcess(files.pid)) throw new LeaseFileBusyError(files.pid);

    const sources = (await fileExists(files.finish)) ? [files.finish] : [files.previous, files.copy];
    const loaded = await loadLeaseSet([...sources, files.current], {
      maxRowErrors,
      logger,
      check: mode === 'none' || !locate ? undefined : (lease) => checkLease(lease, mode, locate, logger),
      passes:
        mode === 'none' || !locate ? undefined : (row) => passesLeaseChecks(row, locate, options.subnetHolds),
      rowsAreLeases: true,
    });
    const index = LeaseIndex.build(loaded.leases);

    const currentStats = loaded.files.find((f) => f.file === files.current);
    const layout = currentStats?.layout ?? standardLayout;
    const conversionNeeded = layout.header !== standardLayout.header;
    if (conversionNeeded) {
      const upgrade = KEA_2_4_COLUMNS.some((c) => standardLayout.index[c] >= 0 && layout.index[c] < 0);
      logger.warn(
        upgrade ? 'DHCPSRV_MEMFILE_NEEDS_UPGRADING' : 'DHCPSRV_MEMFILE_NEEDS_DOWNGRADING',
        `lease file ${files.current} has the header '${layout.header}'; it will be rewritten by the next lease file cleanup`,
      );
    }
    const log = await AppendLog.open<Lease6>(files.current, layout.header, rowFormatter(layout), {
      sync: options.sync ?? false,
      logger,
      ...(options.write ? { write: options.write } : {}),
      ...(options.datasync ? { datasync: options.datasync } : {}),
    });
    const report = { files: loaded.files, leases: index.size, conversionNeeded };
    return new MemfileLeaseStore(index, log, files, report, standardLayout, logger, options.onRollback);
  }

  /** How many groups of rows were written, and how many rows (undefined when not persisting). */
  get writeStats(): AppendLogStats | undefined {
    return this.log?.stats;
  }

  /** The kea-lfc arguments for this store's files (empty when not persisting). */
  cleanupArguments(configFile?: string): string[] {
    return this.files ? cleanupArguments(this.files.current, configFile) : [];
  }

  private assertOpen(): void {
    if (this.closed) throw new LeaseStoreClosedError();
  }

  /**
   * Records a change of the lease stored under `key` in the file; `undo` reverts it in memory if
   * the write fails, and the rollback listener then hears of it.
   */
  private record(lease: Lease6, key: string, undo: () => void): Promise<void> {
    if (!this.log) return Promise.resolve();
    const listener = this.onRollback;
    if (!listener) return this.log.append(lease, undo);
    return this.log.append(lease, () => {
      undo();
      listener(lease, this.index.get(key)?.lease);
    });
  }

  async add(lease: Lease6): Promise<AddResult> {
    this.assertOpen();
    const { lease: stored, addressKey } = normalizeLease(lease);
    const entry = indexed(stored, addressKey);
    const undo = this.insertNew(entry);
    if (!undo) return CONFLICT;
    await this.record(stored, entry.key, undo);
    return ADDED;
  }

  async update(lease: Lease6, options?: ChangeOptions): Promise<UpdateResult> {
    this.assertOpen();
    const { lease: stored, addressKey } = normalizeLease(lease);
    const entry = indexed(stored, addressKey);
    const outcome = this.replaceCurrent(entry, options);
    if (typeof outcome !== 'function') return outcome;
    await this.record(stored, entry.key, outcome);
    return UPDATED;
  }

  /** `get` of the lease with this store key (see KeyedLeaseStore). */
  async getKeyed(type: LeaseType, leaseKey: string): Promise<Lease6 | undefined> {
    this.assertOpen();
    checkType(type);
    if (!isLeaseKeyOfType(leaseKey, type))
      throw new LeaseValidationError('key', `is not a key of type ${type}`);
    return this.index.lease(leaseKey);
  }

  /** `add` of a lease given with its store key (see KeyedLeaseStore). */
  async addKeyed(lease: Lease6, leaseKey: string): Promise<AddResult> {
    this.assertOpen();
    const entry = keyedEntry(lease, leaseKey);
    const undo = this.insertNew(entry);
    if (!undo) return CONFLICT;
    await this.record(entry.lease, entry.key, undo);
    return ADDED;
  }

  /** `update` of a lease given with its store key (see KeyedLeaseStore). */
  async updateKeyed(lease: Lease6, leaseKey: string, options?: ChangeOptions): Promise<UpdateResult> {
    this.assertOpen();
    const entry = keyedEntry(lease, leaseKey);
    const outcome = this.replaceCurrent(entry, options);
    if (typeof outcome !== 'function') return outcome;
    await this.record(entry.lease, entry.key, outcome);
    return UPDATED;
  }

  /** Indexes a lease unless its key is taken (then undefined); returns what undoes it. */
  private insertNew(entry: IndexedLease): (() => void) | undefined {
    const key = entry.key;
    if (this.index.has(key)) return undefined;
    this.index.insert(entry);
    return () => this.index.restore(key, undefined);
  }

  /** Puts a lease in place of the stored one with its key; returns what undoes it, or why not. */
  private replaceCurrent(
    entry: IndexedLease,
    options: ChangeOptions | undefined,
  ): (() => void) | UpdateResult {
    const key = entry.key;
    const current = this.index.get(key);
    if (!current) return NOT_FOUND;
    if (options?.expectedExpire !== undefined && current.expire !== options.expectedExpire) return CHANGED;
    this.index.replace(current, entry);
    return () => this.index.restore(key, current);
  }

  async delete(type: LeaseType, address: string, options?: ChangeOptions): Promise<DeleteResult> {
    this.assertOpen();
    checkType(type);
    const key = primaryKey(addressKeyOf(address), type);
    const current = this.index.get(key);
    if (!current) return NOT_FOUND;
    if (options?.expectedExpire !== undefined && current.expire !== options.expectedExpire) return CHANGED;
    this.index.remove(key);
    await this.record(removalRow(current.lease, false), key, () => this.index.restore(key, current));
    return { ok: true, lease: current.lease };
  }

  /** Removes entries, one removal row each, all in one group of writes. */
  private async removeAll(entries: readonly IndexedLease[], keepPreferred: boolean): Promise<number> {
    const written: Promise<void>[] = [];
    for (const entry of entries) {
      this.index.remove(entry.key);
      written.push(
        this.record(removalRow(entry.lease, keepPreferred), entry.key, () =>
          this.index.restore(entry.key, entry),
        ),
      );
    }
    await Promise.all(written);
    return entries.length;
  }

  async deleteExpiredReclaimed(seconds: number, now: number): Promise<number> {
    this.assertOpen();
    checkCount('seconds', seconds, 0);
    checkCount('now', now, 0);
    // As Kea's flush of reclaimed leases: the removal rows keep the preferred lifetime.
    return this.removeAll(this.index.reclaimedUntil(now - seconds), true);
  }

  async wipe(subnetId: number): Promise<number> {
    this.assertOpen();
    checkCount('subnetId', subnetId, 0);
    return this.removeAll(this.index.bySubnet(subnetId), false);
  }

  async get(type: LeaseType, address: string): Promise<Lease6 | undefined> {
    this.assertOpen();
    checkType(type);
    return this.index.lease(primaryKey(addressKeyOf(address), type));
  }

  async getByIa(query: IaQuery): Promise<Lease6[]> {
    this.assertOpen();
    checkType(query.type);
    checkCount('iaid', query.iaid, 0);
    const found = this.index.byIa(query.type, canonicalDuid(query.duid), query.iaid);
    const subnetId = query.subnetId;
    return leasesInOrder(subnetId === undefined ? found : found.filter((e) => e.lease.subnetId === subnetId));
  }

  async getByDuid(duid: string): Promise<Lease6[]> {
    this.assertOpen();
    return leasesInOrder(this.index.byDuid(canonicalDuid(duid)));
  }

  async getByHostname(hostname: string): Promise<Lease6[]> {
    this.assertOpen();
    checkHostname(hostname);
    return leasesInOrder(this.index.byHostname(hostname));
  }

  async getBySubnet(subnetId: number): Promise<Lease6[]> {
    this.assertOpen();
    checkCount('subnetId', subnetId, 0);
    return leasesInOrder(this.index.bySubnet(subnetId));
  }

  /** Every stored lease's type, subnet, state and address bytes, no Lease6 built (see ScannableLeaseStore). */
  scanSlots(visit: (lease: Readonly<StoredLeaseSlot>) => void): void {
    this.assertOpen();
    this.index.scanSlots(visit);
  }

  async getAll(): Promise<Lease6[]> {
    this.assertOpen();
    return this.index.all().map((e) => e.lease);
  }

  async getPage(after: string | undefined, limit: number): Promise<Lease6[]> {
    this.assertOpen();
    checkCount('limit', limit, 1);
    const afterKey = after === undefined ? undefined : addressKeyOf(after);
    return this.index.page(afterKey, limit).map((e) => e.lease);
  }

  async getExpired(query: ExpiredQuery): Promise<Lease6[]> {
    this.assertOpen();
    checkCount('now', query.now, 0);
    checkCount('limit', query.limit, 0);
    return this.index.expired(query.now, query.limit, query.includeReclaimed ?? false).map((e) => e.lease);
  }

  async counts(query: CountQuery = {}): Promise<LeaseCount[]> {
    this.assertOpen();
    return this.index.countRows(query.firstSubnetId, query.lastSubnetId) as LeaseCount[];
  }

  /**
   * Moves the current file to `.1` and opens a fresh one, as Kea does before each cleanup, but
   * only when neither `.completed` nor `.1` exists (a cleanup that did not finish still owns
   * them). Rows written meanwhile wait and go to the new file.
   */
  async rotateForCleanup(): Promise<RotationResult> {
    this.assertOpen();
    const log = this.log;
    const files = this.files;
    if (!log || !files) return { rotated: false, spawnCleanup: false };
    return log.exclusive(async () => {
      if ((await fileExists(files.finish)) || (await fileExists(files.copy))) {
        return { rotated: false, spawnCleanup: true };
      }
      this.logger.info('DHCPSRV_MEMFILE_LFC_START', 'starting Lease File Cleanup');
      await log.closeFile();
      let rotated = true;
      try {
        await rename(files.current, files.copy);
      } catch (err) {
        rotated = false;
        this.logger.error(
          'DHCPSRV_MEMFILE_LFC_LEASE_FILE_RENAME_FAIL',
          `failed to rename the current lease file ${files.current} to ${files.copy}, reason: ${(err as Error).message}`,
        );
      }
      // Renamed: a fresh file with Nestor's header. Not renamed: the same file, its own header.
      const layout = rotated ? this.standardLayout : await this.currentLayout(files.current);
      try {
        await log.openFile(files.current, layout.header, rowFormatter(layout));
      } catch (err) {
        this.logger.error(
          'DHCPSRV_MEMFILE_LFC_LEASE_FILE_REOPEN_FAIL',
          `failed to reopen lease file ${files.current} after preparing input file for lease file cleanup, reason: ${(err as Error).message}`,
        );
        return { rotated, spawnCleanup: false };
      }
      return { rotated, spawnCleanup: rotated };
    });
  }

  private async currentLayout(file: string): Promise<ColumnLayout> {
    try {
      return (await readLeaseFileHeader(file)) ?? this.standardLayout;
    } catch {
      return this.standardLayout;
    }
  }

  /** Writes what is pending and closes the file; every later call rejects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.log?.close();
  }
}
