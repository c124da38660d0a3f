/**
 * Loads a sequence of lease files into one set of leases, as Kea does: files in order, rows in
 * order, the last row for a (type, address) winning and a row with valid lifetime 0 (a release or
 * removal) taking the lease out.
 */
import { stat } from 'node:fs/promises';
import type { Lease6 } from '../lease.js';
import type { LeaseLogger } from '../logger.js';
import type { FastRow } from './fast-row.js';
import { type LeaseFileStats, readLeaseFile } from './lease-file-reader.js';
import { primaryKey } from './lease-index.js';
import { LeaseSlab } from './lease-slab.js';

/** The leases loaded, in columns (see lease-slab): a million of them fit in about 150 MB. */
export type LeaseSet = LeaseSlab;

/** Applies one row read from a file. */
export function applyRow(leases: LeaseSet, lease: Lease6, addressKey: string): void {
  const key = primaryKey(addressKey, lease.type);
  const slot = leases.findKey(key);
  if (lease.validLifetime === 0) {
    if (slot >= 0) leases.remove(slot);
  } else if (slot >= 0) leases.write(slot, lease);
  else leases.insertKeyed(lease, key);
}

/** applyRow for a row read by the fast path. */
export function applyFastRow(leases: LeaseSet, row: FastRow): void {
  const slot = leases.find(row.type, row.address, 0);
  if (row.valid === 0) {
    if (slot >= 0) leases.remove(slot);
  } else if (slot >= 0) leases.writeRow(slot, row);
  else leases.insertRow(row);
}

export interface LoadOptions {
  maxRowErrors: number;
  logger: LeaseLogger;
  /** Inspects each lease before it is applied: returns the lease to apply, or undefined to skip it. */
  check?: (lease: Lease6) => Lease6 | undefined;
  /**
   * With `check`: whether a row read by the fast path would pass it unchanged and unlogged, so
   * no lease need be built for it. Without it, every row goes to `check` as a lease.
   */
  passes?: (row: FastRow) => boolean;
  /** The files hold about one row per lease (a server's files after cleanups): size the key table from them. */
  rowsAreLeases?: boolean;
}

export interface LoadedLeaseSet {
  readonly leases: LeaseSet;
  /** One entry per file that existed, in load order. */
  readonly files: LeaseFileStats[];
}

/** No lease6 row is shorter than this (an address, a DUID byte and the other columns' commas). */
const MIN_ROW_BYTES = 48;
/** A row as Kea writes one with a DUID-LLT and a hardware address. */
const TYPICAL_ROW_BYTES = 120;

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

export async function loadLeaseSet(files: readonly string[], options: LoadOptions): Promise<LoadedLeaseSet> {
  const leases: LeaseSet = new LeaseSlab();
  const stats: LeaseFileStats[] = [];
  const check = options.check;
  const visit = check
    ? (lease: Lease6, key: string) => {
        const kept = check(lease);
        if (kept) applyRow(leases, kept, key);
      }
    : (lease: Lease6, key: string) => applyRow(leases, lease, key);
  const passes = options.passes;
  const visitFast =
    check === undefined
      ? (row: FastRow) => {
          applyFastRow(leases, row);
          return true;
        }
      : passes === undefined
        ? undefined
        : (row: FastRow) => {
            if (!passes(row)) return false;
            applyFastRow(leases, row);
            return true;
          };
  // Room for as many leases as the files could hold rows, reserved once (see LeaseSlab.reserve).
  let bytes = 0;
  for (const file of files) bytes += await fileSize(file);
  // The hash table, written all over and so resident in full, is sized from the files only for
  // a server's load (about a row per lease); kea-lfc's input holds several rows per lease.
  const keys = options.rowsAreLeases ? Math.ceil(bytes / TYPICAL_ROW_BYTES) : 0;
  leases.reserve(Math.ceil(bytes / MIN_ROW_BYTES), keys);
  for (const file of files) {
    const read = await readLeaseFile(file, visit, options, visitFast);
    if (read) stats.push(read);
  }
  return { leases, files: stats };
}
