import type { Dhcp6Config, Subnet6 } from '@nestor/config';
import type { Statistics } from '@nestor/daemon';
import { type Lease6, type LeaseCount, LeaseState, LeaseType } from '@nestor/leases';

/** The packet statistics of the DHCPv6 chapter, all present (at 0) from start-up as in Kea. */
export const PACKET_STATISTICS = [
  'pkt6-received',
  'pkt6-receive-drop',
  'pkt6-parse-failed',
  'pkt6-solicit-received',
  'pkt6-advertise-received',
  'pkt6-request-received',
  'pkt6-reply-received',
  'pkt6-renew-received',
  'pkt6-rebind-received',
  'pkt6-release-received',
  'pkt6-decline-received',
  'pkt6-infrequest-received',
  'pkt6-dhcpv4-query-received',
  'pkt6-dhcpv4-response-received',
  'pkt6-unknown-received',
  'pkt6-sent',
  'pkt6-advertise-sent',
  'pkt6-reply-sent',
  'pkt6-dhcpv4-response-sent',
] as const;

const GLOBAL_LEASE_STATISTICS = [
  'cumulative-assigned-nas',
  'cumulative-assigned-pds',
  'declined-addresses',
  'reclaimed-declined-addresses',
  'reclaimed-leases',
  'v6-allocation-fail',
  'v6-allocation-fail-shared-network',
  'v6-allocation-fail-subnet',
  'v6-allocation-fail-no-pools',
  'v6-allocation-fail-classes',
] as const;

const SUBNET_COUNTERS = [
  'cumulative-assigned-nas',
  'cumulative-assigned-pds',
  'assigned-nas',
  'assigned-pds',
  'declined-addresses',
  'reclaimed-declined-addresses',
  'reclaimed-leases',
  'v6-allocation-fail',
  'v6-allocation-fail-shared-network',
  'v6-allocation-fail-subnet',
  'v6-allocation-fail-no-pools',
  'v6-allocation-fail-classes',
] as const;

/** The received-counter of each message type, by type number. */
export const RECEIVED_BY_TYPE: Readonly<Record<number, string>> = {
  1: 'pkt6-solicit-received',
  2: 'pkt6-advertise-received',
  3: 'pkt6-request-received',
  // Not among the statistics Kea 2.2 starts with, but counted from the first CONFIRM on.
  4: 'pkt6-confirm-received',
  5: 'pkt6-renew-received',
  6: 'pkt6-rebind-received',
  7: 'pkt6-reply-received',
  8: 'pkt6-release-received',
  9: 'pkt6-decline-received',
  11: 'pkt6-infrequest-received',
  20: 'pkt6-dhcpv4-query-received',
  21: 'pkt6-dhcpv4-response-received',
};

const sub = (id: number, name: string): string => `subnet[${id}].${name}`;

/** Number of addresses a subnet's pools hold, and of delegated prefixes its pd-pools hold. */
function capacity(subnet: Subnet6): { nas: bigint; pds: bigint } {
  let nas = 0n;
  for (const p of subnet.pools) nas += p.last - p.first + 1n;
  let pds = 0n;
  for (const p of subnet.pdPools) pds += 1n << BigInt(p.delegatedLength - p.prefix.length);
  return { nas, pds };
}

/** Statistic values that fit a double stay numbers, as Kea's integer statistics. */
const asValue = (n: bigint): number | bigint => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);

/** The lease statistics of the DHCPv6 chapter, kept exactly as leases change. */
export class LeaseStatistics {
  constructor(private readonly stats: Statistics) {
    for (const name of PACKET_STATISTICS) stats.set(name, 0);
    for (const name of GLOBAL_LEASE_STATISTICS) stats.set(name, 0);
  }

  /**
   * Per-subnet statistics for a (new) configuration, assigned and declined counts taken from the
   * lease store. Statistics of subnets no longer configured are removed, as Kea does on reconfiguration.
   */
  configure(config: Dhcp6Config, counts: readonly LeaseCount[]): void {
    this.stats.removeMatching('subnet[');
    let declinedTotal = 0;
    for (const subnet of config.subnets) {
      const { nas, pds } = capacity(subnet);
      this.stats.set(sub(subnet.id, 'total-nas'), asValue(nas));
      this.stats.set(sub(subnet.id, 'total-pds'), asValue(pds));
      for (const name of SUBNET_COUNTERS) this.stats.set(sub(subnet.id, name), 0);
    }
    const configured = new Set(config.subnets.map((s) => s.id));
    for (const c of counts) {
      if (!configured.has(c.subnetId)) continue;
      if (c.state === LeaseState.DEFAULT || c.state === LeaseState.DECLINED) {
        this.stats.add(sub(c.subnetId, c.type === LeaseType.PD ? 'assigned-pds' : 'assigned-nas'), c.count);
      }
      if (c.state === LeaseState.DECLINED && c.type === LeaseType.NA) {
        this.stats.add(sub(c.subnetId, 'declined-addresses'), c.count);
        declinedTotal += c.count;
      }
    }
    this.stats.set('declined-addresses', declinedTotal);
  }

