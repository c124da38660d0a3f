// Decode / encode throughput of @nestor/codec on one core. Run: pnpm --filter @nestor/codec bench
// (after a build; it loads dist/). Prints operations per second for each case.
import {
  assembleOptions,
  decodeMessage,
  encodeMessage,
  MessageType,
  OptionCode,
  OptionDefinitionRegistry,
  PacketWriter,
  parseOptionData,
  unwrapRelay,
  wrapRelayReply,
} from '../dist/index.js';

const hex = (s) => Uint8Array.from(s.match(/../g).map((b) => Number.parseInt(b, 16)));
const CLIENT_DUID = hex('000100011d2c3b4a001122334455');
const SERVER_DUID = hex('0002000009bf0a0b0c0d');

// A typical relayed SOLICIT: one relay (interface-id, remote-id) around a client asking for
// an address and a prefix, its FQDN, with ORO, vendor-class and user-class.
const solicit = {
  kind: 'client-server',
  msgType: MessageType.SOLICIT,
  transactionId: 0x5a5b5c,
  options: [
    { kind: 'raw', code: OptionCode.CLIENTID, data: CLIENT_DUID },
    { kind: 'raw', code: OptionCode.ELAPSED_TIME, data: hex('0000') },
    { kind: 'oro', code: 6, requested: [23, 24, 17, 39] },
    { kind: 'ia_na', code: 3, iaid: 0x01020304, t1: 0, t2: 0, options: [] },
    {
      kind: 'ia_pd',
      code: 25,
      iaid: 0x0a0b0c0d,
      t1: 0,
      t2: 0,
      options: [
        {
          kind: 'iaprefix',
          code: 26,
          preferredLifetime: 0,
          validLifetime: 0,
          prefixLength: 56,
          prefix: '::',
          options: [],
        },
      ],
    },
    { kind: 'client_fqdn', code: 39, flags: 1, name: 'laptop.example.com.', partial: false },
    { kind: 'raw', code: OptionCode.VENDOR_CLASS, data: hex('0000118b0006646f63736973') },
    { kind: 'raw', code: OptionCode.USER_CLASS, data: hex('0005636c617373') },
  ],
};
const relayedSolicit = encodeMessage({
  kind: 'relay',
  msgType: MessageType.RELAY_FORW,
  hopCount: 0,
  linkAddress: '2001:db8:1::1',
  peerAddress: 'fe80::211:22ff:fe33:4455',
  options: [
    { kind: 'raw', code: OptionCode.INTERFACE_ID, data: new TextEncoder().encode('ge-0/0/7.100') },
    { kind: 'raw', code: OptionCode.REMOTE_ID, data: hex('00000de9636972637569742d37') },
    { kind: 'relay_msg', code: 9, message: solicit },
  ],
});

// Five configured options, pre-encoded once as at configuration time.
const registry = OptionDefinitionRegistry.standard();
const configured = assembleOptions(
  [
    { name: 'dns-servers', data: '2001:db8:53::1, 2001:db8:53::2' },
    { name: 'domain-search', data: 'example.com, lab.example.org' },
    { name: 'sntp-servers', data: '2001:db8:123::1' },
    { name: 'information-refresh-time', data: '86400' },
    { name: 'preference', data: '255' },
  ].map((entry) => parseOptionData(entry, registry)),
).map((o) => o.wire);

const replyModel = {
  kind: 'client-server',
  msgType: MessageType.REPLY,
  transactionId: 0x5a5b5c,
  options: [
    { kind: 'raw', code: OptionCode.CLIENTID, data: CLIENT_DUID },
    { kind: 'raw', code: OptionCode.SERVERID, data: SERVER_DUID },
    {
      kind: 'ia_na',
      code: 3,
      iaid: 0x01020304,
      t1: 1800,
      t2: 2880,
      options: [
        {
          kind: 'iaaddr',
          code: 5,
          address: '2001:db8:1::1:100',
          preferredLifetime: 3600,
          validLifetime: 7200,
          options: [],
        },
      ],
    },
    {
      kind: 'ia_pd',
      code: 25,
      iaid: 0x0a0b0c0d,
      t1: 1800,
      t2: 2880,
      options: [
        {
          kind: 'iaprefix',
          code: 26,
          preferredLifetime: 3600,
          validLifetime: 7200,
          prefixLength: 56,
          prefix: '2001:db8:ff00:100::',
          options: [],
        },
      ],
    },
    ...configured.map((wire) => ({ kind: 'raw', code: (wire[0] << 8) | wire[1], data: wire.subarray(4) })),
  ],
};
const replyBytes = encodeMessage(replyModel);

