import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LeaseFileHeaderError,
  MemfileLeaseStore,
  normalizeLease,
  parseHeader,
  parseRow,
  rowFormatter,
} from '../src/index.js';
import { arbitraryLease, kea22, mutatedRow } from './support/arbitraries.js';
import { HEADER_2_2, tempDir } from './support/fixtures.js';

const kea24 = parseHeader(`${HEADER_2_2},pool_id`);

/** A line as the reader sees it: the file's UTF-8 bytes one per character, without the newline. */
const asRead = (line: string): string => Buffer.from(line.replace(/\n$/, ''), 'utf8').toString('latin1');

describe('CSV row parser under fuzzing', () => {
  it('never throws on random text, and anything it accepts is a valid lease', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (line) => {
        for (const layout of [kea22, kea24]) {
          const row = parseRow(asRead(line), layout);
          if (row.ok) expect(normalizeLease(row.lease).lease).toEqual(row.lease);
          else expect(typeof row.error).toBe('string');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on damaged rows; a damaged row it accepts writes back to itself', () => {
    fc.assert(
      fc.property(mutatedRow, (line) => {
        const row = parseRow(asRead(line), kea22);
        if (!row.ok) return;
        expect(normalizeLease(row.lease).lease).toEqual(row.lease);
        const again = parseRow(asRead(rowFormatter(kea22)(row.lease)), kea22);
        expect(again).toMatchObject({ ok: true, lease: row.lease });
      }),
      { numRuns: 3000 },
    );
  });

  it('reads any header as a layout or a typed header error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...HEADER_2_2.split(','), 'pool_id', 'x', ''), { maxLength: 20 }),
        (names) => {
          try {
            const layout = parseHeader(names.join(','));
            expect(layout.lastRequiredIndex).toBeGreaterThanOrEqual(11);
          } catch (err) {
            expect(err).toBeInstanceOf(LeaseFileHeaderError);
          }
        },
      ),
    );
  });

  it('round-trips every valid lease through a row (Kea 2.2 and 2.4 layouts)', () => {
    fc.assert(
      fc.property(arbitraryLease(false), (lease) => {
        expect(parseRow(asRead(rowFormatter(kea22)(lease)), kea22)).toMatchObject({ ok: true, lease });
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(arbitraryLease(true), (lease) => {
        expect(parseRow(asRead(rowFormatter(kea24)(lease)), kea24)).toMatchObject({ ok: true, lease });
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips valid leases through the store: write, close, load', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(arbitraryLease(false, true), {
          selector: (l) => `${l.type}/${l.address}`,
          minLength: 1,
          maxLength: 25,
        }),
        async (leases) => {
          const name = join(tempDir('leases-fuzz-'), 'l6.csv');
          const writer = await MemfileLeaseStore.open({ name });
          for (const lease of leases) await writer.add(lease);
          await writer.close();
          const reader = await MemfileLeaseStore.open({ name });
          try {
            const stored = await reader.getAll();
            expect(stored).toHaveLength(leases.length);
            for (const lease of leases) expect(await reader.get(lease.type, lease.address)).toEqual(lease);
            expect(reader.loadReport.files[0]?.errors).toBe(0);
          } finally {
            await reader.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
