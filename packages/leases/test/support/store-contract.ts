/**
 * The behaviour every LeaseStore backend shares (memfile, MySQL, PostgreSQL): the same calls give
 * the same answers. A backend's test file calls leaseStoreContract with a function that opens an
 * empty store; where Kea's backends themselves differ, `traits` says how (and the test checks
 * that backend's way).
 */
import { describe, expect, it } from 'vitest';
import {
  type LeaseCount,
  LeaseState,
  type LeaseStore,
  LeaseType,
  LeaseValidationError,
} from '../../src/index.js';
import { sampleLease } from './fixtures.js';

export interface StoreTraits {
  /**
   * What the primary key is: memfile keys by type and address; Kea 2.2's lease6 table by the
   * address alone, so an address and a prefix with the same text cannot both be stored.
   */
  primaryKey: 'type+address' | 'address';
  /** Whether counts() reports reclaimed leases (Kea's SQL statistics tables count states 0 and 1 only). */
  countsReclaimed: boolean;
}

/** Registers the shared behaviour tests; `open` gives an empty store, closed by the caller's cleanup. */
export function leaseStoreContract(
  label: string,
  open: () => Promise<LeaseStore>,
  traits: StoreTraits,
): void {
  const counted = (rows: LeaseCount[]) =>
    traits.countsReclaimed ? rows : rows.filter((r) => r.state !== LeaseState.EXPIRED_RECLAIMED);

  describe(`${label}: changes`, () => {
    it('adds a lease and refuses a second lease for the address', async () => {
      const store = await open();
      const lease = sampleLease({ address: '2001:DB8:1::0:10', duid: '1:2:3' });
      await expect(store.add(lease)).resolves.toEqual({ ok: true });
      await expect(store.add({ ...lease, duid: '09:09' })).resolves.toEqual({
        ok: false,
        reason: 'conflict',
      });
      expect(await store.get(LeaseType.NA, '2001:db8:1::10')).toMatchObject({
        address: '2001:db8:1::10',
        duid: '01:02:03',
      });
      expect(await store.getAll()).toHaveLength(1);
    });

    it('round-trips every field of a lease', async () => {
      const store = await open();
      const lease = sampleLease({
        address: '3000:0:0:7::',
        type: LeaseType.PD,
        prefixLength: 56,
        duid: '00:03:00:01:0a:0b:0c:0d:0e:0f',
        iaid: 0xfffffffe,
        subnetId: 4_000_000_000,
        preferredLifetime: 1000,
        validLifetime: 2000,
        cltt: 1_800_000_000,
        fqdnFwd: true,
        fqdnRev: true,
        hostname: 'host.example.org.',
        hwaddr: '0a:0b:0c:0d:0e:0f',
        hwtype: 6,
        hwaddrSource: 4,
        state: LeaseState.DECLINED,
        userContext: { comment: 'caf\u00e9 au lait', list: [1, 'two', { three: true }], none: null },
      });
      await store.add(lease);
      expect(await store.get(LeaseType.PD, '3000:0:0:7::')).toEqual(lease);
      const infinite = sampleLease({
        address: '2001:db8::ff',
        validLifetime: 0xffffffff,
        preferredLifetime: 0xffffffff,
      });
      await store.add(infinite);
      expect(await store.get(LeaseType.NA, '2001:db8::ff')).toEqual(infinite);
    });

    it('keys leases by the primary key its schema has', async () => {
      const store = await open();
      await store.add(sampleLease({ address: '3000::', type: LeaseType.NA }));
      const prefix = store.add(sampleLease({ address: '3000::', type: LeaseType.PD, prefixLength: 48 }));
      if (traits.primaryKey === 'type+address') {
        await expect(prefix).resolves.toEqual({ ok: true });
        expect((await store.get(LeaseType.PD, '3000::'))?.prefixLength).toBe(48);
      } else {
        await expect(prefix).resolves.toEqual({ ok: false, reason: 'conflict' });
        expect(await store.get(LeaseType.PD, '3000::')).toBeUndefined();
      }
      expect(await store.get(LeaseType.TA, '3000::')).toBeUndefined();
      expect((await store.get(LeaseType.NA, '3000::'))?.type).toBe(LeaseType.NA);
    });

    it('lets only one of many concurrent adds of one address win', async () => {
      const store = await open();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.add(sampleLease({ address: '2001:db8::77', iaid: i }))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toHaveLength(19);
      expect(await store.getAll()).toHaveLength(1);
    });

    it('updates by primary key, refusing an unknown lease and a lease changed since it was read', async () => {
      const store = await open();
      const lease = sampleLease({ address: '2001:db8::5' });
      await store.add(lease);
      const renewed = { ...lease, cltt: lease.cltt + 100, hostname: 'renewed.example.' };
      const expectedExpire = lease.cltt + lease.validLifetime;
      await expect(store.update(renewed, { expectedExpire })).resolves.toEqual({ ok: true });
      await expect(store.update(renewed, { expectedExpire })).resolves.toEqual({
        ok: false,
        reason: 'changed',
      });
      await expect(store.update(sampleLease({ address: '2001:db8::6' }))).resolves.toEqual({
        ok: false,
        reason: 'not-found',
      });
      // The same values again, unguarded: still an update of a lease that is there.
      await expect(store.update(renewed)).resolves.toEqual({ ok: true });
      await expect(
        store.update(renewed, { expectedExpire: renewed.cltt + renewed.validLifetime }),
      ).resolves.toEqual({ ok: true });
      expect((await store.get(0, '2001:db8::5'))?.hostname).toBe('renewed.example.');
    });

    it('guards changes of a lease with an infinite lifetime by its expiry too', async () => {
      const store = await open();
      const lease = sampleLease({ address: '2001:db8::5:1', validLifetime: 0xffffffff });
      await store.add(lease);
      const expectedExpire = lease.cltt + lease.validLifetime;
      await expect(
        store.update({ ...lease, hostname: 'x.' }, { expectedExpire: lease.cltt }),
      ).resolves.toEqual({
        ok: false,
        reason: 'changed',
      });
      await expect(store.update({ ...lease, hostname: 'x.' }, { expectedExpire })).resolves.toEqual({
        ok: true,
      });
      await expect(store.delete(LeaseType.NA, lease.address, { expectedExpire })).resolves.toMatchObject({
        ok: true,
      });
    });

    it('deletes a lease, answering with it, and then finds none', async () => {
      const store = await open();
      const lease = sampleLease({
        address: '2001:db8::12',
        state: LeaseState.EXPIRED_RECLAIMED,
        userContext: {},
      });
      await store.add(lease);
      const deleted = await store.delete(LeaseType.NA, '2001:db8:0:0::12');
      expect(deleted).toEqual({ ok: true, lease });
      expect(await store.get(LeaseType.NA, '2001:db8::12')).toBeUndefined();
      await expect(store.delete(LeaseType.NA, '2001:db8::12')).resolves.toEqual({
        ok: false,
        reason: 'not-found',
      });
      await store.add(sampleLease({ address: '2001:db8::13' }));
      await expect(store.delete(LeaseType.PD, '2001:db8::13')).resolves.toEqual({
        ok: false,
        reason: 'not-found',
      });
    });

    it('deletes only when the lease is as the caller read it, when asked to check', async () => {
      const store = await open();
      const lease = sampleLease({ address: '2001:db8::13' });
      await store.add(lease);
      await expect(store.delete(LeaseType.NA, lease.address, { expectedExpire: 1 })).resolves.toEqual({
        ok: false,
        reason: 'changed',
      });
      await expect(
        store.delete(LeaseType.NA, lease.address, { expectedExpire: lease.cltt + lease.validLifetime }),
      ).resolves.toMatchObject({ ok: true });
    });

    it('lets only one of several concurrent guarded deletes (reclamation by several servers) succeed', async () => {
      const store = await open();
      const lease = sampleLease({ address: '2001:db8::14' });
      await store.add(lease);
      const expectedExpire = lease.cltt + lease.validLifetime;
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.delete(LeaseType.NA, lease.address, { expectedExpire })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });

    it('wipes a subnet', async () => {
      const store = await open();
      for (let i = 1; i <= 3; i++) await store.add(sampleLease({ address: `2001:db8:7::${i}`, subnetId: 7 }));
      await store.add(sampleLease({ address: '2001:db8:8::1', subnetId: 8 }));
      await expect(store.wipe(7)).resolves.toBe(3);
      expect(await store.getBySubnet(7)).toEqual([]);
      expect(await store.getBySubnet(8)).toHaveLength(1);
      await expect(store.wipe(99)).resolves.toBe(0);
    });

    it('flushes reclaimed leases held long enough', async () => {
      const store = await open();
      const reclaimed = (address: string, cltt: number) =>
        sampleLease({
          address,
          cltt,
          validLifetime: 100,
          preferredLifetime: 50,
          state: LeaseState.EXPIRED_RECLAIMED,
        });
      await store.add(reclaimed('2001:db8::a1', 1000)); // expired at 1100
      await store.add(reclaimed('2001:db8::a2', 2000)); // expired at 2100
      await store.add(sampleLease({ address: '2001:db8::a3', cltt: 500, validLifetime: 100 })); // expired, not reclaimed
      await expect(store.deleteExpiredReclaimed(3600, 1100 + 3600)).resolves.toBe(1);
      expect((await store.getAll()).map((l) => l.address)).toEqual(['2001:db8::a2', '2001:db8::a3']);
    });

    it('refuses invalid leases and arguments with typed errors, changing nothing', async () => {
      const store = await open();
      await expect(store.add(sampleLease({ address: 'not-an-address' }))).rejects.toThrow(
        LeaseValidationError,
      );
      await expect(store.add(sampleLease({ duid: '' }))).rejects.toMatchObject({
        code: 'LEASE_INVALID',
        field: 'duid',
      });
      await expect(store.add(sampleLease({ duid: '00' }))).rejects.toMatchObject({ field: 'duid' });
      await expect(store.add(sampleLease({ validLifetime: -1 }))).rejects.toMatchObject({
        field: 'validLifetime',
      });
      await expect(store.add(sampleLease({ type: 3 as LeaseType }))).rejects.toMatchObject({ field: 'type' });
      await expect(store.add(sampleLease({ prefixLength: 129 }))).rejects.toMatchObject({
        field: 'prefixLength',
      });
      await expect(store.add(sampleLease({ hwaddr: 'zz' }))).rejects.toMatchObject({ field: 'hwaddr' });
      await expect(store.add(sampleLease({ userContext: [] as never }))).rejects.toMatchObject({
        field: 'userContext',
      });
      await expect(store.add(sampleLease({ userContext: { d: new Date() } as never }))).rejects.toMatchObject(
        {
          field: 'userContext',
        },
      );
      await expect(store.add(null as never)).rejects.toThrow(LeaseValidationError);
      await expect(store.get(LeaseType.NA, 'x')).rejects.toThrow(LeaseValidationError);
      await expect(store.getByDuid('zz')).rejects.toThrow(LeaseValidationError);
      await expect(store.getPage(undefined, 0)).rejects.toThrow(LeaseValidationError);
      await expect(store.delete(5 as LeaseType, '::1')).rejects.toThrow(LeaseValidationError);
      expect(await store.getAll()).toEqual([]);
    });

    it('accepts the empty DUID on a declined lease', async () => {
      const store = await open();
      await expect(store.add(sampleLease({ duid: '00', state: LeaseState.DECLINED }))).resolves.toEqual({
        ok: true,
      });
    });

    it('returns frozen copies: callers cannot change a stored lease', async () => {
      const store = await open();
      const context = { tag: 'a' };
      const lease = { ...sampleLease({ address: '2001:db8::f1' }), userContext: context };
      await store.add(lease);
      context.tag = 'changed';
      const stored = await store.get(LeaseType.NA, '2001:db8::f1');
      expect(stored?.userContext).toEqual({ tag: 'a' });
      expect(Object.isFrozen(stored)).toBe(true);
      expect(() => {
        (stored as { iaid: number }).iaid = 9;
      }).toThrow(TypeError);
    });

    it('rejects every call once closed', async () => {
      const store = await open();
      await store.add(sampleLease({ address: '2001:db8::c1' }));
      await store.close();
      await expect(store.get(LeaseType.NA, '2001:db8::c1')).rejects.toMatchObject({
        code: 'LEASE_STORE_CLOSED',
      });
      await expect(store.add(sampleLease())).rejects.toMatchObject({ code: 'LEASE_STORE_CLOSED' });
      await expect(store.close()).resolves.toBeUndefined();
    });
  });

  describe(`${label}: lookups`, () => {
    async function populated() {
      const store = await open();
      const leases = [
        sampleLease({
          address: '2001:db8::3',
          duid: 'aa',
          iaid: 1,
          subnetId: 1,
          hostname: 'one.example.',
          cltt: 1000,
          validLifetime: 100,
        }),
        sampleLease({
          address: '2001:db8::1',
          duid: 'aa',
          iaid: 1,
          subnetId: 2,
          hostname: 'one.example.',
          cltt: 1000,
          validLifetime: 300,
        }),
        sampleLease({
          address: '2001:db8::2',
          duid: 'aa',
          iaid: 2,
          subnetId: 1,
          cltt: 1000,
          validLifetime: 200,
        }),
        sampleLease({
          address: '3000:1::',
          type: LeaseType.PD,
          prefixLength: 56,
          duid: 'aa',
          iaid: 1,
          subnetId: 1,
          cltt: 1000,
          validLifetime: 50,
          state: LeaseState.EXPIRED_RECLAIMED,
        }),
        sampleLease({
          address: '2001:db8::10',
          duid: 'bb',
          iaid: 1,
          subnetId: 1,
          cltt: 5000,
          validLifetime: 100,
          state: LeaseState.DECLINED,
          hostname: 'ONE.example.',
        }),
      ];
      for (const lease of leases) await store.add(lease);
      return store;
    }
    const addresses = (leases: { address: string }[]) => leases.map((l) => l.address);

    it('finds the leases of an IA, optionally in one subnet', async () => {
      const store = await populated();
      expect(addresses(await store.getByIa({ type: LeaseType.NA, duid: 'AA', iaid: 1 }))).toEqual([
        '2001:db8::1',
        '2001:db8::3',
      ]);
      expect(
        addresses(await store.getByIa({ type: LeaseType.NA, duid: 'aa', iaid: 1, subnetId: 2 })),
      ).toEqual(['2001:db8::1']);
      expect(addresses(await store.getByIa({ type: LeaseType.PD, duid: 'aa', iaid: 1 }))).toEqual([
        '3000:1::',
      ]);
      expect(await store.getByIa({ type: LeaseType.TA, duid: 'aa', iaid: 1 })).toEqual([]);
    });

    it('finds leases by DUID, hostname (exact) and subnet', async () => {
      const store = await populated();
      expect(addresses(await store.getByDuid('aa'))).toEqual([
        '2001:db8::1',
        '2001:db8::2',
        '2001:db8::3',
        '3000:1::',
      ]);
      expect(addresses(await store.getByHostname('one.example.'))).toEqual(['2001:db8::1', '2001:db8::3']);
      expect(await store.getByHostname('')).toEqual([]);
      expect(addresses(await store.getBySubnet(1))).toEqual([
        '2001:db8::2',
        '2001:db8::3',
        '2001:db8::10',
        '3000:1::',
      ]);
    });

    it('lists all leases and pages after an address, in address order', async () => {
      const store = await populated();
      expect(addresses(await store.getAll())).toEqual([
        '2001:db8::1',
        '2001:db8::2',
        '2001:db8::3',
        '2001:db8::10',
        '3000:1::',
      ]);
      expect(addresses(await store.getPage(undefined, 2))).toEqual(['2001:db8::1', '2001:db8::2']);
      expect(addresses(await store.getPage('2001:db8::2', 2))).toEqual(['2001:db8::3', '2001:db8::10']);
      expect(addresses(await store.getPage('2001:db8::4', 10))).toEqual(['2001:db8::10', '3000:1::']);
      expect(await store.getPage('3000:1::', 10)).toEqual([]);
    });

    it('returns expired leases earliest first, with a limit, without reclaimed ones unless asked', async () => {
      const store = await populated();
      // Expiries: ::3 1100, ::2 1200, ::1 1300, 3000:1:: 1050 (reclaimed), ::10 5100.
      expect(addresses(await store.getExpired({ now: 1250, limit: 0 }))).toEqual([
        '2001:db8::3',
        '2001:db8::2',
      ]);
      expect(addresses(await store.getExpired({ now: 1300, limit: 0 }))).toEqual([
        '2001:db8::3',
        '2001:db8::2',
      ]);
      expect(addresses(await store.getExpired({ now: 10_000, limit: 2 }))).toEqual([
        '2001:db8::3',
        '2001:db8::2',
      ]);
      expect(addresses(await store.getExpired({ now: 10_000, limit: 0, includeReclaimed: true }))).toEqual([
        '3000:1::',
        '2001:db8::3',
        '2001:db8::2',
        '2001:db8::1',
        '2001:db8::10',
      ]);
      expect(addresses(await store.getExpired({ now: 10_000, limit: 1, includeReclaimed: true }))).toEqual([
        '3000:1::',
      ]);
    });

    it('counts leases per subnet, type and state, keeping the counts current', async () => {
      const store = await populated();
      expect(await store.counts()).toEqual(
        counted([
          { subnetId: 1, type: 0, state: 0, count: 2 },
          { subnetId: 1, type: 0, state: 1, count: 1 },
          { subnetId: 1, type: 2, state: 2, count: 1 },
          { subnetId: 2, type: 0, state: 0, count: 1 },
        ]),
      );
      expect(await store.counts({ firstSubnetId: 2, lastSubnetId: 2 })).toEqual([
        { subnetId: 2, type: 0, state: 0, count: 1 },
      ]);
      const moved = (await store.get(LeaseType.NA, '2001:db8::1'))!;
      await store.update({ ...moved, subnetId: 1, state: LeaseState.DECLINED });
      await store.delete(LeaseType.PD, '3000:1::');
      expect(await store.counts()).toEqual([
        { subnetId: 1, type: 0, state: 0, count: 2 },
        { subnetId: 1, type: 0, state: 1, count: 2 },
      ]);
    });

    it('keeps a lease in every index when an update changes none of its keys', async () => {
      const store = await populated();
      const lease = (await store.get(LeaseType.NA, '2001:db8::2'))!;
      await store.update({ ...lease, fqdnFwd: true, preferredLifetime: 10 });
      const updated = expect.objectContaining({
        address: '2001:db8::2',
        fqdnFwd: true,
        preferredLifetime: 10,
      });
      expect(await store.getByIa({ type: 0, duid: 'aa', iaid: 2 })).toEqual([updated]);
      expect(await store.getExpired({ now: 1250, limit: 0 })).toEqual([expect.anything(), updated]);
      expect(await store.getPage('2001:db8::1', 1)).toEqual([updated]);
      expect((await store.getBySubnet(1)).filter((l) => l.address === '2001:db8::2')).toEqual([updated]);
    });

    it('moves a lease between indexes when an update changes its keys', async () => {
      const store = await populated();
      const lease = (await store.get(LeaseType.NA, '2001:db8::2'))!;
      await store.update({
        ...lease,
        duid: 'cc',
        iaid: 9,
        hostname: 'new.example.',
        subnetId: 3,
        cltt: 9000,
      });
      expect(addresses(await store.getByDuid('aa'))).not.toContain('2001:db8::2');
      expect(addresses(await store.getByIa({ type: 0, duid: 'cc', iaid: 9 }))).toEqual(['2001:db8::2']);
      expect(addresses(await store.getByHostname('new.example.'))).toEqual(['2001:db8::2']);
      expect(addresses(await store.getBySubnet(3))).toEqual(['2001:db8::2']);
      expect(addresses(await store.getExpired({ now: 1250, limit: 0 }))).toEqual(['2001:db8::3']);
    });
  });
}
