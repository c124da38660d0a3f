import { existsSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LeaseFileBusyError,
  LeaseFileIoError,
  LeaseState,
  LeaseStoreClosedError,
  LeaseStoreConfigError,
  LeaseType,
  LeaseValidationError,
  MemfileLeaseStore,
  type MemfileOptions,
} from '../src/index.js';
import {
  HEADER_2_2,
  readLines,
  recordingLogger,
  sampleLease,
  tempDir,
  writeLines,
} from './support/fixtures.js';
import { leaseStoreContract } from './support/store-contract.js';

const opened: MemfileLeaseStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function openStore(options: MemfileOptions): Promise<MemfileLeaseStore> {
  const store = await MemfileLeaseStore.open(options);
  opened.push(store);
  return store;
}

/** A persistent store in a fresh directory. */
async function fresh(options: Partial<MemfileOptions> = {}) {
  const name = join(tempDir(), 'kea-leases6.csv');
  const store = await openStore({ name, ...options });
  return { store, name };
}

leaseStoreContract('memfile store', async () => (await fresh()).store, {
  primaryKey: 'type+address',
  countsReclaimed: true,
});

describe('memfile store: changes', () => {
  it('adds a lease, writes its row before acknowledging, and refuses a second lease for the address', async () => {
    const { store, name } = await fresh();
    const lease = sampleLease({ address: '2001:DB8:1::0:10', duid: '1:2:3' });
    await expect(store.add(lease)).resolves.toEqual({ ok: true });
    // Acknowledged means written: the row is in the file as soon as the promise resolves.
    expect(readLines(name)).toEqual([
      HEADER_2_2,
      `2001:db8:1::10,01:02:03,3600,1700003600,1,1800,0,1,128,0,0,,,0,,,`,
    ]);
    await expect(store.add({ ...lease, duid: '09:09' })).resolves.toEqual({ ok: false, reason: 'conflict' });
    expect(readLines(name)).toHaveLength(2);
    expect(await store.get(LeaseType.NA, '2001:db8:1::10')).toMatchObject({
      address: '2001:db8:1::10',
      duid: '01:02:03',
    });
  });

  it('keys leases by type and address: a prefix and an address may share the text', async () => {
    const { store } = await fresh();
    await store.add(sampleLease({ address: '3000::', type: LeaseType.NA }));
    await expect(
      store.add(sampleLease({ address: '3000::', type: LeaseType.PD, prefixLength: 48 })),
    ).resolves.toEqual({ ok: true });
    expect((await store.get(LeaseType.PD, '3000::'))?.prefixLength).toBe(48);
    expect(await store.get(LeaseType.TA, '3000::')).toBeUndefined();
  });

  it('updates by primary key, refusing an unknown lease and a lease changed since it was read', async () => {
    const { store, name } = await fresh();
    const lease = sampleLease({ address: '2001:db8::5' });
    await store.add(lease);
    const renewed = { ...lease, cltt: lease.cltt + 100, hostname: 'renewed.example.' };
    await expect(
      store.update(renewed, { expectedExpire: lease.cltt + lease.validLifetime }),
    ).resolves.toEqual({ ok: true });
    await expect(
      store.update(renewed, { expectedExpire: lease.cltt + lease.validLifetime }),
    ).resolves.toEqual({
      ok: false,
      reason: 'changed',
    });
    await expect(store.update(sampleLease({ address: '2001:db8::6' }))).resolves.toEqual({
      ok: false,
      reason: 'not-found',
    });
    expect((await store.get(0, '2001:db8::5'))?.hostname).toBe('renewed.example.');
    expect(readLines(name)).toHaveLength(3);
    expect(readLines(name)[2]).toContain(',renewed.example.,');
  });

  it('deletes with the row Kea writes: valid and preferred lifetime 0, expire = cltt', async () => {
    const { store, name } = await fresh();
    const lease = sampleLease({
      address: '2001:db8::12',
      state: LeaseState.EXPIRED_RECLAIMED,
      userContext: {},
    });
    await store.add(lease);
    const deleted = await store.delete(LeaseType.NA, '2001:db8:0:0::12');
    expect(deleted).toEqual({ ok: true, lease: expect.objectContaining({ address: '2001:db8::12' }) });
    // ISC kea-dhcp6 2.2 wrote exactly this for lease6-del of such a lease.
    expect(readLines(name)[2]).toBe(
      '2001:db8::12,00:01:00:01:aa:bb:cc:dd,0,1700000000,1,0,0,1,128,0,0,,,2,{  },,',
    );
    expect(await store.get(LeaseType.NA, '2001:db8::12')).toBeUndefined();
    await expect(store.delete(LeaseType.NA, '2001:db8::12')).resolves.toEqual({
      ok: false,
      reason: 'not-found',
    });
  });

  it('wipes a subnet with one removal row per lease', async () => {
    const { store, name } = await fresh();
    for (let i = 1; i <= 3; i++) await store.add(sampleLease({ address: `2001:db8:7::${i}`, subnetId: 7 }));
    await store.add(sampleLease({ address: '2001:db8:8::1', subnetId: 8 }));
    await expect(store.wipe(7)).resolves.toBe(3);
    expect(await store.getBySubnet(7)).toEqual([]);
    expect(await store.getBySubnet(8)).toHaveLength(1);
    const removals = readLines(name).slice(5);
    expect(removals).toHaveLength(3);
    for (const row of removals) expect(row.split(',').slice(2, 6)).toEqual(['0', '1700000000', '7', '0']);
    await expect(store.wipe(99)).resolves.toBe(0);
  });

  it('flushes reclaimed leases held long enough, writing valid lifetime 0 but keeping the preferred one (as Kea)', async () => {
    const { store, name } = await fresh();
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
    expect(readLines(name).at(-1)).toBe(
      '2001:db8::a1,00:01:00:01:aa:bb:cc:dd,0,1000,1,50,0,1,128,0,0,,,2,,,',
    );
    expect((await store.getAll()).map((l) => l.address)).toEqual(['2001:db8::a2', '2001:db8::a3']);
  });

  it('refuses invalid leases and arguments with typed errors, changing nothing', async () => {
    const { store, name } = await fresh();
    await expect(store.add(sampleLease({ address: 'not-an-address' }))).rejects.toThrow(LeaseValidationError);
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
    await expect(store.add(sampleLease({ userContext: { d: new Date() } as never }))).rejects.toMatchObject({
      field: 'userContext',
    });
    await expect(store.add(null as never)).rejects.toThrow(LeaseValidationError);
    await expect(store.get(LeaseType.NA, 'x')).rejects.toThrow(LeaseValidationError);
    await expect(store.getByDuid('zz')).rejects.toThrow(LeaseValidationError);
    await expect(store.getPage(undefined, 0)).rejects.toThrow(LeaseValidationError);
    await expect(store.delete(5 as LeaseType, '::1')).rejects.toThrow(LeaseValidationError);
    expect(readLines(name)).toEqual([HEADER_2_2]);
    expect(await store.getAll()).toEqual([]);
  });

  it('keeps a lease stored with valid lifetime 0 in memory only: its row reads as a removal, as in Kea', async () => {
    const { store, name } = await fresh();
    await store.add(sampleLease({ address: '2001:db8::1', validLifetime: 0 }));
    expect(await store.get(LeaseType.NA, '2001:db8::1')).toBeDefined();
    await store.close();
    const reloaded = await openStore({ name });
    expect(await reloaded.get(LeaseType.NA, '2001:db8::1')).toBeUndefined();
  });
});

