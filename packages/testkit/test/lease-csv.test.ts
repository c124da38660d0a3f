import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestkitError } from '../src/errors.js';
import {
  effectiveLeases,
  escapeCsvValue,
  LEASE_TYPE,
  Lease6File,
  parseLease6Csv,
  unescapeCsvValue,
} from '../src/lease-csv.js';

const HEADER_22 =
  'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source';

const dir = mkdtempSync(join(tmpdir(), 'testkit-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lease6 CSV', () => {
  it('reads every column by name into typed fields, unescaping hostname and user context', () => {
    const [row] = parseLease6Csv(
      `${HEADER_22}\n2001:DB8:1::10,00:01:00:01:AA:BB,4000,1795455498,1,3000,0,258,128,1,0,a&#x2cb&#x26c.example.,02:00:00:00:01:02,0,{ "k": 1&#x2c "v": "x" },1,2\n`,
    );
    expect(row).toMatchObject({
      line: 2,
      address: '2001:db8:1::10',
      duid: '00:01:00:01:aa:bb',
      validLifetime: 4000,
      expire: 1795455498,
      cltt: 1795451498,
      subnetId: 1,
      prefLifetime: 3000,
      leaseType: LEASE_TYPE.NA,
      iaid: 258,
      prefixLen: 128,
      fqdnFwd: true,
      fqdnRev: false,
      hostname: 'a,b&c.example.',
      hwaddr: '02:00:00:00:01:02',
      state: 0,
      userContext: '{ "k": 1, "v": "x" }',
    });
    expect(row!.columns['hwaddr_source']).toBe('2');
  });

  it('finds columns by name whatever their order, and keeps newer columns (2.4 pool_id)', () => {
    const text =
      'lease_type,address,prefix_len,duid,iaid,valid_lifetime,expire,subnet_id,pref_lifetime,pool_id\n' +
      '2,2001:db8:8000::,56,00:03:00:01:02:00:00:00:01:02,7,100,2000,3,50,4\n';
    const [row] = parseLease6Csv(text);
    expect(row).toMatchObject({
      address: '2001:db8:8000::',
      leaseType: LEASE_TYPE.PD,
      prefixLen: 56,
      iaid: 7,
      cltt: 1900,
    });
    expect(row!.columns['pool_id']).toBe('4');
    expect(row!.hostname).toBe('');
    expect(row!.state).toBe(0);
  });

  it('escapes as Kea does, and the two functions invert each other', () => {
    expect(escapeCsvValue('a,b&c')).toBe('a&#x2cb&#x26c');
    expect(unescapeCsvValue('&#x2C&#x41&#xzz')).toBe(',A&#xzz');
    const text = 'x,&#x2c,&,y';
    expect(unescapeCsvValue(escapeCsvValue(text))).toBe(text);
  });

  it('refuses malformed files with a PARSE error naming the problem and the line', () => {
    const cases: [string, RegExp][] = [
      ['', /not a lease6 CSV/],
      ['address,duid\n', /lacks valid_lifetime/],
      [`${HEADER_22}\n2001:db8::1,00:01,4000\n`, /line 2: 3 values for 17 columns/],
      [
        `${HEADER_22}\n\n2001:db8::1,00:01,forever,1,1,1,0,1,128,0,0,,,0,,,\n`,
        /line 3: valid_lifetime is not/,
      ],
      [`${HEADER_22}\n2001:db8::1,00:01,1,1,1,1,0,1,128,yes,0,,,0,,,\n`, /line 2: fqdn_fwd is not 0\/1/],
    ];
    for (const [text, message] of cases) {
      const error = (() => {
        try {
          parseLease6Csv(text);
        } catch (e) {
          return e;
        }
      })();
      expect(error, text).toBeInstanceOf(TestkitError);
      expect((error as TestkitError).code).toBe('PARSE');
      expect((error as Error).message).toMatch(message);
    }
  });

  it('computes what a loading server holds: latest row per address, valid_lifetime 0 removes', () => {
    const rows = parseLease6Csv(
      [
        HEADER_22,
        '2001:db8::1,00:01,100,1100,1,50,0,1,128,0,0,,,0,,,', // allocated
        '2001:db8::2,00:02,100,1100,1,50,0,1,128,0,0,,,0,,,', // allocated
        '2001:db8::1,00:01,100,1200,1,50,0,1,128,0,0,,,0,,,', // renewed
        '2001:db8::2,00:02,0,1100,1,0,0,1,128,0,0,,,0,,,', // released
        '2001:db8::3,00:03,0,1100,1,0,0,1,128,0,0,,,0,,,', // release of an unknown lease: nothing
      ].join('\n'),
    );
    expect(effectiveLeases(rows).map((r) => [r.address, r.expire])).toEqual([['2001:db8::1', 1200]]);
  });

  it('Lease6File follows a growing file: history, last, active, released; [] before it exists', async () => {
    const path = join(dir, 'leases6.csv');
    const file = new Lease6File(path);
    expect(file.rows()).toEqual([]);
    writeFileSync(path, `${HEADER_22}\n2001:db8::1,00:01,100,1100,1,50,0,1,128,0,0,,,0,,,\n`);
    expect(file.isActive('2001:DB8::1')).toBe(true);
    expect(file.isReleased('2001:db8::1')).toBe(false);
    // a line still being written (no newline yet) is not read
    writeFileSync(
      path,
      `${HEADER_22}\n2001:db8::1,00:01,100,1100,1,50,0,1,128,0,0,,,0,,,\n2001:db8::1,00:01,0,11`,
    );
    expect(file.history('2001:db8::1')).toHaveLength(1);
    writeFileSync(
      path,
      `${HEADER_22}\n2001:db8::1,00:01,100,1100,1,50,0,1,128,0,0,,,0,,,\n2001:db8::1,00:01,0,1100,1,0,0,1,128,0,0,,,0,,,\n2001:db8::9,00:09,100,1100,1,50,0,1,128,0,0,,,1,,,\n`,
    );
    expect(file.history('2001:db8::1').map((r) => r.validLifetime)).toEqual([100, 0]);
    expect(file.isReleased('2001:db8::1')).toBe(true);
    expect(file.isActive('2001:db8::1')).toBe(false);
    expect(file.isActive('2001:db8::9')).toBe(false); // declined (state 1) is not active
    expect(file.last('2001:db8::7')).toBeUndefined();
    expect(await file.waitFor((f) => f.last('2001:db8::9')?.state, 'declined row', 500)).toBe(1);
    await expect(
      file.waitFor((f) => f.isActive('2001:db8::7'), 'a lease never written', 200),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });
});
