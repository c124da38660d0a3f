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

/**
 * The store as the SQL backends present it: no keyed fast path, every call counted. A committed
 * claim there tries the INSERT first (the primary key decides), and reads the lease only when
 * the key refuses it.
 */
function unkeyed(store: MemfileLeaseStore) {
  const calls: string[] = [];
  const wrapper = new Proxy(store, {
    get(target, name, receiver) {
      if (typeof name === 'string' && name.endsWith('Keyed')) return undefined;
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof name === 'string') calls.push(name);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapper as MemfileLeaseStore, calls };
}

describe('a store without the keyed path (the SQL backends)', () => {
  const config = () =>
    parseDhcp6Config({
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
    } as never).model;
  const context = (model: ReturnType<typeof config>, n: number, now = 1_000_000): ClientContext => ({
    duid: `00:03:00:01:02:00:00:00:00:${n.toString(16).padStart(2, '0')}`,
    subnets: model.subnets,
    reservations: new Map(),
    hwaddr: '',
    hwtype: 1,
    hwaddrSource: 0,
    hostname: '',
    fqdnFwd: false,
    fqdnRev: false,
    now,
  });
  const generation = (model: ReturnType<typeof config>, store: MemfileLeaseStore, stats: LeaseStatistics) => {
    const logs = new LogManager('kea-dhcp6');
    logs.configure([{ name: 'kea-dhcp6', severity: 'NONE' }]);
    return buildGeneration({
      config: model,
      store,
      serverId: new Uint8Array([0, 3, 0, 1, 2, 0, 0, 0, 0, 1]),
      leaseStats: stats,
      leaseLog: logs.get('kea-dhcp6.leases'),
    });
  };

  it('a REQUEST for a free address is one lookup by IA and the INSERT: no read of the address first', async () => {
    const model = config();
    const memfile = await MemfileLeaseStore.open({ persist: false });
    const { store, calls } = unkeyed(memfile);
    const { engine } = await generation(model, store, new LeaseStatistics(new Statistics()));
    calls.length = 0; // what building the generation read (the pools' used slots)
    const grant = await engine.allocate(context(model, 1), { type: LeaseType.NA, iaid: 1, hints: [] }, true);
    expect(grant.leases.map((g) => g.lease.address)).toEqual(['2001:db8:1::1']);
    expect(calls).toEqual(['getByIa', 'add']);
    // A SOLICIT writes nothing: it reads the candidate, as Kea does.
    calls.length = 0;
    await engine.allocate(context(model, 2), { type: LeaseType.NA, iaid: 1, hints: [] }, false);
    expect(calls).toEqual(['getByIa', 'get']);
    expect(await memfile.getAll()).toHaveLength(1);
    await memfile.close();
  });

  it('an address the key refuses is read: an expired lease there is taken over, a live one skipped, and later claims read first; each counted once', async () => {
    const model = config();
    const memfile = await MemfileLeaseStore.open({ persist: false });
    const { store, calls } = unkeyed(memfile);
    const stats = new Statistics();
    // Another server's leases, unknown to this one's free slots: ::1 expired long ago, ::2 live.
    const other = (address: string, cltt: number) => ({
      type: LeaseType.NA,
      address,
      prefixLength: 128,
      duid: '00:03:00:01:02:00:00:00:00:99',
      iaid: 7,
      subnetId: 1,
      preferredLifetime: 3000,
      validLifetime: 4000,
      cltt,
      fqdnFwd: false,
      fqdnRev: false,
      hostname: '',
      hwaddr: '',
      hwtype: 1,
      hwaddrSource: 0,
      state: 0,
      poolId: 0,
    });
    const { engine } = await generation(model, store, new LeaseStatistics(stats));
    expect((await memfile.add(other('2001:db8:1::1', 1_000_000 - 10_000))).ok).toBe(true);
    expect((await memfile.add(other('2001:db8:1::2', 1_000_000))).ok).toBe(true);
    calls.length = 0;
    const first = await engine.allocate(context(model, 1), { type: LeaseType.NA, iaid: 1, hints: [] }, true);
    expect(first.leases.map((g) => g.lease.address)).toEqual(['2001:db8:1::1']);
    // The INSERT refused, the expired lease read and replaced under its expiry.
    expect(calls).toEqual(['getByIa', 'add', 'get', 'update']);
    // Someone else takes from this pool: for a while the claims read first (one round trip per
    // address taken, not a refused INSERT and a read).
    calls.length = 0;
    const second = await engine.allocate(context(model, 2), { type: LeaseType.NA, iaid: 1, hints: [] }, true);
    expect(second.leases.map((g) => g.lease.address)).toEqual(['2001:db8:1::3']);
    expect(calls).toEqual(['getByIa', 'get', 'get', 'add']);
    const stored = await memfile.getAll();
    expect(stored.map((l) => [l.address, l.duid])).toEqual([
      ['2001:db8:1::1', '00:03:00:01:02:00:00:00:00:01'],
      ['2001:db8:1::2', '00:03:00:01:02:00:00:00:00:99'],
      ['2001:db8:1::3', '00:03:00:01:02:00:00:00:00:02'],
    ]);
    expect(stats.get('cumulative-assigned-nas')).toBe(2);
    await memfile.close();
  });
});
