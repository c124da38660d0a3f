/**
 * Kea's `sanity-checks.lease-checks`, applied to each lease read from the files at start-up. The
 * server tells which configured subnets contain an address; a lease whose subnet-id is not one of
 * them is then kept, corrected or dropped as the mode says. As Kea 2.2, only address leases
 * (IA_NA) are checked.
 */
import { ipv6BytesToText } from '@nestor/codec';
import { type Lease6, LeaseType } from '../lease.js';
import type { LeaseLogger } from '../logger.js';
import type { FastRow } from './fast-row.js';

export type LeaseCheckMode = 'none' | 'warn' | 'fix' | 'fix-del' | 'del';

export const LEASE_CHECK_MODES: readonly LeaseCheckMode[] = ['none', 'warn', 'fix', 'fix-del', 'del'];

/** The ids of the configured subnets whose prefix contains the address, in configuration order. */
export type SubnetLocator = (address: string) => readonly number[];

/**
 * The fast form of a SubnetLocator's question, for the start-up load of a million rows: whether
 * the subnet with this id contains the address given as 16 bytes at bytes[offset]. It must agree
 * with the locator: holds(id, address) exactly when locate(address) includes id.
 */
export type SubnetHolds = (subnetId: number, bytes: Uint8Array, offset: number) => boolean;

/** The lease to keep (possibly with a corrected subnet-id), or undefined to drop it. */
export function checkLease(
  lease: Lease6,
  mode: LeaseCheckMode,
  locate: SubnetLocator,
  logger: LeaseLogger,
): Lease6 | undefined {
  if (mode === 'none' || lease.type !== LeaseType.NA) return lease;
  const subnets = locate(lease.address);
  if (subnets.includes(lease.subnetId)) return lease;
  // The subnet the address belongs to, as Kea's subnet selection by address finds it (0: none).
  const right = subnets[0] ?? 0;
  if (right === lease.subnetId) return lease;
  const reason =
    right !== 0
      ? `the lease should have subnet-id ${right}`
      : 'the lease IP address did not belong to a configured subnet';
  const failed = `The lease ${lease.address} with subnet-id ${lease.subnetId} failed subnet-id checks`;
  const fix = (): Lease6 => {
    logger.info('DHCPSRV_LEASE_SANITY_FIXED', `${failed}, but was corrected to subnet-id ${right}.`);
    return Object.freeze({ ...lease, subnetId: right });
  };
  const drop = (): undefined => {
    logger.info('DHCPSRV_LEASE_SANITY_FAIL_DISCARD', `${failed} (${reason}) and was dropped.`);
    return undefined;
  };
  switch (mode) {
    case 'warn':
      logger.warn('DHCPSRV_LEASE_SANITY_FAIL', `${failed} (${reason}).`);
      return lease;
    case 'fix':
      if (right !== 0) return fix();
      logger.warn('DHCPSRV_LEASE_SANITY_FAIL', `${failed} (${reason}).`);
      return lease;
    case 'fix-del':
      return right !== 0 ? fix() : drop();
    case 'del':
      return drop();
  }
}

/**
 * Whether checkLease would keep a row read by the loader's fast path as it is, without a word
 * (every mode keeps such a lease): anything but an address lease, or an address inside its own
 * subnet. The loader builds a lease and calls checkLease only for the others.
 */
export function passesLeaseChecks(row: FastRow, locate: SubnetLocator, holds?: SubnetHolds): boolean {
  if (row.type !== LeaseType.NA) return true;
  // (profiled: turning each row's address into text for the locator, which parses it back, took
  // a fifth of a million-lease server start-up)
  if (holds) return holds(row.subnetId, row.address, 0);
  return locate(ipv6BytesToText(row.address)).includes(row.subnetId);
}
