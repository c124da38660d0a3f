/**
 * The DHCPv6 lease model, as Kea's Lease6 and its lease6 CSV columns describe it. Backends store
 * and return these values; every text field is kept in one canonical form so that equal leases
 * compare equal whichever backend or file they came from.
 */
import type { JsonObject } from '@nestor/json';

/** Kea's lease_type column: 0 IA_NA address, 1 IA_TA temporary address, 2 IA_PD prefix. */
export const LeaseType = { NA: 0, TA: 1, PD: 2 } as const;
export type LeaseType = (typeof LeaseType)[keyof typeof LeaseType];

/** Names used by Kea's lease commands ("IA_NA", "IA_TA", "IA_PD"). */
export const LEASE_TYPE_NAMES: Readonly<Record<LeaseType, string>> = { 0: 'IA_NA', 1: 'IA_TA', 2: 'IA_PD' };

/** Kea's lease states. Other values may appear in files written by newer Kea versions and are kept. */
export const LeaseState = { DEFAULT: 0, DECLINED: 1, EXPIRED_RECLAIMED: 2 } as const;
export type LeaseState = number;

export type { JsonObject, JsonValue } from '@nestor/json';

/** Kea's `DUID::EMPTY()`: the placeholder identifier of declined leases. */
export const EMPTY_DUID = '00';

/** Hardware type of Ethernet (RFC 826), Kea's default when a file gives an address but no type. */
export const HTYPE_ETHER = 1;

export interface Lease6 {
  readonly type: LeaseType;
  /** RFC 5952 text; for a delegated prefix, the prefix itself. */
  readonly address: string;
  /** 128 for addresses, the delegated length for prefixes. */
  readonly prefixLength: number;
  /** Lowercase colon-separated hex, as the CSV file writes it ("00" for declined leases). */
  readonly duid: string;
  readonly iaid: number;
  readonly subnetId: number;
  readonly preferredLifetime: number;
  /**
   * Seconds. In a lease file a row with 0 records a removal (Kea's convention), so a lease stored
   * with 0 stays in memory but is not there after a reload, exactly as with Kea.
   */
  readonly validLifetime: number;
  /** Client last transmission time, unix seconds; the lease expires at cltt + validLifetime. */
  readonly cltt: number;
  readonly fqdnFwd: boolean;
  readonly fqdnRev: boolean;
  /** Empty when the client sent none. */
  readonly hostname: string;
  /** Lowercase colon hex, or empty when unknown. */
  readonly hwaddr: string;
  /** Hardware type (meaningful only with hwaddr). */
  readonly hwtype: number;
  /** How the hardware address was learned, Kea's HWADDR_SOURCE_* bit (meaningful only with hwaddr). */
  readonly hwaddrSource: number;
  readonly state: LeaseState;
  /** A JSON object, or undefined when the lease has none. */
  readonly userContext?: Readonly<JsonObject> | undefined;
  /** Pool identifier (Kea 2.4+ files; 0 elsewhere). */
  readonly poolId: number;
}

/** What a caller must give to build a lease; everything else takes Kea's defaults. */
export type Lease6Init = Pick<
  Lease6,
  'type' | 'address' | 'duid' | 'iaid' | 'subnetId' | 'preferredLifetime' | 'validLifetime' | 'cltt'
> &
  Partial<Lease6>;

/** Builds a lease with Kea's defaults for the optional fields (no hostname, no hardware address...). */
export function lease6(init: Lease6Init): Lease6 {
  return {
    prefixLength: init.type === LeaseType.PD ? 64 : 128,
    fqdnFwd: false,
    fqdnRev: false,
    hostname: '',
    hwaddr: '',
    hwtype: HTYPE_ETHER,
    hwaddrSource: 0,
    state: LeaseState.DEFAULT,
    userContext: undefined,
    poolId: 0,
    ...init,
  };
}

/** When the lease stops being valid, unix seconds. */
export function leaseExpire(lease: Pick<Lease6, 'cltt' | 'validLifetime'>): number {
  return lease.cltt + lease.validLifetime;
}
