import type { Lease6 } from '@nestor/leases';
import type { LeaseCommandTarget } from './lease-target.js';

/** What adding or updating one lease came to: done (added or updated), or Kea's reason why not. */
export type ApplyOutcome = { ok: true; added: boolean } | { ok: false; reason: string };

const updateRace = (address: string): string =>
  `failed to update the lease with address ${address} either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed`;

/**
 * Updates the lease stored at the lease's type and address, or adds it when there is none and
 * `forceCreate` allows it, as lease6-update and each lease of lease6-bulk-apply do in Kea.
 * Another change slipping in between the read and the write is refused in Kea's words.
 */
export async function addOrUpdateLease(
  target: LeaseCommandTarget,
  lease: Lease6,
  forceCreate: boolean,
): Promise<ApplyOutcome> {
  const current = await target.store().get(lease.type, lease.address);
  if (!current) {
    if (!forceCreate) return { ok: false, reason: updateRace(lease.address) };
    const added = await target.addLease(lease);
    return added.ok
      ? { ok: true, added: true }
      : { ok: false, reason: 'lost race between calls to get and add' };
  }
  const updated = await target.replaceLease(current, lease);
  return updated.ok ? { ok: true, added: false } : { ok: false, reason: updateRace(lease.address) };
}
