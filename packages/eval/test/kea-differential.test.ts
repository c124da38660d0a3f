/**
 * Differential test against ISC kea-dhcp6 2.2: the same client classes are configured in Kea
 * and compiled by Nestor, the same packets (direct and relayed, with and without the options
 * the expressions look at) are classified by both, and every packet must end up in exactly
 * the same classes. Kea's membership is read from its replies (test/helpers/class-probe.ts).
 *
 * String expressions are checked value by value through membership: for each expression E,
 * the class `E == E` holds exactly when E evaluates without a runtime error, and for each
 * value v Nestor computes on some packet, the class `E == v` must hold in Kea on precisely the
 * packets where Nestor says so. A single wrong byte on any packet shows up as a membership
 * difference, and the failure names the expression, the packet and Nestor's value.
 *
 * Each scenario starts Kea once with all of its classes (about 700 in the first), so the file takes
 * a few seconds.
 */
import { describe, expect, it } from 'vitest';
import {
  type ClientClassConfig,
  compileClientClasses,
  compileExpression,
  EvalContext,
  type StringExpression,
} from '../src/index.js';
import { classesInReply, keaClientClasses, type ProbedClass } from './helpers/class-probe.js';
import { BOOLEAN_EXPRESSIONS, STRING_EXPRESSIONS } from './helpers/expression-table.js';
import { KeaOracle, keaOracleAvailable } from './helpers/kea-oracle.js';
import {
  CUSTOM_OPTION_DEFS,
  colonHex,
  customDefinitions,
  evalPacket,
  KNOWN_DUID,
  type TestPacket,
  testPackets,
} from './helpers/packets.js';

const support = keaOracleAvailable();
const packets = testPackets();
const definitions = customDefinitions();

/** The test subnet's setup on both sides: reservation, required classes of subnet and pool. */
interface Scenario {
  classes: ProbedClass[];
  /** Classes the reservation of KNOWN_DUID assigns. */
  reservedClasses?: string[];
  subnetRequires?: string[];
  poolRequires?: string[];
  /** The subnet belongs to a shared network (reserved classes then come late, unevaluated). */
  sharedNetwork?: boolean;
  /** The reservation is global (reservations-global), looked up early or not. */
  globalReservation?: { early: boolean };
}

function keaReservation(scenario: Scenario): Record<string, unknown> {
  return {
    duid: colonHex(KNOWN_DUID),
    hostname: 'known-host',
    ...(scenario.reservedClasses ? { 'client-classes': scenario.reservedClasses } : {}),
  };
}

function keaSubnet(scenario: Scenario): Record<string, unknown> {
  return {
    ...(scenario.globalReservation ? {} : { reservations: [keaReservation(scenario)] }),
    ...(scenario.subnetRequires ? { 'require-client-classes': scenario.subnetRequires } : {}),
    pools: [
      {
        pool: '2001:db8:1::100-2001:db8:1::1ff',
        ...(scenario.poolRequires ? { 'require-client-classes': scenario.poolRequires } : {}),
      },
    ],
  };
}

/** Global parameters of the scenario: the global reservation and how it is looked up. */
function keaGlobals(scenario: Scenario): Record<string, unknown> {
  if (!scenario.globalReservation) return {};
  return {
    reservations: [keaReservation(scenario)],
    'reservations-global': true,
    'reservations-in-subnet': false,
    'early-global-reservations-lookup': scenario.globalReservation.early,
  };
}

/**
 * Nestor's classification of one packet, through the same steps Kea takes for it (see
 * README.md, "Wiring it into a server"); undefined when the packet is dropped (DROP).
 */
function nestorClasses(
  scenario: Scenario,
  classifier: ReturnType<typeof compileClientClasses>,
  packet: TestPacket,
  kea: KeaOracle,
): string[] | undefined {
  const classification = classifier.classify(evalPacket(packet.bytes, kea.serverIface, kea.clientAddress));
  if (classification.dropped) return undefined;
  const reserved = packet.known ? (scenario.reservedClasses ?? []) : [];
  const global = scenario.globalReservation;
  // Early global lookup: the global reservation's classes and KNOWN before subnet selection.
  if (global?.early && packet.known) {
    if (reserved.length > 0) classification.applyReservedClasses(reserved);
    classification.hostLookupDone(true);
    if (classification.dropped) return undefined;
  }
  // After subnet selection: re-evaluation for a (late) global reservation, or a subnet one
  // outside shared networks.
  const reapply = global ? !global.early : !scenario.sharedNetwork;
  if (reapply && reserved.length > 0) classification.applyReservedClasses(reserved);
  classification.hostLookupDone(packet.known);
  if (classification.dropped) return undefined;
  // A subnet reservation in a shared network: added by the message handler, unevaluated.
  if (scenario.sharedNetwork && !global) classification.addReservedClasses(reserved);
  classification.evaluateRequired([
    ...(scenario.subnetRequires ?? []),
    ...(packet.allocates ? (scenario.poolRequires ?? []) : []),
  ]);
  const probed = new Set(scenario.classes.map((c) => c.name));
  return classification.classes
    .toArray()
    .filter((name) => probed.has(name))
    .sort();
}

