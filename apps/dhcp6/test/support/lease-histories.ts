/**
 * A lease file as the differential tests compare it: the rows of each lease (address and type)
 * in the order they were appended. Rows of different leases may interleave differently on two
 * servers (a wipe deletes in each server's own order); each lease's history must be the same.
 */
import { readFileSync } from 'node:fs';
import { parseLease6Csv } from '@nestor/testkit';

export function leaseHistories(file: string): Record<string, unknown[]> {
  const byLease = new Map<string, unknown[]>();
  for (const r of parseLease6Csv(readFileSync(file, 'utf8'))) {
    const key = `${r.address}/${r.leaseType}`;
    const row = {
      duid: r.duid,
      valid: r.validLifetime,
      preferred: r.prefLifetime,
      iaid: r.iaid,
      prefixLen: r.prefixLen,
      subnet: r.subnetId,
      state: r.state,
      hostname: r.hostname,
      hwaddr: r.hwaddr,
      fqdn: [r.fqdnFwd, r.fqdnRev],
      userContext: r.userContext === '' ? null : JSON.parse(r.userContext),
    };
    byLease.set(key, [...(byLease.get(key) ?? []), row]);
  }
  return Object.fromEntries([...byLease].sort(([a], [b]) => (a < b ? -1 : 1)));
}
