/**
 * fast-check generators: expressions of the whole grammar (as text, so they go through the
 * parser) and packets, both well-formed ones and damaged ones (mutated test packets that
 * still decode, and option objects with payloads that fit no definition).
 */
import {
  type Dhcp6Option,
  MessageType,
  type RawOption,
  type RelayLayer,
  safeDecodeMessage,
  unwrapRelay,
} from '@nestor/codec';
import fc from 'fast-check';
import type { EvalPacket } from '../../src/index.js';
import { testPackets } from './packets.js';

/** Codes with and without definitions, standard and custom (see CUSTOM_OPTION_DEFS). */
const CODES = [
  1, 3, 6, 8, 13, 14, 15, 16, 17, 18, 25, 26, 39, 222, 223, 224, 226, 227, 230, 233, 237, 239, 240, 1000,
];
const code = fc.constantFrom(...CODES);
const subCode = fc.constantFrom(1, 2, 3, 5, 13, 26);
const nest = fc.integer({ min: -4, max: 4 });
const enterprise = fc.constantFrom('*', '0', '9', '4491', '311');
const integer = fc.oneof(
  fc.integer({ min: -12, max: 12 }).map(String),
  fc.constantFrom('2147483647', '-2147483648', '99999999999', '-99999999999'),
);
const quoted = fc
  .string({ maxLength: 6, unit: fc.constantFrom('a', 'b', '.', '-', ':', ' ', '0', 'Z') })
  .map((text) => `'${text}'`);
const hexLiteral = fc
  .uint8Array({ minLength: 1, maxLength: 6 })
  .map((b) => `0x${Buffer.from(b).toString('hex')}`);
const literal = fc.oneof(
  quoted,
  hexLiteral,
  fc.integer({ min: 0, max: 4294967295 }).map(String),
  fc.constantFrom('10.0.0.1', '2001:db8::1', 'fe80::1', '::'),
);
const representation = fc.constantFrom('hex', 'text');

const stringLeaf = fc.oneof(
  literal,
  fc.tuple(code, representation).map(([c, r]) => `option[${c}].${r}`),
  fc.tuple(code, subCode, representation).map(([c, s, r]) => `option[${c}].option[${s}].${r}`),
  fc.tuple(nest, code, representation).map(([n, c, r]) => `relay6[${n}].option[${c}].${r}`),
  fc.tuple(nest, fc.constantFrom('peeraddr', 'linkaddr')).map(([n, f]) => `relay6[${n}].${f}`),
  fc.constantFrom('pkt.iface', 'pkt.src', 'pkt.dst', 'pkt.len', 'pkt6.msgtype', 'pkt6.transid'),
  fc.constantFrom('vendor.enterprise', 'vendor-class.enterprise'),
  fc.tuple(enterprise, subCode, representation).map(([e, s, r]) => `vendor[${e}].option[${s}].${r}`),
  fc.tuple(enterprise, fc.integer({ min: 0, max: 3 })).map(([e, i]) => `vendor-class[${e}].data[${i}]`),
  enterprise.map((e) => `vendor-class[${e}].data`),
);

const boolLeaf = fc.oneof(
  code.map((c) => `option[${c}].exists`),
  fc.tuple(code, subCode).map(([c, s]) => `option[${c}].option[${s}].exists`),
  fc.tuple(nest, code).map(([n, c]) => `relay6[${n}].option[${c}].exists`),
  enterprise.map((e) => `vendor[${e}].exists`),
  fc.tuple(enterprise, subCode).map(([e, s]) => `vendor[${e}].option[${s}].exists`),
  enterprise.map((e) => `vendor-class[${e}].exists`),
  fc.constantFrom("member('ALL')", "member('KNOWN')", "member('gold')"),
);