/** Runs a scenario in Kea and in Nestor; returns per packet both memberships. */
async function runScenario(
  scenario: Scenario,
  replyTimeoutMs = 2_500,
): Promise<Array<{ packet: TestPacket; kea: string[] | undefined; nestor: string[] | undefined }>> {
  const kea = await KeaOracle.start({
    dhcp6: {
      'option-def': CUSTOM_OPTION_DEFS,
      'client-classes': keaClientClasses(scenario.classes),
      ...keaGlobals(scenario),
    },
    subnet: keaSubnet(scenario),
    sharedNetwork: scenario.sharedNetwork ?? false,
  });
  try {
    const replies = await kea.exchange(
      packets.map((p) => p.bytes),
      replyTimeoutMs,
    );
    const classifier = compileClientClasses(scenario.classes satisfies ClientClassConfig[], {
      optionDefinitions: definitions,
    });
    return packets.map((packet, i) => ({
      packet,
      kea: classesInReply(replies[i], scenario.classes),
      nestor: nestorClasses(scenario, classifier, packet, kea),
    }));
  } finally {
    await kea.stop();
  }
}

/** Human-readable differences, naming each class's test. */
function describeDifferences(
  results: Awaited<ReturnType<typeof runScenario>>,
  explain: (className: string, packet: TestPacket) => string,
): string[] {
  const problems: string[] = [];
  for (const { packet, kea, nestor } of results) {
    if (kea === undefined || nestor === undefined) {
      if (kea !== nestor)
        problems.push(`[${packet.name}] dropped by ${kea === undefined ? 'Kea' : 'Nestor'} only`);
      continue;
    }
    const onlyKea = kea.filter((name) => !nestor.includes(name));
    const onlyNestor = nestor.filter((name) => !kea.includes(name));
    for (const name of onlyKea) problems.push(`[${packet.name}] only Kea: ${explain(name, packet)}`);
    for (const name of onlyNestor) problems.push(`[${packet.name}] only Nestor: ${explain(name, packet)}`);
  }
  return problems;
}

/** Each string expression compiled once, for Nestor's values. */
const compiledValues = new Map<string, StringExpression>();
function compileClassValue(expression: string): StringExpression {
  let compiled = compiledValues.get(expression);
  if (!compiled) {
    compiled = compileExpression(expression, { type: 'string', optionDefinitions: definitions });
    compiledValues.set(expression, compiled);
  }
  return compiled;
}

const asLiteral = (value: string): string =>
  value.length === 0 ? "''" : `0x${Buffer.from(value, 'latin1').toString('hex')}`;

