/**
 * Evaluation of each construct of the expression language, with Kea 2.2's semantics. Every
 * expected value here was first read off kea-dhcp6 2.2 (its EVAL_DEBUG log), and the Kea
 * differential test re-checks them all against the running server.
 */
import {
  type Dhcp6Option,
  type encodeMessage,
  encodeOpaqueTuples,
  MessageType,
  type RawOption,
  unwrapRelay,
} from '@nestor/codec';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  EvalContext,
  type EvalPacket,
  isExpressionError,
  MAX_EXPRESSION_DEPTH,
} from '../src/index.js';
import { ascii, customDefinitions, hex, KNOWN_DUID, sub } from './helpers/packets.js';

const definitions = customDefinitions();
const raw = (code: number, data: Uint8Array): RawOption => ({ kind: 'raw', code, data });
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const toHex = (value: string) => Buffer.from(value, 'latin1').toString('hex');

interface PacketSpec {
  options?: Dhcp6Option[];
  msgType?: number;
  transactionId?: number;
  relays?: Array<{ link: string; peer: string; options?: Dhcp6Option[] }>;
  classes?: string[];
}

/** An EvalContext for a client message (relayed when `relays` is given, outermost first). */
function context(spec: PacketSpec = {}): EvalContext {
  let message: Parameters<typeof encodeMessage>[0] = {
    kind: 'client-server',
    msgType: spec.msgType ?? MessageType.SOLICIT,
    transactionId: spec.transactionId ?? 0x123456,
    options: spec.options ?? [],
  };
  const relays = spec.relays ?? [];
  for (let i = relays.length - 1; i >= 0; i--) {
    const layer = relays[i]!;
    message = {
      kind: 'relay',
      msgType: MessageType.RELAY_FORW,
      hopCount: i,
      linkAddress: layer.link,
      peerAddress: layer.peer,
      options: [...(layer.options ?? []), { kind: 'relay_msg', code: 9, message }],
    };
  }
  const unwrapped = unwrapRelay(message);
  const packet: EvalPacket = {
    message: unwrapped.message,
    relays: unwrapped.relays,
    iface: 'eth0',
    remoteAddress: 'fe80::1%eth0',
    localAddress: 'ff02::1:2',
  };
  return new EvalContext(packet, new Set(spec.classes ?? []));
}

/** The string value, or "ERROR: message" for a runtime error. */
function value(expression: string, ctx = context()): string {
  const result = compileExpression(expression, { type: 'string', optionDefinitions: definitions }).evaluate(
    ctx,
  );
  return result.ok ? result.value : `ERROR: ${result.error}`;
}

/** The boolean value, or "ERROR: message" for a runtime error. */
function test(expression: string, ctx = context()): boolean | string {
  const result = compileExpression(expression, { optionDefinitions: definitions }).evaluate(ctx);
  return result.ok ? result.value : `ERROR: ${result.error}`;
}

describe('literals', () => {
  it('strings, hex strings, integers and addresses are byte strings', () => {
    expect(value("'abc'")).toBe('abc');
    expect(value("''")).toBe('');
    expect(toHex(value('0x0102'))).toBe('0102');
    expect(toHex(value('0XaBc'))).toBe('0abc'); // an odd digit count gets a leading zero
    expect(toHex(value('1'))).toBe('00000001'); // integers are 4 bytes, network order
    expect(toHex(value('4294967295'))).toBe('ffffffff');
    expect(toHex(value('10.0.0.1'))).toBe('0a000001');
    expect(toHex(value('2001:db8::1'))).toBe('20010db8000000000000000000000001');
  });

  it('compare byte for byte: an integer literal equals its 4 bytes', () => {
    expect(test('1 == 0x00000001')).toBe(true);
    expect(test("0x41 == 'A'")).toBe(true);
    expect(test("'a' == 'A'")).toBe(false);
    expect(test('10.0.0.1 == 0x0a000001')).toBe(true);
  });
});

