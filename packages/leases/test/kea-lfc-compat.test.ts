/**
 * Compatibility with ISC Kea 2.2, one way: ISC's own kea-lfc cleans files that Nestor wrote and
 * produces exactly what Nestor's cleanup produces from the same files.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupLeaseFiles,
  type Lease6,
  LeaseState,
  LeaseType,
  leaseFileSet,
  MemfileLeaseStore,
  readLeaseFile,
} from '../src/index.js';
import { sampleLease, tempDir } from './support/fixtures.js';

const ISC_KEA_LFC = '/usr/sbin/kea-lfc';
const run = promisify(execFile);

/** A history of changes as a server makes them, in two lease-file generations. */
async function nestorWritesTwoGenerations(name: string): Promise<void> {
  const store = await MemfileLeaseStore.open({ name });
  const leases: Lease6[] = [
    sampleLease({
      address: '2001:db8:1::10',
      hostname: 'a,b&c.example.',
      fqdnFwd: true,
      hwaddr: 'aa:bb:cc:dd:ee:ff',
      hwtype: 1,
      hwaddrSource: 4,
    }),
    sampleLease({
      address: '2001:db8:1::11',
      hostname: 'hôte-é.example.',
      userContext: { note: 'café, "quoted"\n', nested: { list: [1, -7, 1.5, 0.25, true, null, 'x,y&z'] } },
    }),
    sampleLease({ address: '2001:db8:1::12', duid: '00', state: LeaseState.DECLINED, validLifetime: 86_400 }),
    sampleLease({ address: '2001:db8:1::13', state: LeaseState.EXPIRED_RECLAIMED, cltt: 1_600_000_000 }),
    sampleLease({ address: '2001:db8:1::14', userContext: {} }),
    sampleLease({
      address: '2001:db8:1::15',
      hwaddr: '0a:0b',
      hwtype: 6,
      hwaddrSource: 2,
      subnetId: 4_000_000_000,
      iaid: 0xffffffff,
    }),
    sampleLease({
      address: '3000:0:0:5::',
      type: LeaseType.PD,
      prefixLength: 56,
      duid: '0a:0b',
      iaid: 7,
      fqdnRev: true,
    }),
    sampleLease({ address: '2001:db8:2::1', type: LeaseType.TA, duid: '01:02:03', iaid: 3 }),
  ];
  for (const lease of leases) await store.add(lease);
  await store.update({ ...leases[1]!, cltt: leases[1]!.cltt + 600, hostname: 'renewed,1.example.' });
  await store.delete(LeaseType.NA, '2001:db8:1::14');
  await store.rotateForCleanup();
  await store.close();
  // The first generation, cleaned by Nestor, becomes .2.
  const first = await cleanupLeaseFiles(leaseFileSet(name));
  expect(first).toMatchObject({ merged: true, rotated: true });

  const next = await MemfileLeaseStore.open({ name });
  await next.add(sampleLease({ address: '2001:db8:1::20', hostname: 'second.example.' }));
  await next.update({ ...leases[0]!, validLifetime: 7200, state: LeaseState.EXPIRED_RECLAIMED });
  await next.delete(LeaseType.PD, '3000:0:0:5::');
  await next.add(sampleLease({ address: '2001:db8:1::14', userContext: { back: 'again' } }));
  await next.wipe(4_000_000_000);
  await next.rotateForCleanup();
  await next.close();
}

function copySet(from: string, to: string): void {
  for (const suffix of ['.1', '.2']) copyFileSync(`${from}${suffix}`, `${to}${suffix}`);
}

async function leasesIn(file: string): Promise<Map<string, Lease6>> {
  const leases = new Map<string, Lease6>();
  const stats = await readLeaseFile(file, (lease) => leases.set(`${lease.type}/${lease.address}`, lease), {
    maxRowErrors: 0,
    logger: { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} },
  });
  expect(stats?.errors).toBe(0);
  return leases;
}

describe('ISC kea-lfc 2.2 on lease files written by Nestor', () => {
  beforeAll(() => {
    if (!existsSync(ISC_KEA_LFC))
      throw new Error(`${ISC_KEA_LFC} is missing: ISC Kea 2.2 is required for this test`);
  });

  it("produces the same file as Nestor's cleanup: same leases, same fields, same bytes", async () => {
    const source = join(tempDir('lfc-compat-'), 'kea-leases6.csv');
    await nestorWritesTwoGenerations(source);

    const isc = leaseFileSet(join(tempDir('lfc-isc-'), 'kea-leases6.csv'));
    const nestor = leaseFileSet(join(tempDir('lfc-nestor-'), 'kea-leases6.csv'));
    copySet(source, isc.current);
    copySet(source, nestor.current);

    const lockDir = tempDir('lfc-lock-');
    const iscRun = await run(
      ISC_KEA_LFC,
      [
        '-6',
        '-x',
        isc.previous,
        '-i',
        isc.copy,
        '-o',
        isc.output,
        '-f',
        isc.finish,
        '-p',
        isc.pid,
        '-c',
        'ignored-path',
        '-d',
      ],
      { env: { ...process.env, KEA_LOCKFILE_DIR: lockDir }, timeout: 20_000 },
    );
    const iscLog = iscRun.stdout + iscRun.stderr; // -d: Kea logs to the console
    expect(iscLog).toMatch(/LFC_READ_STATS Leases: \d+, attempts: \d+, errors: 0\./);
    expect(iscLog).toContain('LFC_TERMINATE');
    expect(existsSync(isc.copy)).toBe(false);

    await expect(cleanupLeaseFiles(nestor)).resolves.toMatchObject({ merged: true, rotated: true });

    const byIsc = await leasesIn(isc.previous);
    const byNestor = await leasesIn(nestor.previous);
    expect([...byNestor.keys()].sort()).toEqual([...byIsc.keys()].sort());
    for (const [key, lease] of byNestor) expect(byIsc.get(key), key).toEqual(lease);
    expect(byNestor.size).toBe(7);
    expect(byNestor.get('0/2001:db8:1::11')).toMatchObject({
      hostname: 'renewed,1.example.',
      userContext: { note: 'café, "quoted"\n', nested: { list: [1, -7, 1.5, 0.25, true, null, 'x,y&z'] } },
    });
    expect(byNestor.has('2/3000:0:0:5::')).toBe(false);
    expect(byNestor.get('0/2001:db8:1::10')?.state).toBe(LeaseState.EXPIRED_RECLAIMED);

    expect(readFileSync(nestor.previous, 'utf8')).toBe(readFileSync(isc.previous, 'utf8'));
  });
});
