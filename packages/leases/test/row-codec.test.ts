import { describe, expect, it } from 'vitest';
import {
  KEA_2_2_COLUMNS,
  LeaseFileHeaderError,
  layoutForFormat,
  parseHeader,
  parseRow,
  rowFormatter,
} from '../src/index.js';
import { HEADER_2_2, sampleLease } from './support/fixtures.js';

const kea22 = parseHeader(HEADER_2_2);
const kea24 = parseHeader(`${HEADER_2_2},pool_id`);

function ok(line: string, layout = kea22) {
  const row = parseRow(line, layout);
  if (!row.ok) throw new Error(`row refused: ${row.error}`);
  return row;
}

function refused(line: string, layout = kea22): string {
  const row = parseRow(line, layout);
  if (row.ok) throw new Error('row accepted');
  return row.error;
}

describe('lease file header', () => {
  it('is the Kea 2.2 header when Nestor writes one', () => {
    expect(layoutForFormat('kea-2.2').header).toBe(HEADER_2_2);
    expect(layoutForFormat('kea-2.4').header).toBe(`${HEADER_2_2},pool_id`);
    expect(KEA_2_2_COLUMNS.length).toBe(17);
  });

  it('is read by name: any order, unknown columns ignored', () => {
    const layout = parseHeader(
      'duid,comment,address,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname',
    );
    const row = ok('01:02,hello,2001:db8::1,3600,1900000000,1,1800,0,7,128,1,0,h', layout);
    expect(row.lease).toMatchObject({
      address: '2001:db8::1',
      duid: '01:02',
      iaid: 7,
      hostname: 'h',
      fqdnFwd: true,
    });
  });

  it('refuses a header without a required column, or with one twice', () => {
    expect(() =>
      parseHeader(
        'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev',
      ),
    ).toThrow(LeaseFileHeaderError);
    expect(() => parseHeader(`${HEADER_2_2},duid`)).toThrow(/column 'duid' appears twice/);
  });
});

