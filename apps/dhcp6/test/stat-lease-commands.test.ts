/**
 * stat-lease6-get over the unix socket, differentially: each sequence goes to ISC kea-dhcp6 2.2
 * with libdhcp_stat_cmds.so (and lease_cmds, to make leases) and to Nestor's kea-dhcp6, both
 * started on the same subnets, and every answer must be Kea's: result, text and the result set
 * (columns, one row per selected subnet in subnet-id order), its timestamp checked to be "now"
 * and then set aside. Subnets are configured out of id order, some in a shared network, and the
 * leases cover every type and state, so that what each column counts is Kea's.
 */
import type { JsonValue } from '@nestor/control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDifferences, runDifferential, type Step, step } from './support/differential.js';
import { iscKeaInstalled } from './support/isc-kea.js';
import { KeaAndNestor } from './support/kea-and-nestor.js';

const SECTION = {
  'interfaces-config': { interfaces: [] },
  'lease-database': { type: 'memfile', 'lfc-interval': 0 },
  'preferred-lifetime': 3000,
  'valid-lifetime': 4000,
  // No reclamation while the test looks: an expired lease stays as it is.
  'expired-leases-processing': { 'reclaim-timer-wait-time': 3600, 'flush-reclaimed-timer-wait-time': 0 },
  'shared-networks': [
    {
      name: 'net',
      subnet6: [
        { id: 8, subnet: '2001:db8:8::/64', pools: [{ pool: '2001:db8:8::10-2001:db8:8::13' }] },
        {
          id: 7,
          subnet: '2001:db8:7::/64',
          'pd-pools': [{ prefix: '2001:db8:9000::', 'prefix-len': 48, 'delegated-len': 64 }],
        },
      ],
    },
  ],
  subnet6: [
    { id: 5, subnet: '2001:db8:5::/64' },
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
      'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 48, 'delegated-len': 56 }],
    },
    { id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::10-2001:db8:2::1f' }] },
  ],
};

const NOW = Math.floor(Date.now() / 1000);
const EXPIRE = NOW + 86_400;

const na = (address: string, subnetId: number, more: Record<string, JsonValue> = {}) => ({
  'ip-address': address,
  duid: '01:02:03:04',
  iaid: 1,
  'subnet-id': subnetId,
  'valid-lft': 4000,
  expire: EXPIRE,
  ...more,
});
const pd = (prefix: string, length: number, subnetId: number, more: Record<string, JsonValue> = {}) =>
  na(prefix, subnetId, { type: 'IA_PD', 'prefix-len': length, ...more });

const get = (args?: JsonValue, note?: string): Step => step('stat-lease6-get', args, note);
const range = (first: JsonValue, last: JsonValue): JsonValue => ({
  'subnet-range': { 'first-subnet-id': first, 'last-subnet-id': last },
});

/** Every way of selecting subnets that finds some, and some that find none. */
const SELECTIONS: Step[] = [
  get(),
  get({}),
  get({ foo: 1 }, 'unknown members ignored'),
  ...[1, 2, 5, 7, 8].map((id) => get({ 'subnet-id': id })),
  get({ 'subnet-id': 3 }, 'unknown subnet'),
  get({ 'subnet-id': 4294967297 }, 'taken as subnet 1'),
  get({ 'subnet-id': 4294967296 }, 'taken as subnet 0'),
  get(range(1, 2)),
  get(range(2, 6)),
  get(range(6, 100)),
  get(range(5, 5), 'one subnet wide: refused by the query'),
  get(range(3, 3), 'one id wide, no subnet: nothing found first'),
  get(range(4294967296, 4294967296), 'both taken as 0'),
  get(range(3, 4), 'no subnet in the range'),
  get(range(9, 4294967295), 'none above'),
  get(range(4294967297, 2), 'first taken as 1'),
  get(range(4294967296, 2), 'first taken as 0'),
  get({ 'subnet-range': { 'first-subnet-id': 1, 'last-subnet-id': 2, extra: true } }),
];

/**
 * ISC's and Nestor's kea-dhcp6 on `section` for the tests of the enclosing describe, started
 * before them and stopped (their directories removed) after them, even when a start failed.
 */
function started(prefix: string, section: Record<string, unknown>): { twins?: KeaAndNestor } {
  const holder: { twins?: KeaAndNestor } = {};
  beforeAll(() => {
    holder.twins = new KeaAndNestor(prefix);
    return holder.twins.start(section);
  }, 40_000);
  afterAll(() => holder.twins?.stop());
  return holder;
}

async function expectKeaAnswers(holder: { twins?: KeaAndNestor }, steps: readonly Step[]): Promise<void> {
  const differences = await runDifferential(steps, holder.twins!.kea!, holder.twins!.nestor!);
  expect(differences.length, `answers differing from Kea's:\n${describeDifferences(differences)}`).toBe(0);
}

