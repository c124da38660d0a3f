/**
 * Loads a sequence of lease files into one set of leases, as Kea does: files in order, rows in
 * order, the last row for a (type, address) winning and a row with valid lifetime 0 (a release or
 * removal) taking the lease out.
 */
import type { Lease6 } from '../lease.js';
import type { LeaseLogger } from '../logger.js';
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

export interface LoadOptions {
  maxRowErrors: number;
  logger: LeaseLogger;
  /** Inspects each lease before it is applied: returns the lease to apply, or undefined to skip it. */
  check?: (lease: Lease6) => Lease6 | undefined;
}

export interface LoadedLeaseSet {
  readonly leases: LeaseSet;
  /** One entry per file that existed, in load order. */
  readonly files: LeaseFileStats[];
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
  for (const file of files) {
    const read = await readLeaseFile(file, visit, options);
    if (read) stats.push(read);
  }
  return { leases, files: stats };
}
