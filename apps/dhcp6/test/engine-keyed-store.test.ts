import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDhcp6Config } from '@nestor/config';
import { LogManager, Statistics } from '@nestor/daemon';
import { isKeyedLeaseStore, type LeaseStore, LeaseType, MemfileLeaseStore } from '@nestor/leases';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClientContext, IaRequest } from '../src/alloc/engine.js';
import { buildGeneration } from '../src/generation.js';
import { LeaseStatistics } from '../src/stats.js';

const dir = mkdtempSync(join(tmpdir(), 'dhcp6-keyed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The store behind its public LeaseStore methods only: the engine then takes the validating path. */
function publicOnly(store: MemfileLeaseStore): LeaseStore {
  return {
    backend: store.backend,
    add: (l) => store.add(l),
    update: (l, o) => store.update(l, o),
    delete: (t, a, o) => store.delete(t, a, o),
    get: (t, a) => store.get(t, a),
    getByIa: (q) => store.getByIa(q),
    getByDuid: (d) => store.getByDuid(d),
    getByHostname: (h) => store.getByHostname(h),
    getBySubnet: (s) => store.getBySubnet(s),
    getAll: () => store.getAll(),
    getPage: (a, l) => store.getPage(a, l),
    getExpired: (q) => store.getExpired(q),
    deleteExpiredReclaimed: (s, n) => store.deleteExpiredReclaimed(s, n),
    wipe: (s) => store.wipe(s),
    counts: (q) => store.counts(q),
    close: () => store.close(),
  };
}

describe('allocation engine over the keyed store fast path', () => {
  it('hands out, stores and writes exactly what the validating path does', async () => {
    const { model } = parseDhcp6Config({
      Dhcp6: {
        'lease-database': { type: 'memfile', persist: false },
        subnet6: [
          {
            id: 1,
            subnet: '2001:db8:1::/64',
            interface: 'eth0',
            pools: [{ pool: '2001:db8:1::1-2001:db8:1::20' }],
            'pd-pools': [{ prefix: '3000::', 'prefix-len': 48, 'delegated-len': 56 }],
          },
          // Addresses whose text carries a dotted IPv4 tail (the store prints them in hex).
          { id: 2, subnet: '::/64', interface: 'eth1', pools: [{ pool: '::100:1-::100:20' }] },
        ],
      },
    } as never);
    const logs = new LogManager('kea-dhcp6');
    logs.configure([{ name: 'kea-dhcp6', severity: 'NONE' }]);
    const run = async (name: string, keyed: boolean) => {
      const memfile = await MemfileLeaseStore.open({ name: join(dir, name) });
      const store = keyed ? memfile : publicOnly(memfile);
      expect(isKeyedLeaseStore(store)).toBe(keyed);
      const { engine } = await buildGeneration({
        config: model,
        store,
        serverId: new Uint8Array([0, 3, 0, 1, 2, 0, 0, 0, 0, 1]),
        leaseStats: new LeaseStatistics(new Statistics()),
        leaseLog: logs.get('kea-dhcp6.leases'),
      });
      const context = (n: number, subnet: number, now: number): ClientContext => ({
        duid: `00:03:00:01:02:00:00:00:00:${n.toString(16).padStart(2, '0')}`,
        subnets: model.subnets.filter((s) => s.id === subnet),
        reservations: new Map(),
        hwaddr: n % 2 ? '02:00:00:00:00:01' : '',
        hwtype: 1,
        hwaddrSource: n % 2 ? 4 : 0,
        hostname: n % 3 ? '' : `host-${n}.example.org`,
        fqdnFwd: n % 3 === 0,
        fqdnRev: false,
        now,
      });
      const results: unknown[] = [];
      for (let n = 1; n <= 12; n++) {
        const subnet = n % 4 === 0 ? 2 : 1;
        const types = subnet === 1 ? [LeaseType.NA, LeaseType.PD] : [LeaseType.NA];
        for (const type of types) {
          const ia: IaRequest = { type, iaid: n, hints: [] };
          // SOLICIT, then REQUEST with the offered lease as hint, then a hint the client may not have.
          const offered = await engine.allocate(context(n, subnet, 1_000_000), ia, false);
          const hints = offered.leases.map(({ lease: l }) => ({
            address: l.address,
            prefixLength: l.prefixLength,
            preferred: 0,
            valid: 0,
          }));
          const granted = await engine.allocate(context(n, subnet, 1_000_000), { ...ia, hints }, true);
          const renewed = await engine.renew(context(n, subnet, 1_000_100), { ...ia, hints });
          // The leases (the pools they came from are each run's own objects).
          const leases = (grant: { leases: { lease: unknown }[] }) => grant.leases.map((g) => g.lease);
          results.push(leases(offered), leases(granted), { ...renewed, leases: leases(renewed) });
        }
      }
      // A hint outside every pool, and one on a taken slot.
      const other: IaRequest = {
        type: LeaseType.NA,
        iaid: 99,
        hints: [{ address: '2001:db8:1::1', prefixLength: 128, preferred: 0, valid: 0 }],
      };
      const leaseList = (grant: { leases: { lease: unknown }[] }) => grant.leases.map((g) => g.lease);
      results.push(leaseList(await engine.allocate(context(50, 1, 1_000_200), other, true)));
      results.push(
        leaseList(
          await engine.allocate(
            context(51, 1, 1_000_200),
            { ...other, hints: [{ address: '2001:db8:9::1', prefixLength: 128, preferred: 0, valid: 0 }] },
            true,
          ),
        ),
      );
      const stored = await memfile.getAll();
      await memfile.close();
      const file = readFileSync(join(dir, name), 'utf8');
      return { results: JSON.stringify(results), stored, file };
    };
    const fast = await run('keyed.csv', true);
    const plain = await run('plain.csv', false);
    // Property order included: the leases reach logs and hooks.
    expect(fast.results).toBe(plain.results);
    expect(fast.results).toContain('"address":"::1.0.0.');
    expect(fast.stored).toEqual(plain.stored);
    expect(fast.stored.length).toBeGreaterThan(20);
    expect(fast.stored.some((l) => l.address.startsWith('::'))).toBe(true);
    expect(fast.file).toBe(plain.file);
  });
});
