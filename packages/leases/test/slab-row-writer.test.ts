import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipv6TextToBytes } from '@nestor/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Lease6, layoutForFormat, rowFormatter } from '../src/index.js';
import { writeLeaseFile, writeSlabLeaseFile } from '../src/memfile/lease-file-writer.js';
import { LeaseSlab } from '../src/memfile/lease-slab.js';
import { isPlainSlot, MAX_PLAIN_ROW_BYTES, writePlainRow } from '../src/memfile/slab-row-writer.js';
import { arbitraryLease } from './support/arbitraries.js';
import { tempDir } from './support/fixtures.js';

/** Leases as the cleaner mostly sees them: no hostname and no user context half the time. */
const lease = (withPoolId: boolean) =>
  fc
    .tuple(arbitraryLease(withPoolId, true), fc.boolean())
    .map(([l, plain]) => (plain ? { ...l, hostname: '', userContext: undefined } : l));

function slabOf(leases: readonly Lease6[]): { slab: LeaseSlab; slots: number[] } {
  const slab = new LeaseSlab();
  const slots: number[] = [];
  for (const l of leases) {
    const bytes = ipv6TextToBytes(l.address)!;
    if (slab.find(l.type, bytes) < 0) slots.push(slab.insert(l, bytes));
  }
  return { slab, slots };
}

describe('rows written from the slab', () => {
  for (const format of ['kea-2.2', 'kea-2.4'] as const) {
    it(`are the string formatter's bytes for every plain lease (${format})`, () => {
      const layout = layoutForFormat(format);
      const formatRow = rowFormatter(layout);
      fc.assert(
        fc.property(lease(format === 'kea-2.4'), (l) => {
          const { slab, slots } = slabOf([l]);
          const slot = slots[0]!;
          const plain = l.hostname === '' && l.userContext === undefined && (l.duid.length + 1) / 3 <= 20;
          expect(isPlainSlot(slab, slot)).toBe(plain);
          if (!plain) return;
          const buf = Buffer.alloc(MAX_PLAIN_ROW_BYTES);
          const end = writePlainRow(slab, slot, buf, 0, format === 'kea-2.4');
          expect(buf.toString('utf8', 0, end)).toBe(formatRow(slab.lease(slot)));
        }),
        { numRuns: 500 },
      );
    });

    it(`make the same file as writeLeaseFile, plain or not, across buffer flushes (${format})`, async () => {
      const layout = layoutForFormat(format);
      const dir = tempDir();
      await fc.assert(
        fc.asyncProperty(fc.array(lease(format === 'kea-2.4'), { maxLength: 30 }), async (leases) => {
          const { slab, slots } = slabOf(leases);
          await writeLeaseFile(
            join(dir, 'a'),
            slots.map((s) => slab.lease(s)),
            layout,
          );
          expect(await writeSlabLeaseFile(join(dir, 'b'), slab, slots, layout)).toBe(slots.length);
          expect(readFileSync(join(dir, 'b')).equals(readFileSync(join(dir, 'a')))).toBe(true);
        }),
        { numRuns: 30 },
      );
    });
  }

  it('writes a file larger than its buffer whole', async () => {
    const dir = tempDir();
    const layout = layoutForFormat('kea-2.2');
    const leases: Lease6[] = [];
    for (let i = 0; i < 12_000; i++) {
      leases.push({
        type: 0,
        address: `2001:db8::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}`,
        prefixLength: 128,
        duid: `00:01:00:01:2b:3c:4d:5e:0a:00:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
        iaid: i,
        subnetId: 1,
        preferredLifetime: 3000,
        validLifetime: 4000,
        cltt: 1_700_000_000 + i,
        fqdnFwd: i % 2 === 0,
        fqdnRev: i % 3 === 0,
        // every hundredth lease goes through the string formatter, one of them with a long name
        hostname: i % 100 === 0 ? `host-${i},${'x'.repeat(i === 500 ? 1 << 21 : 3)}` : '',
        hwaddr: i % 5 === 0 ? '' : '0a:00:00:00:00:01',
        hwtype: i % 5 === 0 ? 1 : 1,
        hwaddrSource: i % 5 === 0 ? 0 : 4,
        state: 0,
        userContext: undefined,
        poolId: 0,
      });
    }
    const { slab, slots } = slabOf(leases);
    await writeLeaseFile(
      join(dir, 'a'),
      slots.map((s) => slab.lease(s)),
      layout,
    );
    await writeSlabLeaseFile(join(dir, 'b'), slab, slots, layout);
    expect(readFileSync(join(dir, 'b')).equals(readFileSync(join(dir, 'a')))).toBe(true);
  });
});
