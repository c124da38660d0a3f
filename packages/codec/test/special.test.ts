import { describe, expect, it } from 'vitest';
import {
  decodePdExclude,
  decodeUserClass,
  decodeVendorClass,
  encodeOpaqueTuples,
  encodePdExclude,
} from '../src/index.js';
import { ascii, concat, hex, u16, u32 } from './helpers/bytes.js';

describe('user-class and vendor-class', () => {
  it('decodes and encodes opaque-data tuples', () => {
    const data = concat(u16(3), ascii('abc'), u16(0), u16(1), [9]);
    expect(decodeUserClass(data)).toEqual([ascii('abc'), new Uint8Array(0), Uint8Array.of(9)]);
    expect(encodeOpaqueTuples([ascii('abc'), new Uint8Array(0), Uint8Array.of(9)])).toEqual(data);
    expect(decodeVendorClass(concat(u32(4491), u16(6), ascii('docsis')))).toEqual({
      enterpriseNumber: 4491,
      data: [ascii('docsis')],
    });
  });

  it('refuses truncated tuples', () => {
    expect(() => decodeUserClass(concat(u16(4), ascii('ab')))).toThrow(
      expect.objectContaining({ kind: 'MALFORMED_VALUE' }),
    );
    expect(() => decodeUserClass(Uint8Array.of(0))).toThrow(/truncated/);
    expect(() => decodeVendorClass(Uint8Array.of(0, 0))).toThrow(/needs 4 bytes/);
  });
});

describe('pd-exclude (RFC 6603)', () => {
  const delegated = { prefix: '2001:db8:ff00:100::', length: 56 };

  it('encodes the subnet ID relative to the delegated prefix', () => {
    expect(encodePdExclude(delegated, { prefix: '2001:db8:ff00:1ff::', length: 64 })).toEqual(hex('40 ff'));
    expect(encodePdExclude(delegated, { prefix: '2001:db8:ff00:100::', length: 64 })).toEqual(hex('40 00'));
    // 60 - 56 = 4 bits, left-aligned in one octet.
    expect(encodePdExclude(delegated, { prefix: '2001:db8:ff00:1a0::', length: 60 })).toEqual(hex('3c a0'));
    // An 8-bit subnet ID in the middle of the address.
    expect(
      encodePdExclude(
        { prefix: '2001:db8:0:ff00::', length: 56 },
        { prefix: '2001:db8:0:ff12::', length: 64 },
      ),
    ).toEqual(hex('40 12'));
    expect(
      encodePdExclude({ prefix: '2001:db8::', length: 48 }, { prefix: '2001:db8:0:8000::', length: 49 }),
    ).toEqual(hex('31 80'));
  });

  it('decodes back to the excluded prefix', () => {
    expect(decodePdExclude(hex('40 ff'), delegated)).toEqual({ prefix: '2001:db8:ff00:1ff::', length: 64 });
    expect(decodePdExclude(hex('3c a0'), delegated)).toEqual({ prefix: '2001:db8:ff00:1a0::', length: 60 });
    expect(decodePdExclude(hex('80 ffffffffffffffff'), { prefix: '2001:db8::', length: 64 })).toEqual({
      prefix: '2001:db8::ffff:ffff:ffff:ffff',
      length: 128,
    });
  });

  it('refuses prefixes that are not inside, and malformed payloads', () => {
    expect(() => encodePdExclude(delegated, { prefix: '2001:db8:ff01::', length: 64 })).toThrow(
      expect.objectContaining({ kind: 'INVALID_PREFIX' }),
    );
    expect(() => encodePdExclude(delegated, { prefix: '2001:db8:ff00:100::', length: 56 })).toThrow(
      expect.objectContaining({ kind: 'INVALID_PREFIX' }),
    );
    expect(() => decodePdExclude(hex('40'), delegated)).toThrow(
      expect.objectContaining({ kind: 'MALFORMED_VALUE' }),
    );
    expect(() => decodePdExclude(hex('38 ff'), delegated)).toThrow(/does not fit/);
    expect(() => decodePdExclude(hex('40 ff ff'), delegated)).toThrow(/needs 1 subnet-ID bytes/);
  });
});