describe('option[code]', () => {
  const ctx = context({
    options: [
      raw(1, KNOWN_DUID),
      raw(8, hex('0064')),
      raw(14, hex('ff')),
      raw(222, ascii('hello\0\0')),
      raw(223, hex('1234')),
      raw(224, hex('0000000100000002ffffffff')),
      raw(1000, ascii('first')),
      raw(1000, ascii('second')),
      { kind: 'oro', code: 6, requested: [23, 24] },
    ],
  });

  it('.hex is the payload, .exists says whether it is there', () => {
    expect(toHex(value('option[1].hex', ctx))).toBe('00030001aabbccddeeff');
    expect(test('option[1].exists', ctx)).toBe(true);
    expect(test('option[2].exists', ctx)).toBe(false);
    expect(toHex(value('option[6].hex', ctx))).toBe('00170018');
  });

  it('an absent option is the empty string, as .hex and as .text', () => {
    expect(value('option[2].hex', ctx)).toBe('');
    expect(value('option[2].text', ctx)).toBe('');
    expect(test("option[2].hex == ''", ctx)).toBe(true);
  });

  it('the first of repeated options counts', () => {
    expect(value('option[1000].hex', ctx)).toBe('first');
  });

  it('.text renders by the option definition, as Kea prints option objects', () => {
    expect(value('option[1].text', ctx)).toBe('type=00001, len=00010: 00:03:00:01:aa:bb:cc:dd:ee:ff');
    expect(value('option[8].text', ctx)).toBe('type=00008, len=00002: 100 (uint16)');
    expect(value('option[6].text', ctx)).toBe('type=00006, len=00004: 23(uint16) 24(uint16)');
    expect(value('option[223].text', ctx)).toBe('type=00223, len=00002: 4660 (uint16)');
    expect(value('option[224].text', ctx)).toBe(
      'type=00224, len=00012: 1(uint32) 2(uint32) 4294967295(uint32)',
    );
    expect(value('option[1000].text', ctx)).toBe('type=01000, len=00005: 66:69:72:73:74');
  });

  it('a string option is its text, without trailing NULs (also as .hex)', () => {
    expect(value('option[222].text', ctx)).toBe('hello');
    expect(value('option[222].hex', ctx)).toBe('hello');
    expect(value('option[my-string].text', ctx)).toBe('hello');
  });

  it('an empty-type option keeps no data', () => {
    expect(value('option[14].hex', ctx)).toBe('');
    expect(value('option[14].text', ctx)).toBe('type=00014, len=00000: ');
    expect(test('option[14].exists', ctx)).toBe(true);
  });

  it('a string option of only NULs does not exist: Kea skips it when parsing', () => {
    const skipped = context({ options: [raw(222, hex('0000')), raw(222, ascii('second'))] });
    expect(value('option[222].hex', skipped)).toBe('second');
    const only = context({ options: [raw(222, hex('00'))] });
    expect(test('option[222].exists', only)).toBe(false);
  });

  it('option[name] resolves names of standard and configured definitions', () => {
    expect(toHex(value('option[clientid].hex', ctx))).toBe('00030001aabbccddeeff');
    expect(value('option[my-u16].text', ctx)).toBe('type=00223, len=00002: 4660 (uint16)');
  });
});

