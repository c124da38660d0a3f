/** The lease store options a configuration gives: Kea's memfile parameters and Nestor's nestor-fsync. */
import { parseDhcp6Config } from '@nestor/config';
import { LogManager } from '@nestor/daemon';
import { describe, expect, it } from 'vitest';
import { memfileOptions } from '../src/lease-store.js';

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
