import { timeToText as timeText } from './time.js';

/** The NameChangeRequest a DHCP server sends kea-dhcp-ddns (Kea's dhcp_ddns::NameChangeRequest). */

export const CHANGE_TYPE = { add: 0, remove: 1 } as const;
export type ChangeType = (typeof CHANGE_TYPE)[keyof typeof CHANGE_TYPE];

/**
 * Kea 2.6's conflict-resolution-mode. Kea 2.2 carries only use-conflict-resolution, which reads
 * as check-with-dhcid (true) or no-check-with-dhcid (false).
 */
export const CONFLICT_RESOLUTION_MODES = [
  'check-with-dhcid',
  'no-check-with-dhcid',
  'check-exists-with-dhcid',
  'no-check-without-dhcid',
] as const;
export type ConflictResolutionMode = (typeof CONFLICT_RESOLUTION_MODES)[number];

export interface NameChangeRequest {
  changeType: ChangeType;
  forwardChange: boolean;
  reverseChange: boolean;
  /** Master-file text with a trailing dot, as Kea normalises it ("host.example.com."). */
  fqdn: string;
  /** An IPv4 or IPv6 address in its usual text form. */
  ipAddress: string;
  /** The RFC 4701 DHCID RDATA. */
  dhcid: Uint8Array;
  /** Seconds since the epoch (UTC). */
  leaseExpiresOn: number;
  /** Seconds; the TTL of the records D2 adds. */
  leaseLength: number;
  conflictResolutionMode: ConflictResolutionMode;
}

/** Whether the request asks for RFC 4703 checks (Kea 2.2's use-conflict-resolution). */
export function usesConflictResolution(ncr: Pick<NameChangeRequest, 'conflictResolutionMode'>): boolean {
  return (
    ncr.conflictResolutionMode !== 'no-check-with-dhcid' &&
    ncr.conflictResolutionMode !== 'no-check-without-dhcid'
  );
}

/** Kea's NameChangeRequest::toText, the text its log messages print after an NCR. */
export function ncrToText(ncr: NameChangeRequest): string {
  return (
    `Type: ${ncr.changeType} (${ncr.changeType === 0 ? 'CHG_ADD' : 'CHG_REMOVE'})\n` +
    `Forward Change: ${ncr.forwardChange ? 'yes' : 'no'}\n` +
    `Reverse Change: ${ncr.reverseChange ? 'yes' : 'no'}\n` +
    `FQDN: [${ncr.fqdn}]\n` +
    `IP Address: [${ncr.ipAddress}]\n` +
    `DHCID: [${dhcidToHex(ncr.dhcid)}]\n` +
    `Lease Expires On: ${timeText(ncr.leaseExpiresOn)}\n` +
    `Lease Length: ${ncr.leaseLength}\n` +
    `Conflict Resolution Mode: ${ncr.conflictResolutionMode}\n`
  );
}

/** Upper-case hex, as Kea's encodeHex writes a DHCID. */
export function dhcidToHex(dhcid: Uint8Array): string {
  return Buffer.from(dhcid).toString('hex').toUpperCase();
}
