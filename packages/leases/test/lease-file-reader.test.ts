import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Lease6,
  LeaseFileHeaderError,
  LeaseFileTooManyErrorsError,
  readLeaseFile,
} from '../src/index.js';
import { HEADER_2_2, recordingLogger, tempDir, writeLines } from './support/fixtures.js';

async function read(file: string, maxRowErrors = 0) {
  const leases: Lease6[] = [];
  const logger = recordingLogger();
  const stats = await readLeaseFile(file, (lease) => leases.push(lease), { maxRowErrors, logger });
  return { leases, logger, stats };
}

describe('reading a lease file', () => {
  it('counts, logs and skips bad rows, numbering them as Kea does', async () => {
    const file = join(tempDir(), 'l6.csv');
    writeLines(file, [
      HEADER_2_2,
      '2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,,0,,,',
      'garbage',
      '2001:db8::2,01,10,1000,1,5,9,2,128,0,0,,,0,,,',
      '2001:db8::3,01,10,1000,1,5,0,2,128,0,0,,zz,0,,,',
    ]);
    const { leases, logger, stats } = await read(file);
    expect(leases.map((l) => l.address)).toEqual(['2001:db8::1', '2001:db8::3']);
    expect(stats).toMatchObject({ reads: 4, leases: 2, errors: 2 });
    expect(logger.records.filter((r) => r.severity === 'error')).toEqual([
      expect.objectContaining({
        id: 'DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR',
        text: expect.stringMatching(/^discarding row 2, error: /),
      }),
      expect.objectContaining({
        id: 'DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR',
        text: expect.stringMatching(/^discarding row 3, error: lease_type/),
      }),
    ]);
    expect(logger.ids()).toContain('DHCPSRV_MEMFILE_READ_HWADDR_FAIL');
    expect(logger.ids()[0]).toBe('DHCPSRV_MEMFILE_LEASE_FILE_LOAD');
  });

  it('fails once max-row-errors is exceeded, and never with 0 (no limit)', async () => {
    const file = join(tempDir(), 'l6.csv');
    writeLines(file, [HEADER_2_2, 'bad', 'bad', 'bad', '2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,,0,,,']);
    await expect(read(file, 2)).rejects.toThrow(LeaseFileTooManyErrorsError);
    expect((await read(file, 3)).leases).toHaveLength(1);
    expect((await read(file, 0)).stats).toMatchObject({ errors: 3, leases: 1 });
  });

  it('skips blank lines and tolerates CRLF line ends', async () => {
    const file = join(tempDir(), 'l6.csv');
    writeFileSync(
      file,
      `${HEADER_2_2}\r\n2001:db8::1,01,10,1000,1,5,0,2,128,0,0,h,,0,,,\r\n\n\n2001:db8::2,01,10,1000,1,5,0,2,128,0,0,,,0,,,`,
    );
    const { leases, stats } = await read(file);
    expect(leases.map((l) => [l.address, l.hostname])).toEqual([
      ['2001:db8::1', 'h'],
      ['2001:db8::2', ''],
    ]);
    expect(stats?.errors).toBe(0);
  });

  it('reads files larger than its read chunk, rows split across chunks included', async () => {
    const file = join(tempDir(), 'l6.csv');
    const rows = Array.from(
      { length: 30_000 },
      (_, i) =>
        `2001:db8::${i.toString(16)},01:02:03,3600,1900000000,1,1800,0,${i},128,0,0,host-${i}.example.org,,0,,,`,
    );
    writeLines(file, [HEADER_2_2, ...rows]);
    const { leases, stats } = await read(file);
    expect(stats).toMatchObject({ reads: 30_000, leases: 30_000, errors: 0 });
    expect(leases[29_999]).toMatchObject({ iaid: 29_999, hostname: 'host-29999.example.org' });
  });

  it('gives undefined for a missing file and no leases for an empty one', async () => {
    const dir = tempDir();
    expect((await read(join(dir, 'none.csv'))).stats).toBeUndefined();
    writeFileSync(join(dir, 'empty.csv'), '');
    expect((await read(join(dir, 'empty.csv'))).stats).toMatchObject({
      reads: 0,
      leases: 0,
      layout: undefined,
    });
  });

  it('refuses a file whose header lacks a required column', async () => {
    const file = join(tempDir(), 'l6.csv');
    writeLines(file, ['address,duid,valid_lifetime', '2001:db8::1,01,10']);
    await expect(read(file)).rejects.toThrow(LeaseFileHeaderError);
  });
});
