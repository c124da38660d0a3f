/**
 * Agreement with ISC Kea 2.2 (installed at /usr/sbin/kea-dhcp6): every standard option name
 * accepts a sample value in both, and the same option-data / option-def entries are accepted
 * or refused by both (kea-dhcp6 -t is the oracle).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FieldType,
  fieldTypes,
  OptionDefinitionRegistry,
  parseOptionData,
  STANDARD_DEFINITIONS,
} from '../src/index.js';
import { keaCheck, requireKea } from './helpers/kea.js';

const SAMPLE: Record<FieldType, string> = {
  uint8: '7',
  uint16: '7',
  uint32: '7',
  int8: '-7',
  int16: '-7',
  int32: '-7',
  boolean: 'true',
  'ipv4-address': '192.0.2.1',
  'ipv6-address': '2001:db8::1',
  'ipv6-prefix': '2001:db8::/48',
  psid: '3/4',
  string: 'text',
  tuple: 'abc',
  fqdn: 'example.com',
  binary: '0102',
};

/** A csv value each standard option accepts (special classes need special bytes). */
function sampleFor(space: string, name: string): string {
  const def = OptionDefinitionRegistry.standard().get(space, name)!;
  if (space === 'dhcp6' && name === 'vendor-class') return '4491, 000161';
  if (space === 'dhcp6' && name === 'client-fqdn') return '1, host.example.com';
  return fieldTypes(def)
    .map((t) => SAMPLE[t])
    .join(', ');
}

// v6-sztp-redirect (136) is Kea 2.4's.
const CONFIGURABLE = STANDARD_DEFINITIONS.filter((d) => !(d.space === 'dhcp6' && d.code === 136));

beforeAll(() => requireKea());