/** Expression text: `bool` for class tests, `string` for string expressions. */
export const expressions = fc.letrec<{ string: string; bool: string }>((tie) => ({
  string: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringLeaf,
    fc
      .tuple(tie('string'), integer, fc.oneof(integer, fc.constant('all')))
      .map(([s, a, b]) => `substring(${s},${a},${b})`),
    fc.tuple(tie('string'), tie('string'), integer).map(([s, d, f]) => `split(${s},${d},${f})`),
    fc.tuple(tie('string'), tie('string')).map(([a, b]) => `concat(${a},${b})`),
    fc.tuple(tie('string'), tie('string')).map(([a, b]) => `${a} + ${b}`),
    fc.tuple(tie('bool'), tie('string'), tie('string')).map(([c, a, b]) => `ifelse(${c},${a},${b})`),
    fc.tuple(tie('string'), tie('string')).map(([a, b]) => `hexstring(${a},${b})`),
    tie('string').map((s) => `addrtotext(${s})`),
    fc
      .tuple(fc.constantFrom('int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32'), tie('string'))
      .map(([t, s]) => `${t}totext(${s})`),
  ),
  bool: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    boolLeaf,
    fc.tuple(tie('string'), tie('string')).map(([a, b]) => `${a} == ${b}`),
    tie('bool').map((b) => `not (${b})`),
    fc.tuple(tie('bool'), tie('bool')).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie('bool'), tie('bool')).map(([a, b]) => `(${a}) or (${b})`),
  ),
}));

const rawOption: fc.Arbitrary<RawOption> = fc
  .record({ code, data: fc.uint8Array({ maxLength: 24 }) })
  .map(({ code: c, data }) => ({ kind: 'raw', code: c, data }));

/** Option objects as the codec may hand them over, payloads that fit no definition included. */
const option: fc.Arbitrary<Dhcp6Option> = fc.oneof(
  { weight: 4, arbitrary: rawOption },
  {
    weight: 1,
    arbitrary: fc
      .record({
        enterpriseNumber: fc.constantFrom(0, 9, 4491),
        options: fc.array(rawOption, { maxLength: 3 }),
      })
      .map((v) => ({ kind: 'vendor_opts' as const, code: 17 as const, ...v })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ iaid: fc.nat(), options: fc.array(rawOption, { maxLength: 3 }) })
      .map((v) => ({ kind: 'ia_na' as const, code: 3 as const, t1: 0, t2: 0, ...v })),
  },
);

const address = fc.constantFrom('::', 'fe80::1', '2001:db8:1::1', 'ff02::1:2');

const relayLayer: fc.Arbitrary<RelayLayer> = fc.record({
  msgType: fc.constant(MessageType.RELAY_FORW),
  hopCount: fc.nat({ max: 31 }),
  linkAddress: address,
  peerAddress: address,
  options: fc.array(option, { maxLength: 3 }),
});

/** Packets built from option objects directly (no codec round trip). */
const builtPacket: fc.Arbitrary<EvalPacket> = fc
  .record({
    msgType: fc.integer({ min: 0, max: 255 }),
    transactionId: fc.integer({ min: 0, max: 0xffffff }),
    options: fc.array(option, { maxLength: 8 }),
    relays: fc.array(relayLayer, { maxLength: 3 }),
    iface: fc.constantFrom('eth0', ''),
    remoteAddress: fc.constantFrom('fe80::1%eth0', '2001:db8::5', '', 'not an address'),
  })
  .map((p) => ({
    message: {
      kind: 'client-server',
      msgType: p.msgType,
      transactionId: p.transactionId,
      options: p.options,
    },
    relays: p.relays,
    iface: p.iface,
    remoteAddress: p.remoteAddress,
    localAddress: 'ff02::1:2',
  }));

const samples = testPackets().map((p) => p.bytes);

/** The test packets with some bytes changed, kept when they still decode (the codec's view of them). */
const mutatedPacket: fc.Arbitrary<EvalPacket | undefined> = fc
  .tuple(
    fc.constantFrom(...samples),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
  )
  .map(([bytes, changes]) => {
    const copy = Uint8Array.from(bytes);
    for (const [at, byte] of changes) copy[at % copy.length] = byte;
    const decoded = safeDecodeMessage(copy);
    if (!decoded.ok) return undefined;
    try {
      const { message, relays } = unwrapRelay(decoded.message);
      return { message, relays, iface: 'eth0', remoteAddress: 'fe80::1', localAddress: 'ff02::1:2' };
    } catch {
      return undefined; // a relay layer without relay-msg: the server drops it
    }
  });

export const packets: fc.Arbitrary<EvalPacket> = fc.oneof(
  builtPacket,
  mutatedPacket.filter((p): p is EvalPacket => p !== undefined),
);
