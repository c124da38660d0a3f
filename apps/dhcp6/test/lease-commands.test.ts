/**
 * The lease6-* commands over the unix socket, differentially: each sequence goes to ISC
 * kea-dhcp6 2.2 with libdhcp_lease_cmds.so (the reference) and to Nestor's kea-dhcp6, both
 * started on the same subnets, and every answer (result, text, arguments) must be Kea's. The
 * statistics the commands move and the lease file rows they append are compared the same way.
 * A few differences are known and need changes outside the command layer: each is pinned by a
 * test of its own ("known difference"), which fails once the difference is gone or changes.
 */
import { join } from 'node:path';
import type { JsonValue } from '@nestor/control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dhcp6Process, Dirs } from './commands-support.js';
import { describeDifferences, runDifferential, type Step, step } from './support/differential.js';
import { type IscKeaDhcp6, iscKeaInstalled } from './support/isc-kea.js';
import { KeaAndNestor } from './support/kea-and-nestor.js';
import { leaseHistories } from './support/lease-histories.js';

/** Two subnets, addresses and prefixes: what every lease argument is checked against. */
const SUBNETS = [
  {
    id: 1,
    subnet: '2001:db8:1::/64',
    pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
    'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 48, 'delegated-len': 56 }],
  },
  { id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::10-2001:db8:2::1f' }] },
];

const SECTION = {
  'interfaces-config': { interfaces: [] },
  'lease-database': { type: 'memfile', 'lfc-interval': 0 },
  'preferred-lifetime': 3000,
  'valid-lifetime': 4000,
  // No reclamation while the test looks: the leases stay as the commands left them.
  'expired-leases-processing': { 'reclaim-timer-wait-time': 3600, 'flush-reclaimed-timer-wait-time': 0 },
  subnet6: SUBNETS,
};

/** One instant in the future both servers are given, so that cltt = expire - valid-lft matches. */
const EXPIRE = Math.floor(Date.now() / 1000) + 86_400;
const DUID_A = '01:02:03:04:05:06:07:08';
const DUID_B = '0a:0b:0c:0d:0e:0f';
const DUID_C = '00:03:00:01:02:00:00:00:00:03';

const na = (address: string, more: Record<string, JsonValue> = {}): Record<string, JsonValue> => ({
  'ip-address': address,
  duid: DUID_A,
  iaid: 1,
  'subnet-id': 1,
  'valid-lft': 4000,
  'preferred-lft': 3000,
  expire: EXPIRE,
  ...more,
});
const pd = (prefix: string, length: number, more: Record<string, JsonValue> = {}) =>
  na(prefix, { type: 'IA_PD', 'prefix-len': length, ...more });

/** A fresh address in subnet 1 for each refusal, so that one wrongly accepted cannot mask the next. */
let freshCounter = 0x100;
const fresh = (): string => `2001:db8:1::a:${(freshCounter++).toString(16)}`;

const stats = (...names: string[]): Step[] => names.map((name) => step('statistic-get', { name }));
const SUBNET_STATS = stats(
  'subnet[1].assigned-nas',
  'subnet[1].assigned-pds',
  'subnet[2].assigned-nas',
  'subnet[2].assigned-pds',
  'subnet[1].declined-addresses',
  'declined-addresses',
);

/** Kea lists a subnet's, a DUID's or a hostname's leases in the order they were added. */
const ORDER_DIFFERS = (s: Step): boolean =>
  (s.command === 'lease6-get-all' && s.args !== undefined) ||
  s.command === 'lease6-get-by-duid' ||
  s.command === 'lease6-get-by-hostname';

const twins = new KeaAndNestor('dhcp6-lease-cmds-');
let dirs: Dirs;
let kea: IscKeaDhcp6 | undefined;
let nestor: Dhcp6Process | undefined;

beforeAll(async () => {
  dirs = twins.dirs;
  try {
    await twins.start(SECTION);
  } finally {
    kea = twins.kea;
    nestor = twins.nestor;
  }
}, 40_000);

afterAll(() => twins.stop());

/** Runs a sequence on both servers and fails with every difference at once. */
async function expectKeaAnswers(steps: readonly Step[], unordered = ORDER_DIFFERS): Promise<void> {
  const differences = await runDifferential(steps, kea!, nestor!, { unordered });
  expect(differences.length, `answers differing from Kea's:\n${describeDifferences(differences)}`).toBe(0);
}

/**
 * Runs a sequence on both servers and requires that exactly the steps noted in `differing` get
 * another answer than Kea's: a known difference, kept visible until it is fixed.
 */
async function expectKnownDifference(
  steps: readonly Step[],
  differing: readonly (string | undefined)[],
): Promise<void> {
  const differences = await runDifferential(steps, kea!, nestor!, { unordered: () => false });
  expect(
    differences.map((d) => d.step.note),
    describeDifferences(differences),
  ).toEqual(differing);
}

describe.skipIf(!iscKeaInstalled)('lease6-* over the unix socket answer as Kea 2.2 with lease_cmds', () => {
  it('lease6-add: valid leases of every kind', async () => {
    await expectKeaAnswers([
      step(
        'lease6-add',
        na('2001:db8:1::10', {
          hostname: 'Host-A.Example.org',
          'hw-address': '1a:1b:1c:1d:1e:1f',
          'fqdn-fwd': true,
          'fqdn-rev': true,
          'user-context': { rack: 7, tags: ['a', 'b'], nested: { deep: [1, { x: null }] } },
        }),
      ),
      step(
        'lease6-add',
        { 'ip-address': '2001:db8:2::11', duid: DUID_B, iaid: 2 },
        'no subnet-id, lifetimes, expire',
      ),
      step(
        'lease6-add',
        na('2001:DB8:1::0012', { iaid: 3, comment: 'by hand' }),
        'non-canonical address, comment',
      ),
      step('lease6-add', na('2001:db8:1::13', { iaid: 4, state: 1 }), 'declined'),
      step('lease6-add', na('2001:db8:1::14', { iaid: 5, state: 2 }), 'expired-reclaimed'),
      step(
        'lease6-add',
        na('2001:db8:1::ff', { duid: DUID_C, iaid: 6 }),
        'outside the pools, inside the subnet',
      ),
      step('lease6-add', pd('2001:db8:8000:100::', 56, { iaid: 7 })),
      step('lease6-add', pd('3000:1::', 64, { iaid: 8 }), 'prefix outside the subnet'),
      step('lease6-add', pd('2001:db8:8000:300::', 0, { iaid: 9 }), 'prefix length 0'),
      step('lease6-add', pd('2001:db8:8000:400::', 56, { iaid: 10, 'subnet-id': 2 }), 'prefix in subnet 2'),
      step(
        'lease6-add',
        na('2001:db8:1::15', { iaid: 11, 'valid-lft': 0, 'preferred-lft': 0 }),
        'zero lifetimes',
      ),
      step('lease6-add', na('2001:db8:1::16', { iaid: 12, 'preferred-lft': 5000 }), 'preferred above valid'),
      step('lease6-add', na('2001:db8:1::17', { iaid: 13, 'valid-lft': 100, 'preferred-lft': 50 }), 'short'),
      step('lease6-add', na('2001:db8:1::18', { iaid: 14, foo: 'bar' }), 'unknown parameter'),
      step('lease6-add', na('2001:db8:1::19', { iaid: 15, comment: 5 }), 'comment of another type'),
      step(
        'lease6-add',
        na('2001:db8:1::1a', { iaid: 16, comment: 'c', 'user-context': { x: 1 } }),
        'comment merged',
      ),
      step(
        'lease6-add',
        na('2001:db8:1::1b', { iaid: 17, hostname: 'A,B&c;d' }),
        'separators in the hostname',
      ),
      step('lease6-add', na('2001:db8:1::30', { duid: '1:2:3' }), 'one-digit groups'),
      step('lease6-add', na('2001:db8:1::31', { duid: '0x0102' }), 'DUID with 0x'),
      step('lease6-add', na('2001:db8:1::32', { duid: '0x102' }), 'DUID with 0x, odd'),
      step('lease6-add', na('2001:db8:1::33', { duid: '01 02 aB' }), 'space-separated DUID'),
      step('lease6-add', na('2001:db8:1::34', { duid: '123' }), 'odd run of digits'),
      step(
        'lease6-add',
        na('2001:db8:1::35', { duid: '01', 'hw-address': '1:2:3' }),
        'one-byte DUID, short groups',
      ),
      step('lease6-add', na('2001:db8:1::36', { duid: '01'.repeat(128) }), 'longest DUID'),
      ...SUBNET_STATS,
      step('lease6-get-all'),
    ]);
  });

  it('lease6-add: refusals, each with Kea words and positions', async () => {
    await expectKeaAnswers([
      step('lease6-add', na('2001:db8:1::10'), 'duplicate address'),
      step('lease6-add', na('2001:db8:1::10', { duid: DUID_B, iaid: 99 }), 'duplicate address, other client'),
      step('lease6-add', pd('2001:db8:8000:100::', 56), 'duplicate prefix'),
      step('lease6-add', { 'ip-address': '2001:db8:9::1', duid: DUID_A, iaid: 1 }, 'outside every subnet'),
      step('lease6-add', na('2001:db8:2::5'), 'not in the named subnet'),
      step('lease6-add', na(fresh(), { 'subnet-id': 99 }), 'unknown subnet'),
      step('lease6-add', na('2001:db8:9::2', { 'subnet-id': 0 }), 'subnet-id 0 and no subnet holds it'),
      step('lease6-add', {
        type: 'IA_PD',
        'ip-address': '2001:db8:8000:200::',
        duid: DUID_A,
        iaid: 1,
        'prefix-len': 56,
      }),
      step('lease6-add', na('2001:db8:8000:500::', { type: 'IA_PD' }), 'PD without prefix-len'),
      step('lease6-add', pd('2001:db8:8000:600::', 256)),
      step('lease6-add', pd('2001:db8:8000:700::', -1)),
      step('lease6-add', pd('2001:db8:8000:800::', 'x' as never)),
      step('lease6-add', pd('2001:db8:8000:900::', 56, { state: 1 }), 'declined prefix'),
      step('lease6-add', na(fresh(), { 'prefix-len': 'x' }), 'prefix-len ignored for an address'),
      step('lease6-add', { duid: DUID_A, iaid: 1, 'subnet-id': 1 }, 'no ip-address'),
      step('lease6-add', { 'ip-address': fresh(), iaid: 1, 'subnet-id': 1 }, 'no duid'),
      step('lease6-add', { 'ip-address': fresh(), duid: DUID_A, 'subnet-id': 1 }, 'no iaid'),
      step('lease6-add', { 'ip-address': 'garbage', duid: 5 }, 'the first problem is reported'),
      step('lease6-add', na('garbage')),
      step('lease6-add', na('')),
      step('lease6-add', na('192.0.2.1')),
      step('lease6-add', na(fresh(), { 'ip-address': 5 })),
      step('lease6-add', na(fresh(), { duid: 5 })),
      ...['zz', 'zz:01', '01::02', '001:02', '01:', ':', '0x', '', '01  02', 'g1 02', '01'.repeat(129)].map(
        (duid) => step('lease6-add', na(fresh(), { duid }), `duid '${duid.slice(0, 12)}'`),
      ),
      ...['zz', '1a:zz', '1a1b1c', '1a-1b', '1a::1b', '1a:', '1a 1b', Array(21).fill('01').join(':')].map(
        (hw) => step('lease6-add', na(fresh(), { 'hw-address': hw }), `hw-address '${hw.slice(0, 12)}'`),
      ),
      step('lease6-add', na(fresh(), { 'hw-address': 5 })),
      step('lease6-add', na(fresh(), { iaid: 'x' })),
      step('lease6-add', na(fresh(), { iaid: 1.5 })),
      step('lease6-add', na(fresh(), { iaid: -1 })),
      step('lease6-add', na(fresh(), { iaid: 4294967296 })),
      step('lease6-add', na(fresh(), { 'subnet-id': '1' })),
      step('lease6-add', na(fresh(), { 'subnet-id': -1 })),
      step('lease6-add', na(fresh(), { 'subnet-id': 4294967296 })),
      step('lease6-add', na(fresh(), { 'valid-lft': 'x' })),
      step('lease6-add', na(fresh(), { 'valid-lft': -1 })),
      step('lease6-add', na(fresh(), { 'valid-lft': 4294967296 })),
      step('lease6-add', na(fresh(), { 'preferred-lft': true })),
      step('lease6-add', na(fresh(), { expire: 'x' })),
      step('lease6-add', na(fresh(), { expire: 1.5 })),
      step('lease6-add', na(fresh(), { expire: -5 })),
      step('lease6-add', na(fresh(), { expire: 0 })),
      step('lease6-add', na(fresh(), { expire: 100 }), 'expire before valid-lft'),
      step('lease6-add', na(fresh(), { 'fqdn-fwd': 'yes' })),
      step('lease6-add', na(fresh(), { 'fqdn-rev': 1 })),
      step('lease6-add', na(fresh(), { 'fqdn-fwd': true }), 'fqdn-fwd without a hostname'),
      step('lease6-add', na(fresh(), { 'fqdn-rev': true, hostname: '' }), 'fqdn-rev, empty hostname'),
      step('lease6-add', na(fresh(), { 'fqdn-rev': true, state: 'x' }), 'hostname checked before state'),
      step('lease6-add', na(fresh(), { iaid: 'x', 'subnet-id': 99 }), 'subnet read before iaid'),
      step('lease6-add', na(fresh(), { iaid: 'x', 'subnet-id': 'x' }), 'subnet-id read before iaid'),
      step('lease6-add', na(fresh(), { hostname: 5 })),
      step('lease6-add', na(fresh(), { hostname: 'é', iaid: 'x' }), 'positions count bytes'),
      step('lease6-add', na(fresh(), { state: 3 })),
      step('lease6-add', na(fresh(), { state: 255 })),
      step('lease6-add', na(fresh(), { state: 256 })),
      step('lease6-add', na(fresh(), { state: -1 })),
      step('lease6-add', na(fresh(), { state: 'x' })),
      step('lease6-add', na(fresh(), { type: 'IA_XX' })),
      step('lease6-add', na(fresh(), { type: 'na' })),
      step('lease6-add', na(fresh(), { type: 'V4' })),
      step('lease6-add', na(fresh(), { type: 5 })),
      step(
        'lease6-add',
        { 'ip-address': fresh(), duid: DUID_A, iaid: 1, type: 'IA_TA' },
        'TA without subnet',
      ),
      step('lease6-add', na(fresh(), { 'user-context': 'x' })),
      step('lease6-add', na(fresh(), { 'user-context': [1, { b: 2, a: 'x' }] })),
      step('lease6-add', na(fresh(), { 'user-context': null })),
      step(
        'lease6-add',
        na(fresh(), { comment: 'c', 'user-context': { comment: 'old', x: 1 } }),
        'comment twice',
      ),
      step('lease6-add', na(fresh(), { 'force-create': 'x' })),
      step('lease6-add'),
      step('lease6-add', []),
      step('lease6-add', 'x'),
      step('lease6-add', null),
      step('lease6-add', {}),
      ...SUBNET_STATS,
    ]);
  });

  it('lease6-get by address and by DUID, IAID and subnet', async () => {
    await expectKeaAnswers([
      step('lease6-get', { 'ip-address': '2001:db8:1::10' }),
      step('lease6-get', { 'ip-address': '2001:DB8:1::10' }),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', type: 'IA_NA' }),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', type: 'IA_PD' }, 'wrong type'),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', type: 'V4' }),
      step('lease6-get', { 'ip-address': '2001:db8:8000:100::', type: 'IA_PD' }),
      step('lease6-get', { 'ip-address': '2001:db8:8000:100::' }, 'prefix asked as IA_NA'),
      step('lease6-get', { 'ip-address': '2001:db8:1::1e' }, 'not found'),
      step('lease6-get', { 'ip-address': '2001:db8:9::1' }, 'not in any subnet'),
      step(
        'lease6-get',
        { 'ip-address': '2001:db8:1::10', 'subnet-id': 'x', 'identifier-type': 5 },
        'extras ignored',
      ),
      step('lease6-get', { 'identifier-type': 'duid', identifier: DUID_B, iaid: 2, 'subnet-id': 2 }),
      step('lease6-get', {
        'identifier-type': 'duid',
        identifier: DUID_B.toUpperCase(),
        iaid: 2,
        'subnet-id': 2,
      }),
      step('lease6-get', { 'identifier-type': 'duid', identifier: '0a0b0c0d0e0f', iaid: 2, 'subnet-id': 2 }),
      step(
        'lease6-get',
        { 'identifier-type': 'duid', identifier: DUID_A, iaid: 1, 'subnet-id': 1 },
        'several',
      ),
      step('lease6-get', {
        'identifier-type': 'duid',
        identifier: DUID_A,
        iaid: 7,
        'subnet-id': 1,
        type: 'IA_PD',
      }),
      step(
        'lease6-get',
        { 'identifier-type': 'duid', identifier: DUID_A, iaid: 7, 'subnet-id': 1 },
        'PD asked as NA',
      ),
      step('lease6-get', {
        'identifier-type': 'duid',
        identifier: DUID_A,
        iaid: 7,
        'subnet-id': 1,
        type: 'V4',
      }),
      step(
        'lease6-get',
        { 'identifier-type': 'duid', identifier: DUID_B, iaid: 2, 'subnet-id': 1 },
        'other subnet',
      ),
      step(
        'lease6-get',
        { 'identifier-type': 'duid', identifier: DUID_B, iaid: 4294967298, 'subnet-id': 2 },
        'iaid cast',
      ),
      step(
        'lease6-get',
        { 'identifier-type': 'duid', identifier: DUID_B, iaid: 2, 'subnet-id': 4294967298 },
        'id cast',
      ),
      step('lease6-get', { 'identifier-type': 'duid', identifier: DUID_B, iaid: -1, 'subnet-id': 2 }),
      step('lease6-get', { 'identifier-type': 'duid', identifier: DUID_B, 'subnet-id': 2 }, 'no iaid'),
      step('lease6-get', { 'identifier-type': 'duid', identifier: DUID_B, iaid: 'x', 'subnet-id': 2 }),
      step('lease6-get', { 'identifier-type': 'duid', identifier: DUID_B, iaid: 1.5, 'subnet-id': 2 }),
      step('lease6-get', { 'identifier-type': 'duid', identifier: DUID_B, iaid: 2 }, 'no subnet-id'),
      step('lease6-get', { 'identifier-type': 'duid', identifier: DUID_B, iaid: 2, 'subnet-id': 'x' }),
      step('lease6-get', { 'identifier-type': 'duid', identifier: DUID_B, iaid: 2, 'subnet-id': 1.5 }),
      step('lease6-get', { iaid: 'x' }, 'subnet-id before iaid'),
      step('lease6-get', { iaid: 'x', 'subnet-id': 1 }, 'iaid before identifier-type'),
      step('lease6-get', { 'identifier-type': 'duid', iaid: 1, 'subnet-id': 1 }, 'no identifier'),
      step('lease6-get', { 'identifier-type': 'duid', identifier: 5, 'subnet-id': 1 }),
      step('lease6-get', { identifier: DUID_A, iaid: 1, 'subnet-id': 1 }, 'no identifier-type'),
      step('lease6-get', { 'identifier-type': 5, identifier: DUID_A, iaid: 1, 'subnet-id': 1 }),
      step('lease6-get', { 'identifier-type': 'duid', identifier: 'zz', iaid: 1, 'subnet-id': 1 }),
      step('lease6-get', { 'identifier-type': 'duid', identifier: '', iaid: 1, 'subnet-id': 1 }),
      step('lease6-get', {
        'identifier-type': 'hw-address',
        identifier: '1a:1b:1c:1d:1e:1f',
        'subnet-id': 1,
      }),
      step('lease6-get', { 'identifier-type': 'hw-address', identifier: 'zz', 'subnet-id': 1 }),
      step('lease6-get', { 'identifier-type': 'client-id', identifier: DUID_A, 'subnet-id': 1 }),
      step('lease6-get', { 'identifier-type': 'client-id', identifier: '01', 'subnet-id': 1 }),
      step('lease6-get', { 'identifier-type': 'client-id', identifier: '', 'subnet-id': 1 }),
      step('lease6-get', { 'identifier-type': 'flex-id', identifier: DUID_A, iaid: 1, 'subnet-id': 1 }),
      step('lease6-get', { 'identifier-type': 'address', identifier: '2001:db8:1::10', 'subnet-id': 1 }),
      step('lease6-get', { 'ip-address': 'garbage' }),
      step('lease6-get', { 'ip-address': '' }),
      step('lease6-get', { 'ip-address': '192.0.2.1' }),
      step('lease6-get', { 'ip-address': 5 }),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', type: 'IA_XX' }),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', type: '0' }, 'type by number'),
      step('lease6-get', { 'ip-address': '2001:db8:8000:100::', type: '2' }, 'PD by number'),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', type: '3' }, 'V4 by number'),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', type: '4' }),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', 'update-ddns': true }),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', 'update-ddns': 'x' }),
      step('lease6-get', { type: 5, 'update-ddns': 1 }, 'update-ddns read first'),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', type: 5 }),
      step('lease6-get', { type: 5 }, 'type read first'),
      step('lease6-get'),
      step('lease6-get', []),
      step('lease6-get', null),
      step('lease6-get', {}),
    ]);
  });

  it('lease6-get-all, lease6-get-page, lease6-get-by-duid, lease6-get-by-hostname', async () => {
    await expectKeaAnswers([
      step('lease6-get-all'),
      step('lease6-get-all', { subnets: [1] }),
      step('lease6-get-all', { subnets: [2, 1] }),
      step('lease6-get-all', { subnets: [1, 1] }),
      step('lease6-get-all', { subnets: [99] }),
      step('lease6-get-all', { subnets: [-4294967295] }, 'cast to 1'),
      step('lease6-get-all', { subnets: [] }),
      step('lease6-get-all', { subnets: 'x' }),
      step('lease6-get-all', { subnets: ['x'] }),
      step('lease6-get-all', { subnets: [1.5] }),
      step('lease6-get-all', {}),
      step('lease6-get-all', []),
      step('lease6-get-all', null),
      step('lease6-get-page', { from: 'start', limit: 3 }),
      step('lease6-get-page', { from: '2001:db8:1::12', limit: 3 }),
      step('lease6-get-page', { from: '2001:db8:1::12', limit: 1000 }),
      step('lease6-get-page', { from: '2001:db8:1::1e', limit: 2 }, 'from an address with no lease'),
      step('lease6-get-page', { from: '3000:1::', limit: 3 }, 'after the last'),
      step('lease6-get-page', { from: '::', limit: 1 }),
      step('lease6-get-page', { from: 'START', limit: 3 }),
      step('lease6-get-page', { from: '', limit: 3 }),
      step('lease6-get-page', { from: 'garbage', limit: 3 }),
      step('lease6-get-page', { from: '192.0.2.1', limit: 3 }),
      step('lease6-get-page', { from: 5, limit: 3 }),
      step('lease6-get-page', { limit: 3 }),
      step('lease6-get-page', { from: 'start' }),
      step('lease6-get-page', { from: 'start', limit: 0 }),
      step('lease6-get-page', { from: 'start', limit: -1 }),
      step('lease6-get-page', { from: 'start', limit: 'x' }),
      step('lease6-get-page', { from: 'start', limit: 2.5 }),
      step('lease6-get-page', { from: 'start', limit: 4294967296 }),
      step('lease6-get-page'),
      step('lease6-get-page', []),
      step('lease6-get-page', null),
      step('lease6-get-by-duid', { duid: DUID_A }),
      step('lease6-get-by-duid', { duid: DUID_B.toUpperCase() }),
      step('lease6-get-by-duid', { duid: '0x0102' }),
      step('lease6-get-by-duid', { duid: '99:99:99' }),
      step('lease6-get-by-duid', { duid: 'zz' }),
      step('lease6-get-by-duid', { duid: '' }),
      step('lease6-get-by-duid', { duid: 5 }),
      step('lease6-get-by-duid', {}),
      step('lease6-get-by-duid'),
      step('lease6-get-by-duid', []),
      step('lease6-get-by-hostname', { hostname: 'host-a.example.org' }),
      step('lease6-get-by-hostname', { hostname: 'HOST-A.example.ORG' }),
      step('lease6-get-by-hostname', { hostname: 'a,b&c;d' }),
      step('lease6-get-by-hostname', { hostname: 'nobody.example.org' }),
      step('lease6-get-by-hostname', { hostname: '' }),
      step('lease6-get-by-hostname', { hostname: 5 }),
      step('lease6-get-by-hostname', {}),
      step('lease6-get-by-hostname'),
      step('lease6-get-by-hostname', []),
    ]);
  });

  it('lease6-update, with and without force-create', async () => {
    await expectKeaAnswers([
      step('lease6-update', na('2001:db8:1::10', { hostname: 'Renamed.example.org', 'valid-lft': 5000 })),
      step('lease6-get', { 'ip-address': '2001:db8:1::10' }),
      step('lease6-update', na('2001:db8:1::10', { duid: DUID_B, iaid: 42, state: 1 }), 'to declined'),
      step(
        'lease6-update',
        na('2001:db8:1::10', { state: 0, 'user-context': { v: 2 } }),
        'back from declined',
      ),
      step('lease6-get', { 'ip-address': '2001:db8:1::10' }),
      step(
        'lease6-update',
        { 'ip-address': '2001:db8:1::12', duid: DUID_A, iaid: 3 },
        'no subnet, no expire',
      ),
      step('lease6-get', { 'ip-address': '2001:db8:1::12' }),
      step('lease6-update', pd('2001:db8:8000:100::', 56, { iaid: 70 })),
      step('lease6-update', pd('2001:db8:8000:100::', 60, { iaid: 70 }), 'new prefix length'),
      step('lease6-get', { 'ip-address': '2001:db8:8000:100::', type: 'IA_PD' }),
      step(
        'lease6-update',
        pd('2001:db8:8000:100::', 60, { iaid: 70, 'subnet-id': 2 }),
        'prefix moved to subnet 2',
      ),
      step('lease6-update', na('2001:db8:1::1c'), 'no such lease'),
      step('lease6-update', na('2001:db8:1::1c', { 'force-create': false })),
      step('lease6-update', na('2001:db8:1::1c', { 'force-create': true })),
      step('lease6-get', { 'ip-address': '2001:db8:1::1c' }),
      step(
        'lease6-update',
        na('2001:db8:1::1c', { 'force-create': true, iaid: 77 }),
        'force-create of an existing one',
      ),
      step('lease6-update', na('2001:db8:2::1d', { 'force-create': true, 'subnet-id': 2, state: 1 })),
      step('lease6-update', pd('2001:db8:8000:a00::', 56, { 'force-create': true })),
      step('lease6-update', na('2001:db8:1::10', { 'subnet-id': 2 }), 'moved to a subnet not holding it'),
      step('lease6-update', na('2001:db8:1::10', { 'subnet-id': 99 })),
      step('lease6-update', na('2001:db8:1::10', { 'force-create': 'x' })),
      step('lease6-update', na('2001:db8:1::10', { iaid: 'x' })),
      step('lease6-update', { 'ip-address': '2001:db8:1::10' }),
      step('lease6-update'),
      step('lease6-update', []),
      step('lease6-update', 'x'),
      step('lease6-update', null),
      step('lease6-update', {}),
      ...SUBNET_STATS,
      step('lease6-get-all'),
    ]);
  });

  it('lease6-del by address and by DUID, IAID and subnet', async () => {
    await expectKeaAnswers([
      step('lease6-del', { 'ip-address': '2001:db8:1::13' }),
      step('lease6-del', { 'ip-address': '2001:db8:1::13' }, 'again: gone'),
      step('lease6-del', { 'ip-address': '2001:db8:8000:100::' }, 'prefix as IA_NA'),
      step('lease6-del', { 'ip-address': '2001:db8:8000:100::', type: 'IA_PD' }),
      step('lease6-del', { 'ip-address': '2001:db8:1::16', type: 'V4' }),
      step('lease6-del', { 'identifier-type': 'duid', identifier: DUID_B, iaid: 2, 'subnet-id': 2 }),
      step('lease6-del', { 'identifier-type': 'duid', identifier: DUID_B, iaid: 2, 'subnet-id': 2 }, 'again'),
      step(
        'lease6-del',
        { 'identifier-type': 'duid', identifier: DUID_A, iaid: 1, 'subnet-id': 1 },
        'several',
      ),
      step('lease6-del', {
        'identifier-type': 'duid',
        identifier: DUID_A,
        iaid: 9,
        'subnet-id': 1,
        type: 'IA_PD',
      }),
      step('lease6-del', {
        'identifier-type': 'hw-address',
        identifier: '1a:1b:1c:1d:1e:1f',
        'subnet-id': 1,
      }),
      step('lease6-del', { 'identifier-type': 'client-id', identifier: DUID_A, 'subnet-id': 1 }),
      step('lease6-del', { 'identifier-type': 'client-id', identifier: 'zz', 'subnet-id': 1 }),
      step('lease6-del', { 'identifier-type': 'address', identifier: '2001:db8:1::10', 'subnet-id': 1 }),
      step('lease6-del', { 'identifier-type': 'duid', identifier: DUID_A, iaid: 1 }),
      step('lease6-del', { 'ip-address': 'garbage' }),
      step('lease6-del', { 'ip-address': '192.0.2.1' }),
      step('lease6-del', { 'ip-address': 5 }),
      step('lease6-del', { 'ip-address': '2001:db8:1::10', type: 5 }),
      step('lease6-del', { 'ip-address': '2001:db8:1::10', 'update-ddns': 'x' }),
      step('lease6-del', { 'ip-address': '2001:db8:1::16', type: '1' }, 'TA by number'),
      step('lease6-del', { 'ip-address': '2001:db8:9::1' }),
      step('lease6-del'),
      step('lease6-del', []),
      step('lease6-del', null),
      step('lease6-del', {}),
      ...SUBNET_STATS,
    ]);
  });

  it('lease6-wipe of one subnet, of an unknown one, then of all', async () => {
    await expectKeaAnswers([
      step('lease6-wipe', { 'subnet-id': 2 }),
      step('lease6-get-all', { subnets: [2] }),
      ...SUBNET_STATS,
      step('lease6-wipe', { 'subnet-id': 2 }, 'again: nothing left'),
      step('lease6-wipe', { 'subnet-id': 99 }),
      ...stats('subnet[99].assigned-nas', 'subnet[99].assigned-pds', 'subnet[99].declined-addresses'),
      step('lease6-wipe', { 'subnet-id': 'x' }),
      step('lease6-wipe', { 'subnet-id': -1 }),
      step('lease6-wipe', { 'subnet-id': 4294967296 }),
      step('lease6-wipe', []),
      step('lease6-wipe', null),
      step('lease6-wipe', { 'subnet-id': 0 }),
      step('lease6-get-all'),
      step('lease6-add', na('2001:db8:1::10', { state: 1 })),
      step('lease6-add', na('2001:db8:2::10', { 'subnet-id': 2 })),
      step('lease6-wipe'),
      step('lease6-get-all'),
      step('lease6-wipe', {}),
      ...SUBNET_STATS,
    ]);
  });

  it('appends to the lease file the rows Kea appends, lease by lease', () => {
    expect(leaseHistories(join(dirs.lib, 'kea-leases6.csv'))).toEqual(leaseHistories(kea!.leaseFile));
  });
});

