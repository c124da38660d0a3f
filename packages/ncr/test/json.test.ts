import { describe, expect, it } from 'vitest';
import { NcrMessageError, ncrFromJson, ncrToJson } from '../src/index.js';

// The JSON text ISC kea-dhcp6 2.2 sends (NameChangeRequest::toJSON).
const KEA_22 =
  '{"change-type":0,"forward-change":true,"reverse-change":true,"fqdn":"myhost.example.com.",' +
  '"ip-address":"2001:db8:1::100","dhcid":"000201E3A0E5E6F9A2A7AE8C3E7B6E8F0A4A1B2C3D4E5F60718293A4B5C6D7E8F90A1B",' +
  '"lease-expires-on":"20261207180000","lease-length":7200,"use-conflict-resolution":true}';

const base = JSON.parse(KEA_22) as Record<string, unknown>;
const withMember = (name: string, value: unknown) => JSON.stringify({ ...base, [name]: value });
const without = (name: string) => {
  const copy = { ...base };
  delete copy[name];
  return JSON.stringify(copy);
};
const refusal = (text: string) => {
  try {
    ncrFromJson(text);
  } catch (err) {
    expect(err).toBeInstanceOf(NcrMessageError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('NCR JSON as Kea 2.2 reads it', () => {
  it('reads what kea-dhcp6 sends and writes it back byte for byte', () => {
    const ncr = ncrFromJson(KEA_22);
    expect(ncr).toMatchObject({
      changeType: 0,
      forwardChange: true,
      reverseChange: true,
      fqdn: 'myhost.example.com.',
      ipAddress: '2001:db8:1::100',
      leaseExpiresOn: Date.UTC(2026, 11, 7, 18, 0, 0) / 1000,
      leaseLength: 7200,
      conflictResolutionMode: 'check-with-dhcid',
    });
    expect(ncr.dhcid[1]).toBe(2);
    expect(ncrToJson(ncr)).toBe(KEA_22);
  });

  it('normalises the fqdn as Kea does (trailing dot added, escapes kept)', () => {
    expect(ncrFromJson(withMember('fqdn', 'a.b')).fqdn).toBe('a.b.');
    expect(ncrFromJson(withMember('fqdn', 'my\\.host.b.')).fqdn).toBe('my\\.host.b.');
    expect(ncrFromJson(withMember('fqdn', 'x\\065y.b')).fqdn).toBe('xAy.b.');
  });

  it('takes use-conflict-resolution (2.2) and conflict-resolution-mode (2.6), the mode winning', () => {
    expect(ncrFromJson(withMember('use-conflict-resolution', false)).conflictResolutionMode).toBe(
      'no-check-with-dhcid',
    );
    expect(ncrFromJson(without('use-conflict-resolution')).conflictResolutionMode).toBe('check-with-dhcid');
    for (const mode of [
      'check-with-dhcid',
      'no-check-with-dhcid',
      'check-exists-with-dhcid',
      'no-check-without-dhcid',
    ])
      expect(ncrFromJson(withMember('conflict-resolution-mode', mode)).conflictResolutionMode).toBe(mode);
    const both = JSON.stringify({
      ...base,
      'use-conflict-resolution': true,
      'conflict-resolution-mode': 'no-check-without-dhcid',
    });
    expect(ncrFromJson(both).conflictResolutionMode).toBe('no-check-without-dhcid');
    const ncr = ncrFromJson(withMember('conflict-resolution-mode', 'check-exists-with-dhcid'));
    expect(ncrToJson(ncr, 'kea-2.6')).toContain('"conflict-resolution-mode":"check-exists-with-dhcid"}');
  });

  it.each([
    [without('change-type'), 'NameChangeRequest value missing for: change-type'],
    [without('lease-length'), 'NameChangeRequest value missing for: lease-length'],
    [withMember('change-type', 2), 'Invalid data value for change_type: 2'],
    [
      withMember('change-type', '0'),
      'Wrong data type for change_type: intValue() called on non-integer Element',
    ],
    [
      withMember('forward-change', 1),
      'Wrong data type for forward-change: boolValue() called on non-Bool Element',
    ],
    [
      withMember('reverse-change', 'yes'),
      'Wrong data type for reverse_change: boolValue() called on non-Bool Element',
    ],
    [withMember('fqdn', ''), 'Invalid FQDN value: , reason: incomplete textual name in <empty>'],
    [withMember('fqdn', 'a..b'), 'Invalid FQDN value: a..b, reason: duplicate period in a..b'],
    [withMember('fqdn', `${'x'.repeat(64)}.b`), `label is too long in ${'x'.repeat(64)}.b`],
    [withMember('fqdn', 7), 'stringValue() called on non-string Element'],
    [withMember('ip-address', '2001:db8::zz'), 'Invalid ip address string for ip_address: 2001:db8::zz'],
    [withMember('dhcid', ''), 'DHCID cannot be blank'],
    [withMember('dhcid', 'ABC'), 'Invalid data in Dhcid: Incomplete input for base16: ABC'],
    [withMember('dhcid', 'XY'), 'Invalid data in Dhcid: attempt to decode a value not in base16 char set'],
    [withMember('lease-expires-on', '2026120718000'), 'Invalid date-time string: [2026120718000]'],
    [withMember('lease-expires-on', '20261332180000'), 'Invalid date-time string: [20261332180000]'],
    [
      withMember('lease-length', -1),
      'lease_length value -1is negative.  It must greater than or equal to zero ',
    ],
    [
      withMember('lease-length', 4294967296),
      'lease_length value 4294967296is too large for unsigned 32-bit integer.',
    ],
    [
      withMember('lease-length', 1.5),
      'Wrong data type for lease_length: intValue() called on non-integer Element',
    ],
    [
      withMember('use-conflict-resolution', 1),
      'Wrong data type for use-conflict-resolution: boolValue() called on non-Bool Element',
    ],
    [withMember('conflict-resolution-mode', 'sometimes'), 'Invalid ConflictResolutionMode: sometimes'],
    [
      JSON.stringify({ ...base, 'forward-change': false, 'reverse-change': false }),
      'Invalid Request, forward and reverse flags are both false',
    ],
    ['[1]', 'mapValue() called on non-map Element'],
  ])('refuses %s', (text, reason) => {
    expect(refusal(text)).toContain(reason);
  });

  it('refuses text that is not JSON', () => {
    expect(refusal('{"change-type":')).toMatch(/^Malformed NameChangeRequest JSON: /);
  });
});
