/**
 * IPv6 text, bytes and bigint. Oracles: libuv's inet_pton/inet_ntop through node:net
 * (net.isIPv6, net.SocketAddress), and ipaddr.js for bytes.
 */
import net from 'node:net';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import {
  bigIntToIpv6,
  canonicalIpv6,
  delegatedPrefixCount,
  formatPrefix,
  indexInRange,
  ipv6BytesToBigInt,
  ipv6BytesToText,
  ipv6TextToBytes,
  isIpv6,
  nthAddress,
  nthPrefix,
  parseIpv4,
  parseIpv6,
  parsePrefix,
  parseRange,
  prefixContains,
  prefixContainsPrefix,
  prefixesOverlap,
  prefixRange,
  prefixSize,
  rangeContains,
  rangeSize,
  toBigInt,
} from '../src/index.js';

const libuvText = (text: string) => new net.SocketAddress({ address: text, family: 'ipv6' }).address;

/** 16 bytes with a bias towards zero groups, where the formatting rules matter. */
const addressBytes = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constant(0xffff) },
      { weight: 3, arbitrary: fc.nat(0xffff) },
    ),
    {
      minLength: 8,
      maxLength: 8,
    },
  )
  .map((groups) => {
    const out = new Uint8Array(16);
    groups.forEach((g, i) => {
      out[2 * i] = g >> 8;
      out[2 * i + 1] = g & 0xff;
    });
    return out;
  });

const fullForm = (bytes: Uint8Array, upper: boolean) =>
  Array.from({ length: 8 }, (_, i) => {
    const g = ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16).padStart(4, '0');
    return upper ? g.toUpperCase() : g;
  }).join(':');

