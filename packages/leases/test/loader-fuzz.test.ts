/**
 * The lease file loader under fuzzing: whole files of arbitrary bytes, of good rows mixed with
 * damaged ones, ending in a torn row. Loading never throws anything but a typed lease error
 * (a header it cannot read, or more bad rows than max-row-errors), every bad row is counted and
 * logged once, every good row is loaded, and a store opened on such a file loses no row it
 * appends afterwards.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Lease6,
  LeaseError,
  LeaseFileTooManyErrorsError,
  MemfileLeaseStore,
  readLeaseFile,
  rowFormatter,
} from '../src/index.js';
import { arbitraryLease, kea22, mutatedRow } from './support/arbitraries.js';
import { HEADER_2_2, recordingLogger, tempDir } from './support/fixtures.js';

const ROW_ERROR = 'DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR';
const format = rowFormatter(kea22);

/** Valid leases with distinct addresses in 2001:db8:a::/48, none of them a removal row. */
const goodLeases = fc.uniqueArray(fc.integer({ min: 1, max: 0xffff }), { maxLength: 15 }).chain((ids) =>
  fc.tuple(
    ...ids.map((id) =>
      arbitraryLease(false, true).map((l) => ({
        ...l,
        type: 0 as const,
        address: `2001:db8:a::${id.toString(16)}`,
      })),
    ),
  ),
);

/** A file: damaged rows, then good ones, then (perhaps) a row cut anywhere. */
const damagedFile = fc.record({
  damaged: fc.array(mutatedRow, { maxLength: 10 }),
  good: goodLeases,
  torn: fc.option(
    fc.tuple(arbitraryLease(false, true), fc.double({ min: 0, max: 1, noNaN: true })).map(([lease, cut]) => {
      const text = format({ ...lease, address: '2001:db8:b::1' }).trimEnd();
      return text.slice(0, Math.floor(cut * text.length));
    }),
    { nil: undefined },
  ),
});

function fileText(f: { damaged: string[]; good: Lease6[]; torn: string | undefined }): string {
  const rows = [...f.damaged.map((r) => `${r}\n`), ...f.good.map(format)];
  return `${HEADER_2_2}\n${rows.join('')}${f.torn ?? ''}`;
}

describe('lease file loader under fuzzing', () => {
  it('reads arbitrary bytes as leases and counted bad rows, or refuses with a typed error', async () => {
    const dir = tempDir('loader-fuzz-');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }),
          fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.concat([Buffer.from(`${HEADER_2_2}\n`), b])),
        ),
        fc.integer({ min: 0, max: 3 }),
        async (bytes, maxRowErrors) => {
          const file = join(dir, `f${n++}.csv`);
          writeFileSync(file, bytes);
          const logger = recordingLogger();
          let visited = 0;
          try {
            const stats = await readLeaseFile(file, () => visited++, { maxRowErrors, logger });
            expect(stats).toBeDefined();
            expect(stats!.leases).toBe(visited);
            expect(stats!.leases + stats!.errors).toBe(stats!.reads);
            expect(logger.records.filter((r) => r.id === ROW_ERROR)).toHaveLength(stats!.errors);
            if (maxRowErrors > 0) expect(stats!.errors).toBeLessThanOrEqual(maxRowErrors);
          } catch (err) {
            expect(err).toBeInstanceOf(LeaseError);
            if (err instanceof LeaseFileTooManyErrorsError) {
              expect(logger.records.filter((r) => r.id === ROW_ERROR)).toHaveLength(maxRowErrors + 1);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('loads every good row among damaged ones and a torn last row, and loses no row appended after it', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(damagedFile, async (f) => {
        const name = join(tempDir('loader-fuzz-'), `l${n++}.csv`);
        writeFileSync(name, fileText(f));
        const logger = recordingLogger();
        const store = await MemfileLeaseStore.open({ name, logger });
        const first = store.loadReport.files[0]!;
        const appended = { ...f.good[0], ...{ address: '2001:db8:c::1', type: 0 as const } } as Lease6;
        try {
          expect(logger.records.filter((r) => r.id === ROW_ERROR)).toHaveLength(first.errors);
          expect(first.leases + first.errors).toBe(first.reads);
          for (const lease of f.good) expect(await store.get(0, lease.address)).toEqual(lease);
          if (f.good.length > 0) await store.add(appended);
        } finally {
          await store.close();
        }
        const again = await MemfileLeaseStore.open({ name });
        try {
          for (const lease of f.good) expect(await again.get(0, lease.address)).toEqual(lease);
          if (f.good.length > 0) expect(await again.get(0, appended.address)).toEqual(appended);
          // The torn row, if bad, is still one bad row: nothing was glued to it.
          expect(again.loadReport.files[0]!.errors).toBe(first.errors);
        } finally {
          await again.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a file past max-row-errors and only then, counting as an unlimited load counts', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(damagedFile, fc.integer({ min: 1, max: 4 }), async (f, limit) => {
        const name = join(tempDir('loader-fuzz-'), `m${n++}.csv`);
        writeFileSync(name, fileText(f));
        const unlimited = await MemfileLeaseStore.open({ name, persist: true });
        const errors = unlimited.loadReport.files[0]!.errors;
        await unlimited.close();
        const limited = MemfileLeaseStore.open({ name, maxRowErrors: limit });
        if (errors > limit) await expect(limited).rejects.toBeInstanceOf(LeaseFileTooManyErrorsError);
        else await (await limited).close();
      }),
      { numRuns: 100 },
    );
  });
});
