import { afterAll, describe, expect, it } from 'vitest';
import { loadDhcp6ConfigFile } from '../src/index.js';
import { BAD_VARIANTS } from './dhcp6-bad-variants.js';
import { lineOf, refusal, tempDir } from './helpers.js';

const files = tempDir('dhcp6-checks-');
afterAll(() => files.cleanup());

describe('Dhcp6 semantic checks', () => {
  it.each(BAD_VARIANTS.map((v, i) => [v.name, v, i] as const))(
    'refuses %s, naming the path and line',
    (_, variant, i) => {
      const file = files.write(`bad-${i}.json`, variant.text);
      const error = refusal(() => loadDhcp6ConfigFile(file));
      const line = lineOf(variant.text, variant.marker);
      const expectedPrefix = `${variant.path} (${file}:${line}): `;
      const problem = error.problems.find((p) => p.startsWith(expectedPrefix));
      expect(problem, `problems were:\n${error.problems.join('\n')}`).toBeDefined();
      expect(problem!.slice(expectedPrefix.length)).toMatch(variant.message);
    },
  );

  it('lists every problem of a configuration, not only the first', () => {
    const text = `{
  "Dhcp6": {
    "mac-sources": [ "bogus" ],
    "subnet6": [
      { "subnet": "2001:db8:1::/64", "id": 1,
        "pools": [ { "pool": "2001:db8:2::/80" } ] },
      { "subnet": "2001:db8:3::/64", "id": 1 }
    ]
  }
}
`;
    const file = files.write('many.json', text);
    const error = refusal(() => loadDhcp6ConfigFile(file));
    expect(error.problems).toHaveLength(3);
    expect(error.problems.join('\n')).toMatch(/Dhcp6.mac-sources\[0\]/);
    expect(error.problems.join('\n')).toMatch(/Dhcp6.subnet6\[0\].pools\[0\].pool/);
    expect(error.problems.join('\n')).toMatch(/Dhcp6.subnet6\[1\].id/);
  });

  it('accepts one address reserved twice when ip-reservations-unique is false', () => {
    const file = files.write(
      'not-unique.json',
      JSON.stringify({
        Dhcp6: {
          'ip-reservations-unique': false,
          subnet6: [
            {
              subnet: '2001:db8:1::/64',
              id: 1,
              reservations: [
                { duid: '01:02', 'ip-addresses': ['2001:db8:1::5'] },
                { duid: '01:03', 'ip-addresses': ['2001:db8:1::5'] },
              ],
            },
          ],
        },
      }),
    );
    const { model } = loadDhcp6ConfigFile(file);
    expect(model.subnets[0]!.reservations.map((r) => r.ipAddresses)).toEqual([
      ['2001:db8:1::5'],
      ['2001:db8:1::5'],
    ]);
  });

  it('skips T1/T2 percent checks when calculate-tee-times is false', () => {
    const file = files.write(
      'no-tee.json',
      JSON.stringify({
        Dhcp6: {
          'calculate-tee-times': false,
          't1-percent': 0.9,
          't2-percent': 0.8,
          subnet6: [{ subnet: '2001:db8:1::/64', id: 1 }],
        },
      }),
    );
    expect(loadDhcp6ConfigFile(file).model.subnets[0]!.calculateTeeTimes).toBe(false);
  });

  it('accepts pools that touch without overlapping and pools given as prefixes', () => {
    const file = files.write(
      'touching.json',
      JSON.stringify({
        Dhcp6: {
          subnet6: [
            {
              subnet: '2001:db8:1::/64',
              id: 1,
              pools: [
                { pool: '2001:db8:1::1-2001:db8:1::ff' },
                { pool: '2001:db8:1::100 - 2001:db8:1::1ff' },
                { pool: '2001:db8:1:0:1::/80' },
              ],
            },
          ],
        },
      }),
    );
    const pools = loadDhcp6ConfigFile(file).model.subnets[0]!.pools;
    expect(pools.map((p) => p.text)).toEqual([
      '2001:db8:1::1-2001:db8:1::ff',
      '2001:db8:1::100-2001:db8:1::1ff',
      '2001:db8:1:0:1::-2001:db8:1:0:1:ffff:ffff:ffff',
    ]);
  });
});
