// Evaluation throughput of @nestor/eval on one core. Run: pnpm --filter @nestor/eval bench
// (after a build; it loads dist/). Prints evaluations per second for typical class tests, each
// on a fresh per-packet context (as the server makes one per packet), and whole packets
// classified against a configuration of a dozen classes.
import {
  encodeMessage,
  encodeOpaqueTuples,
  MessageType,
  OptionDefinitionRegistry,
  safeDecodeMessage,
  unwrapRelay,
} from '@nestor/codec';
import { compileClientClasses, compileExpression, EvalContext } from '../dist/index.js';

const hex = (s) => Uint8Array.from(s.match(/../g).map((b) => Number.parseInt(b, 16)));
const ascii = (s) => Uint8Array.from(Buffer.from(s, 'latin1'));
const raw = (code, data) => ({ kind: 'raw', code, data });

// A relayed SOLICIT of a cable modem: client-id, ORO, vendor-class, vendor-opts, IA_NA, FQDN;
// the relay adds interface-id and remote-id.
const solicit = {
  kind: 'client-server',
  msgType: MessageType.SOLICIT,
  transactionId: 0x5a5b5c,
  options: [
    raw(1, hex('000100011d2c3b4a001122334455')),
    raw(8, hex('0000')),
    { kind: 'oro', code: 6, requested: [23, 24, 17, 39] },
    raw(16, Uint8Array.from([...hex('0000118b'), ...encodeOpaqueTuples([ascii('docsis3.0')])])),
    {
      kind: 'vendor_opts',
      code: 17,
      enterpriseNumber: 4491,
      options: [raw(2, ascii('ECM')), raw(1, hex('00200021'))],
    },
    { kind: 'ia_na', code: 3, iaid: 1, t1: 0, t2: 0, options: [] },
    { kind: 'client_fqdn', code: 39, flags: 1, name: 'modem.example.com.', partial: false },
  ],
};
const bytes = encodeMessage({
  kind: 'relay',
  msgType: MessageType.RELAY_FORW,
  hopCount: 0,
  linkAddress: '2001:db8:1::1',
  peerAddress: 'fe80::1',
  options: [
    raw(18, ascii('eth0/1')),
    raw(37, hex('0000118b001122334455')),
    { kind: 'relay_msg', code: 9, message: solicit },
  ],
});
const decoded = safeDecodeMessage(bytes);
if (!decoded.ok) throw new Error('benchmark packet does not decode');
const { message, relays } = unwrapRelay(decoded.message);
const packet = { message, relays, iface: 'eth0', remoteAddress: 'fe80::1', localAddress: 'ff02::1:2' };
const definitions = OptionDefinitionRegistry.standard();
const membership = new Set(['ALL', 'KNOWN']);

const tests = [
  ['client-id equals a DUID', 'option[1].hex == 0x000100011d2c3b4a001122334455'],
  ['DUID prefix (substring == hex)', 'substring(option[1].hex,0,4) == 0x00010001'],
  ['relay interface-id', "relay6[0].option[18].hex == 'eth0/1'"],
  ['vendor-class docsis modem', "vendor-class[4491].exists and vendor-class[4491].data == 'docsis3.0'"],
  ['vendor sub-option text', "vendor[4491].option[2].text == 'ECM'"],
  ['member and option exists', "member('KNOWN') and option[39].exists"],
  ['packet fields', "pkt.iface == 'eth0' and pkt6.msgtype == 1"],
  ['MAC from DUID as text', "hexstring(substring(option[1].hex,-6,all),':') == '00:11:22:33:44:55'"],
  ['option text (IA_NA rendered)', "option[3].text == 'x'"],
  [
    '20-way or of DUID prefixes',
    Array.from({ length: 20 }, (_, i) => `substring(option[1].hex,0,4) == ${i}`).join(' or '),
  ],
];

let sink = 0;
function measure(name, fn) {
  for (let i = 0; i < 50_000; i++) sink ^= fn() ? 1 : 0; // warm up
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = 700_000_000n; // ~0.7 s per case
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 10_000; i++) sink ^= fn() ? 1 : 0;
    ops += 10_000;
    elapsed = process.hrtime.bigint() - start;
  }
  const perSecond = Math.round((ops * 1e9) / Number(elapsed));
  console.log(
    `${name.padEnd(52)} ${perSecond.toLocaleString('en-US').padStart(12)} evals/s  ${(1e9 / perSecond).toFixed(0).padStart(5)} ns`,
  );
}

console.log(
  `@nestor/eval benchmark (Node ${process.version}, one core); relayed SOLICIT of ${bytes.length} bytes\n`,
);
console.log('one class test, on a fresh per-packet context:');
for (const [name, text] of tests) {
  const compiled = compileExpression(text, { optionDefinitions: definitions });
  if (compiled.evaluate(new EvalContext(packet, membership)).ok !== true) throw new Error(`${name} fails`);
  measure(`  ${name}`, () => compiled.test(new EvalContext(packet, membership)));
}

// A configuration of a dozen classes, the last ones depending on KNOWN or only-if-required.
const classifier = compileClientClasses(
  [
    ...tests.map(([, test], i) => ({ name: `class-${i}`, test })),
    { name: 'known-modem', test: "member('KNOWN') and member('VENDOR_CLASS_docsis3.0')" },
    { name: 'pool-a', test: "member('class-0')", onlyIfRequired: true },
  ],
  { optionDefinitions: definitions },
);
console.log('\nwhole packets against 12 classes:');
measure('  classify + host lookup + required class', () => {
  const classification = classifier.classify(packet);
  classification.hostLookupDone(true);
  classification.evaluateRequired(['pool-a']);
  return classification.has('pool-a');
});
if (sink === 42) console.log('');