describe('IPv6 text <-> bytes', () => {
  it('formats like inet_ntop (RFC 5952, dotted tail for ::a.b.c.d and ::ffff:a.b.c.d)', () => {
    fc.assert(
      fc.property(addressBytes, fc.boolean(), (bytes, upper) => {
        const text = ipv6BytesToText(bytes);
        expect(text).toBe(libuvText(fullForm(bytes, upper)));
        expect(ipv6TextToBytes(fullForm(bytes, upper))).toEqual(bytes);
        expect(ipv6TextToBytes(text)).toEqual(bytes);
        if (!text.includes('.'))
          expect(Uint8Array.from(ipaddr.IPv6.parse(text).toByteArray())).toEqual(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly what inet_pton accepts', () => {
    const token = fc.oneof(
      fc.constantFrom(
        ':',
        '::',
        '.',
        '0',
        '1',
        'ffff',
        'FfFf',
        '12345',
        '00001',
        '192.0.2.1',
        '1.2.3',
        '256.1.1.1',
        '01.2.3.4',
        'g',
      ),
      fc.nat(0xffff).map((n) => n.toString(16)),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 14 }), (tokens) => {
        const text = tokens.join('');
        expect(isIpv6(text), text).toBe(net.isIPv6(text));
      }),
      { numRuns: 5000 },
    );
    const joined = fc
      .array(
        fc.nat(0xffff).map((n) => n.toString(16)),
        { minLength: 1, maxLength: 9 },
      )
      .chain((groups) => fc.tuple(fc.constant(groups), fc.nat(groups.length), fc.boolean()));
    fc.assert(
      fc.property(joined, ([groups, gap, dotted]) => {
        const parts = [...groups];
        if (dotted) parts.push('10.0.0.1');
        const text =
          gap === 0 && parts.length < 9
            ? parts.join(':')
            : `${parts.slice(0, gap).join(':')}::${parts.slice(gap).join(':')}`;
        expect(isIpv6(text), text).toBe(net.isIPv6(text));
        if (isIpv6(text)) expect(ipv6BytesToText(ipv6TextToBytes(text)!)).toBe(libuvText(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('handles the RFC 5952 corner cases', () => {
    expect(canonicalIpv6('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIpv6('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIpv6('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonicalIpv6('0:0:0:0:0:0:0:0')).toBe('::');
    expect(canonicalIpv6('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIpv6('fe80:0:0:0:0:0:0:0')).toBe('fe80::');
    expect(canonicalIpv6('::ffff:192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(canonicalIpv6('::ffff:c000:0201')).toBe('::ffff:192.0.2.1');
    expect(canonicalIpv6('1:2:3:4:5:6:7::')).toBe('1:2:3:4:5:6:7:0');
    expect(canonicalIpv6('::2:3:4:5:6:7:8')).toBe('0:2:3:4:5:6:7:8');
  });

  it('refuses non-addresses with a typed error', () => {
    for (const bad of [
      '',
      ':',
      '1:2',
      '1:::2',
      '::1::',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'fe80::1%eth0',
      '::1.2.3.04',
      '::256.0.0.1',
      ' ::1',
      'g::',
    ]) {
      expect(ipv6TextToBytes(bad), bad).toBeUndefined();
      expect(() => parseIpv6(bad)).toThrow(expect.objectContaining({ kind: 'INVALID_ADDRESS' }));
    }
  });

  it('parses IPv4 strictly, as inet_pton does', () => {
    expect(parseIpv4('192.0.2.1')).toEqual(Uint8Array.of(192, 0, 2, 1));
    for (const bad of ['192.0.2', '0x7f.0.0.1', '010.0.0.1', '256.0.0.1', '1.2.3.4.5', '']) {
      expect(() => parseIpv4(bad), bad).toThrow(expect.objectContaining({ kind: 'INVALID_ADDRESS' }));
    }
  });
});

describe('IPv6 bigint arithmetic', () => {
  it('converts between bytes, text and bigint', () => {
    fc.assert(
      fc.property(addressBytes, (bytes) => {
        const value = ipv6BytesToBigInt(bytes);
        expect(value).toBe(BigInt(`0x${fullForm(bytes, false).replaceAll(':', '')}`));
        expect(bigIntToIpv6(value)).toBe(ipv6BytesToText(bytes));
        expect(toBigInt(ipv6BytesToText(bytes))).toBe(value);
        expect(toBigInt(bytes)).toBe(value);
      }),
      { numRuns: 500 },
    );
    expect(() => bigIntToIpv6(-1n)).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
    expect(() => bigIntToIpv6(1n << 128n)).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
    expect(bigIntToIpv6((1n << 128n) - 1n)).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });

  it('parses prefixes and tests containment', () => {
    const p = parsePrefix('2001:db8:1::/48');
    expect(formatPrefix(p)).toBe('2001:db8:1::/48');
    expect(prefixContains(p, '2001:db8:1:ffff::1')).toBe(true);
    expect(prefixContains(p, '2001:db8:2::')).toBe(false);
    expect(formatPrefix(parsePrefix('2001:db8:1::1/48'))).toBe('2001:db8:1::/48');
    expect(() => parsePrefix('2001:db8:1::1/48', { strict: true })).toThrow(/bits set/);
    expect(() => parsePrefix('2001:db8::/129')).toThrow(expect.objectContaining({ kind: 'INVALID_PREFIX' }));
    expect(() => parsePrefix('2001:db8::')).toThrow(expect.objectContaining({ kind: 'INVALID_PREFIX' }));
    expect(() => parsePrefix('2001:db8::/x')).toThrow(expect.objectContaining({ kind: 'INVALID_PREFIX' }));
    expect(formatPrefix(parsePrefix('::/0'))).toBe('::/0');
    expect(prefixContains(parsePrefix('::/0'), 'ffff::')).toBe(true);
    expect(prefixSize(parsePrefix('2001:db8::/120'))).toBe(256n);
    const r = prefixRange(parsePrefix('2001:db8::/64'));
    expect([bigIntToIpv6(r.first), bigIntToIpv6(r.last)]).toEqual([
      '2001:db8::',
      '2001:db8::ffff:ffff:ffff:ffff',
    ]);
    expect(prefixContainsPrefix(p, parsePrefix('2001:db8:1:2::/64'))).toBe(true);
    expect(prefixContainsPrefix(parsePrefix('2001:db8:1:2::/64'), p)).toBe(false);
    expect(prefixesOverlap(parsePrefix('2001:db8:1:2::/64'), p)).toBe(true);
    expect(prefixesOverlap(parsePrefix('2001:db8:2::/48'), p)).toBe(false);
  });

  it('gives pool sizes and the n-th address without scanning', () => {
    const pool = parseRange('2001:db8:1::100 - 2001:db8:1::1ff');
    expect(rangeSize(pool)).toBe(256n);
    expect(bigIntToIpv6(nthAddress(pool, 0)!)).toBe('2001:db8:1::100');
    expect(bigIntToIpv6(nthAddress(pool, 255n)!)).toBe('2001:db8:1::1ff');
    expect(nthAddress(pool, 256)).toBeUndefined();
    expect(nthAddress(pool, -1)).toBeUndefined();
    expect(indexInRange(pool, '2001:db8:1::180')).toBe(128n);
    expect(indexInRange(pool, '2001:db8:1::1')).toBeUndefined();
    expect(rangeContains(pool, '2001:db8:1::1ff')).toBe(true);
    expect(rangeSize(parseRange('2001:db8::/64'))).toBe(1n << 64n);
    expect(() => parseRange('2001:db8::2-2001:db8::1')).toThrow(/greater than the last/);
    expect(() => parseRange('2001:db8::2')).toThrow(expect.objectContaining({ kind: 'INVALID_PREFIX' }));
    // A whole /0 pool: 2^128 addresses, last index still reachable.
    const all = parseRange('::/0');
    expect(bigIntToIpv6(nthAddress(all, (1n << 128n) - 1n)!)).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });

  it('counts and indexes delegated prefixes of a pd-pool', () => {
    const pool = parsePrefix('2001:db8:ff00::/40');
    expect(delegatedPrefixCount(pool, 56)).toBe(65536n);
    expect(formatPrefix(nthPrefix(pool, 56, 0)!)).toBe('2001:db8:ff00::/56');
    expect(formatPrefix(nthPrefix(pool, 56, 1)!)).toBe('2001:db8:ff00:100::/56');
    expect(formatPrefix(nthPrefix(pool, 56, 65535)!)).toBe('2001:db8:ffff:ff00::/56');
    expect(nthPrefix(pool, 56, 65536)).toBeUndefined();
    expect(() => delegatedPrefixCount(pool, 32)).toThrow(/shorter than the pool/);
  });
});
