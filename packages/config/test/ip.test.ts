import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv6, parseIpv4, parseIpv6, parseIpv6Prefix, prefixContains } from '../src/net/ip.js';

describe('IPv6 text', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['2001:db8::1', 0x20010db8000000000000000000000001n],
    ['2001:DB8:0:0:0:0:0:1', 0x20010db8000000000000000000000001n],
    ['2001:db8:1:2:3:4:5:6', 0x20010db8000100020003000400050006n],
    ['::ffff:192.0.2.1', 0xffffc0000201n],
    ['64:ff9b::192.0.2.33', 0x0064ff9b0000000000000000c0000221n],
  ])('parses %s', (text, value) => {
    expect(parseIpv6(text)).toBe(value);
  });

  it.each([
    '',
    ':',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7',
    '1:',
    ':1',
    '::1.2.3',
    '1.2.3.4',
  ])('refuses %j', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
  });

  it.each([
    [0x20010db8000000000000000000000001n, '2001:db8::1'],
    [0n, '::'],
    [1n, '::1'],
    [0x20010db8000000010000000000000001n, '2001:db8:0:1::1'],
    [0x20010db8000000000001000000000001n, '2001:db8::1:0:0:1'],
    [0x20010db8000100000001000100010001n, '2001:db8:1:0:1:1:1:1'],
  ])('formats %s canonically as %s', (value, text) => {
    expect(formatIpv6(value)).toBe(text);
  });

  it('round-trips any 128-bit value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        expect(parseIpv6(formatIpv6(value))).toBe(value);
      }),
    );
  });

  it('reads prefixes and IPv4', () => {
    expect(parseIpv6Prefix('2001:db8::/32')).toEqual({ address: 0x20010db8n << 96n, length: 32 });
    expect(parseIpv6Prefix('2001:db8::/129')).toBeUndefined();
    expect(prefixContains({ address: 0x20010db8n << 96n, length: 32 }, (0x20010db8n << 96n) + 5n)).toBe(true);
    expect(parseIpv4('192.0.2.1')).toBe(0xc0000201);
    expect(parseIpv4('192.0.2.256')).toBeUndefined();
  });
});
