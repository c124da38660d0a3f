import { join } from 'node:path';
import { ipv6BytesToText, parseIpv6 } from '@nestor/codec';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ipv6KeyFromBytes,
  isKeyedLeaseStore,
  type Lease6,
  LeaseState,
  LeaseType,
  LeaseValidationError,
  leaseKeyFromBytes,
  MemfileLeaseStore,
  normalizeLease,
  parseAddress,
} from '../src/index.js';
import { indexed, primaryKey } from '../src/memfile/lease-index.js';
import { normalizeKeyedLease } from '../src/validate.js';
import { readLines, sampleLease, tempDir } from './support/fixtures.js';

/** What the allocation engine holds for an address: its bytes, its text as the codec prints it, its key. */
function keyedAddress(bytes: Uint8Array, type: LeaseType = LeaseType.NA): { text: string; key: string } {
  return { text: ipv6BytesToText(bytes), key: leaseKeyFromBytes(type, bytes) };
}

function bytesOf(text: string): Uint8Array {
  return parseIpv6(text);
}

const EDGE_ADDRESSES = [
  '::',
  '::1',
  '::1.2.3.4', // IPv4-compatible: the codec keeps the dotted tail, the store prints hex
  '::1:0',
  '::ffff:192.0.2.1',
  '::ffff:0:1',
  '64:ff9b::c000:221',
  '2001:db8::',
  '2001:db8:1::10',
  '2001:db8:0:1:1:1:1:1',
  '1:0:0:2:0:0:0:3',
  'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  '3000:0:0:5::',
];

const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
/** Bytes with runs of zero groups, where the text forms differ most. */
const sparseBytes16 = fc
  .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .map((groups) => bytesOf(groups.map((g) => g.toString(16)).join(':')));

describe('keyed leases: the allocation engine fast path', () => {
  it('ipv6KeyFromBytes is the order key of the address', () => {
    for (const text of EDGE_ADDRESSES) expect(ipv6KeyFromBytes(bytesOf(text))).toBe(parseAddress(text)!.key);
    fc.assert(
      fc.property(fc.oneof(bytes16, sparseBytes16), (bytes) => {
        const text = ipv6BytesToText(bytes);
        expect(ipv6KeyFromBytes(bytes)).toBe(parseAddress(text)!.key);
      }),
    );
  });

  it('leaseKeyFromBytes is the memfile primary key of the lease', () => {
    fc.assert(
      fc.property(fc.oneof(bytes16, sparseBytes16), fc.constantFrom(0, 1, 2), (bytes, type) => {
        const key = leaseKeyFromBytes(type, bytes);
        expect(key).toBe(primaryKey(ipv6KeyFromBytes(bytes), type));
        expect(key).toBe(
          indexed(
            normalizeLease(sampleLease({ type, address: ipv6BytesToText(bytes) })).lease,
            ipv6KeyFromBytes(bytes),
          ).key,
        );
      }),
    );
  });

  it('normalizeKeyedLease returns exactly what normalizeLease returns, property order included', () => {
    const check = (bytes: Uint8Array, type: LeaseType) => {
      const { text, key } = keyedAddress(bytes, type);
      const lease = sampleLease({ type, address: text, prefixLength: type === LeaseType.PD ? 56 : 128 });
      const full = normalizeLease(lease);
      const fast = normalizeKeyedLease(lease, key);
      if (text.startsWith('::')) {
        // Left to normalizeLease (where the codec and the store print differently).
        expect(fast).toBeUndefined();
        return;
      }
      expect(fast).toEqual(full.lease);
      expect(Object.keys(fast!)).toEqual(Object.keys(full.lease));
      expect(Object.isFrozen(fast)).toBe(true);
    };
    for (const text of EDGE_ADDRESSES) check(bytesOf(text), LeaseType.NA);
    fc.assert(
      fc.property(fc.oneof(bytes16, sparseBytes16), fc.constantFrom(LeaseType.NA, LeaseType.PD), check),
    );
    // A key of another type is not used.
    const { text, key } = keyedAddress(bytesOf('2001:db8::5'), LeaseType.PD);
    expect(normalizeKeyedLease(sampleLease({ address: text }), key)).toBeUndefined();
  });

  it('normalizeKeyedLease still validates and canonicalises every field but the address', () => {
    const { text, key } = keyedAddress(bytesOf('2001:db8::5'));
    const base = sampleLease({ address: text });
    const bad: Partial<Record<keyof Lease6, unknown>>[] = [
      { type: 7 },
      { duid: '' },
      { duid: Array.from({ length: 129 }, () => 'ab').join(':') },
      { duid: '00' },
      { hwaddr: 'zz' },
      { iaid: -1 },
      { iaid: 2 ** 32 },
      { subnetId: 1.5 },
      { validLifetime: Number.NaN },
      { prefixLength: 129 },
      { cltt: 1e300 },
      { fqdnFwd: 1 },
      { hostname: 5 },
      { userContext: [] },
    ];
    for (const change of bad) {
      const lease = { ...base, ...change } as Lease6;
      const full = (() => {
        try {
          normalizeLease(lease);
        } catch (err) {
          return err;
        }
      })();
      expect(full).toBeInstanceOf(LeaseValidationError);
      expect(() => normalizeKeyedLease(lease, key)).toThrow((full as Error).message);
    }
    const loose = { ...base, duid: '0A:0B', hwaddr: '1:2:3:4:5:6' };
    expect(normalizeKeyedLease(loose, key)).toMatchObject({
      duid: '0a:0b',
      hwaddr: '01:02:03:04:05:06',
    });
    // A declined lease may carry the empty DUID, as with add.
    expect(normalizeKeyedLease({ ...base, duid: '00', state: LeaseState.DECLINED }, key)?.duid).toBe('00');
  });
});