describe.skipIf(!iscKeaInstalled)(
  'known differences from Kea 2.2, each needing a change outside the commands',
  () => {
    it('leases of a subnet, a DUID or a hostname: Kea lists them in the order they were added (packages/leases)', async () => {
      await expectKnownDifference(
        [
          step('lease6-add', na('2001:db8:2::30', { 'subnet-id': 2, hostname: 'h', duid: DUID_C })),
          step('lease6-add', na('2001:db8:2::20', { 'subnet-id': 2, hostname: 'h', duid: DUID_C })),
          step('lease6-get-all', { subnets: [2] }, 'by subnet'),
          step('lease6-get-by-duid', { duid: DUID_C }, 'by DUID'),
          step('lease6-get-by-hostname', { hostname: 'h' }, 'by hostname'),
          step('lease6-wipe', { 'subnet-id': 2 }, 'wipe'),
        ],
        ['by subnet', 'by DUID', 'by hostname'],
      );
    });

    it('a temporary address (IA_TA) counts as a prefix in Kea statistics (apps/dhcp6/src/server.ts)', async () => {
      await expectKnownDifference(
        [
          step('lease6-add', na('2001:db8:1::40', { type: 'IA_TA' })),
          step('lease6-get', { 'ip-address': '2001:db8:1::40', type: 'IA_TA' }),
          step('statistic-get', { name: 'subnet[1].assigned-nas' }, 'NA count'),
          step('statistic-get', { name: 'subnet[1].assigned-pds' }, 'PD count'),
          step('lease6-del', { 'ip-address': '2001:db8:1::40', type: 'IA_TA' }),
          ...SUBNET_STATS,
        ],
        ['NA count', 'PD count'],
      );
    });

    it('prefix lengths 129-255 and the DUID 00: Kea stores them, the lease store refuses (packages/leases)', async () => {
      await expectKnownDifference(
        [
          step('lease6-add', pd('2001:db8:8000:b00::', 200), 'prefix-len 200'),
          step('lease6-add', na('2001:db8:1::41', { duid: '00' }), 'DUID 00'),
          step('lease6-wipe'),
        ],
        ['prefix-len 200', 'DUID 00', undefined],
      );
    });

    it('an empty hw-address: Kea prints "hw-address": "" (the lease model has no empty-but-set address)', async () => {
      await expectKnownDifference(
        [
          step('lease6-add', na('2001:db8:1::42', { 'hw-address': '' })),
          step('lease6-get', { 'ip-address': '2001:db8:1::42' }, 'get'),
          step('lease6-wipe'),
        ],
        ['get'],
      );
    });
  },
);
