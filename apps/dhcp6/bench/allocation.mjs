// Allocation cost in an empty /64 pool and in a 99%-full /112 pool: the engine must not get slower
// with pool size or utilisation. Prints microseconds per committed allocation (memfile, persist false).

import { bigIntToIpv6 } from '@nestor/codec';
import { parseDhcp6Config } from '@nestor/config';
import { LogManager, Statistics } from '@nestor/daemon';
import { LeaseType, lease6, MemfileLeaseStore } from '@nestor/leases';
import { buildGeneration } from '../dist/generation.js';
import { LeaseStatistics } from '../dist/stats.js';

const logs = new LogManager('kea-dhcp6');
logs.configure([{ name: 'kea-dhcp6', severity: 'NONE' }]);

async function measure(label, pool, prefill) {
  const { model } = parseDhcp6Config({
    Dhcp6: {
      'lease-database': { type: 'memfile', persist: false },
      subnet6: [{ id: 1, subnet: '2001:db8::/48', pools: [{ pool }] }],
    },
  });
  const store = await MemfileLeaseStore.open({ persist: false });
  const first = model.subnets[0].pools[0].first;
  for (let i = 0n; i < BigInt(prefill); i++) {
    await store.add(
      lease6({
        type: LeaseType.NA,
        address: bigIntToIpv6(first + i),
        duid: '01:02',
        iaid: Number(i),
        subnetId: 1,
        preferredLifetime: 3000,
        validLifetime: 4000,
        cltt: 2_000_000_000,
      }),
    );
  }
  const gen = await buildGeneration({
    config: model,
    store,
    serverId: new Uint8Array([0, 3, 0, 1, 1, 2, 3, 4, 5, 6]),
    leaseStats: new LeaseStatistics(new Statistics()),
    leaseLog: logs.get('x'),
  });
  const count = 500;
  const started = process.hrtime.bigint();
  let granted = 0;
  for (let n = 0; n < count; n++) {
    const ctx = {
      duid: `00:03:00:01:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`,
      subnets: model.subnets,
      reservations: new Map(),
      hwaddr: '',
      hwtype: 1,
      hwaddrSource: 0,
      hostname: '',
      fqdnFwd: false,
      fqdnRev: false,
      now: Math.floor(Date.now() / 1000),
    };
    const grant = await gen.engine.allocate(ctx, { type: LeaseType.NA, iaid: 1, hints: [] }, true);
    granted += grant.leases.length;
  }
  const us = Number(process.hrtime.bigint() - started) / 1000 / count;
  console.log(
    `${label.padEnd(40)} ${us.toFixed(1).padStart(8)} us per allocation (${granted}/${count} granted)`,
  );
  await store.close();
}

await measure('empty /64 pool', '2001:db8::/64', 0);
await measure('/112 pool 99% full (64,880 of 65,536)', '2001:db8::/112', 65536 - 656);