describe('memfile store: keyed methods', () => {
  const opened: MemfileLeaseStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  async function fresh() {
    const name = join(tempDir(), 'kea-leases6.csv');
    const store = await MemfileLeaseStore.open({ name });
    opened.push(store);
    return { store, name };
  }

  it('is a keyed store', async () => {
    const { store } = await fresh();
    expect(isKeyedLeaseStore(store)).toBe(true);
    expect(isKeyedLeaseStore({ ...store, backend: 'other' } as never)).toBe(false);
  });

  it('stores, writes and answers exactly as add, get and update do', async () => {
    const viaAdd = await fresh();
    const viaKey = await fresh();
    const addresses = ['2001:db8:1::10', '::1.2.3.4', '3000:0:0:5::', '2001:db8::1:0:0:1'];
    for (const [i, address] of addresses.entries()) {
      const type = i === 2 ? LeaseType.PD : LeaseType.NA;
      const { text, key } = keyedAddress(bytesOf(address), type);
      const lease = sampleLease({
        type,
        address: text,
        prefixLength: type === LeaseType.PD ? 64 : 128,
        hostname: 'h,&x',
      });
      await expect(viaAdd.store.add(lease)).resolves.toEqual({ ok: true });
      await expect(viaKey.store.addKeyed(lease, key)).resolves.toEqual({ ok: true });
      // The conflict check is the same.
      await expect(viaKey.store.addKeyed({ ...lease, duid: '09:09' }, key)).resolves.toEqual({
        ok: false,
        reason: 'conflict',
      });
      const stored = await viaAdd.store.get(type, text);
      expect(await viaKey.store.getKeyed(type, key)).toEqual(stored);
      expect(await viaKey.store.get(type, text)).toEqual(stored);
      const otherType = type === LeaseType.PD ? LeaseType.NA : LeaseType.PD;
      expect(
        await viaKey.store.getKeyed(otherType, keyedAddress(bytesOf(address), otherType).key),
      ).toBeUndefined();
      await expect(viaKey.store.getKeyed(otherType, key)).rejects.toThrow(LeaseValidationError);

      const renewed = { ...lease, cltt: lease.cltt + 60 };
      const expectedExpire = stored!.cltt + stored!.validLifetime;
      await expect(viaKey.store.updateKeyed(renewed, key, { expectedExpire: 1 })).resolves.toEqual({
        ok: false,
        reason: 'changed',
      });
      await expect(viaAdd.store.update(renewed, { expectedExpire })).resolves.toEqual({ ok: true });
      await expect(viaKey.store.updateKeyed(renewed, key, { expectedExpire })).resolves.toEqual({ ok: true });
      expect(await viaKey.store.getKeyed(type, key)).toEqual(await viaAdd.store.get(type, text));
    }
    const missing = keyedAddress(bytesOf('2001:db8::99'));
    await expect(
      viaKey.store.updateKeyed(sampleLease({ address: missing.text }), missing.key),
    ).resolves.toEqual({ ok: false, reason: 'not-found' });
    expect(await viaKey.store.getAll()).toEqual(await viaAdd.store.getAll());
    expect(await viaKey.store.getByDuid('00:01:00:01:aa:bb:cc:dd')).toEqual(
      await viaAdd.store.getByDuid('00:01:00:01:aa:bb:cc:dd'),
    );
    expect(await viaKey.store.counts()).toEqual(await viaAdd.store.counts());
    // Byte-identical lease files.
    expect(readLines(viaKey.name)).toEqual(readLines(viaAdd.name));
  });

  it('refuses an invalid lease as add does, changing nothing', async () => {
    const { store, name } = await fresh();
    const { text, key } = keyedAddress(bytesOf('2001:db8::7'));
    await expect(store.addKeyed(sampleLease({ address: text, duid: '00' }), key)).rejects.toThrow(
      LeaseValidationError,
    );
    await expect(store.getKeyed(LeaseType.NA, key)).resolves.toBeUndefined();
    expect(readLines(name)).toHaveLength(1);
  });
});
