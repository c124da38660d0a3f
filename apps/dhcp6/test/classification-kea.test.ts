/**
 * Client classification against ISC kea-dhcp6 2.2. Both servers run on the same configuration
 * (support/class-scenario.ts), get the same SOLICIT / REQUEST / RENEW / REBIND /
 * INFORMATION-REQUEST messages, direct and relayed, one at a time, and must give the same
 * answers: no answer, or the same message type, the same pool for every address and prefix (or
 * the same status), the same lifetimes and T1/T2, and the same options byte for byte. The
 * differences left are pinned at the end, each as a test that fails once it changes.
 *
 * Needs root (network namespaces) and /usr/sbin/kea-dhcp6; skipped, loudly, otherwise.
 */
import { existsSync } from 'node:fs';
import { MessageType } from '@nestor/codec';
import { ISC_KEA_DHCP6 } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Compared,
  Differential,
  differences,
  Steps,
  type TestClient,
  type Variation,
} from './support/class-differential.js';
import {
  CAMPUS_DUID,
  classScenario,
  duid,
  EARLY_DROP_DUID,
  EARLY_DUID,
  earlyScenario,
  KNOWN_DUID,
  LAB_DUID,
  SUBNET_DROP_DUID,
  VIP_DUID,
} from './support/class-scenario.js';
import { poolLabeler } from './support/reply-summary.js';
import { SERVER_IFACE, TwinServers } from './support/twin-servers.js';

const available = existsSync(ISC_KEA_DHCP6) && process.getuid?.() === 0;
if (!available) console.warn(`classification-kea: skipped (needs root and ${ISC_KEA_DHCP6})`);

const DOCSIS = { enterprise: 4491, items: ['docsis3.0'] };
const EROUTER = { enterprise: 4491, items: ['eRouter1.0'] };

/** Starts both servers on a scenario for the describe block; stops them after it. */
function twinsFor(tag: string, scenario: Record<string, unknown>): () => Differential {
  let twins: TwinServers | undefined;
  let differential: Differential | undefined;
  beforeAll(async () => {
    twins = await TwinServers.start(tag, scenario);
    differential = new Differential(twins, poolLabeler(scenario));
  }, 30_000);
  afterAll(async () => {
    await twins?.destroy();
  });
  return () => differential!;
}

/** The first scenario's clients; relayed ones carry the relay they come through. */
const CLIENTS: Record<string, TestClient> = {
  plain: { client: { duid: duid(1) }, pd: true },
  modem: { client: { duid: duid(2), vendorClass: DOCSIS } },
  // A pd-pool for gold, one for plain: a modem's IA_PD finds none (NoPrefixAvail).
  'modem pd': { client: { duid: duid(21), vendorClass: DOCSIS }, pd: true },
  gold: { client: { duid: duid(3), userClass: 'gold' }, pd: true },
  known: { client: { duid: KNOWN_DUID } },
  vip: { client: { duid: VIP_DUID, userClass: 'gold' } },
  dropped: { client: { duid: duid(4), userClass: 'drop-me' } },
  erouter: { client: { duid: duid(5), vendorClass: EROUTER } },
  'relay port-a': { client: { duid: duid(11) }, relay: { link: '2001:db8:2::1', interfaceId: 'port-a' } },
  'relay port-b': { client: { duid: duid(12) }, relay: { link: '2001:db8:2::1', interfaceId: 'port-b' } },
  'relay 3 modem': { client: { duid: duid(13), vendorClass: DOCSIS }, relay: { link: '2001:db8:ffff::3' } },
  'relay 3 plain': { client: { duid: duid(14) }, relay: { link: '2001:db8:ffff::3' } },
  'relay 5 gold': { client: { duid: duid(15), userClass: 'gold' }, relay: { link: '2001:db8:5::1' } },
  'relay 5 plain': { client: { duid: duid(16) }, relay: { link: '2001:db8:5::1' } },
  'relay 6 campus': { client: { duid: CAMPUS_DUID }, relay: { link: '2001:db8:ffff::6' } },
  'relay 6 plain': { client: { duid: duid(17) }, relay: { link: '2001:db8:ffff::6' } },
  'relay 8 erouter': {
    client: { duid: duid(18), vendorClass: EROUTER },
    relay: { link: '2001:db8:ffff::8' },
  },
  'relay 8 plain': { client: { duid: duid(19) }, relay: { link: '2001:db8:ffff::8' } },
  'relay dropped': { client: { duid: duid(20), userClass: 'drop-me' }, relay: { link: '2001:db8:2::1' } },
};
const steps = new Steps({
  ...CLIENTS,
  'gold modem': { client: { duid: duid(6), userClass: 'gold', vendorClass: DOCSIS } },
  unknown: { client: { duid: duid(30) } },
});
const asPlain = (name: string): Variation => ({
  as: { duid: CLIENTS[name]!.client.duid },
  note: 'no class now',
});

