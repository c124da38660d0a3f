import { bigIntToIpv6, encodePdExclude, OptionCode, prefixMask, toBigInt } from '@nestor/codec';
import type { Dhcp6Config } from '@nestor/config';
import { LeaseType } from '@nestor/leases';
import type { Exchange } from './packet/exchange.js';

/** A pd-pool with an excluded prefix: the range it spans and its OPTION_PD_EXCLUDE, header included. */
interface ExcludingPool {
  first: bigint;
  last: bigint;
  option: Uint8Array;
}

/** The key ReplyIa.prefixOptions files a delegated prefix under. */
export const prefixKey = (address: string, prefixLength: number): string => `${address}/${prefixLength}`;

/**
 * Prefix exclude (RFC 6603) as Kea 2.2 sends it: a pd-pool with `excluded-prefix` /
 * `excluded-prefix-len` has one OPTION_PD_EXCLUDE (67), built once from the pool's first
 * delegated prefix, and every prefix delegated from that pool carries it inside its IAPREFIX, but
 * only when the client put 67 in its ORO (Kea's assignIA_PD / extendIA_PD). The subnet-ID bits are
 * relative, so the same bytes fit every prefix of the pool. A prefix is "from the pool" when it
 * lies in the pool's range, as Kea's Subnet::getPool finds it (a reserved prefix inside a pool
 * included).
 */
export class PrefixExcludeTable {
  private readonly bySubnet = new Map<number, ExcludingPool[]>();

  constructor(config: Dhcp6Config) {
    for (const subnet of config.subnets) {
      const pools: ExcludingPool[] = [];
      for (const pool of subnet.pdPools) {
        if (!pool.excludedPrefix) continue;
        const base = pool.prefix.address;
        const length = pool.prefix.length;
        const first = base & prefixMask(length);
        const last = first | ((1n << BigInt(128 - length)) - 1n);
        const payload = encodePdExclude(
          { prefix: bigIntToIpv6(base), length: pool.delegatedLength },
          { prefix: bigIntToIpv6(pool.excludedPrefix.address), length: pool.excludedPrefix.length },
        );
        const option = new Uint8Array(4 + payload.length);
        option.set([OptionCode.PD_EXCLUDE >> 8, OptionCode.PD_EXCLUDE & 0xff, 0, payload.length]);
        option.set(payload, 4);
        pools.push({ first, last, option });
      }
      if (pools.length > 0) this.bySubnet.set(subnet.id, pools);
    }
  }

  get empty(): boolean {
    return this.bySubnet.size === 0;
  }

  /** The OPTION_PD_EXCLUDE of the pool of subnet `subnetId` that holds `address`, if it has one. */
  optionFor(subnetId: number, address: string): Uint8Array | undefined {
    const pools = this.bySubnet.get(subnetId);
    if (!pools) return undefined;
    const value = toBigInt(address);
    for (const p of pools) if (value >= p.first && value <= p.last) return p.option;
    return undefined;
  }

  /**
   * Files the OPTION_PD_EXCLUDE of each prefix the reply delegates (lifetimes above 0 or not:
   * every lease of an IA_PD) under its IA, when the client asked for option 67.
   */
  attach(x: Exchange): void {
    if (this.empty || !x.reply || !x.query.requested.includes(OptionCode.PD_EXCLUDE)) return;
    for (const ia of x.reply.ias) {
      if (ia.kind !== 'ia_pd') continue;
      for (const { lease } of ia.leases) {
        if (lease.type !== LeaseType.PD) continue;
        const option = this.optionFor(lease.subnetId, lease.address);
        if (!option) continue;
        ia.prefixOptions ??= new Map();
        ia.prefixOptions.set(prefixKey(lease.address, lease.prefixLength), option);
      }
    }
  }
}
