import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeOptionTree,
  decodeOptionValue,
  encodeCsvTokens,
  encodeOptionValue,
  type FieldType,
  formatOptionValue,
  type OptionDefinition,
  OptionDefinitionRegistry,
  parseOptionDef,
  splitCsv,
} from '../src/index.js';
import { ADDR, ascii, concat, hex, tlv, u16, u32 } from './helpers/bytes.js';

const std = OptionDefinitionRegistry.standard();
const d = (space: string, name: string): OptionDefinition => std.get(space, name)!;
const custom = (entry: object): OptionDefinition => parseOptionDef({ name: 'x', code: 200, ...entry });

describe('decodeOptionValue', () => {
  it('decodes integer types with their signs', () => {
    const rec = custom({ type: 'record', 'record-types': 'uint8, int8, uint16, int16, uint32, int32' });
    const data = hex('ff ff ffff ffff ffffffff ffffffff');
    expect(decodeOptionValue(rec, data).fields).toEqual([255, -1, 65535, -1, 4294967295, -1]);
  });

  it('decodes address arrays, fqdn arrays and strings', () => {
    expect(decodeOptionValue(d('dhcp6', 'dns-servers'), concat(ADDR.link, ADDR.lease)).fields).toEqual([
      '2001:db8:1::1',
      '2001:db8:1::100',
    ]);
    const names = concat([7], ascii('example'), [3], ascii('com'), [0], [0]);
    expect(decodeOptionValue(d('dhcp6', 'domain-search'), names).fields).toEqual(['example.com.', '.']);
    expect(decodeOptionValue(d('dhcp6', 'new-posix-timezone'), ascii('EST5EDT\0\0')).fields).toEqual([
      'EST5EDT',
    ]);
    expect(
      decodeOptionValue(d('dhcp6', 'bootfile-param'), concat(u16(2), ascii('ab'), u16(0))).fields,
    ).toEqual(['ab', '']);
  });

  it('decodes ipv6-prefix and psid fields', () => {
    const rule = d('s46-cont-mape-options', 's46-rule');
    const data = concat([128, 0, 24], [192, 0, 2, 0], [64], hex('20010db800010000'));
    expect(decodeOptionValue(rule, data)).toEqual({
      fields: [128, 0, 24, '192.0.2.0', { prefix: '2001:db8:1::', length: 64 }],
      space: 's46-rule-options',
      options: [],
    });
    const portparams = d('s46-rule-options', 's46-portparams');
    expect(decodeOptionValue(portparams, hex('02 04 3000')).fields).toEqual([2, { psid: 3, length: 4 }]);
    expect(decodeOptionValue(d('dhcp6', 'pd-exclude'), hex('3c 20010db8ff000000')).fields).toEqual([
      { prefix: '2001:db8:ff00::', length: 60 },
    ]);
  });

  it('decodes record arrays by repeating the last field', () => {
    const rdnss = d('dhcp6', 'rdnss-selection');
    const data = concat(ADDR.link, [1], [1], ascii('a'), [0], [1], ascii('b'), [0]);
    expect(decodeOptionValue(rdnss, data).fields).toEqual(['2001:db8:1::1', 1, 'a.', 'b.']);
  });

  it('gives the sub-options of encapsulating and implicit container definitions', () => {
    const vendor = decodeOptionValue(d('dhcp6', 'vendor-opts'), concat(u32(4491), tlv(32, ADDR.link)));
    expect(vendor.space).toBe('vendor-4491');
    expect(vendor.options).toEqual([{ kind: 'raw', code: 32, data: ADDR.link }]);
    const ia = decodeOptionValue(d('dhcp6', 'ia-na'), concat(u32(1), u32(2), u32(3), tlv(13, u16(0))));
    expect(ia).toMatchObject({ fields: [1, 2, 3], space: 'dhcp6', options: [{ code: 13 }] });
  });

  it('decodes a whole S46 container tree through the registry', () => {
    const portparams = tlv(93, [0], [6], u16(0xfc00 & 0xfc00));
    const rule = tlv(89, [128, 16, 24], [192, 0, 2, 0], [56], hex('20010db80001ff'), portparams);
    const container = concat(tlv(90, ADDR.link), rule);
    const tree = decodeOptionTree(std, 'dhcp6', 94, container);
    expect(tree.definition?.name).toBe('s46-cont-mape');
    expect(tree.children.map((c) => c.definition?.name)).toEqual(['s46-br', 's46-rule']);
    expect(tree.children[1]!.children[0]!.value?.fields).toEqual([0, { psid: 63, length: 6 }]);
    expect(decodeOptionTree(std, 'dhcp6', 4242, Uint8Array.of(1)).definition).toBeUndefined();
  });

  it('reports bytes that do not match the definition', () => {
    const cases: [OptionDefinition, Uint8Array, RegExp][] = [
      [d('dhcp6', 'dns-servers'), new Uint8Array(17), /needs 16 bytes, 1 left/],
      [d('dhcp6', 'preference'), Uint8Array.of(1, 2), /1 bytes left after the fields/],
      [d('dhcp6', 'preference'), new Uint8Array(0), /uint8 needs 1 bytes/],
      [custom({ type: 'boolean' }), Uint8Array.of(2), /boolean byte is 2/],
      [d('dhcp6', 'pd-exclude'), Uint8Array.of(129), /prefix length 129/],
      [d('dhcp6', 'pd-exclude'), Uint8Array.of(64, 1, 2), /needs 8 bytes/],
      [d('s46-rule-options', 's46-portparams'), hex('00 11 0001'), /PSID length 17/],
      [d('s46-rule-options', 's46-portparams'), hex('00 04 3001'), /beyond its length/],
      [d('dhcp6', 'domain-search'), concat([3], ascii('abc')), /not terminated/],
      [d('dhcp6', 'domain-search'), Uint8Array.of(0xc0, 0x0c), /compressed/],
      [d('dhcp6', 'bootfile-param'), concat(u16(5), ascii('ab')), /tuple claims 5 bytes/],
      [d('dhcp6', 'new-posix-timezone'), Uint8Array.of(0), /empty string/],
      [d('dhcp6', 'vendor-opts'), concat(u32(1), [0, 1, 0]), /sub-options/],
    ];
    for (const [def, data, message] of cases) {
      expect(() => decodeOptionValue(def, data)).toThrow(
        expect.objectContaining({ kind: 'MALFORMED_VALUE', message: expect.stringMatching(message) }),
      );
    }
  });
});