// The server's hot path: one writer reused for every reply; addresses already as bytes.
const writer = new PacketWriter(4096);
const leaseAddress = hex('20010db8000100000000000000010100');
const leasePrefix = hex('20010db8ff0001000000000000000000');
function writeReply(w, xid) {
  w.reset()
    .header(MessageType.REPLY, xid)
    .option(OptionCode.CLIENTID, CLIENT_DUID)
    .option(OptionCode.SERVERID, SERVER_DUID)
    .beginIaNa(0x01020304, 1800, 2880)
    .iaAddress(leaseAddress, 3600, 7200)
    .endOption()
    .beginIaPd(0x0a0b0c0d, 1800, 2880)
    .iaPrefix(leasePrefix, 56, 3600, 7200)
    .endOption();
  for (const wire of configured) w.raw(wire);
  return w.finish();
}
const { relays } = unwrapRelay(decodeMessage(relayedSolicit));
function writeRelayedReply(w, xid) {
  w.reset()
    .beginRelayReplies(relays)
    .header(MessageType.REPLY, xid)
    .option(OptionCode.CLIENTID, CLIENT_DUID)
    .option(OptionCode.SERVERID, SERVER_DUID);
  w.beginIaNa(0x01020304, 1800, 2880).iaAddress(leaseAddress, 3600, 7200).endOption();
  w.beginIaPd(0x0a0b0c0d, 1800, 2880).iaPrefix(leasePrefix, 56, 3600, 7200).endOption();
  for (const wire of configured) w.raw(wire);
  return w.endRelayReplies().finish();
}

if (encodeMessage(decodeMessage(writeReply(writer, 0x5a5b5c))).length !== replyBytes.length) {
  throw new Error('benchmark messages disagree');
}

const solicitModel = decodeMessage(relayedSolicit);

let sink = 0;
function measure(name, fn) {
  for (let i = 0; i < 20_000; i++) sink ^= fn(i) ? 1 : 0; // warm up
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = 1_000_000_000n; // ~1 s per case
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 10_000; i++) sink ^= fn(i) ? 1 : 0;
    ops += 10_000;
    elapsed = process.hrtime.bigint() - start;
  }
  const perSecond = Math.round((ops * 1e9) / Number(elapsed));
  console.log(
    `${name.padEnd(58)} ${perSecond.toLocaleString('en-US').padStart(12)} ops/s  ${(1e9 / perSecond).toFixed(0).padStart(5)} ns/op`,
  );
  return perSecond;
}

console.log(`@nestor/codec benchmark (Node ${process.version}, one core)`);
console.log(
  `relayed SOLICIT: ${relayedSolicit.length} bytes; REPLY (IA_NA + IA_PD + 5 options): ${replyBytes.length} bytes\n`,
);
const results = {
  decodeSolicit: measure('decode  relayed SOLICIT (decodeMessage)', () => decodeMessage(relayedSolicit)),
  decodeUnwrap: measure(
    'decode  relayed SOLICIT + unwrapRelay',
    () => unwrapRelay(decodeMessage(relayedSolicit)).relays,
  ),
  decodeReply: measure('decode  REPLY IA_NA+IA_PD+5 options', () => decodeMessage(replyBytes)),
  encodeWriter: measure('encode  REPLY with PacketWriter (server hot path)', (i) =>
    writeReply(writer, i & 0xffffff),
  ),
  encodeWriterRelayed: measure('encode  relayed REPLY with PacketWriter', (i) =>
    writeRelayedReply(writer, i & 0xffffff),
  ),
  encodeModel: measure('encode  REPLY from the message model (encodeMessage)', () =>
    encodeMessage(replyModel),
  ),
  encodeSolicit: measure('encode  relayed SOLICIT from the model (encodeMessage)', () =>
    encodeMessage(solicitModel),
  ),
  wrap: measure('encode  wrapRelayReply(reply bytes, relays)', () => wrapRelayReply(replyBytes, relays)),
};
console.log(`\ntargets: decode >= 500,000/s, encode >= 300,000/s`);
console.log(
  `decode relayed SOLICIT: ${results.decodeSolicit >= 500_000 ? 'met' : 'NOT met'}; encode REPLY (PacketWriter): ${results.encodeWriter >= 300_000 ? 'met' : 'NOT met'}; encode REPLY (model): ${results.encodeModel >= 300_000 ? 'met' : 'NOT met'}`,
);
if (sink === 42) console.log('');
