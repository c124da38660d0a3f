/**
 * Compatibility with ISC Kea 2.2, the other way: ISC's kea-dhcp6 writes a lease file (leases made
 * through its lease_cmds hook), Nestor's kea-lfc cleans it, and Nestor reads every lease back with
 * every field as ISC's server reported it.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Lease6, LeaseType, leaseFileSet, MemfileLeaseStore } from '@nestor/leases';
import { afterEach, describe, expect, it } from 'vitest';
import { IscKeaDhcp6 } from './support/isc-kea-dhcp6.js';
import { binDir, runToEnd, tempDir } from './support/run.js';

const servers: IscKeaDhcp6[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

const TYPES: Record<string, LeaseType> = { IA_NA: LeaseType.NA, IA_TA: LeaseType.TA, IA_PD: LeaseType.PD };

/**
 * Kea's JSON strings are bytes: its answers print each non-ASCII byte as \u00XX, so "é" arrives
 * as "\u00c3\u00a9". Read them back as the UTF-8 text they encode.
 */
function keaText<T>(value: T): T {
  if (typeof value === 'string') return Buffer.from(value, 'latin1').toString('utf8') as T;
  if (Array.isArray(value)) return value.map(keaText) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [keaText(k), keaText(v)])) as T;
  }
  return value;
}

/** A lease as ISC's lease6-get-all reports it, in Nestor's model. */
function fromIsc(lease: Record<string, unknown>): Partial<Lease6> {
  const type = TYPES[lease.type as string]!;
  const expected: Partial<Lease6> = {
    type,
    address: lease['ip-address'] as string,
    prefixLength: type === LeaseType.PD ? (lease['prefix-len'] as number) : 128,
    duid: lease.duid as string,
    iaid: lease.iaid as number,
    subnetId: lease['subnet-id'] as number,
    preferredLifetime: lease['preferred-lft'] as number,
    validLifetime: lease['valid-lft'] as number,
    cltt: lease.cltt as number,
    fqdnFwd: lease['fqdn-fwd'] as boolean,
    fqdnRev: lease['fqdn-rev'] as boolean,
    hostname: keaText(lease.hostname as string),
    hwaddr: (lease['hw-address'] as string | undefined) ?? '',
    state: lease.state as number,
    userContext: keaText(lease['user-context'] as Lease6['userContext']),
  };
  return expected;
}

const LEASES: Record<string, unknown>[] = [
  {
    'ip-address': '2001:db8:1::10',
    duid: '01:02:03:04:05:06',
    iaid: 1234,
    'subnet-id': 1,
    'valid-lft': 3600,
    'preferred-lft': 1800,
    hostname: 'a,b&c.example.',
    'fqdn-fwd': true,
    'fqdn-rev': false,
    'hw-address': 'aa:bb:cc:dd:ee:ff',
    'user-context': { a: 1, b: [1, 2, 'x,y'], c: { d: null, e: 1.5, f: 'q"t\n' }, 'k,&': 'café' },
  },
  {
    'ip-address': '3000:0:0:5::',
    type: 'IA_PD',
    'prefix-len': 56,
    duid: '0a:0b',
    iaid: 7,
    'subnet-id': 1,
    'valid-lft': 7200,
    'preferred-lft': 3600,
    'fqdn-rev': true,
    hostname: 'pd.example.',
  },
  { 'ip-address': '2001:db8:1::11', duid: '01:02', iaid: 5, 'subnet-id': 1, 'valid-lft': 3600, state: 1 },
  {
    'ip-address': '2001:db8:1::12',
    duid: '01:02',
    iaid: 5,
    'subnet-id': 1,
    'valid-lft': 3600,
    state: 2,
    expire: 1_700_000_000,
    'user-context': {},
  },
  {
    'ip-address': '2001:db8:7::1',
    duid: 'ff:ee:dd:cc:bb:aa:99:88:77:66:55:44:33:22:11:00',
    iaid: 4_294_967_295,
    'subnet-id': 7,
    'valid-lft': 4_000_000_000,
    'preferred-lft': 0,
    hostname: 'big.example.',
  },
  {
    'ip-address': '2001:db8:1::13',
    duid: '01:02',
    iaid: 6,
    'subnet-id': 1,
    'valid-lft': 100,
    'hw-address': '01:02:03',
  },
  { 'ip-address': '2001:db8:1::14', duid: '01:02', iaid: 9, 'subnet-id': 1, 'valid-lft': 100 },
];

describe("Nestor's kea-lfc on a lease file written by ISC kea-dhcp6 2.2", () => {
  it('keeps every lease with every field intact', async () => {
    const dir = tempDir('kea6-compat-');
    const server = await IscKeaDhcp6.start(dir);
    servers.push(server);
    for (const args of LEASES) {
      const answer = await server.command('lease6-add', args);
      expect(answer, JSON.stringify(args)).toMatchObject({ result: 0 });
    }
    // A renewal rewrites a lease, a release removes one: both leave rows the cleanup must fold.
    expect(
      await server.command('lease6-update', {
        'ip-address': '2001:db8:1::13',
        duid: '01:02',
        iaid: 6,
        'subnet-id': 1,
        'valid-lft': 900,
        hostname: 'renewed.example.',
        'hw-address': '01:02:03',
      }),
    ).toMatchObject({ result: 0 });
    expect(await server.command('lease6-del', { 'ip-address': '2001:db8:1::14' })).toMatchObject({
      result: 0,
    });
    const all = await server.command('lease6-get-all');
    expect(all).toMatchObject({ result: 0, arguments: { leases: expect.any(Array) } });
    const iscLeases = ((all.arguments?.leases ?? []) as Record<string, unknown>[]).map(fromIsc);
    expect(iscLeases).toHaveLength(6);
    await server.stop();
    const written = readFileSync(server.leaseFile, 'utf8').trimEnd().split('\n');
    expect(written).toHaveLength(1 + 7 + 2); // header, adds, update and release rows

    // As the server does before a cleanup: its file becomes .1.
    const files = leaseFileSet(join(tempDir('kea6-lfc-'), 'kea-leases6.csv'));
    copyFileSync(server.leaseFile, files.copy);
    const run = await runToEnd(join(binDir, 'kea-lfc'), [
      '-6',
      '-x',
      files.previous,
      '-i',
      files.copy,
      '-o',
      files.output,
      '-f',
      files.finish,
      '-p',
      files.pid,
      '-c',
      'ignored-path',
      '-d',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('LFC_READ_STATS Leases: 9, attempts: 9, errors: 0.');

    const cleaned = await MemfileLeaseStore.open({ name: files.current });
    // The server side reads ISC's file as it is, too, and finds the same leases.
    const direct = await MemfileLeaseStore.open({ name: server.leaseFile });
    try {
      const loaded = await cleaned.getAll();
      expect(loaded).toHaveLength(iscLeases.length);
      for (const expected of iscLeases) {
        expect(await cleaned.get(expected.type!, expected.address!), expected.address).toEqual({
          ...expected,
          // Not reported by lease6-get-all: Kea's defaults for these leases.
          hwtype: 1,
          hwaddrSource: 0,
          poolId: 0,
        });
      }
      expect((await cleaned.get(LeaseType.NA, '2001:db8:1::10'))?.userContext).toEqual({
        a: 1,
        b: [1, 2, 'x,y'],
        c: { d: null, e: 1.5, f: 'q"t\n' },
        'k,&': 'café',
      });
      expect(direct.loadReport.files[0]).toMatchObject({ errors: 0, reads: 9 });
      expect(await direct.getAll()).toEqual(loaded);
    } finally {
      await cleaned.close();
      await direct.close();
    }
  });
});
