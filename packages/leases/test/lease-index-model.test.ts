/**
 * The columnar lease index (slab, hash tables, slot chains, ordered slot lists) against the
 * plainest model: a Map of leases by key, every question answered by scanning it. Any sequence
 * of inserts, rewrites (DUID, subnet, hostname, state and expiry changing or not) and removals,
 * including DUIDs too long to sit in a slot and addresses that collide in the hash tables, must
 * leave every lookup answering as the model does.
 */

import { ipv6TextToBytes } from '@nestor/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIPv6, leaseKeyFromBytes } from '../src/address.js';
import { type Lease6, LeaseType, lease6 } from '../src/lease.js';
import { type IndexedLease, LeaseIndex } from '../src/memfile/lease-index.js';
import { LeaseSlab } from '../src/memfile/lease-slab.js';

const DUIDS = [
  '00:01:02',
  '0a:0b:0c:0d:0e:0f',
  '00:01:00:01:2b:3c:4d:5e:0a:00:00:00:00:01',
  // longer than a slot's inline DUID bytes
  Array.from({ length: 40 }, (_, i) => ((i * 7) & 0xff).toString(16).padStart(2, '0')).join(':'),
];

const leaseArb = fc
  .record({
    address: fc.integer({ min: 0, max: 40 }),
    type: fc.constantFrom(LeaseType.NA, LeaseType.TA, LeaseType.PD),
    duid: fc.constantFrom(...DUIDS),
    iaid: fc.integer({ min: 0, max: 2 }),
    subnetId: fc.integer({ min: 1, max: 3 }),
    hostname: fc.constantFrom('', 'a.example.', 'b.example.'),
    state: fc.constantFrom(0, 1, 2),
    cltt: fc.integer({ min: 0, max: 5 }),
    validLifetime: fc.integer({ min: 1, max: 4 }),
    hwaddr: fc.constantFrom('', '0a:00:00:00:00:01'),
    context: fc.boolean(),
  })
  .map(
    (r): Lease6 =>
      Object.freeze(
        lease6({
          type: r.type,
          // spread over the address so both the last bytes and the high ones differ
          address: canonicalIPv6(`2001:db8:${r.address % 3}::${r.address.toString(16)}`)!,
          prefixLength: r.type === LeaseType.PD ? 64 : 128,
          duid: r.duid,
          iaid: r.iaid,
          subnetId: r.subnetId,
          preferredLifetime: 1,
          validLifetime: r.validLifetime,
          cltt: r.cltt,
          hostname: r.hostname,
          hwaddr: r.hwaddr,
          state: r.state,
          userContext: r.context ? Object.freeze({ n: r.address }) : undefined,
        }),
      ),
  );

function entryOf(lease: Lease6): IndexedLease {
  const bytes = ipv6TextToBytes(lease.address)!;
  return { lease, key: leaseKeyFromBytes(lease.type, bytes), expire: lease.cltt + lease.validLifetime };
}

const byKey = (a: IndexedLease, b: IndexedLease) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sortedLeases = (entries: IndexedLease[]) => [...entries].sort(byKey).map((e) => e.lease);