describe('lease6 CSV row', () => {
  it('reads every field of a Kea 2.2 row', () => {
    const row = ok(
      '2001:DB8:1::10,01:02:03:04:05:06,3600,1795447670,1,1800,0,1234,128,1,0,a&#x2cb&#x26c.example.,aa:bb:cc:dd:ee:ff,0,{ "a": 1&#x2c "b": [ 1&#x2c 2 ] },1,4',
    );
    expect(row.lease).toEqual({
      type: 0,
      address: '2001:db8:1::10',
      prefixLength: 128,
      duid: '01:02:03:04:05:06',
      iaid: 1234,
      subnetId: 1,
      preferredLifetime: 1800,
      validLifetime: 3600,
      cltt: 1795447670 - 3600,
      fqdnFwd: true,
      fqdnRev: false,
      hostname: 'a,b&c.example.',
      hwaddr: 'aa:bb:cc:dd:ee:ff',
      hwtype: 1,
      hwaddrSource: 4,
      state: 0,
      userContext: { a: 1, b: [1, 2] },
      poolId: 0,
    });
    expect(row.addressKey).toBe('20010db8000100000000000000000010');
    // What the store keeps cannot change: the lease and its user context are frozen.
    expect(Object.isFrozen(row.lease)).toBe(true);
    expect(Object.isFrozen(row.lease.userContext?.b)).toBe(true);
  });

  it('reads pool_id from Kea 2.4+ files', () => {
    expect(ok('3000:0:0:5::,0a:0b,7200,1795451270,1,3600,2,7,64,0,0,,,0,,,,42', kea24).lease).toMatchObject({
      type: 2,
      prefixLength: 64,
      poolId: 42,
    });
  });

  it('gives the columns an older file lacks their defaults, and refuses a row cut short', () => {
    const old = parseHeader(KEA_2_2_COLUMNS.slice(0, 12).join(','));
    const fromOld = ok('2001:db8::1,01,10,1000,1,5,0,2,128,0,0,h', old).lease;
    expect(fromOld).toMatchObject({
      hwaddr: '',
      hwtype: 1,
      hwaddrSource: 0,
      state: 0,
      userContext: undefined,
      poolId: 0,
    });
    // Under a Kea 2.2 header a row that stops after hostname was cut short (a crash in the
    // middle of a write): refused, as ISC kea-lfc 2.2 refuses it, not loaded without its state.
    expect(refused('2001:db8::1,01,10,1000,1,5,0,2,128,0,0,h')).toMatch(/has 12 values; .* at least 17/);
    expect(refused('2001:db8::1,01,10,1000,1,5,0,2,128,0,0,h,,0,')).toMatch(/has 15 values/);
    // Under a Kea 2.4 header, a Kea 2.2 row (17 values, no pool_id) is whole.
    expect(ok('2001:db8::1,01,10,1000,1,5,0,2,128,0,0,h,,0,,,', kea24).lease.poolId).toBe(0);
    expect(refused('2001:db8::1,01,10,1000,1,5,0,2,128,0,0,h,,0,,', kea24)).toMatch(/has 16 values/);
  });

  it('ignores values beyond the header, as Kea does', () => {
    expect(ok('2001:db8::1,01,10,1000,1,5,0,2,128,0,0,h,,0,,,,extra,more').lease.hostname).toBe('h');
  });

  it('drops an unreadable hardware address with a warning but keeps the lease', () => {
    const row = ok('2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,zz,0,,,');
    expect(row.lease.hwaddr).toBe('');
    expect(row.warning).toMatch(/hardware address 'zz'/);
    const badType = ok('2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,aa,0,,x,');
    expect(badType.lease.hwaddr).toBe('');
    expect(badType.warning).toMatch(/hardware type/);
    // Kea's default type (Ethernet) and source (unknown) when the columns are empty.
    expect(ok('2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,a,0,,,').lease).toMatchObject({
      hwaddr: '0a',
      hwtype: 1,
      hwaddrSource: 0,
    });
  });

  it.each([
    ['a short row', '2001:db8::1,01,10,1000,1,5,0,2,128,0,0', /values/],
    ['a bad address', '1.2.3.4,01,10,1000,1,5,0,2,128,0,0,h', /not an IPv6 address/],
    ['an empty DUID', '2001:db8::1,,10,1000,1,5,0,2,128,0,0,h', /empty DUID/i],
    [
      'the empty DUID on a lease not declined',
      '2001:db8::1,00,10,1000,1,5,0,2,128,0,0,h,,0,,,',
      /only valid for declined/,
    ],
    ['a valid lifetime past 32 bits', '2001:db8::1,01,4294967296,1000,1,5,0,2,128,0,0,h', /valid_lifetime/],
    ['a fractional lifetime', '2001:db8::1,01,1.5,1000,1,5,0,2,128,0,0,h', /valid_lifetime/],
    ['a negative iaid', '2001:db8::1,01,10,1000,1,5,0,-1,128,0,0,h', /iaid/],
    ['lease type 3', '2001:db8::1,01,10,1000,1,5,3,2,128,0,0,h', /lease_type/],
    ['a prefix length of 129', '2001:db8::1,01,10,1000,1,5,0,2,129,0,0,h', /prefix_len/],
    ['fqdn_fwd "true"', '2001:db8::1,01,10,1000,1,5,0,2,128,true,0,h', /fqdn_fwd/],
    ['a subnet id past 32 bits', '2001:db8::1,01,10,1000,4294967296,5,0,2,128,0,0,h', /subnet_id/],
    ['a user context that is a list', '2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,,0,[1],,', /not a JSON map/],
    [
      'a user context that is not JSON',
      '2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,,0,{a:1},,',
      /not valid JSON/,
    ],
    ['a state that is not a number', '2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,,x,,,', /state/],
    ['a bad pool_id', '2001:db8::1,01,10,1000,1,5,0,2,128,0,0,,,0,,,,p', /pool_id/],
  ])('refuses %s', (_what, line, reason) => {
    expect(refused(line, line.endsWith(',p') ? kea24 : kea22)).toMatch(reason);
  });

  it('accepts the empty DUID on a declined lease (Kea writes declined leases so)', () => {
    expect(ok('2001:db8::1,00,10,1000,1,5,0,2,128,0,0,,,1,,,').lease).toMatchObject({ duid: '00', state: 1 });
  });

  it('writes the row Kea 2.2 writes', () => {
    const lease = sampleLease({
      address: '2001:db8:1::10',
      duid: '01:02:03:04:05:06',
      iaid: 1234,
      validLifetime: 3600,
      preferredLifetime: 1800,
      cltt: 1795444070,
      hostname: 'a,b&c.example.',
      fqdnFwd: true,
      hwaddr: 'aa:bb:cc:dd:ee:ff',
      userContext: { a: 1, b: [1, 2, 'x,y'] },
    });
    // The row ISC kea-dhcp6 2.2 wrote for the same lease (lease6-add through lease_cmds).
    expect(rowFormatter(kea22)(lease)).toBe(
      '2001:db8:1::10,01:02:03:04:05:06,3600,1795447670,1,1800,0,1234,128,1,0,a&#x2cb&#x26c.example.,aa:bb:cc:dd:ee:ff,0,{ "a": 1&#x2c "b": [ 1&#x2c 2&#x2c "x&#x2cy" ] },1,0\n',
    );
    const bare = sampleLease({
      address: '3000:0:0:5::',
      type: 2,
      prefixLength: 64,
      duid: '0a:0b',
      iaid: 7,
      cltt: 1795444070,
      validLifetime: 7200,
      preferredLifetime: 3600,
    });
    expect(rowFormatter(kea22)(bare)).toBe('3000:0:0:5::,0a:0b,7200,1795451270,1,3600,2,7,64,0,0,,,0,,,\n');
    expect(rowFormatter(kea24)({ ...bare, poolId: 3 })).toBe(
      '3000:0:0:5::,0a:0b,7200,1795451270,1,3600,2,7,64,0,0,,,0,,,,3\n',
    );
  });

  it('writes rows in the layout of any header', () => {
    const layout = parseHeader(
      'expire,address,note,duid,valid_lifetime,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname',
    );
    const lease = sampleLease({ address: '2001:db8::5', duid: '01', cltt: 100, validLifetime: 50 });
    const line = rowFormatter(layout)(lease);
    expect(line).toBe('150,2001:db8::5,,01,50,1,1800,0,1,128,0,0,\n');
    expect(ok(line.trimEnd(), layout).lease).toEqual(lease);
  });
});