describe('memfile store: persistence', () => {
  it('writes the rows of one event-loop turn with one write call', async () => {
    const { store, name } = await fresh();
    const before = store.writeStats!;
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.add(sampleLease({ address: `2001:db8:9::${i + 1}` }))),
    );
    expect(store.writeStats).toMatchObject({
      batches: before.batches + 1,
      records: before.records + 100,
      failures: 0,
    });
    await store.add(sampleLease({ address: '2001:db8:9::ffff' }));
    expect(store.writeStats?.batches).toBe(before.batches + 2);
    expect(readLines(name)).toHaveLength(102);
  });

  it('undoes changes whose write failed, so memory never runs ahead of the file', async () => {
    let failNext = false;
    const { store, name } = await fresh({
      write: async (fd, data) => {
        // A failing write may leave part of a row behind, as a full disk does.
        if (failNext) {
          writeSync(fd, data.subarray(0, 10));
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        }
        writeSync(fd, data);
      },
    });
    const kept = sampleLease({ address: '2001:db8::1' });
    await store.add(kept);
    failNext = true;
    const lost = [
      store.add(sampleLease({ address: '2001:db8::2' })),
      store.update({ ...kept, hostname: 'lost.example.' }),
      store.delete(LeaseType.NA, '2001:db8::1'),
    ];
    const outcomes = await Promise.allSettled(lost);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: expect.any(LeaseFileIoError) });
    }
    expect(await store.getAll()).toEqual([expect.objectContaining({ address: '2001:db8::1', hostname: '' })]);
    expect(store.writeStats?.failures).toBe(1);
    failNext = false;
    await expect(store.add(sampleLease({ address: '2001:db8::3' }))).resolves.toEqual({ ok: true });
    // The partial row was cut away: the file holds whole rows only.
    expect(readLines(name).map((l) => l.split(',')[0])).toEqual(['address', '2001:db8::1', '2001:db8::3']);
    expect(readLines(name)[2]).toMatch(/^2001:db8::3,00:01:00:01:aa:bb:cc:dd,3600,/);
  });

  it('keeps leases in memory only with persist false, reading and writing no file', async () => {
    const dir = tempDir();
    const name = join(dir, 'l6.csv');
    writeLines(name, [HEADER_2_2, '2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,,0,,,']);
    const logger = recordingLogger();
    const store = await openStore({ name, persist: false, logger });
    expect(await store.getAll()).toEqual([]);
    await store.add(sampleLease());
    expect(readLines(name)).toHaveLength(2);
    expect(store.files).toBeUndefined();
    expect(store.writeStats).toBeUndefined();
    expect(logger.ids()).toEqual(['DHCPSRV_MEMFILE_NO_STORAGE']);
  });

  it('creates the file with the Kea 2.2 header, or the 2.4 one when asked', async () => {
    const a = await fresh();
    expect(readFileSync(a.name, 'utf8')).toBe(`${HEADER_2_2}\n`);
    const b = await fresh({ format: 'kea-2.4' });
    await b.store.add(sampleLease({ address: '2001:db8::1', poolId: 4 }));
    expect(readLines(b.name)).toEqual([`${HEADER_2_2},pool_id`, expect.stringMatching(/,0,,,,4$/)]);
  });

  it('closes after writing what is pending; later calls reject', async () => {
    const { store, name } = await fresh();
    const pending = store.add(sampleLease({ address: '2001:db8::1' }));
    await store.close();
    await expect(pending).resolves.toEqual({ ok: true });
    expect(readLines(name)).toHaveLength(2);
    await expect(store.get(LeaseType.NA, '2001:db8::1')).rejects.toThrow(LeaseStoreClosedError);
    await expect(store.add(sampleLease())).rejects.toThrow(LeaseStoreClosedError);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('syncs each group of rows to disk when asked, still one write per turn', async () => {
    const { store, name } = await fresh({ sync: true });
    await Promise.all([1, 2, 3].map((i) => store.add(sampleLease({ address: `2001:db8::${i}` }))));
    expect(store.writeStats).toMatchObject({ batches: 1, records: 3, syncs: 1 });
    expect(readLines(name)).toHaveLength(4);
  });

  it('fails to open with a typed error when the lease file cannot be created', async () => {
    const name = join(tempDir(), 'missing-directory', 'l6.csv');
    await expect(MemfileLeaseStore.open({ name })).rejects.toMatchObject({
      code: 'LEASE_FILE_IO',
      message: expect.stringContaining(`cannot open lease file ${name}`),
    });
  });

  it('refuses options that do not fit together', async () => {
    await expect(MemfileLeaseStore.open({})).rejects.toThrow(LeaseStoreConfigError);
    await expect(MemfileLeaseStore.open({ persist: false, leaseChecks: 'del' })).rejects.toThrow(
      /subnet locator/,
    );
    await expect(
      MemfileLeaseStore.open({ persist: false, leaseChecks: 'bogus' as never, subnetsOf: () => [] }),
    ).rejects.toThrow(LeaseStoreConfigError);
    await expect(MemfileLeaseStore.open({ persist: false, maxRowErrors: -1 })).rejects.toThrow(
      LeaseValidationError,
    );
  });
});

