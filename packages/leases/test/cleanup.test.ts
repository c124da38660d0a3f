import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanupArguments,
  cleanupLeaseFiles,
  defaultLeaseFile,
  LeaseFileTooManyErrorsError,
  leaseFileSet,
} from '../src/index.js';
import { HEADER_2_2, readLines, recordingLogger, tempDir, writeLines } from './support/fixtures.js';

function files() {
  return leaseFileSet(join(tempDir(), 'kea-leases6.csv'));
}

describe('lease file names', () => {
  it("are Kea's: the default file in the data directory, and the suffixes kea-lfc is given", () => {
    expect(defaultLeaseFile('/var/lib/kea')).toBe('/var/lib/kea/kea-leases6.csv');
    expect(leaseFileSet('/d/l.csv')).toEqual({
      current: '/d/l.csv',
      previous: '/d/l.csv.2',
      copy: '/d/l.csv.1',
      output: '/d/l.csv.output',
      finish: '/d/l.csv.completed',
      pid: '/d/l.csv.pid',
    });
    expect(cleanupArguments('/d/l.csv')).toEqual([
      '-6',
      '-x',
      '/d/l.csv.2',
      '-i',
      '/d/l.csv.1',
      '-o',
      '/d/l.csv.output',
      '-f',
      '/d/l.csv.completed',
      '-p',
      '/d/l.csv.pid',
      '-c',
      'ignored-path',
    ]);
  });
});