describe('csv values', () => {
  it('splits like Kea’s tokenizer', () => {
    expect(splitCsv('a, b ,c')).toEqual(['a', ' b ', 'c']);
    expect(splitCsv('EST5EDT4\\,M3.2.0/02:00\\,M11.1.0/02:00')).toEqual([
      'EST5EDT4,M3.2.0/02:00,M11.1.0/02:00',
    ]);
    expect(splitCsv('a,,b,')).toEqual(['a', 'b']);
    expect(splitCsv(',a')).toEqual(['a']);
    expect(splitCsv('a\\\\,b')).toEqual(['a\\', 'b']);
    expect(splitCsv('a\\b')).toEqual(['a\\b']);
    expect(splitCsv('a\\')).toEqual(['a\\']);
    expect(splitCsv('')).toEqual([]);
  });

  it('encodes tokens per field and formats them back', () => {
    const bar = custom({ type: 'record', 'record-types': 'ipv6-address, uint16, boolean, string' });
    const { data } = encodeCsvTokens(bar, splitCsv('2001:db8:1::10, 123, false, Hello World'));
    expect(data).toEqual(
      concat(hex('20010db8000100000000000000000010'), u16(123), [0], ascii('Hello World')),
    );
    expect(formatOptionValue(bar, data)).toBe('2001:db8:1::10, 123, false, Hello World');
  });

  it('warns about values Kea would ignore', () => {
    const tz = d('dhcp6', 'new-posix-timezone');
    expect(encodeCsvTokens(tz, ['a', 'b'])).toMatchObject({
      data: ascii('a'),
      warnings: [expect.stringContaining('only the first')],
    });
    const nii = d('dhcp6', 'nii');
    expect(encodeCsvTokens(nii, ['1', '2', '3', '4']).warnings).toEqual([
      expect.stringContaining('1 extra value'),
    ]);
  });

  it('encodes from field values and refuses wrong ones', () => {
    const psid = d('s46-rule-options', 's46-portparams');
    expect(encodeOptionValue(psid, [2, { psid: 3, length: 4 }])).toEqual(hex('02 04 3000'));
    expect(() => encodeOptionValue(psid, [2, { psid: 16, length: 4 }])).toThrow(/does not fit in 4 bits/);
    expect(() => encodeOptionValue(psid, [2])).toThrow(/needs 2 field/);
    expect(() => encodeOptionValue(d('dhcp6', 'preference'), [1, 2])).toThrow(/takes 1 field/);
    expect(() => encodeOptionValue(d('dhcp6', 'preference'), [256])).toThrow(/out of the uint8 range/);
    expect(() => encodeOptionValue(d('dhcp6', 'preference'), ['1'])).toThrow(/not a uint8 value/);
    expect(encodeOptionValue(d('dhcp6', 'pd-exclude'), [{ prefix: '2001:db8:ffff::', length: 36 }])).toEqual(
      hex('24 20010db8f0'),
    );
  });
});