describe('the columnar lease index', () => {
  it('answers every lookup as a plain map of leases does, under any sequence of changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('put', 'put', 'remove'), leaseArb), { maxLength: 120 }),
        fc.boolean(),
        (operations, bulk) => {
          const model = new Map<string, IndexedLease>();
          let index = new LeaseIndex();
          const half = bulk ? Math.floor(operations.length / 2) : 0;
          if (bulk) {
            // the first half loaded as from a file, then indexed in bulk
            const slab = new LeaseSlab();
            for (const [op, lease] of operations.slice(0, half)) {
              const entry = entryOf(lease);
              const slot = slab.findKey(entry.key);
              if (op === 'remove') {
                if (slot >= 0) slab.remove(slot);
                model.delete(entry.key);
              } else {
                if (slot >= 0) slab.write(slot, lease);
                else slab.insertKeyed(lease, entry.key);
                model.set(entry.key, entry);
              }
            }
            index = LeaseIndex.build(slab);
          }
          for (const [op, lease] of operations.slice(half)) {
            const entry = entryOf(lease);
            if (op === 'remove') {
              expect(index.remove(entry.key)).toBe(model.has(entry.key));
              model.delete(entry.key);
            } else {
              const previous = index.get(entry.key);
              expect(previous?.lease).toEqual(model.get(entry.key)?.lease);
              if (previous) index.replace(previous, entry);
              else index.insert(entry);
              model.set(entry.key, entry);
            }
          }
          const all = [...model.values()];
          expect(index.size).toBe(model.size);
          expect(index.all().map((e) => e.lease)).toEqual(sortedLeases(all));
          for (const entry of all) {
            expect(index.get(entry.key)).toEqual(entry);
            expect(index.has(entry.key)).toBe(true);
          }
          for (const duid of DUIDS) {
            expect(sortedLeases(index.byDuid(duid))).toEqual(
              sortedLeases(all.filter((e) => e.lease.duid === duid)),
            );
            for (const type of [0, 1, 2])
              for (const iaid of [0, 1, 2])
                expect(sortedLeases(index.byIa(type, duid, iaid))).toEqual(
                  sortedLeases(
                    all.filter(
                      (e) => e.lease.duid === duid && e.lease.type === type && e.lease.iaid === iaid,
                    ),
                  ),
                );
          }
          for (const subnet of [1, 2, 3])
            expect(sortedLeases(index.bySubnet(subnet))).toEqual(
              sortedLeases(all.filter((e) => e.lease.subnetId === subnet)),
            );
          for (const name of ['a.example.', 'b.example.'])
            expect(sortedLeases(index.byHostname(name))).toEqual(
              sortedLeases(all.filter((e) => e.lease.hostname === name)),
            );
          const byExpiry = (a: IndexedLease, b: IndexedLease) => a.expire - b.expire || byKey(a, b);
          for (const now of [0, 3, 6, 10]) {
            const expired = all.filter((e) => e.expire < now).sort(byExpiry);
            expect(index.expired(now, 0, true)).toEqual(expired);
            expect(index.expired(now, 0, false)).toEqual(expired.filter((e) => e.lease.state !== 2));
            expect(index.expired(now, 2, false)).toEqual(
              expired.filter((e) => e.lease.state !== 2).slice(0, 2),
            );
            expect(index.reclaimedUntil(now)).toEqual(
              all.filter((e) => e.lease.state === 2 && e.expire <= now).sort(byExpiry),
            );
          }
          const counts = new Map<string, number>();
          for (const { lease } of all) {
            const k = `${lease.subnetId}/${lease.type}/${lease.state}`;
            counts.set(k, (counts.get(k) ?? 0) + 1);
          }
          expect(
            Object.fromEntries(index.countRows().map((r) => [`${r.subnetId}/${r.type}/${r.state}`, r.count])),
          ).toEqual(Object.fromEntries(counts));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pages through addresses, skipping every type at the address it continues after', () => {
    const index = new LeaseIndex();
    const leases = [1, 2, 3].flatMap((n) =>
      [LeaseType.NA, LeaseType.PD].map((type) =>
        lease6({
          type,
          address: `2001:db8::${n}`,
          duid: '01:02',
          iaid: 1,
          subnetId: 1,
          preferredLifetime: 1,
          validLifetime: 2,
          cltt: 1,
        }),
      ),
    );
    for (const lease of leases) index.insert(entryOf(lease));
    const after = entryOf(leases[0]!).key;
    expect(index.page(after, 10).map((e) => e.lease.address)).toEqual([
      '2001:db8::2',
      '2001:db8::2',
      '2001:db8::3',
      '2001:db8::3',
    ]);
    expect(index.page(undefined, 3)).toHaveLength(3);
  });
});