describe('structured and custom options', () => {
  const ctx = context({
    options: [
      {
        kind: 'ia_na',
        code: 3,
        iaid: 0x01020304,
        t1: 0,
        t2: 0,
        options: [
          { kind: 'status_code', code: 13, status: 0, message: 'ok' },
          {
            kind: 'iaaddr',
            code: 5,
            address: '2001:db8:1::5',
            preferredLifetime: 100,
            validLifetime: 200,
            options: [],
          },
        ],
      },
      { kind: 'client_fqdn', code: 39, flags: 1, name: 'laptop.example.com.', partial: false },
      raw(226, concat(sub(2, ascii('two')), sub(1, ascii('one\0')))),
      raw(230, hex('20010db8000000000000000000000001 20010db8000000000000000000000002')),
      raw(237, hex('c0000201 0a000001')),
      raw(240, concat(hex('09'), ascii('A\0BC\0\0'))),
    ],
  });

  it('sub-options come out in code order, as Kea re-packs them', () => {
    expect(toHex(value('option[3].hex', ctx))).toBe(
      '01020304000000000000000000050018' +
        '20010db8000100000000000000000005000000640000' +
        '00c8000d000400006f6b',
    );
    expect(value('option[3].text', ctx)).toBe(
      'type=00003(IA_NA), len=00048: iaid=16909060, t1=0, t2=0,\noptions:\n' +
        '  type=00005(IAADDR), len=00024: address=2001:db8:1::5, preferred-lft=100, valid-lft=200\n' +
        '  type=00013, len=00004: Success(0) "ok"',
    );
    expect(toHex(value('option[226].hex', ctx))).toBe(
      `${toHex(latin1(sub(1, ascii('one'))))}${toHex(latin1(sub(2, ascii('two'))))}`,
    );
  });

  it('option[code].option[sub] looks inside IA options and encapsulated spaces', () => {
    expect(value('option[3].option[5].text', ctx)).toBe(
      'type=00005(IAADDR), len=00024: address=2001:db8:1::5, preferred-lft=100, valid-lft=200',
    );
    expect(value('option[3].option[13].text', ctx)).toBe('type=00013, len=00004: Success(0) "ok"');
    expect(value('option[226].option[1].text', ctx)).toBe('one');
    expect(value('option[226].option[2].hex', ctx)).toBe('two');
    expect(test('option[226].option[3].exists', ctx)).toBe(false);
    expect(test('option[3].option[5].exists', ctx)).toBe(true);
    expect(value('option[99].option[1].hex', ctx)).toBe('');
  });

  it('client-fqdn, address lists and records print as Kea prints them', () => {
    expect(value('option[39].text', ctx)).toBe(
      "type=39(CLIENT_FQDN), flags: (N=0, O=0, S=1), domain-name='laptop.example.com.' (full)",
    );
    expect(value('option[230].text', ctx)).toBe('type=00230, len=00032: 2001:db8::1 2001:db8::2');
    // An ipv4-address array is a DHCPv4-style option object in Kea, with its header widths.
    expect(value('option[237].text', ctx)).toBe('type=237, len=008: 192.0.2.1 10.0.0.1');
    // A string field loses its trailing NULs in the text, not in the bytes.
    expect(value('option[240].text', ctx)).toBe('type=00240, len=00007: 9 (uint8) "A\0BC" (string)');
    expect(toHex(value('option[240].hex', ctx))).toBe('0941004243' + '0000');
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe('relay6[nest]', () => {
  const ctx = context({
    relays: [
      { link: '2001:db8:2::1', peer: 'fe80::1', options: [raw(18, ascii('outer'))] },
      {
        link: '2001:db8:1::1',
        peer: 'fe80::abcd',
        options: [raw(18, ascii('inner')), raw(38, ascii('sub'))],
      },
    ],
  });

  it('0 is the relay closest to the server; negative levels count from the client', () => {
    expect(value('relay6[0].option[18].hex', ctx)).toBe('outer');
    expect(value('relay6[1].option[18].hex', ctx)).toBe('inner');
    expect(value('relay6[-1].option[18].hex', ctx)).toBe('inner');
    expect(value('relay6[-2].option[18].hex', ctx)).toBe('outer');
    expect(test('relay6[-1].option[38].exists', ctx)).toBe(true);
    expect(test('relay6[0].option[38].exists', ctx)).toBe(false);
  });

  it('a level with no relay gives the empty string and false', () => {
    for (const nest of [2, 31, -3, -32]) {
      expect(value(`relay6[${nest}].option[18].hex`, ctx)).toBe('');
      expect(value(`relay6[${nest}].peeraddr`, ctx)).toBe('');
      expect(test(`relay6[${nest}].option[18].exists`, ctx)).toBe(false);
    }
    expect(value('relay6[0].linkaddr')).toBe('');
  });

  it('peeraddr and linkaddr are the 16 address bytes', () => {
    expect(toHex(value('relay6[0].peeraddr', ctx))).toBe('fe800000000000000000000000000001');
    expect(toHex(value('relay6[-1].linkaddr', ctx))).toBe('20010db8000100000000000000000001');
    expect(test('relay6[1].peeraddr == fe80::abcd', ctx)).toBe(true);
    expect(value('addrtotext(relay6[1].linkaddr)', ctx)).toBe('2001:db8:1::1');
  });

  it('relay options print like client options', () => {
    expect(value('relay6[0].option[18].text', ctx)).toBe('type=00018, len=00005: 6f:75:74:65:72');
  });
});

describe('pkt and pkt6', () => {
  const ctx = context({
    msgType: MessageType.INFORMATION_REQUEST,
    transactionId: 0xabcdef,
    options: [raw(8, hex('0000'))],
  });

  it('msgtype and transid are 4-byte integers', () => {
    expect(toHex(value('pkt6.msgtype', ctx))).toBe('0000000b');
    expect(toHex(value('pkt6.transid', ctx))).toBe('00abcdef');
    expect(test('pkt6.msgtype == 11', ctx)).toBe(true);
    expect(value('uint32totext(pkt6.transid)', ctx)).toBe('11259375');
  });

  it('iface, src and dst come from the socket; the zone of an address is ignored', () => {
    expect(value('pkt.iface', ctx)).toBe('eth0');
    expect(value('addrtotext(pkt.src)', ctx)).toBe('fe80::1');
    expect(value('addrtotext(pkt.dst)', ctx)).toBe('ff02::1:2');
  });

  it('len is the size of the message as Kea would pack it again', () => {
    expect(value('uint32totext(pkt.len)', ctx)).toBe('10');
    // Trailing NULs of a string option and the data of an empty-type option do not count,
    // an ipv4-address array counts a 2-byte header, a skipped option nothing.
    const repacked = context({
      options: [
        raw(222, ascii('ab\0\0')),
        raw(14, hex('ff')),
        raw(237, hex('c0000201')),
        raw(222, hex('00')),
      ],
    });
    expect(value('uint32totext(pkt.len)', repacked)).toBe(String(4 + (4 + 2) + 4 + (2 + 4)));
    const relayed = context({
      options: [raw(8, hex('0000'))],
      relays: [{ link: '::', peer: '::', options: [raw(18, ascii('x'))] }],
    });
    expect(value('uint32totext(pkt.len)', relayed)).toBe(String(34 + 5 + 4 + 10));
  });
});

describe('vendor and vendor-class', () => {
  const vendorClass = (enterprise: number, items: string[]) =>
    raw(16, concat(hex(enterprise.toString(16).padStart(8, '0')), encodeOpaqueTuples(items.map(ascii))));
  const ctx = context({
    options: [
      vendorClass(4491, ['eRouter1.0', 'docsis3.0']),
      {
        kind: 'vendor_opts',
        code: 17,
        enterpriseNumber: 4491,
        options: [raw(2, ascii('ECM')), raw(1, hex('00200021'))],
      },
      { kind: 'vendor_opts', code: 17, enterpriseNumber: 9, options: [raw(1, ascii('nine'))] },
    ],
  });

  it('vendor[id] looks at the first vendor-opts only; * and 0 match any enterprise', () => {
    expect(test('vendor[4491].exists', ctx)).toBe(true);
    expect(test('vendor[*].exists', ctx)).toBe(true);
    expect(test('vendor[0].exists', ctx)).toBe(true);
    expect(test('vendor[9].exists', ctx)).toBe(false);
    expect(toHex(value('vendor.enterprise', ctx))).toBe('0000118b');
    expect(test('vendor.enterprise == 4491', ctx)).toBe(true);
  });

  it('vendor[id].option[code] reads sub-options by the vendor space definitions', () => {
    expect(value('vendor[4491].option[2].hex', ctx)).toBe('ECM');
    expect(value('vendor[4491].option[2].text', ctx)).toBe('ECM');
    expect(value('vendor[*].option[1].text', ctx)).toBe('type=00001, len=00004: 32(uint16) 33(uint16)');
    expect(test('vendor[4491].option[3].exists', ctx)).toBe(false);
    expect(value('vendor[9].option[1].hex', ctx)).toBe('');
    expect(toHex(value('option[17].hex', ctx))).toBe('0000118b00010004002000210002000345434d');
  });

  it('vendor-class[id]: exists, enterprise and data[n]', () => {
    expect(test('vendor-class[4491].exists', ctx)).toBe(true);
    expect(test('vendor-class[9].exists', ctx)).toBe(false);
    expect(test('vendor-class.enterprise == 4491', ctx)).toBe(true);
    expect(value('vendor-class[4491].data', ctx)).toBe('eRouter1.0');
    expect(value('vendor-class[*].data[1]', ctx)).toBe('docsis3.0');
    expect(value('vendor-class[4491].data[2]', ctx)).toBe('');
    expect(value('vendor-class[9].data', ctx)).toBe('');
  });

  it('without the options everything is empty or false', () => {
    const bare = context();
    expect(value('vendor.enterprise', bare)).toBe('');
    expect(value('vendor-class.enterprise', bare)).toBe('');
    expect(value('vendor[*].option[1].hex', bare)).toBe('');
    expect(test('vendor[*].option[1].exists', bare)).toBe(false);
    expect(test('vendor-class[*].exists', bare)).toBe(false);
  });
});

describe('string functions', () => {
  it('substring: negative start counts from the end, negative length goes backwards, all is the rest', () => {
    expect(value("substring('foobar',0,3)")).toBe('foo');
    expect(value("substring('foobar',-3,all)")).toBe('bar');
    expect(value("substring('foobar',2,-1)")).toBe('o');
    expect(value("substring('foobar',-1,-3)")).toBe('oba');
    expect(value("substring('foobar',3,-10)")).toBe('foo');
    expect(value("substring('foobar',-6,2)")).toBe('fo');
    expect(value("substring('foobar',1,100)")).toBe('oobar');
  });

  it('substring: a start outside the string gives the empty string', () => {
    expect(value("substring('foobar',6,1)")).toBe('');
    expect(value("substring('foobar',-7,1)")).toBe('');
    expect(value("substring('',0,1)")).toBe('');
  });

  it('substring: a position beyond 32 bits is a runtime error, unless the string is empty', () => {
    expect(value("substring('foobar',99999999999,1)")).toMatch(/^ERROR: the parameter '99999999999'/);
    expect(value("substring('foobar',1,99999999999)")).toMatch(/^ERROR: .* length of the substring/);
    expect(value("substring('',99999999999,1)")).toBe('');
  });

  it('substring of option bytes compares in place', () => {
    const ctx = context({ options: [raw(1, KNOWN_DUID)] });
    expect(test('substring(option[1].hex,0,2) == 0x0003', ctx)).toBe(true);
    expect(test('substring(option[1].hex,-2,all) == 0xeeff', ctx)).toBe(true);
    expect(test("substring(option[1].hex,20,2) == ''", ctx)).toBe(true);
  });

  it('split: 1-based fields between any of the delimiter bytes', () => {
    expect(value("split('a.b.c','.',2)")).toBe('b');
    expect(value("split('a..c','.',2)")).toBe('');
    expect(value("split('a-b.c','.-',2)")).toBe('b');
    expect(value("split('a.b.','.',3)")).toBe('');
    expect(value("split('a.b','.',5)")).toBe('');
    expect(value("split('a.b','.',0)")).toBe('');
    expect(value("split('a.b','.',-1)")).toBe('');
    expect(value("split('abc','',7)")).toBe('abc'); // no delimiter: the whole string
    expect(value("split('a.b','.',99999999999)")).toMatch(/^ERROR: .* for the field field for split/);
    expect(value("split('','.',99999999999)")).toBe('');
  });

  it('concat and + join byte strings', () => {
    expect(value("concat('a','b')")).toBe('ab');
    expect(value("'a' + 'b' + 'c'")).toBe('abc');
    expect(toHex(value("concat(0x01, 'A') + 2"))).toBe('014100000002');
  });

  it('ifelse picks a branch; an error in either branch is an error', () => {
    const ctx = context({ options: [raw(1, KNOWN_DUID)] });
    expect(value("ifelse(option[1].exists, 'y', 'n')", ctx)).toBe('y');
    expect(value("ifelse(option[2].exists, 'y', 'n')", ctx)).toBe('n');
    expect(value("ifelse(option[1].exists, 'y', addrtotext(option[1].hex))", ctx)).toBe(
      'ERROR: Can not convert to valid address.',
    );
  });

  it('hexstring: lowercase hex pairs joined by the separator', () => {
    expect(value("hexstring(0x0a0bff, ':')")).toBe('0a:0b:ff');
    expect(value("hexstring(0x0a0b, '')")).toBe('0a0b');
    expect(value("hexstring('', '-')")).toBe('');
    expect(value("hexstring(pkt6.transid, '::')", context({ transactionId: 0xabcdef }))).toBe(
      '00::ab::cd::ef',
    );
  });

  it('addrtotext: 4 or 16 bytes; empty stays empty; any other size is an error', () => {
    expect(value('addrtotext(10.1.2.3)')).toBe('10.1.2.3');
    expect(value('addrtotext(0x00000000000000000000ffff01020304)')).toBe('::ffff:1.2.3.4');
    expect(value('addrtotext(0x20010db8000000000000000000000000)')).toBe('2001:db8::');
    expect(value("addrtotext('')")).toBe('');
    expect(value('addrtotext(0x010203)')).toBe('ERROR: Can not convert to valid address.');
  });

  it('int8totext .. uint32totext: exactly the type size, network order', () => {
    expect(value('int8totext(0xff)')).toBe('-1');
    expect(value('int16totext(0xfffe)')).toBe('-2');
    expect(value('int32totext(0xffffffff)')).toBe('-1');
    expect(value('uint8totext(0xff)')).toBe('255');
    expect(value('uint16totext(0xfffe)')).toBe('65534');
    expect(value('uint32totext(0xffffffff)')).toBe('4294967295');
    expect(value("int16totext('')")).toBe('');
    expect(value("uint8totext('ab')")).toBe('ERROR: Can not convert to valid uint8.');
    expect(value('int32totext(0x0102)')).toBe('ERROR: Can not convert to valid int32.');
  });

  it('Kea 2.2 has no lcase/ucase: they do not parse', () => {
    // kea-dhcp6 2.2 -t says the same: "<string>:1.1: Invalid character: l".
    expect(() => compileExpression("lcase('A') == 'a'")).toThrow('<string>:1.1: Invalid character: l');
    expect(() => compileExpression("ucase('A') == 'a'")).toThrow('<string>:1.1: Invalid character: u');
  });
});

describe('boolean operators and member()', () => {
  const ctx = context({ options: [raw(1, KNOWN_DUID), raw(8, hex('0000'))], classes: ['ALL', 'gold'] });

  it('not, and, or with and binding tighter than or', () => {
    expect(test('not option[2].exists', ctx)).toBe(true);
    expect(test('option[1].exists and option[8].exists', ctx)).toBe(true);
    expect(test('option[2].exists or option[8].exists', ctx)).toBe(true);
    expect(test('option[8].exists or option[1].exists and option[2].exists', ctx)).toBe(true);
    expect(test('(option[8].exists or option[1].exists) and option[2].exists', ctx)).toBe(false);
  });

  it('member() sees the classes assigned so far', () => {
    expect(test("member('gold')", ctx)).toBe(true);
    expect(test("member('silver')", ctx)).toBe(false);
  });

  it('a runtime error anywhere fails the test, even where the other operand decides', () => {
    expect(test("option[1].exists or addrtotext(option[1].hex) == 'x'", ctx)).toBe(
      'ERROR: Can not convert to valid address.',
    );
    expect(test("option[2].exists and uint8totext('ab') == '1'", ctx)).toBe(
      'ERROR: Can not convert to valid uint8.',
    );
    expect(test("not (addrtotext(option[1].hex) == '')", ctx)).toBe(
      'ERROR: Can not convert to valid address.',
    );
    const compiled = compileExpression("option[1].exists or addrtotext(option[1].hex) == 'x'");
    expect(compiled.matches(ctx)).toBe(false);
  });

  it('long chains of and / or / + compile flat: thousands of terms are fine', () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `substring(option[1].hex,0,2) == ${i + 0x10000}`);
    const chain = compileExpression([...terms, 'option[8].exists'].join(' or '));
    expect(chain.evaluate(ctx)).toEqual({ ok: true, value: true });
    const plus = compileExpression(`${Array.from({ length: 5000 }, () => "'a'").join(' + ')} == 'a'`);
    expect(plus.evaluate(ctx)).toEqual({ ok: true, value: false });
  });

  it('deeper nesting than MAX_EXPRESSION_DEPTH is refused when compiling, as TOO_COMPLEX', () => {
    const ok = `${'not '.repeat(MAX_EXPRESSION_DEPTH - 1)}option[1].exists`;
    expect(compileExpression(ok).evaluate(ctx).ok).toBe(true);
    try {
      compileExpression(`not ${ok}`);
      expect.unreachable();
    } catch (error) {
      expect(isExpressionError(error) && error.kind).toBe('TOO_COMPLEX');
    }
  });
});

describe('the compiled expression', () => {
  it('reports the classes member() tests and evaluates string expressions to bytes', () => {
    const bool = compileExpression("member('a') and not member('b') or member('a')");
    expect(bool.memberClasses).toEqual(['a', 'b', 'a']);
    const string = compileExpression("concat(0x01, 'A')", { type: 'string' });
    expect(string.bytes(context())).toEqual(Uint8Array.from([1, 0x41]));
    expect(compileExpression('addrtotext(0x01)', { type: 'string' }).bytes(context())).toBeUndefined();
  });

  it('folds constant sub-trees but keeps their runtime errors per evaluation', () => {
    const constant = compileExpression("'a' + 'b' == 'ab'");
    expect(constant.evaluate(context())).toEqual({ ok: true, value: true });
    const failing = compileExpression("addrtotext(0x01) == ''");
    expect(failing.evaluate(context())).toEqual({ ok: false, error: 'Can not convert to valid address.' });
  });
});