describe.skipIf(!available)('client classification, differential against ISC kea-dhcp6 2.2', () => {
  const differential = twinsFor('classes', classScenario(SERVER_IFACE));

  it('SOLICIT and INFORMATION-REQUEST, direct and relayed: same subnets, pools, options, drops', async () => {
    const results = await differential().run([
      ...Object.keys(CLIENTS).map((name) => steps.solicit(name)),
      ...[
        'plain',
        'gold',
        'gold modem',
        'known',
        'dropped',
        'relay 5 gold',
        'relay 5 plain',
        'relay 6 campus',
      ].map((name) => steps.informationRequest(name)),
    ]);
    expect(differences(results)).toBe('');
    // What the scenario is there to show, as Kea answered (and Nestor, being equal):
    const kea = (step: string): string => JSON.stringify(results.find((r) => r.step === step)!.kea);
    // DROP: no answer, direct or relayed;
    expect(results.filter((r) => r.kea === 'no answer').map((r) => r.step)).toEqual([
      'SOLICIT dropped',
      'SOLICIT relay dropped',
      'INFORMATION-REQUEST dropped',
    ]);
    // a class-guarded subnet is skipped for the next one on the same relay (tried by subnet id),
    // or, with none left, no subnet: NoAddrsAvail;
    expect(kea('SOLICIT relay 3 modem')).toContain('"at":"subnet 3 pool 0"');
    expect(kea('SOLICIT relay 3 plain')).toContain('"at":"subnet 4 pool 0"');
    expect(kea('SOLICIT relay 5 plain')).toContain('"status":2');
    // a guarded shared network, and the doc's global reservation picking a subnet in one;
    expect(kea('SOLICIT relay 8 erouter')).toContain('"at":"subnet 8 pool 0"');
    expect(kea('SOLICIT relay 8 plain')).toContain('"at":"subnet 9 pool 0"');
    expect(kea('SOLICIT relay 6 campus')).toContain('"at":"subnet 6 pool 0"');
    expect(kea('SOLICIT relay 6 plain')).toContain('"at":"subnet 7 pool 0"');
    // pool and pd-pool guards (vendor-class, option, relay and KNOWN based classes);
    expect(kea('SOLICIT modem')).toContain('"at":"subnet 1 pool 0"');
    expect(kea('SOLICIT gold')).toMatch(/"at":"subnet 1 pool 1".*"at":"subnet 1 pd-pool 0\/48"/);
    expect(kea('SOLICIT known')).toContain('"at":"subnet 1 pool 2"');
    expect(kea('SOLICIT plain')).toMatch(/"at":"subnet 1 pool 3".*"at":"subnet 1 pd-pool 1\/48"/);
    expect(kea('SOLICIT relay port-a')).toContain('"at":"subnet 2 pool 0"');
    // required classes: the subnet's (41 EST5EDT wins over the pool's), the pool's (42), never
    // one nobody requires (29 from req-never), nor a required one whose test fails (33);
    expect(kea('SOLICIT gold')).toContain('"41":["45535435454454"],"42":');
    expect(kea('SOLICIT plain')).not.toContain('"42"');
    expect(kea('SOLICIT gold')).not.toMatch(/"29"|"33"/);
  });

  it('REQUEST of what was advertised: same pools and options', async () => {
    const results = await differential().run(
      Object.keys(CLIENTS).map((name) => steps.follow(MessageType.REQUEST, name)),
    );
    expect(differences(results)).toBe('');
  });

  it('a client that left a class loses the lease in the pool it may no longer use, and gets another', async () => {
    const results = await differential().run([
      steps.follow(MessageType.CONFIRM, 'gold'),
      steps.follow(MessageType.CONFIRM, 'relay 6 plain'),
      steps.follow(MessageType.RENEW, 'modem'),
      steps.follow(MessageType.REBIND, 'known'),
      steps.follow(MessageType.RENEW, 'vip', asPlain('vip')),
      steps.follow(MessageType.RENEW, 'relay port-a', {
        relay: { link: '2001:db8:2::1', interfaceId: 'port-b' },
        note: 'through port-b now',
      }),
      // The ADVERTISE offers another pool and the lease in the gold pool is gone at once:
      // another gold client asking for that address gets it.
      { ...steps.solicit('gold', asPlain('gold')), record: false },
      {
        ...steps.follow(MessageType.REQUEST, 'gold', {
          as: { duid: duid(7), userClass: 'gold' },
          note: 'another gold client asks for its address',
        }),
        record: false,
        gotHint: true,
      },
      steps.follow(MessageType.REQUEST, 'vip', { as: CLIENTS.vip!.client, note: 'gold again' }),
    ]);
    expect(differences(results)).toBe('');
  });
  it('the statistics agree: packets, drops, leases per subnet, allocation failures', async () => {
    const { kea, nestor } = await differential().twins.statistics();
    expect(nestor).toEqual(kea);
    expect(kea['v6-allocation-fail-classes']).toBeGreaterThan(0);
    expect(kea['pkt6-receive-drop']).toBeGreaterThan(0);
  });
});

