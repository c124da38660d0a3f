import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dhcp6Process } from './commands-support.js';
import { describeDifferences, runDifferential, type Step, step } from './support/differential.js';
import { type IscKeaDhcp6, iscKeaInstalled } from './support/isc-kea.js';
import { KeaAndNestor } from './support/kea-and-nestor.js';

const SECTION = {
  'interfaces-config': { interfaces: [] },
  'server-tag': 'lab-1',
  'lease-database': { type: 'memfile', 'lfc-interval': 0 },
  'expired-leases-processing': { 'reclaim-timer-wait-time': 3600, 'flush-reclaimed-timer-wait-time': 0 },
  subnet6: [
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
      'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 48, 'delegated-len': 56 }],
    },
  ],
};

const twins = new KeaAndNestor('dhcp6-daemon-cmds-kea-');
let kea: IscKeaDhcp6 | undefined;
let nestor: Dhcp6Process | undefined;

beforeAll(async () => {
  try {
    await twins.start(SECTION);
  } finally {
    kea = twins.kea;
    nestor = twins.nestor;
  }
}, 40_000);

afterAll(() => twins.stop());

/** Statistics Nestor keeps that Kea 2.2 does not (they came with Kea 2.4). */
const NEWER_STATISTICS = /^subnet\[\d+\]\.v6-allocation-fail/;

/** statistic-get-all by the newest value of each statistic Kea 2.2 has. */
function newestValues(answer: Record<string, unknown>, s: Step): Record<string, unknown> {
  if (s.command !== 'statistic-get-all' || !answer.arguments) return answer;
  const values = Object.entries(answer.arguments as Record<string, [unknown, string][]>)
    .filter(([name]) => !NEWER_STATISTICS.test(name))
    .map(([name, samples]) => [name, samples[0]?.[0]]);
  return { ...answer, arguments: Object.fromEntries(values) };
}

async function expectKeaAnswers(steps: readonly Step[]): Promise<void> {
  const differences = await runDifferential(steps, kea!, nestor!, { normalise: newestValues });
  expect(differences.length, `answers differing from Kea's:\n${describeDifferences(differences)}`).toBe(0);
}

/** Exactly the steps noted in `differing` get another answer than Kea's (statistics with their history). */
async function expectKnownDifference(steps: readonly Step[], differing: readonly string[]): Promise<void> {
  const differences = await runDifferential(steps, kea!, nestor!, { statisticHistory: true });
  expect(
    differences.map((d) => d.step.note),
    describeDifferences(differences),
  ).toEqual(differing);
}

// First, while both servers still have the statistics they started with (the tests after remove them).
describe.skipIf(!iscKeaInstalled)('known differences from Kea 2.2 in the daemon commands', () => {
  it("list-commands: Nestor has none of the DHCPv4 commands of the lease_cmds and stat_cmds libraries (lease4-*, stat-lease4-get); it has lease6-write (Kea 2.4) and host_cmds' reservation commands (built in; Debian's Kea 2.2 lacks the library)", async () => {
    const list = async (target: { command(c: string): Promise<{ arguments?: unknown }> }) =>
      (await target.command('list-commands')).arguments as string[];
    const [theirs, ours] = [await list(kea!), await list(nestor!)];
    expect(ours.filter((c) => !theirs.includes(c))).toEqual([
      'lease6-write',
      'reservation-add',
      'reservation-del',
      'reservation-get',
      'reservation-get-all',
      'reservation-get-by-hostname',
      'reservation-get-by-id',
      'reservation-get-page',
    ]);
    const missing = theirs.filter((c) => !ours.includes(c));
    expect(missing.filter((c) => !c.startsWith('lease4-'))).toEqual(['stat-lease4-get']);
    expect(ours).toEqual([...ours].sort());
  });

  it('Nestor keeps subnet[N].v6-allocation-fail* statistics, which Kea 2.2 has not (apps/dhcp6/src/stats.ts)', async () => {
    const names = async (target: { command(c: string): Promise<{ arguments?: unknown }> }) =>
      Object.keys((await target.command('statistic-get-all')).arguments as object);
    const [theirs, ours] = [await names(kea!), await names(nestor!)];
    expect(ours.filter((n) => !theirs.includes(n)).every((n) => NEWER_STATISTICS.test(n))).toBe(true);
    expect(ours.some((n) => NEWER_STATISTICS.test(n))).toBe(true);
    expect(theirs.filter((n) => !ours.includes(n))).toEqual([]);
  });

  it('max-samples 0 for one statistic: Kea accepts it and then cannot read the statistic; Nestor refuses it', async () => {
    await expectKnownDifference(
      [
        step('statistic-sample-count-set', { name: 'pkt6-sent', 'max-samples': 0 }, 'zero'),
        step('statistic-reset', { name: 'pkt6-sent' }),
      ],
      ['zero'],
    );
  });
});

