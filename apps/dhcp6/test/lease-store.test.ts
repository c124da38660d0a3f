/** The lease store options a configuration gives: Kea's memfile parameters and Nestor's nestor-fsync. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipv6BytesToText } from '@nestor/codec';
import { parseDhcp6Config } from '@nestor/config';
import { LogManager } from '@nestor/daemon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_POOL_SIZE, memfileOptions, sqlOptions } from '../src/lease-store.js';

const logs = new LogManager('kea-dhcp6');
logs.configure([{ name: 'kea-dhcp6', severity: 'NONE' }]);

const optionsOf = (leaseDatabase: Record<string, unknown>) =>
  memfileOptions(
    parseDhcp6Config({ Dhcp6: { 'lease-database': leaseDatabase } } as never).model,
    logs.get('kea-dhcp6.dhcpsrv'),
  );

describe('lease store options', () => {
  it("syncs each group of rows only with Nestor's nestor-fsync", () => {
    expect(optionsOf({ type: 'memfile', name: '/tmp/l6.csv' })).toMatchObject({ sync: false, persist: true });
    expect(optionsOf({ type: 'memfile', name: '/tmp/l6.csv', 'nestor-fsync': true })).toMatchObject({
      sync: true,
    });
  });

  it("passes Kea's max-row-errors and persist on", () => {
    expect(optionsOf({ type: 'memfile', name: '/tmp/l6.csv', 'max-row-errors': 7 })).toMatchObject({
      maxRowErrors: 7,
      name: '/tmp/l6.csv',
    });
    expect(optionsOf({ type: 'memfile', persist: false })).toMatchObject({ persist: false, maxRowErrors: 0 });
  });
});

describe('the lease checks of the start-up load', () => {
  it('ask subnetHolds what subnetsOf answers: the subnet with this id holds the address', () => {
    const options = memfileOptions(
      parseDhcp6Config({
        Dhcp6: {
          'lease-database': { type: 'memfile', name: '/tmp/l6.csv' },
          subnet6: [
            { id: 1, subnet: '2001:db8:1::/64' },
            { id: 2, subnet: '2001:db8::/29' },
            { id: 3, subnet: '2001:db8:1:0:8000::/65' },
            { id: 4, subnet: '::/0' },
            { id: 5, subnet: '2001:db8:1::5/128' },
          ],
        },
      } as never).model,
      logs.get('kea-dhcp6.dhcpsrv'),
    );
    const holds = options.subnetHolds!;
    const locate = options.subnetsOf!;
    // addresses near the subnets' edges: a prefix of 2001:db8:1:: with random low bytes, or anything
    const address = fc.oneof(
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc
        .uint8Array({ minLength: 16, maxLength: 16 })
        .map((b) => Uint8Array.from([0x20, 0x01, 0x0d, 0xb8 ^ (b[0]! & 7), 0, 1, 0, 0, ...b.subarray(8)])),
    );
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 6 }), fc.nat(8), (bytes, id, pad) => {
        const at = new Uint8Array(pad + 16);
        at.set(bytes, pad);
        expect(holds(id, at, pad)).toBe(locate(ipv6BytesToText(bytes)).includes(id));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lease database options', () => {
  const sqlOf = (leaseDatabase: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    sqlOptions(
      parseDhcp6Config({ Dhcp6: { 'lease-database': leaseDatabase, ...extra } } as never).model,
      logs.get('kea-dhcp6.dhcpsrv'),
    );

  it("passes Kea's connection parameters and sizes the pool by the packet threads", () => {
    const options = sqlOf({
      type: 'postgresql',
      name: 'kea',
      host: 'db.example',
      port: 5433,
      user: 'u',
      password: 'p',
      'connect-timeout': 7,
    });
    expect(options).toMatchObject({
      backend: 'postgresql',
      name: 'kea',
      host: 'db.example',
      port: 5433,
      user: 'u',
      password: 'p',
      connectTimeout: 7,
      poolSize: DEFAULT_LEASE_POOL_SIZE,
    });
    expect(options.tls).toBeUndefined();
    expect(
      sqlOf(
        { type: 'mysql', name: 'kea' },
        { 'multi-threading': { 'enable-multi-threading': true, 'thread-pool-size': 12 } },
      ).poolSize,
    ).toBe(12);
  });

  it('reads the TLS files Kea names, and refuses ones it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), 'CA');
      const options = sqlOf({
        type: 'mysql',
        name: 'kea',
        'trust-anchor': join(dir, 'ca.pem'),
        'cipher-list': 'HIGH',
      });
      expect(options.tls?.ca?.toString()).toBe('CA');
      expect(options.tls?.ciphers).toBe('HIGH');
      expect(() => sqlOf({ type: 'mysql', name: 'kea', 'cert-file': join(dir, 'missing.pem') })).toThrow(
        /cannot read cert-file/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs the database name', () => {
    expect(() => sqlOf({ type: 'mysql' })).toThrow(/needs the name of the database/);
  });
});
