/**
 * The leases a memfile lease file set holds, read as the server reads it on start: `.2`, `.1`,
 * then the current file, the latest row per address winning and a row with valid lifetime 0
 * removing it (testkit's reader, independent of the server's). The cleanup (kea-lfc) may
 * rotate and merge the files while they are read; the set is read again until it stayed the
 * same (names, inodes, sizes) from start to end of a read.
 */
import { readFileSync, statSync } from 'node:fs';
import { effectiveLeases, LEASE_STATE, LEASE_TYPE, type Lease6Row, parseLease6Csv } from '@nestor/testkit';

export interface FileLeaseCounts {
  /** Addresses in the default or declined state: what subnet[id].assigned-nas counts. */
  assigned: number;
  declined: number;
  /** Rows read, all files together. */
  rows: number;
}

function fingerprint(files: readonly string[]): string {
  return files
    .map((file) => {
      try {
        const s = statSync(file);
        return `${file}:${s.ino}:${s.size}`;
      } catch {
        return `${file}:-`;
      }
    })
    .join('|');
}

function readRows(file: string): Lease6Row[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  // The server appends whole rows; a last one without its newline is still being written.
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete === '' ? [] : parseLease6Csv(complete);
}

/** Counts the NA leases of `subnetId` in the file set of `leaseFile`; undefined if it kept changing. */
export function countFileLeases(
  leaseFile: string,
  subnetId: number,
  attempts = 5,
): FileLeaseCounts | undefined {
  const files = [`${leaseFile}.2`, `${leaseFile}.1`, leaseFile];
  for (let attempt = 0; attempt < attempts; attempt++) {
    const before = fingerprint(files);
    const rows = files.flatMap(readRows);
    if (fingerprint(files) !== before) continue;
    let assigned = 0;
    let declined = 0;
    for (const row of effectiveLeases(rows)) {
      if (row.leaseType !== LEASE_TYPE.NA || row.subnetId !== subnetId) continue;
      if (row.state === LEASE_STATE.DEFAULT || row.state === LEASE_STATE.DECLINED) assigned++;
      if (row.state === LEASE_STATE.DECLINED) declined++;
    }
    return { assigned, declined, rows: rows.length };
  }
  return undefined;
}
