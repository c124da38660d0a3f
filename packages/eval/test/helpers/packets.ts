/**
 * Crafted DHCPv6 messages for evaluation tests, built with the codec's encoder: direct and
 * relayed (up to three layers), with and without the options expressions look at, plus the
 * cases where Kea's view of an option differs from its bytes (string options with NULs,
 * sub-options out of code order, options of custom definitions, options Kea skips).
 * Every message has its own transaction id: the Kea oracle matches replies by it.
 */
import {
  type Dhcp6Message,
  type Dhcp6Option,
  encodeMessage,
  encodeOpaqueTuples,
  MessageType,
  OptionDefinitionRegistry,
  type RawOption,
  safeDecodeMessage,
  unwrapRelay,
} from '@nestor/codec';
import type { EvalPacket } from '../../src/index.js';

export const hex = (text: string): Uint8Array =>
  Uint8Array.from((text.replace(/[^0-9a-f]/gi, '').match(/../g) ?? []).map((b) => Number.parseInt(b, 16)));
export const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
export const utf8 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'utf8'));

/** The DUID reserved as a host in the test subnet: messages carrying it are KNOWN. */
export const KNOWN_DUID = hex('00030001aabbccddeeff');
export const OTHER_DUID = hex('000100011d2c3b4a001122334455');
/** The Kea oracle's server DUID (type EN, enterprise 2495, identifier 0102). */
export const SERVER_DUID = hex('0002000009bf0102');

/** Colon hex, as Kea's configuration writes a DUID. */
export const colonHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

/** option-def entries the tests configure on both sides (Kea's config and Nestor's registry). */
export const CUSTOM_OPTION_DEFS = [
  { name: 'my-string', code: 222, type: 'string', space: 'dhcp6' },
  { name: 'my-u16', code: 223, type: 'uint16', space: 'dhcp6' },
  { name: 'my-u32-array', code: 224, type: 'uint32', array: true, space: 'dhcp6' },
  { name: 'my-binary', code: 225, type: 'binary', space: 'dhcp6' },
  { name: 'my-container', code: 226, type: 'empty', encapsulate: 'my-space', space: 'dhcp6' },
  { name: 'my-sub', code: 1, type: 'string', space: 'my-space' },
  { name: 'my-int8', code: 227, type: 'int8', space: 'dhcp6' },
  { name: 'x-addrs', code: 230, type: 'ipv6-address', array: true, space: 'dhcp6' },
  { name: 'x-addr', code: 231, type: 'ipv6-address', space: 'dhcp6' },
  { name: 'x-tuples', code: 232, type: 'tuple', array: true, space: 'dhcp6' },
  {
    name: 'x-rec',
    code: 233,
    type: 'record',
    'record-types': 'uint8,int16,boolean,ipv4-address,ipv6-prefix,psid,fqdn,tuple,binary',
    space: 'dhcp6',
  },
  {
    name: 'x-recarr',
    code: 234,
    type: 'record',
    'record-types': 'uint8,uint16',
    array: true,
    space: 'dhcp6',
  },
  { name: 'x-fqdn', code: 235, type: 'fqdn', space: 'dhcp6' },
  { name: 'x-bool', code: 236, type: 'boolean', space: 'dhcp6' },
  { name: 'x-v4s', code: 237, type: 'ipv4-address', array: true, space: 'dhcp6' },
  { name: 'x-fqdns', code: 238, type: 'fqdn', array: true, space: 'dhcp6' },
  { name: 'x-u16enc', code: 239, type: 'uint16', encapsulate: 'my-space', space: 'dhcp6' },
  { name: 'x-str-in-rec', code: 240, type: 'record', 'record-types': 'uint8,string', space: 'dhcp6' },
  { name: 'x-tuple', code: 241, type: 'tuple', space: 'dhcp6' },
  { name: 'x-prefix', code: 242, type: 'ipv6-prefix', space: 'dhcp6' },
  { name: 'x-u8arr', code: 243, type: 'uint8', array: true, space: 'dhcp6' },
];

export const customDefinitions = (): OptionDefinitionRegistry =>
  OptionDefinitionRegistry.fromOptionDefs(CUSTOM_OPTION_DEFS);

const raw = (code: number, data: Uint8Array): RawOption => ({ kind: 'raw', code, data });
const u32 = (n: number) => hex(n.toString(16).padStart(8, '0'));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
/** A sub-option's wire form: code, length, data. */
export const sub = (code: number, data: Uint8Array): Uint8Array =>
  concat(hex(code.toString(16).padStart(4, '0')), hex(data.length.toString(16).padStart(4, '0')), data);

