import type { Dhcp6Config } from '@nestor/config';
import type { Logger } from '@nestor/daemon';
import { type Lease6, LeaseType } from '@nestor/leases';
import { CHANGE_TYPE, type ChangeType, dhcidFromDuid, type NameChangeRequest, ncrToText } from '@nestor/ncr';
import { ddnsTtl } from './ttl.js';

/** Debug levels of Kea's dhcpsrv library. */
const DBG_TRACE_DETAIL = 50;
const DBG_TRACE_DETAIL_DATA = 55;

export function duidBytes(duid: string): Uint8Array {
  return Uint8Array.from(Buffer.from(duid.replaceAll(':', ''), 'hex'));
}

/**
 * The NameChangeRequest for a lease as stored (Kea's queueNCR): for a release, a decline, a
 * reclaimed lease, a lease taken away, lease6-del with update-ddns (removals) and
 * lease6-resend-ddns (an add). None for a prefix, a lease without a name or without a DNS
 * direction, or when updates are off. The TTL is Kea's (a third of the valid lifetime, at
 * least 600 s, or as ddns-ttl* say), and the expiry cltt + TTL, as Kea 2.2 writes it; conflict resolution follows
 * the lease's subnet (on when the subnet is gone).
 */
export function leaseNcr(
  changeType: ChangeType,
  lease: Lease6,
  config: Dhcp6Config,
  log: Logger,
): NameChangeRequest | undefined {
  if (lease.type === LeaseType.PD) return undefined;
  const label = `duid=[${lease.duid}]`;
  if (lease.hostname === '' || (!lease.fqdnFwd && !lease.fqdnRev) || !config.dhcpDdns.enableUpdates) {
    if (log.isDebugEnabled(DBG_TRACE_DETAIL))
      log.debug(
        DBG_TRACE_DETAIL,
        'DHCPSRV_QUEUE_NCR_SKIP',
        `${label}: skip queueing NameChangeRequest for lease: ${lease.address}`,
      );
    return undefined;
  }
  const kind = changeType === CHANGE_TYPE.add ? 'add' : 'remove';
  try {
    const subnet = config.subnets.find((s) => s.id === lease.subnetId);
    const ttl = ddnsTtl(lease.validLifetime, subnet?.ddns);
    const ncr: NameChangeRequest = {
      changeType,
      forwardChange: lease.fqdnFwd,
      reverseChange: lease.fqdnRev,
      fqdn: lease.hostname.endsWith('.') ? lease.hostname : `${lease.hostname}.`,
      ipAddress: lease.address,
      dhcid: dhcidFromDuid(duidBytes(lease.duid), lease.hostname),
      leaseExpiresOn: lease.cltt + ttl,
      leaseLength: ttl,
      conflictResolutionMode: subnet?.ddns.conflictResolutionMode ?? 'check-with-dhcid',
    };
    if (log.isDebugEnabled(DBG_TRACE_DETAIL_DATA))
      log.debug(
        DBG_TRACE_DETAIL_DATA,
        'DHCPSRV_QUEUE_NCR',
        `${label}: name change request ${kind} for lease ${lease.address}, ncr: ${ncrToText(ncr)}`,
      );
    return ncr;
  } catch (err) {
    log.error(
      'DHCPSRV_QUEUE_NCR_FAILED',
      `${label}: queueing ${kind} name change request failed for lease ${lease.address}: ${(err as Error).message}`,
    );
    return undefined;
  }
}