describe('lease file cleanup (LFC merge)', () => {
  it('merges .2 and .1 into .2: one row per lease, in address order, releases dropped, reclaimed and expired kept', async () => {
    const f = files();
    writeLines(f.previous, [
      HEADER_2_2,
      '2001:db8:1::5,01:03,3600,1900000000,1,1800,0,3,128,0,0,x&#x2cy,,0,,,',
      '2001:db8:1::1,01:02,3600,1700000000,1,1800,0,1,128,0,0,,,2,,,', // expired-reclaimed: kept
      '2001:db8:1::2,01:02,3600,1700000000,1,1800,0,2,128,0,0,,,0,,,',
      '2001:db8:1::3,00,3600,1900000000,1,1800,0,3,128,0,0,,,1,,,', // declined: kept
    ]);
    writeLines(f.copy, [
      HEADER_2_2,
      '2001:db8:1::2,01:02,0,1700000000,1,0,0,2,128,0,0,,,0,,,', // released
      '2001:0db8:1::7,1:2,10,1900000000,1,0,0,2,128,0,0,,,0,,,',
      '2001:db8:1::5,01:03,7200,1900003600,1,1800,0,3,128,1,1,y,,0,,,', // renewed
      'garbage',
      '3000::,0a,10,1900000000,1,5,2,2,48,0,0,,aa:bb,0,{ "k": "v" },6,4',
    ]);
    const logger = recordingLogger();
    const outcome = await cleanupLeaseFiles(f, { logger });
    expect(outcome).toEqual({
      merged: true,
      rotated: true,
      read: { leases: 8, reads: 9, errors: 1 },
      written: 5,
    });
    expect(readLines(f.previous)).toEqual([
      HEADER_2_2,
      '2001:db8:1::1,01:02,3600,1700000000,1,1800,0,1,128,0,0,,,2,,,',
      '2001:db8:1::3,00,3600,1900000000,1,1800,0,3,128,0,0,,,1,,,',
      '2001:db8:1::5,01:03,7200,1900003600,1,1800,0,3,128,1,1,y,,0,,,',
      '2001:db8:1::7,01:02,10,1900000000,1,0,0,2,128,0,0,,,0,,,',
      '3000::,0a,10,1900000000,1,5,2,2,48,0,0,,aa:bb,0,{ "k": "v" },6,4',
    ]);
    for (const gone of [f.copy, f.output, f.finish]) expect(existsSync(gone)).toBe(false);
    expect(logger.ids()).toEqual([
      'LFC_PROCESSING',
      'DHCPSRV_MEMFILE_LEASE_FILE_LOAD',
      'DHCPSRV_MEMFILE_LEASE_FILE_LOAD',
      'DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR',
      'LFC_READ_STATS',
      'LFC_WRITE_STATS',
      'LFC_ROTATING',
    ]);
  });

  it('works with only one of the two inputs, or none', async () => {
    const f = files();
    writeLines(f.copy, [HEADER_2_2, '2001:db8::1,01,10,1900000000,1,5,0,2,128,0,0,,,0,,,']);
    await expect(cleanupLeaseFiles(f)).resolves.toMatchObject({ merged: true, rotated: true, written: 1 });
    expect(readLines(f.previous)).toHaveLength(2);
    const g = files();
    await expect(cleanupLeaseFiles(g)).resolves.toMatchObject({ merged: true, rotated: true, written: 0 });
    expect(readLines(g.previous)).toEqual([HEADER_2_2]);
  });

  it('only finishes the rotation when .completed already exists (a run that died midway)', async () => {
    const f = files();
    writeLines(f.finish, [HEADER_2_2, '2001:db8::9,01,10,1900000000,1,5,0,2,128,0,0,,,0,,,']);
    writeLines(f.previous, ['stale previous']);
    writeLines(f.copy, ['stale copy']);
    await expect(cleanupLeaseFiles(f)).resolves.toEqual({
      merged: false,
      rotated: true,
      read: { leases: 0, reads: 0, errors: 0 },
      written: 0,
    });
    expect(readLines(f.previous)).toEqual([
      HEADER_2_2,
      '2001:db8::9,01,10,1900000000,1,5,0,2,128,0,0,,,0,,,',
    ]);
    expect(existsSync(f.copy)).toBe(false);
    expect(existsSync(f.finish)).toBe(false);
  });

  it('gives up past 100 bad rows, as Kea, leaving the inputs for a later run', async () => {
    const f = files();
    writeLines(f.copy, [HEADER_2_2, ...Array(101).fill('bad')]);
    const logger = recordingLogger();
    const outcome = await cleanupLeaseFiles(f, { logger });
    expect(outcome).toMatchObject({
      merged: false,
      rotated: false,
      error: expect.any(LeaseFileTooManyErrorsError),
    });
    expect(logger.ids()).toContain('LFC_FAIL_PROCESS');
    expect(readLines(f.copy)).toHaveLength(102);
    expect(existsSync(f.previous)).toBe(false);
    writeLines(f.copy, [HEADER_2_2, ...Array(100).fill('bad')]);
    await expect(cleanupLeaseFiles(f)).resolves.toMatchObject({ merged: true, rotated: true });
  });

  it('reports a rotation it cannot do and keeps .completed for the next run', async () => {
    const f = files();
    writeLines(f.finish, [HEADER_2_2]);
    mkdirSync(f.previous);
    writeFileSync(join(f.previous, 'blocker'), 'x'); // a non-empty directory cannot be removed with rm
    const logger = recordingLogger();
    const outcome = await cleanupLeaseFiles(f, { logger });
    expect(outcome).toMatchObject({
      merged: false,
      rotated: false,
      error: expect.objectContaining({ code: 'LEASE_FILE_IO' }),
    });
    expect(logger.ids()).toContain('LFC_FAIL_ROTATE');
    expect(existsSync(f.finish)).toBe(true);
  });

  it('writes the Kea 2.4 header when asked, keeping pool ids', async () => {
    const f = files();
    writeLines(f.copy, [`${HEADER_2_2},pool_id`, '2001:db8::1,01,10,1900000000,1,5,0,2,128,0,0,,,0,,,,7']);
    await cleanupLeaseFiles(f, { format: 'kea-2.4' });
    expect(readLines(f.previous)).toEqual([
      `${HEADER_2_2},pool_id`,
      '2001:db8::1,01,10,1900000000,1,5,0,2,128,0,0,,,0,,,,7',
    ]);
  });
});