describe.skipIf(!iscKeaInstalled)('stat-lease6-get answers as Kea 2.2 with stat_cmds', () => {
  const twins = started('dhcp6-stat-cmds-', SECTION);

  it('reports every configured subnet before any lease', async () => {
    await expectKeaAnswers(twins, SELECTIONS);
  });

  it('counts assigned and declined addresses and assigned prefixes from the leases held', async () => {
    await expectKeaAnswers(twins, [
      step('lease6-add', na('2001:db8:1::10', 1)),
      step('lease6-add', na('2001:db8:1::11', 1, { iaid: 2 })),
      step('lease6-add', na('2001:db8:1::12', 1, { iaid: 3, state: 1 }), 'declined'),
      step('lease6-add', na('2001:db8:1::13', 1, { iaid: 4, state: 2 }), 'reclaimed'),
      step('lease6-add', na('2001:db8:1::14', 1, { iaid: 5, 'valid-lft': 100, expire: NOW - 10 }), 'expired'),
      step('lease6-add', na('2001:db8:1::ff', 1, { iaid: 6 }), 'outside the pools'),
      step('lease6-add', na('2001:db8:1::15', 1, { iaid: 7, type: 'IA_TA' }), 'temporary'),
      step('lease6-add', pd('2001:db8:8000:100::', 56, 1, { iaid: 8 })),
      step('lease6-add', pd('2001:db8:8000:200::', 56, 1, { iaid: 9 })),
      step('lease6-add', pd('2001:db8:8000:300::', 56, 1, { iaid: 10, state: 2 }), 'reclaimed prefix'),
      step('lease6-add', na('2001:db8:5::1', 5)),
      step('lease6-add', pd('2001:db8:9000:1::', 64, 7, { iaid: 11 })),
      step('lease6-add', na('2001:db8:8::10', 8, { iaid: 12, state: 1 })),
      step('lease6-add', na('2001:db8:8::11', 8, { iaid: 13, state: 1 })),
      ...SELECTIONS,
      step('lease6-bulk-apply', {
        'deleted-leases': [{ 'ip-address': '2001:db8:1::10' }],
        leases: [na('2001:db8:1::12', 1, { iaid: 3, state: 0 }), na('2001:db8:2::10', 2)],
      }),
      step('lease6-del', { 'ip-address': '2001:db8:8000:100::', type: 'IA_PD' }),
      get(),
      step('lease6-wipe', { 'subnet-id': 8 }),
      get(range(6, 8)),
    ]);
  });

  it('takes capacities and cumulative counts from the statistics, 0 once removed', async () => {
    await expectKeaAnswers(twins, [
      step('statistic-remove', { name: 'subnet[1].total-nas' }),
      step('statistic-reset', { name: 'subnet[1].total-pds' }),
      step('statistic-remove', { name: 'subnet[7].cumulative-assigned-pds' }),
      get(),
      step('statistic-remove-all'),
      get(),
      get({ 'subnet-id': 2 }),
    ]);
  });

  it('refuses bad arguments with result 1 and Kea words', async () => {
    await expectKeaAnswers(twins, [
      get([]),
      get(null),
      get('x'),
      get(5),
      get({ 'subnet-id': null }),
      get({ 'subnet-id': '1' }),
      get({ 'subnet-id': 1.5 }),
      get({ 'subnet-id': true }),
      get({ 'subnet-id': [1] }),
      get({ 'subnet-id': 0 }),
      get({ 'subnet-id': -1 }),
      get({ 'subnet-id': -4294967295 }, 'negative, though its low 32 bits are 1'),
      get({ 'subnet-id': 1, 'subnet-range': {} }, 'both'),
      get({ 'subnet-id': 0, 'subnet-range': 5 }, 'subnet-id read first'),
      get({ 'subnet-id': 1, 'subnet-range': null }),
      get({ 'subnet-range': null }),
      get({ 'subnet-range': [] }),
      get({ 'subnet-range': 5 }),
      get({ 'subnet-range': 'x' }),
      get({ 'subnet-range': {} }),
      get({ 'subnet-range': { 'last-subnet-id': 2 } }),
      get({ 'subnet-range': { 'first-subnet-id': 1 } }),
      get(range('1', 2)),
      get(range(null, 2)),
      get(range(1.5, 2)),
      get(range(0, 2)),
      get(range(-1, 2)),
      get(range(1, 'x')),
      get(range(1, 0)),
      get(range(1, -2)),
      get(range(3, 2), 'last below first'),
      get(range(4294967298, 4294967297), 'last below first once cast'),
      get(range(0, 'x'), 'first read first'),
    ]);
  });
});

describe.skipIf(!iscKeaInstalled)('stat-lease6-get with no subnet configured', () => {
  const twins = started('dhcp6-stat-cmds-none-', { ...SECTION, 'shared-networks': [], subnet6: [] });

  it('finds no matching data, whatever the selection', async () => {
    await expectKeaAnswers(twins, [get(), get({}), get({ 'subnet-id': 1 }), get(range(1, 10))]);
  });
});