describe.skipIf(!support.ok)('classification agrees with ISC kea-dhcp6 2.2', () => {
  it('every boolean expression, and every string expression value by value, on every packet', async () => {
    const classes: ProbedClass[] = [
      { name: 'ALL' },
      { name: 'KNOWN' },
      { name: 'UNKNOWN' },
      { name: 'VENDOR_CLASS_docsis3.0' },
      { name: 'VENDOR_CLASS_eRouter1.0' },
      { name: 'VENDOR_CLASS_foo bar' },
      { name: 'VENDOR_CLASS_café' },
      { name: 'gold' },
    ];
    const explanations = new Map<string, string>();
    BOOLEAN_EXPRESSIONS.forEach((test, i) => {
      classes.push({ name: `b${i}`, test });
      explanations.set(`b${i}`, test);
    });
    // Nestor's values of each string expression on each packet, computed outside any class.
    const contexts = packets.map(
      (p) => new EvalContext(evalPacket(p.bytes, 'kea0', KeaOracle.CLIENT_ADDRESS), new Set()),
    );
    STRING_EXPRESSIONS.forEach((expression, j) => {
      classes.push({ name: `s${j}`, test: `${expression} == ${expression}` });
      explanations.set(`s${j}`, `${expression} evaluates without error`);
      const seen = new Set<string>();
      for (const [k, context] of contexts.entries()) {
        const result = compileClassValue(expression).evaluate(context);
        if (!result.ok || seen.has(result.value)) continue;
        seen.add(result.value);
        const name = `s${j}v${seen.size}`;
        classes.push({ name, test: `${expression} == ${asLiteral(result.value)}` });
        explanations.set(
          name,
          `${expression} == ${asLiteral(result.value)} (Nestor's value on ${packets[k]!.name})`,
        );
      }
    });
    expect(classes.length).toBeGreaterThan(600);
    const results = await runScenario({ classes, reservedClasses: ['gold'] });
    const problems = describeDifferences(results, (name) => `${name}: ${explanations.get(name) ?? name}`);
    expect(problems).toEqual([]);
    // Kea answered every packet: an agreement on dropped packets would prove nothing.
    expect(results.filter((r) => r.kea !== undefined).length).toBe(packets.length);
  });

  it('member() sees earlier classes, KNOWN/UNKNOWN-dependent classes run after the host lookup, required classes run in order', async () => {
    const classes: ProbedClass[] = [
      { name: 'ALL' },
      { name: 'KNOWN' },
      { name: 'UNKNOWN' },
      { name: 'gold' },
      { name: 'first', test: 'option[1].exists' },
      { name: 'second', test: "member('first') and not member('UNKNOWN')" },
      { name: 'third', test: "member('second')" },
      { name: 'unknown-one', test: "member('UNKNOWN') and not member('first')" },
      { name: 'not-gold', test: "not member('gold')" },
      { name: 'gold-and-first', test: "member('gold') and member('first')" },
      { name: 'r-a', test: 'option[1].exists', onlyIfRequired: true },
      // Evaluated on reception, before r-a is required: never sees it.
      { name: 'sees-required', test: "member('r-a')" },
      { name: 'r-b', test: "member('r-a')", onlyIfRequired: true },
      { name: 'r-b2', test: "member('r-a')", onlyIfRequired: true },
      { name: 'r-known', test: "member('KNOWN')", onlyIfRequired: true },
      { name: 'r-pool', test: "member('ALL')", onlyIfRequired: true },
      { name: 'r-never', test: "member('ALL')", onlyIfRequired: true },
      { name: 'listed-too', test: "member('r-a')" },
      { name: 'untested' },
    ];
    const scenario: Scenario = {
      classes,
      reservedClasses: ['gold'],
      // r-b is evaluated before r-a, so it cannot see it yet; r-b2 comes after and can.
      subnetRequires: ['r-b', 'r-a', 'r-b2', 'r-known', 'listed-too', 'untested', 'no-such-class'],
      poolRequires: ['r-pool', 'r-a'],
    };
    const results = await runScenario(scenario);
    const tests = new Map(classes.map((c) => [c.name, c.test ?? '(no test)']));
    const problems = describeDifferences(results, (name) => `${name}: ${tests.get(name)}`);
    expect(problems).toEqual([]);
    // The scenario exercises what it claims to: a pool-required class on the SOLICITs only,
    // reserved classes on the KNOWN packets.
    for (const { packet, kea: keaClasses } of results) {
      expect(keaClasses).toBeDefined();
      expect(keaClasses!.includes('r-pool')).toBe(packet.allocates);
      expect(keaClasses!.includes('gold')).toBe(packet.known);
    }
  });

  it('in a shared network, reserved classes are added late and nothing is re-evaluated', async () => {
    const classes: ProbedClass[] = [
      { name: 'KNOWN' },
      { name: 'gold' },
      { name: 'not-gold', test: "not member('gold')" },
      { name: 'gold-known', test: "member('gold') or member('KNOWN')" },
      { name: 'r-gold', test: "member('gold')", onlyIfRequired: true },
    ];
    const results = await runScenario({
      classes,
      reservedClasses: ['gold'],
      subnetRequires: ['r-gold'],
      sharedNetwork: true,
    });
    const problems = describeDifferences(results, (name) => name);
    expect(problems).toEqual([]);
    for (const { packet, kea: keaClasses } of results) {
      // Kea assigned the reserved class, yet "not member('gold')" stayed true.
      expect(keaClasses).toEqual(
        packet.known ? ['KNOWN', 'gold', 'gold-known', 'not-gold', 'r-gold'] : ['not-gold'],
      );
    }
  });

  for (const early of [false, true]) {
    it(`a global reservation's classes are re-evaluated, also in a shared network (early lookup ${early ? 'on' : 'off'})`, async () => {
      const classes: ProbedClass[] = [
        { name: 'KNOWN' },
        { name: 'gold' },
        { name: 'not-gold', test: "not member('gold')" },
        { name: 'known-not-gold', test: "member('KNOWN') and not member('gold')" },
        { name: 'r-gold', test: "member('gold')", onlyIfRequired: true },
      ];
      const results = await runScenario({
        classes,
        reservedClasses: ['gold'],
        subnetRequires: ['r-gold'],
        sharedNetwork: true,
        globalReservation: { early },
      });
      expect(describeDifferences(results, (name) => name)).toEqual([]);
      for (const { packet, kea: keaClasses } of results) {
        expect(keaClasses).toEqual(packet.known ? ['KNOWN', 'gold', 'r-gold'] : ['not-gold']);
      }
    });
  }

  it('DROP, also when its test depends on KNOWN', async () => {
    const classes: ProbedClass[] = [
      { name: 'ALL' },
      { name: 'DROP', test: "vendor-class[9].exists or (member('KNOWN') and pkt6.msgtype == 11)" },
    ];
    // Kea answers within milliseconds; the dropped packets cost the whole wait.
    const results = await runScenario({ classes }, 1_200);
    const problems = describeDifferences(results, (name) => name);
    expect(problems).toEqual([]);
    const dropped = results.filter((r) => r.kea === undefined).map((r) => r.packet.name);
    expect(dropped).toEqual(['rich information-request', 'solicit', 'relayed once', 'relayed twice']);
  });
});
