/**
 * `nestor-fsync`, Nestor's own lease-database parameter: a boolean, false unless set, refused
 * where there is no lease file to sync; a Kea file (without it) reads as before, and ISC Kea 2.2
 * refuses a file that uses it, which is why it carries Nestor's name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseDhcp6Config } from '../src/index.js';
import { refusal, tempDir } from './helpers.js';
import { keaAvailable, keaCheck } from './kea-oracle.js';

const files = tempDir('nestor-lease-parameters-');
afterAll(() => files.cleanup());

const withLeaseDatabase = (leaseDatabase: Record<string, unknown>) =>
  parseDhcp6Config({ Dhcp6: { 'lease-database': leaseDatabase } } as never);

describe('nestor-fsync', () => {
  it('is false unless set, and config-get shows it only when the file has it', () => {
    const plain = withLeaseDatabase({ type: 'memfile', name: '/tmp/l6.csv' });
    expect(plain.model.leaseDatabase.parameters['nestor-fsync']).toBe(false);
    expect(plain.raw['lease-database']).not.toHaveProperty('nestor-fsync');
    const durable = withLeaseDatabase({ type: 'memfile', name: '/tmp/l6.csv', 'nestor-fsync': true });
    expect(durable.model.leaseDatabase.parameters['nestor-fsync']).toBe(true);
    expect(durable.raw['lease-database']).toMatchObject({ 'nestor-fsync': true });
  });

  it('must be a boolean', () => {
    const error = refusal(() => withLeaseDatabase({ type: 'memfile', 'nestor-fsync': 'yes' }));
    expect(error.problems.join('\n')).toMatch(/Dhcp6\.lease-database\.nestor-fsync/);
  });

  it('is refused without a lease file: persist false, or another backend', () => {
    const memory = refusal(() =>
      withLeaseDatabase({ type: 'memfile', persist: false, 'nestor-fsync': true }),
    );
    expect(memory.problems).toEqual([
      'Dhcp6.lease-database.nestor-fsync: nestor-fsync needs persist true: with persist false no lease file is written',
    ]);
    const sql = refusal(() => withLeaseDatabase({ type: 'mysql', name: 'kea', 'nestor-fsync': true }));
    expect(sql.problems).toEqual([
      'Dhcp6.lease-database.nestor-fsync: nestor-fsync applies to the memfile lease file only, not to lease-database type mysql',
    ]);
    // Off, it asks nothing of the backend.
    expect(() => withLeaseDatabase({ type: 'memfile', persist: false, 'nestor-fsync': false })).not.toThrow();
  });

  it.skipIf(!keaAvailable('Dhcp6'))('makes a file Nestor-only: ISC kea-dhcp6 -t refuses it', () => {
    const text = JSON.stringify({
      Dhcp6: { 'lease-database': { type: 'memfile', name: `${files.dir}/l6.csv`, 'nestor-fsync': true } },
    });
    const kea = keaCheck('Dhcp6', text, files.dir, 'nestor-fsync');
    expect(kea.accepted).toBe(false);
    expect(kea.output).toMatch(/nestor-fsync/);
  });
});

describe('max-row-errors', () => {
  it('takes 0 (no limit) up to 4294967295, as Kea 2.2', () => {
    expect(() => withLeaseDatabase({ type: 'memfile', 'max-row-errors': 0 })).not.toThrow();
    expect(() => withLeaseDatabase({ type: 'memfile', 'max-row-errors': 4294967295 })).not.toThrow();
    for (const value of [-1, 4294967296]) {
      const error = refusal(() => withLeaseDatabase({ type: 'memfile', 'max-row-errors': value }));
      expect(error.problems.join('\n')).toMatch(/Dhcp6\.lease-database\.max-row-errors/);
    }
  });
});
