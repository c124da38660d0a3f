/**
 * Faults of the lease file, each injected: a row torn by a crash in the middle of an append, and
 * writes (or fdatasyncs) that fail. What must hold: no row is lost to a torn one, a change whose
 * row did not reach the file is never acknowledged and is undone, the failure is logged once per
 * episode, and writing resumes by itself.
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Lease6,
  LeaseFileIoError,
  LeaseFileTooManyErrorsError,
  LeaseType,
  MemfileLeaseStore,
  type MemfileOptions,
  parseHeader,
  rowFormatter,
  TORN_ROW_ID,
  WRITE_FAIL_ID,
  WRITE_RESUMED_ID,
} from '../src/index.js';
import { HEADER_2_2, readLines, recordingLogger, sampleLease, tempDir } from './support/fixtures.js';

const opened: MemfileLeaseStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function openStore(options: MemfileOptions): Promise<MemfileLeaseStore> {
  const store = await MemfileLeaseStore.open(options);
  opened.push(store);
  return store;
}

const row = (lease: Lease6): string => rowFormatter(parseHeader(HEADER_2_2))(lease);
const addresses = (leases: readonly Lease6[]): string[] => leases.map((l) => l.address).sort();
const errno = (code: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: injected, write`), { code });

/** Descriptors of this process open on `file`. */
function descriptorsOn(file: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) count++;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}

describe('a lease file whose last row was torn', () => {
  const whole = sampleLease({ address: '2001:db8:7::1' });
  const torn = sampleLease({ address: '2001:db8:7::2' });

  it('ends the torn row before appending: the first row appended after it is not lost', async () => {
    const name = join(tempDir(), 'l6.csv');
    // The crash cut the second row in its DUID.
    writeFileSync(name, `${HEADER_2_2}\n${row(whole)}${row(torn).slice(0, 25)}`);
    const logger = recordingLogger();
    const first = await MemfileLeaseStore.open({ name, logger });
    expect(first.loadReport.files[0]).toMatchObject({ reads: 2, leases: 1, errors: 1, unterminated: true });
    expect(logger.records.filter((r) => r.id === 'DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR')).toEqual([
      expect.objectContaining({
        severity: 'error',
        text: expect.stringMatching(/^discarding row 2, error: /),
      }),
    ]);
    expect(logger.records.filter((r) => r.id === TORN_ROW_ID)).toEqual([
      expect.objectContaining({ severity: 'warn', text: expect.stringContaining(name) }),
    ]);
    expect(first.writeStats?.tornRows).toBe(1);
    const after = sampleLease({ address: '2001:db8:7::3' });
    await first.add(after);
    await first.close();

    const second = await openStore({ name });
    expect(addresses(await second.getAll())).toEqual(['2001:db8:7::1', '2001:db8:7::3']);
    // The torn row stays a bad row of its own; nothing was glued to it.
    expect(second.loadReport.files[0]).toMatchObject({ reads: 3, leases: 2, errors: 1, unterminated: false });
    expect(second.writeStats?.tornRows).toBe(0);
  });

  it('refuses a row cut after its hostname rather than loading it without state or hardware address', async () => {
    const name = join(tempDir(), 'l6.csv');
    const declined = sampleLease({ address: '2001:db8:7::4', duid: '00', state: 1, hwaddr: 'aa:bb' });
    const text = row(declined);
    writeFileSync(name, `${HEADER_2_2}\n${row(whole)}${text.slice(0, text.indexOf(',aa:bb'))}`);
    const store = await openStore({ name });
    expect(store.loadReport.files[0]).toMatchObject({ leases: 1, errors: 1, unterminated: true });
    expect(await store.get(LeaseType.NA, '2001:db8:7::4')).toBeUndefined();
  });

  it('keeps a row that lacks only its newline, and ends it', async () => {
    const name = join(tempDir(), 'l6.csv');
    writeFileSync(name, `${HEADER_2_2}\n${row(whole)}${row(torn).trimEnd()}`);
    const first = await MemfileLeaseStore.open({ name });
    expect(first.loadReport.files[0]).toMatchObject({ leases: 2, errors: 0, unterminated: true });
    await first.add(sampleLease({ address: '2001:db8:7::3' }));
    await first.close();
    const second = await openStore({ name });
    expect(addresses(await second.getAll())).toEqual(['2001:db8:7::1', '2001:db8:7::2', '2001:db8:7::3']);
    expect(second.loadReport.files[0]?.errors).toBe(0);
  });

  it('counts the torn row against max-row-errors, as any bad row (Kea: more than the limit refuses)', async () => {
    const name = join(tempDir(), 'l6.csv');
    writeFileSync(name, `${HEADER_2_2}\nnot,a,lease\n${row(whole)}${row(torn).slice(0, 40)}`);
    await expect(MemfileLeaseStore.open({ name, maxRowErrors: 1 })).rejects.toBeInstanceOf(
      LeaseFileTooManyErrorsError,
    );
    // Refused: the file was not touched, the torn row not ended.
    expect(readFileSync(name, 'utf8').endsWith('\n')).toBe(false);
    const tolerant = await openStore({ name, maxRowErrors: 2 });
    expect(tolerant.loadReport.files[0]?.errors).toBe(2);
    expect(readFileSync(name, 'utf8').endsWith('\n')).toBe(true);
  });

  it('ends a torn row in .1 or .2 only by reading it: those files are never appended to', async () => {
    const name = join(tempDir(), 'l6.csv');
    const copy = `${HEADER_2_2}\n${row(whole)}${row(torn).slice(0, 30)}`;
    writeFileSync(`${name}.1`, copy);
    const store = await openStore({ name });
    expect(store.loadReport.files.map((f) => [f.file, f.errors, f.unterminated])).toEqual([
      [`${name}.1`, 1, true],
    ]);
    await store.add(sampleLease({ address: '2001:db8:7::3' }));
    expect(readFileSync(`${name}.1`, 'utf8')).toBe(copy);
  });
});