  leaseAssigned(lease: Lease6): void {
    const pd = lease.type === LeaseType.PD;
    if (lease.type === LeaseType.TA) return;
    this.stats.add(sub(lease.subnetId, pd ? 'assigned-pds' : 'assigned-nas'));
    this.stats.add(sub(lease.subnetId, pd ? 'cumulative-assigned-pds' : 'cumulative-assigned-nas'));
    this.stats.add(pd ? 'cumulative-assigned-pds' : 'cumulative-assigned-nas');
  }

  /** A lease left the store or was taken over; what it counted for stops counting. */
  leaseRemoved(lease: Lease6): void {
    if (lease.type === LeaseType.TA || lease.state === LeaseState.EXPIRED_RECLAIMED) return;
    this.stats.add(sub(lease.subnetId, lease.type === LeaseType.PD ? 'assigned-pds' : 'assigned-nas'), -1);
    if (lease.state === LeaseState.DECLINED) this.declineEnded(lease);
  }

  /** Declined: counted as declined, still as assigned until recovered (Kea's choice). */
  leaseDeclined(lease: Lease6): void {
    this.stats.add(sub(lease.subnetId, 'declined-addresses'));
    this.stats.add('declined-addresses');
  }

  /** An expired lease reclaimed: no longer assigned, counted as reclaimed. */
  leaseReclaimed(lease: Lease6): void {
    this.leaseRemoved(lease);
    this.stats.add(sub(lease.subnetId, 'reclaimed-leases'));
    this.stats.add('reclaimed-leases');
  }

  /**
   * An IA got nothing, counted as Kea 2.2 counts it: by where the client was (a shared network or
   * a plain subnet); as v6-allocation-fail when some pool was tried, v6-allocation-fail-no-pools
   * when none could serve it (none configured, or none of the client's classes); and always as
   * v6-allocation-fail-classes, which Kea counts for a packet in any class: every packet is in ALL.
   */
  allocationFailed(subnet: Subnet6 | undefined, shared: boolean, triedPools: boolean): void {
    const counters = [
      shared ? 'v6-allocation-fail-shared-network' : 'v6-allocation-fail-subnet',
      triedPools ? 'v6-allocation-fail' : 'v6-allocation-fail-no-pools',
      'v6-allocation-fail-classes',
    ];
    for (const name of counters) {
      this.stats.add(name);
      if (subnet) this.stats.add(sub(subnet.id, name));
    }
  }

  /**
   * What leases changed by the lease commands count for, as Kea's lease commands account them
   * and as the statistics are rebuilt from the store on reconfiguration: assigned while not
   * reclaimed, declined addresses also as declined. Only net changes are recorded, so an update
   * that changes nothing that counts adds no sample. Cumulative counters are the packet path's:
   * a command adds none.
   */
  commandChanges(changes: readonly (readonly [Lease6, 1 | -1])[]): void {
    const deltas = new Map<string, number>();
    const count = (name: string, sign: number): void => {
      deltas.set(name, (deltas.get(name) ?? 0) + sign);
    };
    for (const [lease, sign] of changes) {
      if (lease.state === LeaseState.EXPIRED_RECLAIMED) continue;
      count(sub(lease.subnetId, lease.type === LeaseType.PD ? 'assigned-pds' : 'assigned-nas'), sign);
      if (lease.state === LeaseState.DECLINED && lease.type === LeaseType.NA) {
        count(sub(lease.subnetId, 'declined-addresses'), sign);
        count('declined-addresses', sign);
      }
    }
    for (const [name, delta] of deltas) if (delta !== 0) this.stats.add(name, delta);
  }

  private declineEnded(lease: Lease6): void {
    this.stats.add(sub(lease.subnetId, 'declined-addresses'), -1);
    this.stats.add('declined-addresses', -1);
    this.stats.add(sub(lease.subnetId, 'reclaimed-declined-addresses'));
    this.stats.add('reclaimed-declined-addresses');
  }
}
