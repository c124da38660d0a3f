/**
 * Writes large Kea 2.2 lease6 CSV files fast, for the start-up and lease file cleanup figures:
 * `leases` distinct IA_NA leases in 2001:db8:1::/64 (inside the bench subnet's pool, so neither
 * server's lease sanity checks complain), each with its own DUID-LLT and the hardware address in
 * it, written `rowsPerLease` times (renewals: the same lease with a later expiry), the rows of one
 * round for every lease before the next round, as a busy server's file looks. Every lease expires
 * well after the run, so all are active. Rows are built in a byte buffer and written in large
 * chunks: a million rows take about a second.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export const KEA_2_2_LEASE6_HEADER =
  'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source';

export interface LeaseFileSpec {
  leases: number;
  /** Rows per lease (1: a file just cleaned; 5: a file kea-lfc has work on). Default 1. */
  rowsPerLease?: number;
  /** Unix seconds of the first row's client last transmission; default now. */
  cltt?: number;
  /** Valid lifetime of every lease; default one day, so no lease expires during a bench. */
  validLifetime?: number;
}

const hex2 = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');

/** The colon hex of the 4 bytes of n (big-endian). */
function hexBytes4(n: number): string {
  return `${hex2(n >>> 24)}:${hex2(n >>> 16)}:${hex2(n >>> 8)}:${hex2(n)}`;
}

/** The address of lease i: 2001:db8:1::1:0 onwards (RFC 5952 text, as both servers write it). */
export function generatedAddress(i: number): string {
  const n = i + 0x10000;
  return `2001:db8:1::${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}`;
}

/** One row of lease i in round r. */
function row(i: number, round: number, cltt: number, valid: number): string {
  // DUID-LLT (type 1, hardware type 1, a time) with a MAC derived from i; the hwaddr is that MAC.
  const mac = `0a:00:${hexBytes4(i)}`;
  const duid = `00:01:00:01:2b:3c:4d:5e:${mac}`;
  const expire = cltt + round * 60 + valid;
  return `${generatedAddress(i)},${duid},${valid},${expire},1,${Math.floor((valid * 3) / 4)},0,${i + 1},128,0,0,,${mac},0,,1,1\n`;
}

/** Writes the file; resolves with the number of data rows written. */
export function writeLeaseFile(path: string, spec: LeaseFileSpec): number {
  const rounds = spec.rowsPerLease ?? 1;
  const cltt = spec.cltt ?? Math.floor(Date.now() / 1000);
  const valid = spec.validLifetime ?? 86_400;
  const fd = openSync(path, 'w');
  try {
    const chunk = Buffer.allocUnsafe(4 << 20);
    let used = chunk.write(`${KEA_2_2_LEASE6_HEADER}\n`, 0, 'latin1');
    let rows = 0;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < spec.leases; i++) {
        if (used > chunk.length - 512) {
          writeSync(fd, chunk, 0, used);
          used = 0;
        }
        used += chunk.write(row(i, round, cltt, valid), used, 'latin1');
        rows++;
      }
    }
    writeSync(fd, chunk, 0, used);
    return rows;
  } finally {
    closeSync(fd);
  }
}

// node dist/bench/lease-file-generator.js FILE LEASES [ROWS_PER_LEASE]
if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, leases, rowsPerLease] = process.argv.slice(2);
  if (!file || !leases || !Number.isInteger(Number(leases))) {
    console.error('usage: lease-file-generator FILE LEASES [ROWS_PER_LEASE]');
    process.exit(1);
  }
  const started = Date.now();
  const rows = writeLeaseFile(file, { leases: Number(leases), rowsPerLease: Number(rowsPerLease ?? 1) });
  console.error(`${rows} rows in ${Date.now() - started} ms`);
}