/** Random definitions (any legal shape) with matching random values. */
const fieldValue = (type: FieldType): fc.Arbitrary<unknown> => {
  switch (type) {
    case 'uint8':
      return fc.nat({ max: 255 });
    case 'uint16':
      return fc.nat({ max: 0xffff });
    case 'uint32':
      return fc.nat({ max: 0xffffffff });
    case 'int8':
      return fc.integer({ min: -128, max: 127 });
    case 'int16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'int32':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'boolean':
      return fc.boolean();
    case 'ipv4-address':
      return fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
    case 'ipv6-address':
      return fc.constantFrom('2001:db8::1', '::', 'fe80::1:2', '::ffff:192.0.2.1', '2001:db8:0:1:2:3:4:5');
    case 'ipv6-prefix':
      return fc.constantFrom(
        { prefix: '2001:db8::', length: 32 },
        { prefix: '::', length: 0 },
        { prefix: '2001:db8:ab00::', length: 40 },
      );
    case 'psid':
      return fc
        .integer({ min: 1, max: 16 })
        .chain((length) => fc.nat(2 ** length - 1).map((psid) => ({ psid, length })));
    case 'string':
      return fc
        .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 })
        .filter((s) => s.trim() === s && s !== '' && !s.endsWith('\0'));
    case 'tuple':
      // Non-empty: Kea's csv tokenizer drops empty values, so an empty tuple has no csv spelling.
      return fc
        .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 })
        .filter((s) => s.trim() === s && s !== '');
    case 'fqdn':
      return fc.constantFrom('example.com.', 'a-b.c.', 'x.');
    case 'binary':
      return fc.uint8Array({ minLength: 1, maxLength: 8 });
  }
};

const FIXED: FieldType[] = [
  'uint8',
  'uint16',
  'uint32',
  'int8',
  'int16',
  'int32',
  'boolean',
  'ipv4-address',
  'ipv6-address',
  'ipv6-prefix',
  'psid',
  'fqdn',
  'tuple',
];
const definitionAndValues = fc
  .record({
    fields: fc.array(fc.constantFrom(...FIXED), { minLength: 1, maxLength: 4 }),
    last: fc.option(fc.constantFrom<FieldType>('string', 'binary'), { nil: undefined }),
    array: fc.boolean(),
    repeats: fc.nat(3),
  })
  .chain(({ fields, last, array, repeats }) => {
    const types = last ? [...fields, last] : fields;
    const isArray = array && !last;
    const def =
      types.length === 1
        ? parseOptionDef({ name: 'x', code: 200, type: types[0], array: isArray })
        : parseOptionDef({
            name: 'x',
            code: 200,
            type: 'record',
            'record-types': types.join(','),
            array: isArray,
          });
    const extra = isArray ? Array.from({ length: repeats }, () => types[types.length - 1]!) : [];
    return fc.tuple(fc.constant(def), fc.tuple(...[...types, ...extra].map(fieldValue)));
  });

describe('value codec properties', () => {
  it('encode -> decode -> format -> csv parse reproduces the bytes for any definition', () => {
    fc.assert(
      fc.property(definitionAndValues, ([def, values]) => {
        const data = encodeOptionValue(def, values as never);
        const decoded = decodeOptionValue(def, data);
        expect(encodeOptionValue(def, decoded.fields)).toEqual(data);
        const text = formatOptionValue(def, data);
        expect(encodeCsvTokens(def, splitCsv(text)).data).toEqual(data);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but MALFORMED_VALUE on random bytes', () => {
    fc.assert(
      fc.property(definitionAndValues, fc.uint8Array({ maxLength: 40 }), ([def], bytes) => {
        try {
          decodeOptionValue(def, bytes);
        } catch (error) {
          expect(error).toMatchObject({ kind: 'MALFORMED_VALUE' });
        }
      }),
      { numRuns: 300 },
    );
  });
});