describe('memfile store: loading', () => {
  const row = (address: string, valid: number, extra = '') =>
    `${address},01:02,${valid},${1_900_000_000 + valid},1,${valid / 2},0,1,128,0,0,${extra},,0,,,`;

  it('loads .2, then .1, then the current file; the last row per lease wins and valid lifetime 0 removes', async () => {
    const dir = tempDir();
    const name = join(dir, 'l6.csv');
    writeLines(`${name}.2`, [
      HEADER_2_2,
      row('2001:db8::1', 100, 'from-2'),
      row('2001:db8::2', 100, 'from-2'),
      row('2001:db8::3', 100),
    ]);
    writeLines(`${name}.1`, [
      HEADER_2_2,
      row('2001:db8::1', 200, 'from-1'),
      row('2001:db8::2', 0),
      row('2001:db8::4', 100),
    ]);
    writeLines(name, [
      HEADER_2_2,
      row('2001:db8::1', 300, 'from-current'),
      row('2001:db8::2', 400, 'back'),
      row('2001:db8::3', 0),
      row('2001:db8::5', 0),
    ]);
    const logger = recordingLogger();
    const store = await openStore({ name, logger });
    const all = await store.getAll();
    expect(all.map((l) => [l.address, l.hostname, l.validLifetime])).toEqual([
      ['2001:db8::1', 'from-current', 300],
      ['2001:db8::2', 'back', 400],
      ['2001:db8::4', '', 100],
    ]);
    expect(
      logger.records.filter((r) => r.id === 'DHCPSRV_MEMFILE_LEASE_FILE_LOAD').map((r) => r.text),
    ).toEqual([
      `loading leases from file ${name}.2`,
      `loading leases from file ${name}.1`,
      `loading leases from file ${name}`,
    ]);
    expect(store.loadReport).toMatchObject({ leases: 3, conversionNeeded: false });
    expect(store.loadReport.files.map((f) => f.reads)).toEqual([3, 3, 4]);
  });

  it('loads .completed instead of .2 and .1 when a cleanup finished writing it', async () => {
    const dir = tempDir();
    const name = join(dir, 'l6.csv');
    writeLines(`${name}.completed`, [HEADER_2_2, row('2001:db8::9', 100)]);
    writeLines(`${name}.2`, [HEADER_2_2, row('2001:db8::1', 100)]);
    writeLines(`${name}.1`, [HEADER_2_2, row('2001:db8::2', 100)]);
    const store = await openStore({ name });
    expect((await store.getAll()).map((l) => l.address)).toEqual(['2001:db8::9']);
  });

  it('fails when a file has more bad rows than max-row-errors (per file), and loads with a higher limit', async () => {
    const dir = tempDir();
    const name = join(dir, 'l6.csv');
    writeLines(`${name}.2`, [HEADER_2_2, 'bad', row('2001:db8::1', 100)]);
    writeLines(name, [HEADER_2_2, 'bad', 'bad', row('2001:db8::2', 100)]);
    await expect(MemfileLeaseStore.open({ name, maxRowErrors: 1 })).rejects.toMatchObject({
      code: 'LEASE_FILE_TOO_MANY_ERRORS',
    });
    const store = await openStore({ name, maxRowErrors: 2 });
    expect((await store.getAll()).map((l) => l.address)).toEqual(['2001:db8::1', '2001:db8::2']);
  });

  it('refuses to load while a cleanup named in the pid file is running', async () => {
    const dir = tempDir();
    const name = join(dir, 'l6.csv');
    writeFileSync(`${name}.pid`, `${process.pid}\n`);
    await expect(MemfileLeaseStore.open({ name })).rejects.toThrow(LeaseFileBusyError);
    writeFileSync(`${name}.pid`, '999999999\n'); // no such process: a stale file
    await expect(openStore({ name })).resolves.toBeInstanceOf(MemfileLeaseStore);
  });

  it('appends to a file with another header in that header, and says it needs converting', async () => {
    const dir = tempDir();
    const name = join(dir, 'l6.csv');
    const oldHeader =
      'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context';
    writeLines(name, [oldHeader, '2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,,0,']);
    const logger = recordingLogger();
    const store = await openStore({ name, logger });
    expect(store.loadReport.conversionNeeded).toBe(true);
    expect(logger.ids()).toContain('DHCPSRV_MEMFILE_NEEDS_UPGRADING');
    await store.add(sampleLease({ address: '2001:db8::2', duid: '05', hwaddr: 'aa:bb', hostname: 'x' }));
    expect(readLines(name)[2]).toBe('2001:db8::2,05,3600,1700003600,1,1800,0,1,128,0,0,x,aa:bb,0,');
  });

  it("applies lease-checks with the server's subnet locator (IA_NA only, as Kea 2.2)", async () => {
    const dir = tempDir();
    const name = join(dir, 'l6.csv');
    const lines = [
      HEADER_2_2,
      '2001:db8:1::20,01:02,3600,1900000000,1,1800,0,1,128,0,0,,,0,,,', // right subnet
      '2001:db8:1::21,01:02,3600,1900000000,7,1800,0,1,128,0,0,,,0,,,', // wrong subnet, fixable
      '2001:db8:9::22,01:02,3600,1900000000,1,1800,0,1,128,0,0,,,0,,,', // in no subnet
      '3000:0:0:6::,01:02,3600,1900000000,9,1800,2,1,64,0,0,,,0,,,', // PD: not checked
    ];
    writeLines(name, lines);
    const subnetsOf = (address: string) => (address.startsWith('2001:db8:1:') ? [1] : []);
    const outcome = async (leaseChecks: MemfileOptions['leaseChecks']) => {
      const logger = recordingLogger();
      const store = await openStore({ name, leaseChecks, subnetsOf, logger });
      const leases = (await store.getAll()).map((l) => `${l.address}/${l.subnetId}`);
      await store.close();
      return { leases, ids: logger.ids().filter((id) => id.startsWith('DHCPSRV_LEASE_SANITY')) };
    };
    expect(await outcome('none')).toEqual({
      leases: ['2001:db8:1::20/1', '2001:db8:1::21/7', '2001:db8:9::22/1', '3000:0:0:6::/9'],
      ids: [],
    });
    expect(await outcome('warn')).toEqual({
      leases: ['2001:db8:1::20/1', '2001:db8:1::21/7', '2001:db8:9::22/1', '3000:0:0:6::/9'],
      ids: ['DHCPSRV_LEASE_SANITY_FAIL', 'DHCPSRV_LEASE_SANITY_FAIL'],
    });
    expect(await outcome('fix')).toEqual({
      leases: ['2001:db8:1::20/1', '2001:db8:1::21/1', '2001:db8:9::22/1', '3000:0:0:6::/9'],
      ids: ['DHCPSRV_LEASE_SANITY_FIXED', 'DHCPSRV_LEASE_SANITY_FAIL'],
    });
    expect(await outcome('fix-del')).toEqual({
      leases: ['2001:db8:1::20/1', '2001:db8:1::21/1', '3000:0:0:6::/9'],
      ids: ['DHCPSRV_LEASE_SANITY_FIXED', 'DHCPSRV_LEASE_SANITY_FAIL_DISCARD'],
    });
    expect(await outcome('del')).toEqual({
      leases: ['2001:db8:1::20/1', '3000:0:0:6::/9'],
      ids: ['DHCPSRV_LEASE_SANITY_FAIL_DISCARD', 'DHCPSRV_LEASE_SANITY_FAIL_DISCARD'],
    });
    // The checks change memory only: the file keeps what it had, as with Kea.
    expect(readLines(name)).toEqual(lines);
  });
});

