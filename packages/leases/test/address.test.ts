import { describe, expect, it } from 'vitest';
import { canonicalIPv6, parseAddress } from '../src/index.js';

describe('IPv6 text', () => {
  it.each([
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first of two equal runs
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['fe80::0:0:1', 'fe80::1'],
    ['3000:0:0:5::', '3000:0:0:5::'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'], // the longer run wins
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::ffff:c000:201', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('%s prints as %s (RFC 5952)', (input, canonical) => {
    expect(canonicalIPv6(input)).toBe(canonical);
  });

  it.each([
    '',
    ':',
    '1.2.3.4',
    '2001:db8::1::2',
    '2001:db8:1:2:3:4:5:6:7',
    '2001:db8:1:2:3:4:5',
    '12345::',
    'g::1',
    '::1%eth0',
    ' ::1',
    '::1.2.3.256',
    '::01.2.3.4',
    '1:2:3:4:5:6:7::8',
    '2001:db8::1/64',
  ])('refuses %j', (input) => {
    expect(parseAddress(input)).toBeUndefined();
    expect(canonicalIPv6(input)).toBeUndefined();
  });

  it('orders addresses numerically through the order key', () => {
    const sorted = ['::', '::1', '::2', '::10', '1::', '2001:db8::', 'fe80::', 'ffff::'];
    const keys = sorted.map((a) => parseAddress(a)!.key);
    expect([...keys].sort()).toEqual(keys);
    expect(parseAddress('2001:db8:0::10')).toEqual({
      text: '2001:db8::10',
      key: '20010db8000000000000000000000010',
    });
  });
});
