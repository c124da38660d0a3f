import { describe, expect, it } from 'vitest';
import { ipv6InPrefix, ipv6InRange, ipv6ToBigInt } from '../src/ipv6.js';

describe('ipv6 helpers', () => {
  it('parses full and compressed forms', () => {
    expect(ipv6ToBigInt('::')).toBe(0n);
    expect(ipv6ToBigInt('::1')).toBe(1n);
    expect(ipv6ToBigInt('2001:db8::1')).toBe((0x20010db8n << 96n) | 1n);
    expect(ipv6ToBigInt('2001:DB8:0:0:0:0:0:1')).toBe(ipv6ToBigInt('2001:db8::1'));
    expect(ipv6ToBigInt('fe80::')).toBe(0xfe80n << 112n);
  });

  it('refuses what is not an address', () => {
    for (const bad of [
      '',
      '1::2::3',
      '2001:db8:1',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'fe80::1%eth0',
      '10.0.0.1',
      '::/64',
    ])
      expect(() => ipv6ToBigInt(bad), bad).toThrow(/not an IPv6 address/);
  });

  it('checks ranges and prefixes', () => {
    expect(ipv6InRange('2001:db8:1::1000', '2001:db8:1::1000', '2001:db8:1::1fff')).toBe(true);
    expect(ipv6InRange('2001:db8:1::1fff', '2001:db8:1::1000', '2001:db8:1::1fff')).toBe(true);
    expect(ipv6InRange('2001:db8:1::100', '2001:db8:1::1000', '2001:db8:1::1fff')).toBe(false);
    expect(ipv6InPrefix('2001:db8:80ff::', '2001:db8:8000::/32')).toBe(true);
    expect(ipv6InPrefix('2001:db8:8000:ff00::', '2001:db8:8000::/48')).toBe(true);
    expect(ipv6InPrefix('2001:db8:8001::', '2001:db8:8000::/48')).toBe(false);
    expect(ipv6InPrefix('2001:db8::1', '::/0')).toBe(true);
    expect(() => ipv6InPrefix('::1', '::/129')).toThrow(/not an IPv6 prefix/);
  });
});