describe('memfile store: rotation for the lease file cleanup', () => {
  it('moves the current file to .1, opens a fresh one and asks for a cleanup', async () => {
    const { store, name } = await fresh();
    await store.add(sampleLease({ address: '2001:db8::1' }));
    // Changes made while the rotation runs land in one file or the other, never lost or doubled.
    const during = store.add(sampleLease({ address: '2001:db8::2' }));
    const rotation = store.rotateForCleanup();
    const alongside = store.add(sampleLease({ address: '2001:db8::3' }));
    await expect(rotation).resolves.toEqual({ rotated: true, spawnCleanup: true });
    await Promise.all([during, alongside]);
    await store.add(sampleLease({ address: '2001:db8::4' }));
    const copy = readLines(`${name}.1`).map((l) => l.split(',')[0]);
    const current = readLines(name).map((l) => l.split(',')[0]);
    expect(copy.slice(0, 2)).toEqual(['address', '2001:db8::1']);
    expect(current[0]).toBe('address');
    expect(current.at(-1)).toBe('2001:db8::4');
    expect([...copy.slice(1), ...current.slice(1)].sort()).toEqual([
      '2001:db8::1',
      '2001:db8::2',
      '2001:db8::3',
      '2001:db8::4',
    ]);
    expect(store.cleanupArguments('/etc/kea/kea-dhcp6.conf')).toEqual([
      '-6',
      '-x',
      `${name}.2`,
      '-i',
      `${name}.1`,
      '-o',
      `${name}.output`,
      '-f',
      `${name}.completed`,
      '-p',
      `${name}.pid`,
      '-c',
      '/etc/kea/kea-dhcp6.conf',
    ]);
  });

  it('leaves the files alone while .1 or .completed exists, but still asks for a cleanup to finish them', async () => {
    for (const leftover of ['.1', '.completed']) {
      const { store, name } = await fresh();
      writeLines(`${name}${leftover}`, [HEADER_2_2]);
      await store.add(sampleLease({ address: '2001:db8::1' }));
      await expect(store.rotateForCleanup()).resolves.toEqual({ rotated: false, spawnCleanup: true });
      expect(readLines(name)).toHaveLength(2);
      expect(readLines(`${name}${leftover}`)).toEqual([HEADER_2_2]);
    }
  });

  it('does nothing without persistence', async () => {
    const { store } = await fresh({ persist: false });
    await expect(store.rotateForCleanup()).resolves.toEqual({ rotated: false, spawnCleanup: false });
    expect(store.cleanupArguments()).toEqual([]);
  });

  it('reports a failed rename, asks for no cleanup and keeps writing to the lease file', async () => {
    const logger = recordingLogger();
    const { store, name } = await fresh({ logger });
    rmSync(name); // someone removed the file: there is nothing to rename
    await expect(store.rotateForCleanup()).resolves.toEqual({ rotated: false, spawnCleanup: false });
    expect(logger.ids()).toContain('DHCPSRV_MEMFILE_LFC_LEASE_FILE_RENAME_FAIL');
    expect(existsSync(`${name}.1`)).toBe(false);
    await store.add(sampleLease({ address: '2001:db8::1' }));
    expect(readLines(name)).toEqual([HEADER_2_2, expect.stringMatching(/^2001:db8::1,/)]);
  });
});
