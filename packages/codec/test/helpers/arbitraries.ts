/** fast-check generators of valid DHCPv6 messages (the decoded model), for property tests. */
import fc from 'fast-check';
import type { Dhcp6Message, Dhcp6Option, RawOption } from '../../src/index.js';
import { ipv6BytesToText } from '../../src/index.js';

const STRUCTURAL = new Set([3, 4, 5, 6, 9, 13, 17, 25, 26, 39]);
const u32 = fc.nat({ max: 0xffffffff });
const u16 = fc.nat({ max: 0xffff });

export const ipv6Text = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => ipv6BytesToText(b));

export const rawOption: fc.Arbitrary<RawOption> = fc.record({
  kind: fc.constant('raw' as const),
  code: u16.filter((c) => !STRUCTURAL.has(c)),
  data: fc.uint8Array({ maxLength: 40 }),
});

/** Label characters, including ones the presentation format must escape. */
const LABEL_CHARS: [string, string][] = [
  ['a', 'a'],
  ['Z', 'Z'],
  ['7', '7'],
  ['-', '-'],
  ['.', '\\.'],
  ['\\', '\\\\'],
  [' ', '\\032'],
  ['\u00ff', '\\255'],
];

const label = fc
  .array(fc.constantFrom(...LABEL_CHARS), { minLength: 1, maxLength: 20 })
  .map((chars) => chars.map(([, text]) => text).join(''));

const fqdnOption = fc
  .record({
    flags: fc.nat({ max: 255 }),
    labels: fc.array(label, { maxLength: 4 }),
    partial: fc.boolean(),
  })
  .map(({ flags, labels, partial }) => {
    const name = labels.length === 0 ? (partial ? '' : '.') : labels.join('.') + (partial ? '' : '.');
    return { kind: 'client_fqdn' as const, code: 39 as const, flags, name, partial };
  });

const statusOption = fc.record({
  kind: fc.constant('status_code' as const),
  code: fc.constant(13 as const),
  status: u16,
  message: fc.string({ unit: 'grapheme', maxLength: 20 }),
});

const leafOption: fc.Arbitrary<Dhcp6Option> = fc.oneof(
  rawOption,
  statusOption,
  fc.record({
    kind: fc.constant('oro' as const),
    code: fc.constant(6 as const),
    requested: fc.array(u16, { maxLength: 6 }),
  }),
  fc.record({
    kind: fc.constant('vendor_opts' as const),
    code: fc.constant(17 as const),
    enterpriseNumber: u32,
    options: fc.array(
      rawOption.map((o) => ({ ...o, code: o.code })),
      { maxLength: 3 },
    ),
  }),
  fqdnOption,
);

const subOptions = fc.array(
  fc.oneof({ weight: 3, arbitrary: statusOption }, { weight: 1, arbitrary: rawOption }),
  {
    maxLength: 2,
  },
);

const iaaddr = fc.record({
  kind: fc.constant('iaaddr' as const),
  code: fc.constant(5 as const),
  address: ipv6Text,
  preferredLifetime: u32,
  validLifetime: u32,
  options: subOptions,
});

const iaprefix = fc.record({
  kind: fc.constant('iaprefix' as const),
  code: fc.constant(26 as const),
  preferredLifetime: u32,
  validLifetime: u32,
  prefixLength: fc.nat({ max: 128 }),
  prefix: ipv6Text,
  options: subOptions,
});

const iaOption: fc.Arbitrary<Dhcp6Option> = fc.oneof(
  fc.record({
    kind: fc.constant('ia_na' as const),
    code: fc.constant(3 as const),
    iaid: u32,
    t1: u32,
    t2: u32,
    options: fc.array(fc.oneof(iaaddr, statusOption), { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('ia_pd' as const),
    code: fc.constant(25 as const),
    iaid: u32,
    t1: u32,
    t2: u32,
    options: fc.array(fc.oneof(iaprefix, statusOption), { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('ia_ta' as const),
    code: fc.constant(4 as const),
    iaid: u32,
    options: fc.array(iaaddr, { maxLength: 2 }),
  }),
);

const clientOptions = fc.array(
  fc.oneof({ weight: 3, arbitrary: leafOption }, { weight: 2, arbitrary: iaOption }),
  {
    maxLength: 8,
  },
);

export const clientServerMessage: fc.Arbitrary<Dhcp6Message> = fc.record({
  kind: fc.constant('client-server' as const),
  msgType: fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15),
  transactionId: fc.nat({ max: 0xffffff }),
  options: clientOptions,
});

const opaqueMessage: fc.Arbitrary<Dhcp6Message> = fc.oneof(
  fc.record({
    kind: fc.constant('dhcpv4' as const),
    msgType: fc.constantFrom(20, 21),
    body: fc.uint8Array({ maxLength: 30 }),
  }),
  fc.record({
    kind: fc.constant('unknown' as const),
    msgType: fc.constantFrom(0, 22, 35, 200, 255),
    body: fc.uint8Array({ maxLength: 30 }),
  }),
);

/** A client message wrapped in 0..4 relay layers, each with a few raw options around relay-msg. */
export const anyMessage: fc.Arbitrary<Dhcp6Message> = fc
  .record({
    inner: fc.oneof({ weight: 5, arbitrary: clientServerMessage }, { weight: 1, arbitrary: opaqueMessage }),
    layers: fc.array(
      fc.record({
        msgType: fc.constantFrom(12, 13),
        hopCount: fc.nat({ max: 255 }),
        linkAddress: ipv6Text,
        peerAddress: ipv6Text,
        before: fc.array(rawOption, { maxLength: 2 }),
        after: fc.array(rawOption, { maxLength: 1 }),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ inner, layers }) => {
    let message = inner;
    for (const layer of layers) {
      message = {
        kind: 'relay',
        msgType: layer.msgType,
        hopCount: layer.hopCount,
        linkAddress: layer.linkAddress,
        peerAddress: layer.peerAddress,
        options: [...layer.before, { kind: 'relay_msg', code: 9, message }, ...layer.after],
      };
    }
    return message;
  });
