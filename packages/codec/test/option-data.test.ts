import { describe, expect, it } from 'vitest';
import {
  assembleOptions,
  OptionDefinitionRegistry,
  type ParsedOptionData,
  parseHexOrQuoted,
  parseOptionData,
} from '../src/index.js';
import { ADDR, ascii, concat, hex, tlv, u16, u32 } from './helpers/bytes.js';

const std = OptionDefinitionRegistry.standard();
const parse = (entry: object, registry = std) => parseOptionData(entry, registry);
const bytesOf = (entry: object, registry = std) => parse(entry, registry).data;

describe('non-csv data', () => {
  it('accepts Kea’s hex spellings and quoted text', () => {
    expect(parseHexOrQuoted('ab:cd:ef')).toEqual(hex('abcdef'));
    expect(parseHexOrQuoted('a:b:c')).toEqual(hex('0a0b0c'));
    expect(parseHexOrQuoted('ab cd ef')).toEqual(hex('abcdef'));
    expect(parseHexOrQuoted('0xabcdef')).toEqual(hex('abcdef'));
    expect(parseHexOrQuoted('0xabc')).toEqual(hex('0abc'));
    expect(parseHexOrQuoted('abcdef')).toEqual(hex('abcdef'));
    expect(parseHexOrQuoted('abc')).toEqual(hex('0abc'));
    expect(parseHexOrQuoted('')).toEqual(new Uint8Array(0));
    expect(parseHexOrQuoted("'hello'")).toEqual(ascii('hello'));
    expect(parseHexOrQuoted("  ' a b '  ")).toEqual(ascii('a b'));
  });

  it('refuses what Kea refuses', () => {
    for (const bad of ['ab::cd', '01:02:', '0x', '0X0102', ' 0102 ', "''", 'xyz', 'abc:d', '123 4567']) {
      expect(parseHexOrQuoted(bad), bad).toBeUndefined();
    }
  });
});