const vendorClass = (enterprise: number, items: Uint8Array[]) =>
  raw(16, concat(u32(enterprise), encodeOpaqueTuples(items)));
const vendorOpts = (enterprise: number, options: RawOption[]): Dhcp6Option => ({
  kind: 'vendor_opts',
  code: 17,
  enterpriseNumber: enterprise,
  options,
});
const elapsed = (centiseconds: number) => raw(8, hex(centiseconds.toString(16).padStart(4, '0')));

const clientServer = (msgType: number, transactionId: number, options: Dhcp6Option[]): Dhcp6Message => ({
  kind: 'client-server',
  msgType,
  transactionId,
  options,
});

/** A rich INFORMATION-REQUEST from the KNOWN client (an IA_NA too, which Kea ignores there). */
function richRequest(transactionId: number): Dhcp6Message {
  return clientServer(MessageType.INFORMATION_REQUEST, transactionId, [
    raw(1, KNOWN_DUID),
    elapsed(0),
    { kind: 'oro', code: 6, requested: [23, 24] },
    vendorClass(4491, [ascii('eRouter1.0'), ascii('docsis3.0')]),
    vendorOpts(4491, [raw(2, ascii('ECM')), raw(1, hex('00200021'))]),
    raw(15, encodeOpaqueTuples([ascii('class-a'), ascii('b')])),
    { kind: 'client_fqdn', code: 39, flags: 1, name: 'laptop.example.com.', partial: false },
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
    raw(222, ascii('hello\0\0')),
    raw(223, hex('1234')),
    raw(224, hex('0000000100000002ffffffff')),
    raw(225, hex('deadbeef')),
    raw(226, sub(1, ascii('inner'))),
    raw(227, hex('fe')),
    raw(1000, ascii('x.y..z')),
    raw(61, hex('00070006')),
  ]);
}

/** A SOLICIT for an address from an unknown client with a vendor-class of another vendor. */
function solicit(transactionId: number): Dhcp6Message {
  return clientServer(MessageType.SOLICIT, transactionId, [
    raw(1, OTHER_DUID),
    elapsed(100),
    raw(14, new Uint8Array(0)),
    vendorClass(9, [ascii('foo bar'), ascii('eRouter1.0')]),
    { kind: 'ia_na', code: 3, iaid: 7, t1: 0, t2: 0, options: [] },
  ]);
}

/** An INFORMATION-REQUEST with nothing but an elapsed-time option. */
function bareRequest(transactionId: number): Dhcp6Message {
  return clientServer(MessageType.INFORMATION_REQUEST, transactionId, [elapsed(1)]);
}

/** An INFORMATION-REQUEST carrying one option of every definition type (for .text and .hex). */
function typedOptions(transactionId: number): Dhcp6Message {
  return clientServer(MessageType.INFORMATION_REQUEST, transactionId, [
    raw(230, hex('20010db8000000000000000000000001 20010db8000000000000000000000002')),
    raw(231, hex('20010db80000000000000000000000ab')),
    raw(232, hex('0003616263 0000 00017a')),
    raw(233, hex('07 fffe 01 c0000201 40 20010db800000000 04 a000 03666f6f 03636f6d 00 0002 6869 abcdef')),
    raw(234, hex('01 aabb ccdd')),
    raw(235, hex('03666f6f00')),
    raw(236, hex('01')),
    raw(237, hex('c0000201 0a000001')),
    raw(238, hex('03666f6f00 0362617200')),
    raw(239, hex('0005 0001 0002 6869')),
    raw(240, hex('09 41424300')),
    raw(241, hex('0002 4142')),
    raw(242, hex('30 20010db80000')),
    raw(243, hex('01 02 ff')),
    raw(226, concat(sub(2, ascii('two')), sub(1, ascii('one\0')))),
    raw(80, hex('20010db8000000000000000000000001')),
    raw(79, hex('0001 001122334455')),
    {
      kind: 'ia_pd',
      code: 25,
      iaid: 5,
      t1: 1,
      t2: 2,
      options: [
        {
          kind: 'iaprefix',
          code: 26,
          preferredLifetime: 3,
          validLifetime: 4,
          prefixLength: 56,
          prefix: '2001:db8:100::',
          options: [{ kind: 'status_code', code: 13, status: 99, message: '' }],
        },
      ],
    },
    {
      kind: 'ia_ta',
      code: 4,
      iaid: 9,
      options: [{ kind: 'status_code', code: 13, status: 7, message: 'x' }],
    },
    { kind: 'client_fqdn', code: 39, flags: 4, name: 'host', partial: true },
    raw(14, hex('ff')),
  ]);
}

