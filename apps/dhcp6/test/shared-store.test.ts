import { parseDhcp6Config } from '@nestor/config';
import { LogManager, Statistics } from '@nestor/daemon';
import { LeaseType, MemfileLeaseStore } from '@nestor/leases';
import { describe, expect, it } from 'vitest';
import type { ClientContext } from '../src/alloc/engine.js';
import { buildGeneration } from '../src/generation.js';
import { LeaseStatistics } from '../src/stats.js';

describe('two servers sharing one lease store', () => {
  it('never lease one address twice although each keeps its own view of free slots', async () => {
    const { model } = parseDhcp6Config({
      Dhcp6: {
        'lease-database': { type: 'memfile', persist: false },
        subnet6: [
          {
            id: 1,
            subnet: '2001:db8:1::/64',
            interface: 'eth0',
            pools: [{ pool: '2001:db8:1::1-2001:db8:1::8' }],
          },
        ],
      },
    } as never);
    const store = await MemfileLeaseStore.open({ persist: false });
    const logs = new LogManager('kea-dhcp6');
    logs.configure([{ name: 'kea-dhcp6', severity: 'NONE' }]);
    // Two generations over one store: the situation of two servers on one database.
    const servers = await Promise.all(
      [1, 2].map(() =>
        buildGeneration({
          config: model,
          store,
          serverId: new Uint8Array([0, 3, 0, 1, 2, 0, 0, 0, 0, 1]),
          leaseStats: new LeaseStatistics(new Statistics()),
          leaseLog: logs.get('kea-dhcp6.leases'),
        }),
      ),
    );
    const context = (n: number): ClientContext => ({
      duid: `00:03:00:01:02:00:00:00:00:${n.toString(16).padStart(2, '0')}`,
      subnets: model.subnets,
      reservations: new Map(),
      hwaddr: '',
      hwtype: 1,
      hwaddrSource: 0,
      hostname: '',
      fqdnFwd: false,
      fqdnRev: false,
      now: 1_000_000,
    });
    // Ten clients at once, alternating between the servers, for eight addresses.
    const grants = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        servers[i % 2]!.engine.allocate(context(i + 1), { type: LeaseType.NA, iaid: 1, hints: [] }, true),
      ),
    );
    const granted = grants.flatMap((g) => g.leases.map((l) => l.lease.address));
    expect(granted).toHaveLength(8);
    expect(new Set(granted).size).toBe(8);
    expect(await store.getAll()).toHaveLength(8);
    await store.close();
  });
});