describe('lease file writes that fail', () => {
  /** A store whose writes fail while `fault.code` is set, leaving part of the batch behind as a full disk does. */
  async function faulty(options: Partial<MemfileOptions> = {}) {
    const fault: { code: string | undefined; syncCode: string | undefined } = {
      code: undefined,
      syncCode: undefined,
    };
    const logger = recordingLogger();
    const rollbacks: [string, string | undefined][] = [];
    const name = join(tempDir(), 'l6.csv');
    const store = await openStore({
      name,
      logger,
      onRollback: (attempted, restored) => rollbacks.push([attempted.address, restored?.hostname]),
      write: async (fd, data) => {
        if (fault.code) {
          writeSync(fd, data.subarray(0, Math.min(7, data.length)));
          throw errno(fault.code);
        }
        writeSync(fd, data);
      },
      datasync: async () => {
        if (fault.syncCode) throw errno(fault.syncCode);
      },
      ...options,
    });
    const ids = () => logger.records.filter((r) => r.id === WRITE_FAIL_ID || r.id === WRITE_RESUMED_ID);
    return { store, name, fault, logger, ids, rollbacks };
  }

  it('logs one line per episode, however many batches fail, and one when writing works again', async () => {
    const { store, fault, ids } = await faulty();
    await store.add(sampleLease({ address: '2001:db8:5::1' }));
    fault.code = 'ENOSPC';
    for (let i = 2; i < 12; i++) {
      await expect(store.add(sampleLease({ address: `2001:db8:5::${i}` }))).rejects.toBeInstanceOf(
        LeaseFileIoError,
      );
    }
    expect(ids()).toEqual([
      expect.objectContaining({ severity: 'error', text: expect.stringContaining('ENOSPC') }),
    ]);
    expect(store.writeStats).toMatchObject({ failures: 10, failedRecords: 10 });
    // Another cause is worth a line of its own; the same one again is not.
    fault.code = 'EROFS';
    await expect(store.add(sampleLease({ address: '2001:db8:5::20' }))).rejects.toThrow(/EROFS/);
    await expect(store.add(sampleLease({ address: '2001:db8:5::21' }))).rejects.toThrow(/EROFS/);
    expect(ids()).toHaveLength(2);
    fault.code = undefined;
    await store.add(sampleLease({ address: '2001:db8:5::30' }));
    await store.add(sampleLease({ address: '2001:db8:5::31' }));
    expect(ids().map((r) => [r.id, r.severity])).toEqual([
      [WRITE_FAIL_ID, 'error'],
      [WRITE_FAIL_ID, 'error'],
      [WRITE_RESUMED_ID, 'info'],
    ]);
    expect(ids()[2]?.text).toMatch(/12 lease changes failed/);
    expect(addresses(await store.getAll())).toEqual(['2001:db8:5::1', '2001:db8:5::30', '2001:db8:5::31']);
  });

  it('lets go of the file after a failure (so it can be remounted or repaired) and reopens it for the next write', async () => {
    const { store, name, fault } = await faulty();
    await store.add(sampleLease({ address: '2001:db8:5::1' }));
    expect(descriptorsOn(name)).toBe(1);
    fault.code = 'EIO';
    await expect(store.add(sampleLease({ address: '2001:db8:5::2' }))).rejects.toThrow(/EIO/);
    expect(descriptorsOn(name)).toBe(0);
    fault.code = undefined;
    await store.add(sampleLease({ address: '2001:db8:5::3' }));
    expect(descriptorsOn(name)).toBe(1);
    expect(readLines(name).map((l) => l.split(',')[0])).toEqual([
      'address',
      '2001:db8:5::1',
      '2001:db8:5::3',
    ]);
  });

  it('keeps retrying a file that cannot be opened again, and resumes once it can', async () => {
    const { store, name, fault, ids } = await faulty();
    fault.code = 'ENOSPC';
    await expect(store.add(sampleLease({ address: '2001:db8:5::1' }))).rejects.toThrow(/ENOSPC/);
    fault.code = undefined;
    // The file is gone and its directory too: reopening fails until the directory is back.
    const dir = join(name, '..');
    rmSync(dir, { recursive: true });
    await expect(store.add(sampleLease({ address: '2001:db8:5::2' }))).rejects.toThrow(
      /cannot open lease file .*ENOENT/,
    );
    mkdirSync(dir);
    await store.add(sampleLease({ address: '2001:db8:5::3' }));
    expect(readLines(name)).toEqual([HEADER_2_2, expect.stringMatching(/^2001:db8:5::3,/)]);
    expect(ids().map((r) => r.id)).toEqual([WRITE_FAIL_ID, WRITE_FAIL_ID, WRITE_RESUMED_ID]);
  });

  it('with sync, acknowledges nothing whose fdatasync failed, and cuts its rows from the file', async () => {
    const { store, name, fault, rollbacks } = await faulty({ sync: true });
    const kept = sampleLease({ address: '2001:db8:5::1' });
    await store.add(kept);
    fault.syncCode = 'EIO';
    const outcomes = await Promise.allSettled([
      store.update({ ...kept, hostname: 'never.example.' }),
      store.add(sampleLease({ address: '2001:db8:5::2' })),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    // Newest first: the add is undone (nothing stored), then the update (the old lease back).
    expect(rollbacks).toEqual([
      ['2001:db8:5::2', undefined],
      ['2001:db8:5::1', ''],
    ]);
    expect(readLines(name)).toHaveLength(2);
    expect(await store.getAll()).toEqual([kept]);
    fault.syncCode = undefined;
    await store.add(sampleLease({ address: '2001:db8:5::3' }));
    expect(store.writeStats).toMatchObject({ syncs: 2, failures: 1, failedRecords: 2 });
  });

  it('does not cut off a change made while a failed write is being cut back', async () => {
    let store: MemfileLeaseStore | undefined;
    let during: Promise<unknown> | undefined;
    const late = sampleLease({ address: '2001:db8:5::9' });
    let fail = true;
    const name = join(tempDir(), 'l6.csv');
    store = await openStore({
      name,
      // A change made from the rollback itself: it lands while the failed batch is handled.
      onRollback: () => {
        during ??= store!.add(late);
      },
      write: async (fd, data) => {
        if (fail) {
          fail = false;
          writeSync(fd, data.subarray(0, 5));
          throw errno('ENOSPC');
        }
        writeSync(fd, data);
      },
    });
    await expect(store.add(sampleLease({ address: '2001:db8:5::1' }))).rejects.toThrow(/ENOSPC/);
    await expect(during).resolves.toEqual({ ok: true });
    await store.close();
    const again = await openStore({ name });
    expect(addresses(await again.getAll())).toEqual(['2001:db8:5::9']);
  });

  it('keeps memory equal to the file through any sequence of changes and failures', async () => {
    const change = fc.record({
      op: fc.constantFrom('add', 'update', 'delete'),
      n: fc.integer({ min: 1, max: 6 }),
      fails: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(change, { minLength: 1, maxLength: 4 }), { maxLength: 12 }),
        async (turns) => {
          const { store, name, fault } = await faulty();
          for (const turn of turns) {
            // One turn's changes share a batch, and a failing batch fails them all.
            fault.code = turn.some((c) => c.fails) ? 'ENOSPC' : undefined;
            await Promise.allSettled(
              turn.map(async ({ op, n }) => {
                const address = `2001:db8:6::${n}`;
                const current = await store.get(LeaseType.NA, address);
                if (op === 'add' || !current) return store.add(sampleLease({ address }));
                if (op === 'update')
                  return store.update({ ...current, hostname: `h${turns.length}.example.` });
                return store.delete(LeaseType.NA, address);
              }),
            );
          }
          const memory = await store.getAll();
          await store.close();
          const reloaded = await MemfileLeaseStore.open({ name });
          try {
            expect(await reloaded.getAll()).toEqual(memory);
            expect(reloaded.loadReport.files[0]?.errors).toBe(0);
          } finally {
            await reloaded.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