const EARLY_CLIENTS: Record<string, TestClient> = {
  fast: { client: { duid: EARLY_DUID } },
  slow: { client: { duid: duid(40) } },
  'early drop': { client: { duid: EARLY_DROP_DUID, userClass: 'drop-known' } },
  'subnet drop': { client: { duid: SUBNET_DROP_DUID, userClass: 'drop-known' } },
  'unknown drop-known': { client: { duid: duid(41), userClass: 'drop-known' } },
  'lab reserved': { client: { duid: LAB_DUID }, relay: { link: '2001:db8:ffff::a' } },
  'lab plain': { client: { duid: duid(42) }, relay: { link: '2001:db8:ffff::a' } },
};
const earlySteps = new Steps(EARLY_CLIENTS);

describe.skipIf(!available)(
  'early global reservation lookup, KNOWN-dependent DROP, late reserved classes, against Kea 2.2',
  () => {
    const differential = twinsFor('early', earlyScenario(SERVER_IFACE));

    it('SOLICIT, REQUEST and INFORMATION-REQUEST give the same answers', async () => {
      const names = Object.keys(EARLY_CLIENTS);
      const results = await differential().run([
        ...names.map((name) => earlySteps.solicit(name)),
        ...names.map((name) => earlySteps.follow(MessageType.REQUEST, name, {}, '2001:db8:21::1ff', 'slow')),
        ...names.map((name) => earlySteps.informationRequest(name)),
        // Lifetimes: a class's apply to a new lease only; an existing one asked for again keeps
        // its own, and is renewed with the subnet's (Kea 2.2's extendLease6 looks at no class).
        earlySteps.follow(MessageType.REQUEST, 'fast', { note: 'again' }),
        { ...earlySteps.solicit('fast', { note: 'again' }), record: false },
        earlySteps.follow(MessageType.RENEW, 'fast'),
        ...['fast', 'slow'].map((name) =>
          earlySteps.follow(MessageType.RENEW, name, {
            wish: { preferred: 100, valid: 9000 },
            note: 'asks for lifetimes',
          }),
        ),
        earlySteps.follow(MessageType.RENEW, 'slow', {
          wish: { preferred: 100, valid: 7500 },
          note: 'asks for 7500',
        }),
      ]);
      expect(differences(results)).toBe('');
      expect(results.filter((r) => r.kea === 'no answer')).toHaveLength(6);
      // What the scenario is there to show, as Kea answered (and Nestor, being equal):
      const kea = (step: string): string => JSON.stringify(results.find((r) => r.step === step)!.kea);
      // the global reservation's class selected the guarded subnet 20, and its lifetimes apply;
      expect(kea('REQUEST fast')).toContain('"at":"subnet 20 pool 0","preferred":4500,"valid":5000');
      // a subnet reservation's class in a shared network comes after allocation: not in its
      // pool, not seen by class tests, but its options are sent and required classes see it.
      expect(kea('REQUEST lab reserved')).toContain('"at":"subnet 30 pool 1"');
      expect(kea('REQUEST lab reserved')).toMatch(/"28":\[[^\]]+\],"30":/);
      expect(kea('REQUEST lab reserved')).not.toContain('"29"');
    });

    it('a REQUEST for a lease the client holds keeps its stored lifetimes, class lifetimes or not', async () => {
      // "fast" holds a lease its RENEW gave the subnet's lifetimes; "slow" one renewed to 7500
      // within bounds 3500-8000.
      const results = await differential().run([
        earlySteps.follow(MessageType.REQUEST, 'fast', { note: 'after its renewal' }),
        earlySteps.follow(MessageType.REQUEST, 'slow', {
          wish: { preferred: 100, valid: 6000 },
          note: 'asks for 6000',
        }),
      ]);
      expect(differences(results)).toBe('');
      expect(JSON.stringify(results[0]!.kea)).toContain('"preferred":3000,"valid":4000');
      expect(JSON.stringify(results[1]!.kea)).toContain('"preferred":3000,"valid":7500');
    });

    it('the statistics agree', async () => {
      const { kea, nestor } = await differential().twins.statistics();
      expect(nestor).toEqual(kea);
      // Six unanswered messages, each sent twice (the exchange program tries once more).
      expect(kea['pkt6-receive-drop']).toBe(12);
    });
  },
);

describe.skipIf(!available)('classes and bindings the server does not know, against Kea 2.2', () => {
  const differential = twinsFor('renewnew', classScenario(SERVER_IFACE));

  it('RENEW / REBIND without a binding in the subnet the classes now select: a new lease there', async () => {
    const results: Compared[] = await differential().run([
      steps.solicit('relay 8 erouter'),
      steps.follow(MessageType.REQUEST, 'relay 8 erouter'),
      // The guarded shared network no longer admits it: subnet 9 on the same relay serves it,
      // where it has no lease yet.
      steps.follow(MessageType.REBIND, 'relay 8 erouter', asPlain('relay 8 erouter')),
      steps.solicit('plain'),
      // Names the server that answered plain.
      steps.follow(MessageType.RENEW, 'unknown'),
    ]);
    expect(differences(results)).toBe('');
    expect(JSON.stringify(results[2]!.kea)).toContain('"at":"subnet 9 pool 0","preferred":3000');
    expect(JSON.stringify(results[4]!.kea)).toContain('"at":"subnet 1 pool 3","preferred":3000');
  });
});