describe('Kea 2.2 compatibility (kea-dhcp6 -t as oracle)', () => {
  it('every standard option name and sample value is accepted by both', () => {
    const entries = CONFIGURABLE.map((d) => ({
      space: d.space,
      name: d.name,
      data: sampleFor(d.space, d.name),
    }));
    const std = OptionDefinitionRegistry.standard();
    for (const entry of entries)
      expect(() => parseOptionData(entry, std), JSON.stringify(entry)).not.toThrow();
    expect(keaCheck([], entries)).toBeNull();
  });

  it('v6-sztp-redirect (136) is the one definition newer than Kea 2.2', () => {
    expect(keaCheck([], [{ name: 'v6-sztp-redirect', data: 'https://b.example' }])).toMatch(/does not exist/);
  });

  const optionDataCases: object[] = [
    { name: 'dns-servers', data: '2001:db8::zz' },
    { name: 'dns-servers', data: '192.0.2.1' },
    { name: 'dns-servers', data: '2001:db8::1,,2001:db8::2' },
    { name: 'dns-servers', data: '' },
    { name: 'preference', data: '256' },
    { name: 'preference', data: '-1' },
    { name: 'preference', data: '0x10' },
    { name: 'preference', data: '1a' },
    { name: 'preference', data: '0x' },
    { name: 'preference', data: '1.5' },
    { name: 'preference', data: '+5' },
    { name: 'information-refresh-time', data: '4294967296' },
    { name: 'new-posix-timezone', data: '' },
    { name: 'new-posix-timezone', data: 'EST5EDT4\\,M3' },
    { name: 'new-posix-timezone', 'csv-format': false, data: "'hello'" },
    { name: 'new-posix-timezone', 'csv-format': false, data: 'ab cd' },
    { name: 'new-posix-timezone', 'csv-format': false, data: 'a:b:c' },
    { name: 'new-posix-timezone', 'csv-format': false, data: 'ab::cd' },
    { name: 'new-posix-timezone', 'csv-format': false, data: '0x' },
    { name: 'clientid', data: '01:02' },
    { name: 'clientid', data: '102' },
    { name: 'clientid', data: '0x0102' },
    { name: 'clientid', data: '01 02' },
    { name: 'clientid', data: '' },
    { name: 'clientid', 'csv-format': false, data: '01:02:' },
    { name: 'clientid', 'csv-format': false, data: ' 0102 ' },
    { name: 'clientid', 'csv-format': false, data: "''" },
    { name: 'vendor-class', data: '4491, 0102' },
    { name: 'vendor-class', data: '4491' },
    { name: 'rapid-commit', data: '1' },
    { name: 'domain-search', data: 'exa mple.com' },
    { name: 'domain-search', data: 'a..b' },
    { name: 'pd-exclude', data: '0102' },
    { name: 'client-fqdn', data: '5, host.example.com' },
    { name: 'client-fqdn', data: '8, host.example.com' },
    { code: 250, data: '0102' },
    { code: 250, 'csv-format': false, data: '0102' },
    { code: 250, 'csv-format': false, data: "'hi'" },
    { code: 0, 'csv-format': false, data: '01' },
    { name: 'no-such-option', data: '1' },
    { code: 23, name: 'domain-search', data: '2001:db8::1' },
    { space: 's46-rule-options', name: 's46-portparams', data: '2, 3/4' },
    { space: 's46-rule-options', name: 's46-portparams', data: '2, 16/4' },
    { space: 's46-rule-options', name: 's46-portparams', data: '2, 1/17' },
    { space: 'vendor-4491', name: 'tftp-servers', data: '2001:db8::1' },
    { space: 'vendor-4491', name: 'time-offset', data: '-3600' },
    { space: 'vendor-4491', name: 'time-offset', data: '2147483648' },
    { space: 'docsis3-v6', name: 'device-type', data: 'ECM' },
    { space: 'docsis3-v6', code: 1026, data: '0a0b0c0d0e0f' },
    { space: 'docsis3-v6', name: 'device-id', data: '1A BB AD' },
    { space: 'docsis3-v6', name: 'time-offset', data: '-2147483649' },
    { space: 'docsis3-v6', code: 3, data: '1' },
    { space: 'docsis3-v6', code: 3, 'csv-format': false, data: '01' },
    { space: '4o6', name: '4o6-source-port', data: '547' },
    { space: '4o6', name: '4o6-source-port', data: '65536' },
    { space: 'vendor-2495', code: 60001, data: '2001:db8::1' },
  ];

  it.each(optionDataCases)('option-data %j: accepted or refused by both', (entry) => {
    const kea = keaCheck([], [entry]);
    let ours: string | null = null;
    try {
      parseOptionData(entry, OptionDefinitionRegistry.standard());
    } catch (error) {
      ours = (error as Error).message;
    }
    expect({ kea: kea !== null, ours: ours !== null }, `Kea: ${kea}\nNestor: ${ours}`).toEqual({
      kea: kea !== null,
      ours: kea !== null,
    });
  });

  // Where Nestor is deliberately stricter than Kea 2.2 (README, "Differences from Kea").
  const stricter: object[] = [
    { name: 'pd-exclude', data: '2001:db8::/129' },
    { name: 'preference', 'csv-format': false, data: '0102' },
  ];

  it.each(stricter)('option-data %j: accepted by Kea, refused by Nestor on purpose', (entry) => {
    expect(keaCheck([], [entry])).toBeNull();
    expect(() => parseOptionData(entry, OptionDefinitionRegistry.standard())).toThrow(
      expect.objectContaining({ kind: 'INVALID_OPTION_DATA' }),
    );
  });

  it('a domain name with an escaped dot: Kea 2.2 fails on it, Nestor encodes it as DNS does', () => {
    const defs = [{ name: 'one-name', code: 207, type: 'fqdn' }];
    const entry = { name: 'one-name', data: 'c\\.dot.example' };
    expect(keaCheck(defs, [entry])).toMatch(/option buffer truncated/);
    const bytes = parseOptionData(entry, OptionDefinitionRegistry.fromOptionDefs(defs)).data;
    expect(Array.from(bytes)).toEqual([5, ...Buffer.from('c.dot'), 7, ...Buffer.from('example'), 0]);
  });

  const optionDefCases: object[] = [
    { name: 'foo', code: 1, space: 'vendor-4491', type: 'uint8' },
    { name: 'foo', code: 2, space: 'docsis3-v6', type: 'uint8' },
    { name: 'config-file', code: 200, space: 'docsis3-v6', type: 'uint8' },
    { name: 'foo', code: 200, space: 'docsis3-v6', type: 'uint8' },
    { name: 'foo', code: 60001, space: '4o6', type: 'uint8' },
    { name: 'foo', code: 60001, space: 'vendor-2495', type: 'uint8' },
    { name: 'foo', code: 90, space: 's46-cont-mape-options', type: 'uint8' },
    { name: 'dns-servers', code: 200, type: 'uint8' },
    { name: 'foo', code: 23, type: 'uint8' },
    { name: 'foo', code: 137, type: 'uint8' },
    { name: 'foo', code: 10, type: 'uint8' },
    { name: 'foo', code: 0, type: 'uint8' },
    { name: 'foo', code: 200, type: 'record', 'record-types': 'uint8' },
    { name: 'foo', code: 200, type: 'record', 'record-types': 'string,uint8' },
    { name: 'foo', code: 200, type: 'record', 'record-types': 'uint8,uint8', array: true },
    { name: 'foo', code: 200, type: 'uint8', 'record-types': 'uint8,uint8' },
    { name: 'foo', code: 200, type: 'string', array: true },
    { name: 'foo', code: 200, type: 'any-address' },
    { name: 'foo', code: 200, type: 'record', 'record-types': 'uint8, record' },
    { name: 'foo', code: 200, type: 'empty', encapsulate: 'bar' },
    { name: 'foo', code: 200, type: 'uint8', array: true, encapsulate: 'bar' },
    { name: 'foo bar', code: 200, type: 'uint8' },
    { name: '-foo', code: 200, type: 'uint8' },
    { name: 'foo', code: 70000, type: 'uint8' },
    { name: 'foo', code: 200, type: 'uint8', space: 'my space' },
    { name: 'foo', code: 200, type: 'tuple', array: true },
    { name: 'foo', code: 200, type: 'binary', array: true },
    { name: 'foo', code: 200, type: 'record', 'record-types': 'uint8,fqdn,uint8' },
    { name: 'foo', code: 200, type: 'record', 'record-types': 'uint8,empty' },
  ];

  it.each(optionDefCases)('option-def %j: accepted or refused by both', (entry) => {
    const kea = keaCheck([entry], []);
    let ours: string | null = null;
    try {
      OptionDefinitionRegistry.fromOptionDefs([entry]);
    } catch (error) {
      ours = (error as Error).message;
    }
    expect({ kea: kea !== null, ours: ours !== null }, `Kea: ${kea}\nNestor: ${ours}`).toEqual({
      kea: kea !== null,
      ours: kea !== null,
    });
  });

  it('accepts the same custom definition and data as Kea', () => {
    const defs = [
      { name: 'bar', code: 101, type: 'record', 'record-types': 'ipv6-address, uint16, boolean, string' },
      { name: 'subopt1', code: 1, space: 'isc', type: 'ipv6-address' },
      { name: 'container', code: 102, type: 'empty', encapsulate: 'isc' },
    ];
    const data = [
      { name: 'bar', data: '2001:db8:1::10, 123, false, Hello World' },
      { name: 'subopt1', space: 'isc', data: '2001:db8::abcd' },
      { name: 'container' },
    ];
    expect(keaCheck(defs, data)).toBeNull();
    const registry = OptionDefinitionRegistry.fromOptionDefs(defs);
    for (const entry of data) expect(() => parseOptionData(entry, registry)).not.toThrow();
  });
});