/**
 * Options Kea does not keep as sent: string options that are only NULs (Kea skips them, so
 * they do not exist), NULs inside and after a string field, repeated options (the first
 * counts), a vendor-class without data, and two vendor-opts of different vendors.
 */
function oddOptions(transactionId: number): Dhcp6Message {
  return clientServer(MessageType.INFORMATION_REQUEST, transactionId, [
    elapsed(2),
    raw(1, OTHER_DUID),
    raw(222, hex('0000')),
    raw(222, ascii('second')),
    raw(226, concat(sub(1, hex('00')), sub(3, ascii('x')))),
    raw(240, concat(hex('09'), ascii('A\0BC\0\0'))),
    raw(1000, ascii('first')),
    raw(1000, ascii('second')),
    raw(16, u32(311)),
    vendorOpts(9, [raw(1, ascii('nine'))]),
    vendorOpts(4491, [raw(3, ascii('x'))]),
  ]);
}

/** A REBIND (without IAs) from the KNOWN client whose vendor-class names a UTF-8 class. */
function rebind(transactionId: number): Dhcp6Message {
  return clientServer(MessageType.REBIND, transactionId, [
    raw(1, KNOWN_DUID),
    elapsed(3),
    vendorClass(2021, [utf8('café'), ascii('other')]),
  ]);
}

interface RelayLayerSpec {
  link: string;
  peer: string;
  options: RawOption[];
}

/** Wraps `message` in relay layers, given outermost first; the outermost asks for replies on 546. */
function relayed(message: Dhcp6Message, layers: RelayLayerSpec[]): Dhcp6Message {
  let current = message;
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const options = i === 0 ? [...layer.options, raw(135, hex('0222'))] : layer.options;
    current = {
      kind: 'relay',
      msgType: MessageType.RELAY_FORW,
      hopCount: layers.length - 1 - i,
      linkAddress: layer.link,
      peerAddress: layer.peer,
      options: [...options, { kind: 'relay_msg', code: 9, message: current }],
    };
  }
  return current;
}

export interface TestPacket {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Whether Kea finds a host reservation for it (its client-id is KNOWN_DUID). */
  readonly known: boolean;
  /** Whether the server allocates an address from the pool for it (a SOLICIT with IA_NA). */
  readonly allocates: boolean;
}

/** The messages of the tests; relayed ones select the test subnet by their innermost link address. */
export function testPackets(): TestPacket[] {
  const list: Array<[string, Dhcp6Message, boolean, boolean]> = [
    ['rich information-request', richRequest(0xabcdef), true, false],
    ['solicit', solicit(0x000102), false, true],
    ['bare information-request', bareRequest(0x010203), false, false],
    [
      'relayed once',
      relayed(solicit(0x000103), [
        {
          link: '2001:db8:1::1',
          peer: 'fe80::1234',
          options: [raw(18, ascii('eth0/1')), raw(37, concat(u32(4491), hex('001122334455')))],
        },
      ]),
      false,
      true,
    ],
    [
      'relayed twice',
      relayed(richRequest(0xabcdee), [
        { link: '2001:db8:2::1', peer: 'fe80::1', options: [raw(18, ascii('outer'))] },
        {
          link: '2001:db8:1::1',
          peer: 'fe80::abcd',
          options: [raw(18, ascii('inner')), raw(38, ascii('sub'))],
        },
      ]),
      true,
      false,
    ],
    [
      'relayed three times',
      relayed(bareRequest(0x010204), [
        { link: '::', peer: 'fe80::a', options: [] },
        {
          link: '2001:db8:3::1',
          peer: 'fe80::b',
          options: [raw(18, ascii('middle')), raw(222, ascii('relay\0'))],
        },
        { link: '2001:db8:1::9', peer: '2001:db8:1::77', options: [raw(18, ascii('innermost'))] },
      ]),
      false,
      false,
    ],
    ['typed options', typedOptions(0xfffffe), false, false],
    ['odd options', oddOptions(0x0a0b0c), false, false],
    ['rebind', rebind(0x0d0e0f), true, false],
  ];
  return list.map(([name, message, known, allocates]) => ({
    name,
    bytes: encodeMessage(message),
    known,
    allocates,
  }));
}

/** What the server would hand the evaluator for `bytes` received on `iface` from `source`. */
export function evalPacket(
  bytes: Uint8Array,
  iface: string,
  source = 'fe80::c1',
  destination = 'ff02::1:2',
): EvalPacket {
  const decoded = safeDecodeMessage(bytes);
  if (!decoded.ok) throw new Error(`test packet does not decode: ${decoded.error.message}`);
  const { message, relays } = unwrapRelay(decoded.message);
  return { message, relays, iface, remoteAddress: source, localAddress: destination };
}
