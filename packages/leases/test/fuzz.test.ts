import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIPv6 } from '../src/address.js';
import {
  type JsonObject,
  type Lease6,
  LeaseFileHeaderError,
  MemfileLeaseStore,
  normalizeLease,
  parseHeader,
  parseRow,
  rowFormatter,
} from '../src/index.js';
import { HEADER_2_2, tempDir } from './support/fixtures.js';

const kea22 = parseHeader(HEADER_2_2);
const kea24 = parseHeader(`${HEADER_2_2},pool_id`);

/** A line as the reader sees it: the file's UTF-8 bytes one per character, without the newline. */
const asRead = (line: string): string => Buffer.from(line.replace(/\n$/, ''), 'utf8').toString('latin1');

const hexBytes = (min: number, max: number) =>
  fc
    .uint8Array({ minLength: min, maxLength: max })
    .map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));

const uint32 = fc.integer({ min: 0, max: 0xffffffff });

/** -0 reads back as 0: compare JSON values as JSON does. */
const jsonObject: fc.Arbitrary<JsonObject> = fc
  .dictionary(
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }),
    { maxKeys: 5 },
  )
  .map((o) => JSON.parse(JSON.stringify(o)) as JsonObject);

/**
 * Any lease the model allows; `withPoolId` for the Kea 2.4 layout (2.2 files have no pool id);
 * `stored` leaves out valid lifetime 0, which a lease file reads as a removal.
 */
function arbitraryLease(withPoolId: boolean, stored = false): fc.Arbitrary<Lease6> {
  return fc
    .record({
      type: fc.constantFrom(0 as const, 1 as const, 2 as const),
      groups: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }),
      prefixLength: fc.integer({ min: 0, max: 128 }),
      duid: hexBytes(1, 128),
      iaid: uint32,
      subnetId: uint32,
      preferredLifetime: uint32,
      validLifetime: stored ? fc.integer({ min: 1, max: 0xffffffff }) : uint32,
      cltt: fc.integer({ min: 0, max: 2 ** 40 }),
      fqdnFwd: fc.boolean(),
      fqdnRev: fc.boolean(),
      hostname: fc.string({ unit: 'binary', maxLength: 40 }),
      hwaddr: fc.option(hexBytes(1, 20), { nil: '' }),
      hwtype: fc.integer({ min: 0, max: 0xffff }),
      hwaddrSource: uint32,
      state: fc.oneof(fc.constantFrom(0, 1, 2), uint32),
      userContext: fc.option(jsonObject, { nil: undefined }),
      poolId: withPoolId ? uint32 : fc.constant(0),
    })
    .map(({ groups, ...fields }) => {
      const lease: Lease6 = { ...fields, address: formatIPv6(groups) };
      // Rules of the model: the empty DUID only on declined leases, hardware details only with an address.
      const duid = lease.duid === '00' && lease.state !== 1 ? '00:00' : lease.duid;
      return lease.hwaddr === '' ? { ...lease, duid, hwtype: 1, hwaddrSource: 0 } : { ...lease, duid };
    });
}

/** A row of Kea-like text with random damage: replaced, removed and inserted characters. */
const mutatedRow = fc
  .tuple(
    arbitraryLease(false).map((l) => rowFormatter(kea22)(l).trimEnd()),
    fc.array(
      fc.tuple(
        fc.constantFrom('replace', 'delete', 'insert'),
        fc.nat(),
        fc.constantFrom(
          ',',
          '&',
          '#',
          'x',
          '0',
          ':',
          '.',
          '-',
          '{',
          '}',
          '"',
          '\\',
          '\r',
          ' ',
          'é',
          '\u0000',
          '9',
          'f',
        ),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([row, edits]) => {
    let text = row;
    for (const [kind, at, char] of edits) {
      const i = text.length === 0 ? 0 : at % text.length;
      if (kind === 'replace') text = text.slice(0, i) + char + text.slice(i + 1);
      else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
      else text = text.slice(0, i) + char + text.slice(i);
    }
    return text;
  });

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