describe('parseOptionData', () => {
  it('encodes a standard option given by name', () => {
    const parsed = parse({ name: 'dns-servers', data: '2001:db8:1::1, 2001:db8:1::100' });
    expect(parsed).toMatchObject({
      code: 23,
      space: 'dhcp6',
      name: 'dns-servers',
      csvFormat: true,
      alwaysSend: false,
      neverSend: false,
      warnings: [],
    });
    expect(parsed.data).toEqual(concat(ADDR.link, ADDR.lease));
    expect(parsed.definition?.code).toBe(23);
  });

  it('looks options up by code and checks a given name against the definition', () => {
    expect(bytesOf({ code: 23, data: '2001:db8:1::1' })).toEqual(ADDR.link);
    expect(parse({ code: 23, data: '2001:db8:1::1' }).name).toBe('dns-servers');
    expect(() => parse({ code: 23, name: 'domain-search', data: 'a.b' })).toThrow(
      expect.objectContaining({
        kind: 'INVALID_OPTION_DATA',
        message: expect.stringContaining("('dns-servers')"),
      }),
    );
  });

  it('gives clear errors naming the option and the bad value', () => {
    expect(() => parse({ name: 'dns-servers', data: '2001:db8::zz' })).toThrow(
      "option 'dns-servers' (23): '2001:db8::zz' is not an IPv6 address",
    );
    expect(() => parse({ name: 'dns-servers', data: '192.0.2.1' })).toThrow(
      "option 'dns-servers' (23): '192.0.2.1' is not an IPv6 address",
    );
    expect(() => parse({ name: 'preference', data: '256' })).toThrow(
      "option 'preference' (7): '256' is out of the uint8 range 0..255",
    );
    expect(() => parse({ name: 'preference', data: '1.5' })).toThrow(
      "option 'preference' (7): '1.5' is not an integer",
    );
    expect(() => parse({ name: 'tftp-servers', space: 'vendor-4491', data: 'x' })).toThrow(
      "option 'tftp-servers' (32) in space 'vendor-4491': 'x' is not an IPv6 address",
    );
    const error = (() => {
      try {
        parseOptionData({ name: 'preference', data: '-1' }, std, 4);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ kind: 'INVALID_OPTION_DATA', index: 4 });
  });

  it('reads integers as Kea does: decimal, then hex with or without 0x', () => {
    expect(bytesOf({ name: 'preference', data: '0x10' })).toEqual(Uint8Array.of(16));
    expect(bytesOf({ name: 'preference', data: '1a' })).toEqual(Uint8Array.of(26));
    expect(bytesOf({ name: 'preference', data: 'FF' })).toEqual(Uint8Array.of(255));
    expect(bytesOf({ name: 'preference', data: '0XFF' })).toEqual(Uint8Array.of(255));
    expect(bytesOf({ name: 'preference', data: '+5' })).toEqual(Uint8Array.of(5));
    expect(bytesOf({ name: 'preference', data: '07' })).toEqual(Uint8Array.of(7));
    expect(bytesOf({ name: 'preference', data: ' 7 ' })).toEqual(Uint8Array.of(7));
    expect(bytesOf({ name: 'information-refresh-time', data: '4294967295' })).toEqual(hex('ffffffff'));
    expect(() => parse({ name: 'information-refresh-time', data: '4294967296' })).toThrow(/range/);
    expect(() => parse({ name: 'preference', data: '0x' })).toThrow(/not an integer/);
  });

  it('handles strings with escaped commas and warns when values would be dropped', () => {
    expect(bytesOf({ name: 'new-posix-timezone', data: 'EST5EDT4\\,M3.2.0/02:00\\,M11.1.0/02:00' })).toEqual(
      ascii('EST5EDT4,M3.2.0/02:00,M11.1.0/02:00'),
    );
    const parsed = parse({ name: 'new-posix-timezone', data: 'a,b' });
    expect(parsed.data).toEqual(ascii('a'));
    expect(parsed.warnings).toHaveLength(1);
    expect(() => parse({ name: 'new-posix-timezone', data: '' })).toThrow(/no option value specified/);
  });

  it('encodes fqdn arrays, tuples and empty options', () => {
    expect(bytesOf({ name: 'domain-search', data: 'example.com, foo.example.org.' })).toEqual(
      concat(
        [7],
        ascii('example'),
        [3],
        ascii('com'),
        [0],
        [3],
        ascii('foo'),
        [7],
        ascii('example'),
        [3],
        ascii('org'),
        [0],
      ),
    );
    expect(bytesOf({ name: 'bootfile-param', data: 'a,bc' })).toEqual(
      concat(u16(1), ascii('a'), u16(2), ascii('bc')),
    );
    expect(bytesOf({ name: 'rapid-commit' })).toEqual(new Uint8Array(0));
    expect(bytesOf({ name: 's46-cont-mape' })).toEqual(new Uint8Array(0));
    expect(bytesOf({ name: 'dns-servers', data: '' })).toEqual(new Uint8Array(0));
    expect(() => parse({ name: 'rapid-commit', data: '1' })).toThrow(/takes no data/);
  });

  it('encodes booleans and binary fields in csv', () => {
    const registry = OptionDefinitionRegistry.fromOptionDefs([{ name: 'flag', code: 200, type: 'boolean' }]);
    for (const [text, value] of [
      ['true', 1],
      ['FALSE', 0],
      ['1', 1],
      ['0', 0],
    ] as const) {
      expect(bytesOf({ name: 'flag', data: text }, registry)).toEqual(Uint8Array.of(value));
    }
    expect(() => parse({ name: 'flag', data: '2' }, registry)).toThrow(/not a boolean/);
    expect(bytesOf({ name: 'clientid', data: '0102' })).toEqual(hex('0102'));
    expect(bytesOf({ name: 'clientid', data: '01 02' })).toEqual(hex('0102'));
    expect(() => parse({ name: 'clientid', data: '01:02' })).toThrow(/hexadecimal/);
    expect(() => parse({ name: 'clientid', data: '102' })).toThrow(/hexadecimal/);
    expect(() => parse({ name: 'clientid', data: '0x0102' })).toThrow(/hexadecimal/);
  });

  it('encodes the S46 examples of Kea’s documentation', () => {
    expect(
      bytesOf({
        space: 's46-cont-mape-options',
        name: 's46-rule',
        data: '128, 0, 24, 192.0.2.0, 2001:db8:1::/64',
      }),
    ).toEqual(concat([128, 0, 24], [192, 0, 2, 0], [64], hex('20010db800010000')));
    // "2, 3/4" is PSID-len 4 and PSID 12288 on the wire.
    expect(bytesOf({ space: 's46-rule-options', name: 's46-portparams', data: '2, 3/4' })).toEqual(
      concat([2, 4], u16(12288)),
    );
    expect(bytesOf({ space: 's46-cont-mapt-options', name: 's46-dmr', data: '2001:db8:cafe::/64' })).toEqual(
      concat([64], hex('20010db8cafe0000')),
    );
    expect(
      bytesOf({
        space: 's46-cont-lw-options',
        name: 's46-v4v6bind',
        data: '192.0.2.3, 2001:db8:1:cafe::/64',
      }),
    ).toEqual(concat([192, 0, 2, 3], [64], hex('20010db80001cafe')));
  });

  it('applies the checks of Kea’s special option classes', () => {
    expect(() => parse({ name: 'vendor-class', data: '4491, 0102' })).toThrow(
      /vendor-class-data claims 258 bytes/,
    );
    expect(bytesOf({ name: 'vendor-class', data: '4491, 000161' })).toEqual(
      concat(u32(4491), u16(1), [0x61]),
    );
    expect(() => parse({ name: 'vendor-class', data: '4491' })).toThrow(/2 fields/);
    expect(bytesOf({ name: 'client-fqdn', data: '1, host.example.com' })).toEqual(
      concat([1], [4], ascii('host'), [7], ascii('example'), [3], ascii('com'), [0]),
    );
    expect(() => parse({ name: 'client-fqdn', data: '5, host.example.com' })).toThrow(/both N and S/);
    expect(bytesOf({ name: 'client-fqdn', data: '8, a' })).toEqual(concat([8], [1], ascii('a'), [0]));
    expect(() => parse({ name: 'ia-na', 'csv-format': false, data: '0001' })).toThrow(/uint32 needs 4 bytes/);
    expect(() =>
      parse({ name: 'ia-na', 'csv-format': false, data: '000000010000000200000003000d0001' }),
    ).toThrow(/sub-options/);
    expect(() => parse({ name: 'status-code', 'csv-format': false, data: '00' })).toThrow();
  });

  it('takes hex or quoted text with csv-format false, validated against the definition', () => {
    expect(
      bytesOf({ name: 'dns-servers', 'csv-format': false, data: '20010db8000100000000000000000001' }),
    ).toEqual(ADDR.link);
    expect(() => parse({ name: 'dns-servers', 'csv-format': false, data: '0102' })).toThrow(/needs 16 bytes/);
    expect(bytesOf({ name: 'bootfile-url', 'csv-format': false, data: "'tftp://boot/x'" })).toEqual(
      ascii('tftp://boot/x'),
    );
    expect(() => parse({ name: 'bootfile-url', 'csv-format': false, data: 'zz' })).toThrow(
      /neither hexadecimal digits nor 'quoted text'/,
    );
  });

  it('needs csv-format false and a code for options without a definition', () => {
    expect(parse({ code: 250, 'csv-format': false, data: '0102' })).toMatchObject({
      code: 250,
      definition: undefined,
      data: hex('0102'),
    });
    expect(parse({ code: 250, 'csv-format': false, data: "'hi'" }).data).toEqual(ascii('hi'));
    expect(parse({ code: 250, 'csv-format': false }).data).toEqual(new Uint8Array(0));
    expect(() => parse({ code: 250, data: '0102' })).toThrow(
      expect.objectContaining({
        kind: 'UNKNOWN_OPTION',
        message: expect.stringContaining('csv-format to false'),
      }),
    );
    expect(() => parse({ name: 'no-such-option', data: '1' })).toThrow(
      expect.objectContaining({ kind: 'UNKNOWN_OPTION' }),
    );
  });

  it('refuses malformed entries', () => {
    expect(() => parse({ data: '1' })).toThrow(/requires one of 'code' or 'name'/);
    expect(() => parse({ code: 0, 'csv-format': false })).toThrow(/reserved value/);
    expect(() => parse({ code: 70000, 'csv-format': false })).toThrow(/65535/);
    expect(() => parse({ name: 'a b' })).toThrow(/invalid option name/);
    expect(() => parse({ name: 'dns-servers', space: 'bad space' })).toThrow(/invalid option space name/);
    expect(() => parse({ name: 'dns-servers', space: 'dhcp4' })).toThrow(/reserved for the DHCPv4 server/);
    expect(() => parse({ name: 'dns-servers', 'csv-format': 'yes' })).toThrow(
      /'csv-format' must be true or false/,
    );
    expect(() => parse({ name: 'dns-servers', data: 5 })).toThrow(/'data' must be a string/);
    expect(
      parse({ name: 'dns-servers', data: '::1', 'always-send': true, 'never-send': false }),
    ).toMatchObject({ alwaysSend: true });
  });

  it('uses custom definitions from option-def, as in Kea’s examples', () => {
    const registry = OptionDefinitionRegistry.fromOptionDefs([
      { name: 'foo', code: 100, type: 'uint32' },
      { name: 'bar', code: 101, type: 'record', 'record-types': 'ipv6-address, uint16, boolean, string' },
      { name: 'baz', code: 102, type: 'record', 'record-types': 'ipv6-address, uint16', array: true },
    ]);
    expect(bytesOf({ name: 'foo', data: '12345' }, registry)).toEqual(Uint8Array.from(u32(12345)));
    expect(bytesOf({ name: 'bar', data: '2001:db8:1::10, 123, false, Hello World' }, registry)).toEqual(
      concat(hex('20010db8000100000000000000000010'), u16(123), [0], ascii('Hello World')),
    );
    expect(bytesOf({ name: 'baz', data: '2001:db8:1::10, 1, 2, 3' }, registry)).toEqual(
      concat(hex('20010db8000100000000000000000010'), u16(1), u16(2), u16(3)),
    );
  });
});

describe('assembleOptions', () => {
  const registry = OptionDefinitionRegistry.fromOptionDefs([
    { name: 'subopt1', code: 1, space: 'isc', type: 'ipv6-address' },
    { name: 'subopt2', code: 2, space: 'isc', type: 'string' },
    { name: 'container', code: 102, type: 'empty', encapsulate: 'isc' },
    { name: 'loop-a', code: 1, space: 'a', type: 'empty', encapsulate: 'b' },
    { name: 'loop-b', code: 1, space: 'b', type: 'empty', encapsulate: 'a' },
    { name: 'start', code: 104, type: 'empty', encapsulate: 'a' },
  ]);
  const all = (entries: object[]): ParsedOptionData[] =>
    entries.map((e, i) => parseOptionData(e, registry, i));

  it('puts the options of an encapsulated space inside their container', () => {
    const options = assembleOptions(
      all([
        { name: 'subopt1', space: 'isc', data: '2001:db8:1::1' },
        { name: 'subopt2', space: 'isc', data: 'Hello world' },
        { name: 'container' },
        { name: 'dns-servers', data: '2001:db8:1::100' },
      ]),
    );
    const container = options.find((o) => o.name === 'container')!;
    expect(container.encapsulatedSpace).toBe('isc');
    expect(container.wire).toEqual(tlv(102, tlv(1, ADDR.link), tlv(2, ascii('Hello world'))));
    expect(options.find((o) => o.name === 'dns-servers')!.wire).toEqual(tlv(23, ADDR.lease));
    expect(options.find((o) => o.name === 'subopt1')!.wire).toEqual(tlv(1, ADDR.link));
  });

  it('nests the S46 spaces and fills vendor-opts from its vendor space', () => {
    const options = assembleOptions(
      all([
        { name: 's46-cont-mape' },
        { space: 's46-cont-mape-options', name: 's46-br', data: '2001:db8:1::1' },
        { space: 's46-cont-mape-options', name: 's46-rule', data: '128, 0, 24, 192.0.2.0, 2001:db8:1::/64' },
        { space: 's46-rule-options', name: 's46-portparams', data: '2, 3/4' },
        { name: 'vendor-opts', data: '4491' },
        { space: 'vendor-4491', name: 'tftp-servers', data: '2001:db8:1::100' },
      ]),
    );
    const rule = tlv(
      89,
      [128, 0, 24],
      [192, 0, 2, 0],
      [64],
      hex('20010db800010000'),
      tlv(93, [2, 4], u16(12288)),
    );
    // Sub-options go out in ascending code order, as Kea packs them (s46-rule 89 before s46-br 90).
    expect(options[0]!.wire).toEqual(tlv(94, rule, tlv(90, ADDR.link)));
    expect(options.find((o) => o.code === 17)!.wire).toEqual(tlv(17, u32(4491), tlv(32, ADDR.lease)));
  });

  it('puts only the first sub-option of each code inside a container, as Kea 2.2 does', () => {
    const options = assembleOptions(
      all([
        { name: 'container' },
        { name: 'subopt2', space: 'isc', data: 'first' },
        { name: 'subopt1', space: 'isc', data: '2001:db8:1::1' },
        { name: 'subopt2', space: 'isc', data: 'second' },
      ]),
    );
    expect(options[0]!.wire).toEqual(tlv(102, tlv(1, ADDR.link), tlv(2, ascii('first'))));
  });

  it('refuses spaces that encapsulate each other', () => {
    const parsed = all([{ name: 'start' }, { name: 'loop-a', space: 'a' }, { name: 'loop-b', space: 'b' }]);
    expect(() => assembleOptions(parsed)).toThrow(
      expect.objectContaining({
        kind: 'INVALID_OPTION_DATA',
        message: expect.stringContaining('a -> b -> a'),
      }),
    );
  });
});

describe("Kea's built-in vendor spaces", () => {
  // The DOCSIS entries of Kea 2.2's kea6/all-options.json example, byte for byte as Kea sends them
  // (the wire test checks the same bytes against a running kea-dhcp6).
  const docsis = [
    { name: 'device-type', data: 'ECM', bytes: tlv(2, ascii('ECM')) },
    { name: 'vendor-type', data: 'CableLabs', bytes: tlv(10, ascii('CableLabs')) },
    { name: 'tftp-servers', data: '2001:db8::31', bytes: tlv(32, hex('20010db8000000000000000000000031')) },
    { name: 'config-file', data: 'cm/012345678.cfg', bytes: tlv(33, ascii('cm/012345678.cfg')) },
    { name: 'syslog-servers', data: '2001:db8::32', bytes: tlv(34, hex('20010db8000000000000000000000032')) },
    {
      name: 'device-id',
      data: '1A BB AD AB BA D0 00 00 00 00 00 00 00 00 CA FE',
      bytes: tlv(36, hex('1abbadabbad00000000000000000cafe')),
    },
    { name: 'time-servers', data: '2001:db8::33', bytes: tlv(37, hex('20010db8000000000000000000000033')) },
    { name: 'time-offset', data: '-25200', bytes: tlv(38, hex('ffff9d90')) },
  ];

  it.each(docsis)('docsis3-v6 $name ($data) has the bytes Kea sends', ({ name, data, bytes }) => {
    const [option] = assembleOptions([parse({ space: 'docsis3-v6', name, data })]);
    expect(option!.wire).toEqual(bytes);
    // Given by code instead of name, the same definition applies.
    const byCode = parse({ space: 'docsis3-v6', code: bytes[1]! + bytes[0]! * 256, data });
    expect(byCode.name).toBe(name);
  });

  it('vendor-opts with enterprise 4491 carries the vendor-4491 options, encoded by the DOCSIS definitions', () => {
    const options = assembleOptions(
      [
        { name: 'vendor-opts', data: '4491' },
        ...docsis.map(({ name, data }) => ({ space: 'vendor-4491', name, data })),
      ].map((entry) => parse(entry)),
    );
    expect(options[0]!.wire).toEqual(tlv(17, u32(4491), ...docsis.map((d) => d.bytes)));
  });

  it('knows the 4o6 options in 4o6 and vendor-2495', () => {
    for (const space of ['4o6', 'vendor-2495']) {
      expect(bytesOf({ space, name: '4o6-interface', data: 'eth0' })).toEqual(ascii('eth0'));
      expect(bytesOf({ space, name: '4o6-source-address', data: '2001:db8::1' })).toEqual(
        hex('20010db8000000000000000000000001'),
      );
      expect(bytesOf({ space, code: 60002, data: '547' })).toEqual(Uint8Array.from(u16(547)));
    }
  });

  it('refuses data that does not fit a DOCSIS definition', () => {
    expect(() => parse({ space: 'docsis3-v6', name: 'time-offset', data: '2147483648' })).toThrow(
      expect.objectContaining({ kind: 'INVALID_OPTION_DATA' }),
    );
    expect(() => parse({ space: 'docsis3-v6', name: 'tftp-servers', data: '192.0.2.1' })).toThrow(
      expect.objectContaining({ kind: 'INVALID_OPTION_DATA' }),
    );
  });
});
