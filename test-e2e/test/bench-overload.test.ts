import { describe, expect, it } from 'vitest';
import { averageDelays, formatOverload } from '../src/bench/overload.js';

// perfdhcp 2.2's per-exchange delay lines, as it prints them
const REPORT = `***Statistics for: SOLICIT-ADVERTISE***
sent packets: 1904
received packets: 1809
drops: 95
drops ratio: 4.99 %
orphans: 0
rejected leases: 0
non unique addresses: 0
min delay: 0.412 ms
avg delay: 190.140 ms
max delay: 998.501 ms
std deviation: 210.120 ms
collected packets: 0

***Statistics for: REQUEST-REPLY***
sent packets: 1809
received packets: 1800
drops: 9
drops ratio: 0.49 %
orphans: 0
min delay: 0.380 ms
avg delay: 52.217 ms
max delay: 640.002 ms
`;

describe('the dhcp-queue-control overload figure', () => {
  it("reads perfdhcp's average delay per exchange", () => {
    expect(averageDelays(REPORT)).toEqual({ 'SOLICIT-ADVERTISE': 190.14, 'REQUEST-REPLY': 52.217 });
    expect(averageDelays('no statistics')).toEqual({});
  });

  it('prints one line per queue setting', () => {
    const text = formatOverload({
      server: 'Nestor',
      sustainable: 119,
      rows: [
        {
          queue: 'off',
          offered: 238,
          answered: 226,
          dropsPct: 5,
          avgDelayMs: { 'SOLICIT-ADVERTISE': 190.14, 'REQUEST-REPLY': 52.2 },
        },
        { queue: 'on', offered: 238, answered: 190, dropsPct: 13.5, avgDelayMs: {} },
      ],
    });
    expect(text).toContain('twice the 119/s sustained');
    expect(text).toMatch(/off +238 +226 +5\.0% +190\.1 ms \/ 52\.2 ms/);
    expect(text).toMatch(/on +238 +190 +13\.5% +- \/ -/);
  });
});
