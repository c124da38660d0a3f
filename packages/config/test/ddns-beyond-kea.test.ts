/**
 * The DDNS parameters beyond Kea 2.2 (Kea 2.6 / 3.0): ddns-conflict-resolution-mode (Kea 2.2's
 * ddns-use-conflict-resolution mapped onto it), ddns-ttl-percent, ddns-ttl, ddns-ttl-min,
 * ddns-ttl-max, inherited global > shared network > subnet; contradicting combinations are
 * refused with their path; ISC kea-dhcp6 2.2 refuses them (Nestor-only files).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseDhcp6Config } from '../src/index.js';
import { refusal, tempDir } from './helpers.js';
import { keaAvailable, keaCheck } from './kea-oracle.js';

const files = tempDir('nestor-ddns-beyond-');
afterAll(() => files.cleanup());

const subnet = (extra: Record<string, unknown> = {}) => ({
  id: 1,
  subnet: '2001:db8:1::/64',
  pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
  ...extra,
});
const parse = (dhcp6: Record<string, unknown>) => parseDhcp6Config({ Dhcp6: dhcp6 } as never);
const ddnsOf = (dhcp6: Record<string, unknown>) => parse(dhcp6).model.subnets[0]!.ddns;

describe('ddns-conflict-resolution-mode', () => {
  it('defaults to check-with-dhcid; Kea 2.2 boolean maps onto it; the innermost scope wins', () => {
    expect(ddnsOf({ subnet6: [subnet()] })).toMatchObject({
      conflictResolutionMode: 'check-with-dhcid',
      useConflictResolution: true,
      conflictResolutionModeSet: false,
    });
    expect(ddnsOf({ 'ddns-use-conflict-resolution': false, subnet6: [subnet()] })).toMatchObject({
      conflictResolutionMode: 'no-check-with-dhcid',
      useConflictResolution: false,
    });
    const inner = ddnsOf({
      'ddns-conflict-resolution-mode': 'no-check-without-dhcid',
      subnet6: [subnet({ 'ddns-use-conflict-resolution': true })],
    });
    expect(inner).toMatchObject({
      conflictResolutionMode: 'check-with-dhcid',
      conflictResolutionModeSet: true,
    });
    const shared = parse({
      'shared-networks': [
        { name: 'n', 'ddns-conflict-resolution-mode': 'check-exists-with-dhcid', subnet6: [subnet()] },
      ],
    }).model.subnets[0]!.ddns;
    expect(shared).toMatchObject({
      conflictResolutionMode: 'check-exists-with-dhcid',
      useConflictResolution: true,
    });
  });

  it('refuses an unknown mode and a boolean that says otherwise in the same scope', () => {
    expect(
      refusal(() => parse({ 'ddns-conflict-resolution-mode': 'sometimes' })).problems.join('\n'),
    ).toMatch(/Dhcp6\.ddns-conflict-resolution-mode/);
    const error = refusal(() =>
      parse({
        subnet6: [
          subnet({
            'ddns-conflict-resolution-mode': 'no-check-with-dhcid',
            'ddns-use-conflict-resolution': true,
          }),
        ],
      }),
    );
    expect(error.problems).toEqual([
      'Dhcp6.subnet6[0].ddns-use-conflict-resolution: ddns-use-conflict-resolution true contradicts ddns-conflict-resolution-mode no-check-with-dhcid',
    ]);
  });
});

describe('ddns-ttl, ddns-ttl-percent, ddns-ttl-min, ddns-ttl-max', () => {
  it('are inherited like the other ddns-* parameters', () => {
    const d = ddnsOf({
      'ddns-ttl-percent': 0.5,
      subnet6: [subnet({ 'ddns-ttl-min': 60, 'ddns-ttl-max': 900 })],
    });
    expect(d).toMatchObject({ ttlPercent: 0.5, ttlMin: 60, ttlMax: 900 });
    expect(ddnsOf({ subnet6: [subnet()] }).ttl).toBeUndefined();
  });

  it('refuses ddns-ttl beside the others, and a maximum below the minimum, with the path', () => {
    const error = refusal(() =>
      parse({
        'ddns-ttl': 300,
        'ddns-ttl-percent': 0.2,
        subnet6: [subnet({ 'ddns-ttl-min': 900, 'ddns-ttl-max': 600 })],
      }),
    );
    expect(error.problems).toEqual([
      'Dhcp6.ddns-ttl-percent: cannot specify both ddns-ttl-percent and ddns-ttl',
      'Dhcp6.subnet6[0].ddns-ttl-max: ddns-ttl-max: 600 must be greater than ddns-ttl-min: 900',
    ]);
    expect(refusal(() => parse({ 'ddns-ttl-percent': -1 })).problems.join('\n')).toMatch(
      /Dhcp6\.ddns-ttl-percent/,
    );
  });

  it.skipIf(!keaAvailable('Dhcp6'))('make a file Nestor-only: ISC kea-dhcp6 2.2 -t refuses them', () => {
    for (const key of ['ddns-conflict-resolution-mode', 'ddns-ttl']) {
      const value = key === 'ddns-ttl' ? 300 : 'check-with-dhcid';
      const kea = keaCheck('Dhcp6', JSON.stringify({ Dhcp6: { [key]: value } }), files.dir, key);
      expect(kea.accepted).toBe(false);
    }
  });
});