describe.skipIf(!iscKeaInstalled)('daemon commands answer as Kea 2.2', () => {
  it('statistic-reset clears the history, leaving one sample of 0, as Kea does', async () => {
    const steps = [
      step('statistic-sample-count-set', { name: 'pkt6-received', 'max-samples': 20 }),
      step('statistic-reset', { name: 'pkt6-received' }),
      step('statistic-reset', { name: 'pkt6-received' }),
      step('statistic-get', { name: 'pkt6-received' }, 'history'),
    ];
    const differences = await runDifferential(steps, kea!, nestor!, { statisticHistory: true });
    expect(differences.length, describeDifferences(differences)).toBe(0);
  });

  it('lease6-write (Kea 2.3.1 on, first stable in 2.4): Kea 2.2 does not support it, Nestor answers it as Kea 2.4', async () => {
    const args = { filename: 'leases-copy.csv' };
    expect(await kea!.command('lease6-write', args)).toEqual({
      result: 2,
      text: "'lease6-write' command not supported.",
    });
    expect(await nestor!.command('lease6-write', args)).toEqual({
      result: 0,
      text: "IPv6 lease database into 'leases-copy.csv'.",
    });
  });

  it('server-tag-get, config-backend-pull, libreload', async () => {
    await expectKeaAnswers([
      step('server-tag-get'),
      step('server-tag-get', { x: 1 }),
      step('server-tag-get', []),
      step('config-backend-pull'),
      step('config-backend-pull', { x: 1 }),
      step('libreload'),
      step('libreload', []),
    ]);
  });

  it('dhcp-disable and dhcp-enable', async () => {
    await expectKeaAnswers([
      step('dhcp-disable'),
      step('dhcp-enable'),
      step('dhcp-disable', {}),
      step('dhcp-enable', {}),
      step('dhcp-disable', { 'max-period': 30 }),
      step('dhcp-enable', { origin: 'user' }),
      step('dhcp-disable', { origin: 'ha-partner' }),
      step('dhcp-enable', { origin: 'ha-partner' }),
      step('dhcp-disable', { 'max-period': 0 }),
      step('dhcp-disable', { 'max-period': -5 }),
      step('dhcp-disable', { 'max-period': 'x' }),
      step('dhcp-disable', { 'max-period': 1.5 }),
      step('dhcp-disable', { origin: 'foo' }),
      step('dhcp-disable', { origin: '' }),
      step('dhcp-disable', { origin: 'ha-partner-1' }),
      step('dhcp-disable', { 'max-period': 0, origin: 'foo' }, 'both wrong'),
      step('dhcp-disable', { 'max-period': 'x', origin: 5 }, 'both of the wrong type'),
      step('dhcp-disable', { origin: 5 }),
      step('dhcp-enable', { origin: 5 }),
      step('dhcp-enable', { origin: 'foo' }),
      step('dhcp-disable', []),
      step('dhcp-disable', null),
      step('dhcp-enable', 'x'),
      step('dhcp-enable', null),
    ]);
  });

  it('leases-reclaim', async () => {
    await expectKeaAnswers([
      step('lease6-add', {
        'ip-address': '2001:db8:1::10',
        duid: '01:02:03',
        iaid: 1,
        'valid-lft': 100,
        expire: Math.floor(Date.now() / 1000) - 10,
      }),
      step('leases-reclaim', { remove: false }),
      step('lease6-get', { 'ip-address': '2001:db8:1::10' }),
      step('statistic-get', { name: 'reclaimed-leases' }),
      step('statistic-get', { name: 'subnet[1].reclaimed-leases' }),
      step('statistic-get', { name: 'subnet[1].assigned-nas' }),
      step('leases-reclaim', { remove: true }),
      step('lease6-get', { 'ip-address': '2001:db8:1::10' }),
      step('leases-reclaim'),
      step('leases-reclaim', {}),
      step('leases-reclaim', { remove: 'x' }),
      step('leases-reclaim', []),
      step('leases-reclaim', null),
    ]);
  });

  it('statistic-* with good and bad arguments', async () => {
    await expectKeaAnswers([
      step('statistic-get-all'),
      step('statistic-get', { name: 'pkt6-received' }),
      step('statistic-get', { name: 'subnet[1].total-nas' }),
      step('statistic-get', { name: 'subnet[1].total-pds' }),
      step('statistic-get', { name: 'no-such' }),
      step('statistic-get'),
      step('statistic-get', {}),
      step('statistic-get', { name: 5 }),
      step('statistic-get', []),
      step('statistic-get', null),
      step('statistic-get-all', { x: 1 }),
      step('statistic-reset', { name: 'pkt6-received' }),
      step('statistic-reset', { name: 'no-such' }),
      step('statistic-reset'),
      step('statistic-reset', { name: 5 }),
      step('statistic-reset', []),
      step('statistic-sample-count-set', { name: 'pkt6-received', 'max-samples': 3 }),
      step('statistic-sample-count-set', { name: 'pkt6-received', 'max-samples': -1 }),
      step('statistic-sample-count-set', { name: 'pkt6-received', 'max-samples': 4294967297 }),
      step('statistic-get', { name: 'pkt6-received' }),
      step('statistic-sample-count-set', { name: 'pkt6-received', 'max-samples': 'x' }),
      step('statistic-sample-count-set', { name: 'pkt6-received' }),
      step('statistic-sample-count-set', { 'max-samples': 3 }),
      step('statistic-sample-count-set', { name: 'no-such', 'max-samples': 3 }),
      step('statistic-sample-count-set', { name: 5, 'max-samples': 3 }),
      step('statistic-sample-count-set'),
      step('statistic-sample-count-set', []),
      step('statistic-sample-age-set', { name: 'pkt6-received', duration: 600 }),
      step('statistic-sample-age-set', { name: 'pkt6-received', duration: 0 }),
      step('statistic-sample-age-set', { name: 'pkt6-received', duration: 'x' }),
      step('statistic-sample-age-set', { name: 'pkt6-received' }),
      step('statistic-sample-age-set', { name: 'no-such', duration: 5 }),
      step('statistic-sample-age-set'),
      step('statistic-sample-age-set', []),
      step('statistic-sample-count-set-all', { 'max-samples': 5 }),
      step('statistic-sample-count-set-all', { 'max-samples': 0 }),
      step('statistic-sample-count-set-all', { 'max-samples': 4294967296 }, 'cast to 0'),
      step('statistic-sample-count-set-all', { 'max-samples': 'x' }),
      step('statistic-sample-count-set-all', {}),
      step('statistic-sample-count-set-all'),
      step('statistic-sample-count-set-all', []),
      step('statistic-sample-age-set-all', { duration: 60 }),
      step('statistic-sample-age-set-all', { duration: 0 }),
      step('statistic-reset', { name: 'pkt6-received' }),
      step('statistic-get', { name: 'pkt6-received' }, 'one sample kept'),
      step('statistic-sample-age-set-all', { duration: 'x' }),
      step('statistic-sample-age-set-all', {}),
      step('statistic-sample-age-set-all'),
      step('statistic-sample-age-set-all', []),
      step('statistic-reset-all'),
      step('statistic-reset-all', []),
      step('statistic-get-all'),
      step('statistic-remove', { name: 'pkt6-sent' }),
      step('statistic-remove', { name: 'pkt6-sent' }),
      step('statistic-remove'),
      step('statistic-remove', []),
      step('statistic-remove-all'),
      step('statistic-remove-all', []),
      step('statistic-get-all'),
    ]);
  });
});
