/**
 * Every client message type, against ISC kea-dhcp6 2.2: scripted exchanges (direct and
 * relayed; SOLICIT with and without rapid commit, REQUEST, RENEW, REBIND, RELEASE, DECLINE,
 * CONFIRM, INFORMATION-REQUEST; bindings the server does not know; addresses and prefixes that
 * are not for the link; leases the client already holds; lifetimes asked for) go to both
 * servers on the same configuration, and the answers are compared field by field: message
 * type, IAs, the pool of each address and prefix and whether it is the one the client named,
 * lifetimes, T1/T2, status codes at every level, every other option. The deliberate differences
 * (where RFC 8415 says MUST and Kea 2.2 does otherwise; README "Differences from Kea 2.2") are
 * pinned at the end, each by a test that fails once it changes.
 *
 * Needs root (network namespaces) and /usr/sbin/kea-dhcp6; skipped, loudly, otherwise.
 */
import { existsSync } from 'node:fs';
import { MessageType } from '@nestor/codec';
import { ISC_KEA_DHCP6 } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Compared, Differential, differences } from './support/class-differential.js';
import { duid } from './support/class-scenario.js';
import { type ExchangeClient, ExchangeSteps, exchangeSummary, heldBy } from './support/exchange-steps.js';
import { ISC_LEASE_CMDS } from './support/isc-kea.js';
import { poolLabeler } from './support/reply-summary.js';
import { SERVER_IFACE, TwinServers } from './support/twin-servers.js';

const available = existsSync(ISC_KEA_DHCP6) && process.getuid?.() === 0;
if (!available) console.warn(`exchanges-kea: skipped (needs root and ${ISC_KEA_DHCP6})`);

const M = MessageType;
const RELAY_2 = { link: '2001:db8:2::1' };
const RELAY_3 = { link: '2001:db8:3::1', interfaceId: 'port-3' };
const colon = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');
const RESERVED = duid(0x900);

const HANDOVER = duid(0x901);
const HANDOVER_ADDRESS = '2001:db8:1::1f0';

/**
 * Subnet 1 on the server's link (explicit timers, reservations); subnet 2 behind a relay
 * (rapid commit, calculated timers, lifetime bounds); subnets 3 and 4 a shared network behind
 * another (T1 without T2); subnet 5 behind a third (T1 = T2 beyond the preferred lifetime,
 * lease caching). A relay from 2001:db8:77::/64 finds no subnet.
 */
function scenario(iface: string): Record<string, unknown> {
  return {
    'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0a0b', persist: false },
    'preferred-lifetime': 3000,
    'valid-lifetime': 4000,
    'option-data': [
      { name: 'dns-servers', data: '2001:db8::53' },
      { name: 'preference', data: '7', 'always-send': true },
    ],
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        interface: iface,
        'renew-timer': 1000,
        'rebind-timer': 2000,
        pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
        'pd-pools': [{ prefix: '2001:db8:100::', 'prefix-len': 40, 'delegated-len': 56 }],
        reservations: [
          { duid: colon(RESERVED), 'ip-addresses': ['2001:db8:1::5'], prefixes: ['2001:db8:ff00::/56'] },
          { duid: colon(HANDOVER), 'ip-addresses': [HANDOVER_ADDRESS] },
        ],
      },
      {
        id: 2,
        subnet: '2001:db8:2::/64',
        'rapid-commit': true,
        'calculate-tee-times': true,
        't1-percent': 0.4,
        't2-percent': 0.7,
        'min-preferred-lifetime': 2000,
        'max-preferred-lifetime': 5000,
        'min-valid-lifetime': 3000,
        'max-valid-lifetime': 6000,
        pools: [{ pool: '2001:db8:2::100-2001:db8:2::1ff' }],
        'pd-pools': [{ prefix: '2001:db8:200::', 'prefix-len': 40, 'delegated-len': 48 }],
        'option-data': [{ name: 'sntp-servers', data: '2001:db8:2::123' }],
      },
      {
        id: 5,
        subnet: '2001:db8:5::/64',
        'renew-timer': 3000,
        'rebind-timer': 3000,
        'preferred-lifetime': 2500,
        'cache-threshold': 0.5,
        pools: [{ pool: '2001:db8:5::100-2001:db8:5::1ff' }],
      },
    ],
    'shared-networks': [
      {
        name: 'pair',
        relay: { 'ip-addresses': ['2001:db8:3::1'] },
        'renew-timer': 1000,
        subnet6: [
          { id: 3, subnet: '2001:db8:3::/64', pools: [{ pool: '2001:db8:3::100-2001:db8:3::101' }] },
          { id: 4, subnet: '2001:db8:4::/64', pools: [{ pool: '2001:db8:4::100-2001:db8:4::1ff' }] },
        ],
      },
    ],
  };
}

const RELAY_5 = { link: '2001:db8:5::1' };
const NOWHERE = { link: '2001:db8:77::1' };

const CLIENTS: Record<string, ExchangeClient> = {
  a: { duid: duid(0x101), pd: true },
  b: { duid: duid(0x102) },
  c: { duid: duid(0x103), pd: true },
  d: { duid: duid(0x104) },
  e: { duid: duid(0x105), pd: true },
  res: { duid: RESERVED, pd: true },
  handover: { duid: HANDOVER },
  'relay r': { duid: duid(0x201), pd: true, relay: RELAY_2 },
  'relay s': { duid: duid(0x202), relay: RELAY_2 },
  'relay t': { duid: duid(0x203), pd: true, relay: RELAY_2 },
  'net x': { duid: duid(0x301), relay: RELAY_3 },
  'net y': { duid: duid(0x302), relay: RELAY_3 },
  'net z': { duid: duid(0x303), relay: RELAY_3 },
  cache: { duid: duid(0x350), relay: RELAY_5 },
  // Never seen by the servers before their RENEW / REBIND.
  u1: { duid: duid(0x401), pd: true },
  u2: { duid: duid(0x402), pd: true },
  u3: { duid: duid(0x403) },
  u4: { duid: duid(0x404), pd: true },
  u5: { duid: duid(0x405), pd: true, relay: RELAY_2 },
  u6: { duid: duid(0x406) },
  u7: { duid: duid(0x407), relay: RELAY_3 },
  u8: { duid: duid(0x408), pd: true },
  u9: { duid: duid(0x409), pdOnly: true },
  lost: { duid: duid(0x410), pd: true, relay: NOWHERE },
  'lost na': { duid: duid(0x411), relay: NOWHERE },
  pdonly: { duid: duid(0x501), pdOnly: true },
};
const steps = new ExchangeSteps(CLIENTS);
const ask = steps.ask.bind(steps);
const json = (value: unknown): string => JSON.stringify(value);

/** A summary without its top-level status (where the two servers differ on purpose). */
function withoutTopStatus(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const { status: _status, ...rest } = value as Record<string, unknown>;
  return rest;
}
const topStatus = (value: unknown): unknown => (value as { status?: number }).status;

describe.skipIf(!available)('client exchanges, differential against ISC kea-dhcp6 2.2', () => {
  let twins: TwinServers | undefined;
  let differential: Differential | undefined;
  const config = scenario(SERVER_IFACE);
  beforeAll(async () => {
    twins = await TwinServers.start('exch', config, [ISC_LEASE_CMDS]);
    differential = new Differential(twins, poolLabeler(config), exchangeSummary(poolLabeler(config)));
  }, 30_000);
  afterAll(async () => {
    await twins?.destroy();
  });
  const run = (list: Parameters<Differential['run']>[0]): Promise<Compared[]> => differential!.run(list);
  const kea = (results: Compared[], step: string): string => json(results.find((r) => r.step === step)!.kea);

  it('SOLICIT and REQUEST, direct and relayed: new leases, hints, reservations, rapid commit, a shared network', async () => {
    const results = await run([
      ask(M.SOLICIT, 'a'),
      ask(M.REQUEST, 'a', { na: 'held', pd: 'held' }),
      ask(M.SOLICIT, 'b', { na: ['2001:db8:1::150'] }),
      ask(M.REQUEST, 'b', { na: 'held' }),
      // Only the first hint counts; a prefix hint of another length is delegated at the pool's.
      ask(M.SOLICIT, 'e', { na: ['2001:db8:1::9', '2001:db8:1::160'], pd: ['2001:db8:1a0::/48'] }),
      ask(M.REQUEST, 'e', { na: ['2001:db8:1::9', '2001:db8:1::160'], pd: ['2001:db8:1a0::/48'] }),
      ask(M.SOLICIT, 'res'),
      ask(M.REQUEST, 'res', { na: 'held', pd: 'held' }),
      ask(M.SOLICIT, 'relay r'),
      ask(M.REQUEST, 'relay r', { na: 'held', pd: 'held' }),
      ask(M.SOLICIT, 'relay s', { rapidCommit: true }),
      ask(M.SOLICIT, 'net x'),
      ask(M.REQUEST, 'net x', { na: 'held' }),
      ask(M.SOLICIT, 'net y'),
      ask(M.REQUEST, 'net y', { na: 'held' }),
      // Subnet 3 is full now: the shared network's other subnet serves.
      ask(M.SOLICIT, 'net z'),
      ask(M.REQUEST, 'net z', { na: 'held' }),
      ask(M.SOLICIT, 'pdonly'),
      ask(M.REQUEST, 'pdonly', { pd: 'held' }),
    ]);
    expect(differences(results)).toBe('');
    // Only the first hint counts (out of the pool here, so not given); the prefix hint is.
    expect(kea(results, 'REQUEST e')).toContain(
      '"leases":[{"at":"subnet 1 pool 0","preferred":3000,"valid":4000,"named":false}]',
    );
    expect(kea(results, 'REQUEST e')).toContain(
      '"at":"subnet 1 pd-pool 0/56","preferred":3000,"valid":4000,"named":"start"',
    );
    expect(kea(results, 'REQUEST res')).toContain('"at":"unknown 2001:db8:ff00::/56","preferred":3000');
    expect(kea(results, 'SOLICIT relay s')).toContain('"type":"REPLY"');
    expect(kea(results, 'REQUEST net z')).toContain('"at":"subnet 4 pool 0"');
  });

  it("a lease the client holds: REQUEST and SOLICIT keep its lifetimes, RENEW and REBIND give the subnet's within bounds", async () => {
    const results = await run([
      ask(M.REQUEST, 'a', { na: 'held', pd: 'held', note: 'again' }),
      ask(M.REQUEST, 'a', { na: 'held', pd: 'held', wish: { preferred: 100, valid: 9000 }, note: 'asks' }),
      ask(M.RENEW, 'a', { na: 'held', pd: 'held' }),
      ask(M.RENEW, 'a', { na: 'held', pd: 'held', wish: { preferred: 100, valid: 9000 }, note: 'asks' }),
      ask(M.REBIND, 'a', { na: 'held', pd: 'held' }),
      ask(M.SOLICIT, 'a', { na: 'held', pd: 'held', note: 'holds' }),
      ask(M.RENEW, 'relay r', {
        na: 'held',
        pd: 'held',
        wish: { preferred: 100, valid: 9000 },
        note: 'asks',
      }),
      ask(M.REBIND, 'relay r', {
        na: 'held',
        pd: 'held',
        wish: { preferred: 4000, valid: 4500 },
        note: 'asks',
      }),
      ask(M.REQUEST, 'relay r', {
        na: 'held',
        pd: 'held',
        wish: { preferred: 100, valid: 9000 },
        note: 'asks',
      }),
      ask(M.SOLICIT, 'relay r', { na: 'held', pd: 'held', note: 'holds' }),
      // Lifetimes follow the IA's first address.
      ask(M.RENEW, 'relay r', {
        na: (r) => [...heldBy('relay r')(r), '2001:db8:2::1f0'],
        wish: { preferred: 2200, valid: 3300 },
        pd: 'held',
        note: 'two addresses',
      }),
      ask(M.RENEW, 'b', { na: (r) => [...heldBy('b')(r), '2001:db8:1::1c0'], note: 'held and foreign' }),
    ]);
    expect(differences(results)).toBe('');
    // Kea (and so Nestor) keeps the stored lifetimes on REQUEST and SOLICIT:
    expect(kea(results, 'REQUEST relay r (asks)')).toContain('"preferred":4000,"valid":4500');
    expect(kea(results, 'SOLICIT relay r (holds)')).toContain('"preferred":4000,"valid":4500');
    expect(kea(results, 'RENEW relay r (asks)')).toContain('"preferred":2000,"valid":6000');
  });

  it('RENEW and REBIND for an IA without a binding create one: the hint when free and fit, else a new lease', async () => {
    const results = await run([
      ask(M.RENEW, 'u1', { na: ['2001:db8:1::1a0'], pd: ['2001:db8:1a00::/56'], needs: ['a'] }),
      ask(M.RENEW, 'u2', { na: heldBy('b'), pd: heldBy('a', 'pd'), needs: ['a', 'b'] }),
      ask(M.RENEW, 'u3', { na: ['2001:db8:1::7'] }),
      ask(M.RENEW, 'u4'),
      ask(M.REBIND, 'u5', { na: ['2001:db8:2::1a0'], pd: ['2001:db8:2a0::/48'] }),
      ask(M.REBIND, 'u6', { na: ['2001:db8:1::1b0'] }),
      ask(M.REBIND, 'u7', { na: ['2001:db8:4::1b0'] }),
      ask(M.RENEW, 'u8', { pd: ['2001:db8:1b0::/48'], note: 'prefix of another length' }),
    ]);
    expect(differences(results)).toBe('');
    expect(kea(results, 'RENEW u1')).toContain(
      '"at":"subnet 1 pool 0","preferred":3000,"valid":4000,"named":true',
    );
    expect(kea(results, 'RENEW u2')).toContain(
      '"leases":[{"at":"subnet 1 pool 0","preferred":3000,"valid":4000,"named":false},{"at":"subnet 1 pool 0","preferred":0,"valid":0,"named":true}]',
    );
    expect(kea(results, 'REBIND u7')).toContain(
      '"at":"subnet 4 pool 0","preferred":3000,"valid":4000,"named":true',
    );
  });

  it('addresses and prefixes not for the link come back with lifetimes 0 beside the lease the client gets', async () => {
    const results = await run([
      ask(M.REBIND, 'a', { na: ['2001:db8:99::1'], pd: ['2001:db8:9900::/56'], note: 'off-link' }),
      ask(M.REBIND, 'b', { na: (r) => [...heldBy('b')(r), '2001:db8:99::2'], note: 'held and off-link' }),
      ask(M.RENEW, 'b', { na: ['2001:db8:99::3'], note: 'off-link' }),
      ask(M.REBIND, 'c', { na: ['2001:db8:2::150'], pd: ['2001:db8:2b0::/48'], note: 'other subnet' }),
      ask(M.REBIND, 'relay s', { na: heldBy('b'), needs: ['b'], note: "subnet 1's" }),
    ]);
    expect(differences(results)).toBe('');
    expect(kea(results, 'REBIND c (other subnet)')).toContain(
      '"leases":[{"at":"subnet 1 pool 0","preferred":3000,"valid":4000,"named":false},{"at":"subnet 2 pool 0","preferred":0,"valid":0,"named":true}]',
    );
  });

  it('from a link without a subnet: RENEW gets NoBinding, a REBIND of prefixes is discarded', async () => {
    const results = await run([
      ask(M.SOLICIT, 'lost'),
      ask(M.RENEW, 'lost', { na: ['2001:db8:77::10'], pd: ['2001:db8:7700::/56'], needs: ['a'] }),
      ask(M.REBIND, 'lost na', { na: ['2001:db8:77::11'] }),
      ask(M.REBIND, 'lost', { na: ['2001:db8:77::10'], pd: ['2001:db8:7700::/56'] }),
    ]);
    expect(differences(results)).toBe('');
    expect(kea(results, 'RENEW lost')).toContain('"status":3');
    expect(kea(results, 'REBIND lost na')).toContain('"status":3');
    expect(results.find((r) => r.step === 'REBIND lost')!.kea).toBe('no answer');
  });

  it('T1 and T2 per IA, from its own shortest preferred lifetime; T1 not below T2 is 0; T2 may pass the lifetimes', async () => {
    const results = await run([
      ask(M.SOLICIT, 'relay t', {
        wish: { preferred: 2500, valid: 4000 },
        pdWish: { preferred: 4000, valid: 5000 },
      }),
      ask(M.REQUEST, 'relay t', {
        na: 'held',
        pd: 'held',
        wish: { preferred: 2500, valid: 4000 },
        pdWish: { preferred: 4000, valid: 5000 },
      }),
      ask(M.SOLICIT, 'cache'),
    ]);
    expect(differences(results)).toBe('');
    expect(kea(results, 'REQUEST relay t')).toContain('"kind":"ia_na","iaid":1,"t1":1000,"t2":1750');
    expect(kea(results, 'REQUEST relay t')).toContain('"kind":"ia_pd","iaid":2,"t1":1600,"t2":2800');
    expect(kea(results, 'SOLICIT cache')).toContain('"t1":0,"t2":3000');
  });

  it('RELEASE, DECLINE, CONFIRM and INFORMATION-REQUEST (top-level statuses of RELEASE and DECLINE as RFC 8415 wants)', async () => {
    const results = await run([
      ask(M.RELEASE, 'a', { na: 'held', pd: 'held' }),
      ask(M.RELEASE, 'a', { na: 'held', pd: 'held', note: 'again' }),
      ask(M.RELEASE, 'd', { na: heldBy('b'), needs: ['b'], note: "someone else's" }),
      ask(M.DECLINE, 'b', { na: 'held' }),
      ask(M.DECLINE, 'b', { na: 'held', note: 'again' }),
      ask(M.RELEASE, 'relay r', { na: 'held', pd: 'held' }),
      ask(M.CONFIRM, 'net x', { na: 'held' }),
      ask(M.CONFIRM, 'net x', { na: ['2001:db8:1::150'], note: 'off-link' }),
      ask(M.CONFIRM, 'c', { na: ['2001:db8:1::150'] }),
      ask(M.INFORMATION_REQUEST, 'd', { oro: [23, 31] }),
      ask(M.INFORMATION_REQUEST, 'relay s', { oro: [23, 31] }),
    ]);
    const same = results.map((r) => ({
      ...r,
      kea: withoutTopStatus(r.kea),
      nestor: withoutTopStatus(r.nestor),
    }));
    for (const r of same) r.same = json(r.kea) === json(r.nestor);
    expect(differences(same)).toBe('');
    // RFC 8415 sections 18.3.7 and 18.3.8: the REPLY to a RELEASE or DECLINE carries a top-level
    // Success. Kea 2.2 sends NoBinding when nothing was released and nothing for a DECLINE.
    const tops = Object.fromEntries(
      results.slice(0, 6).map((r) => [r.step, [topStatus(r.kea), topStatus(r.nestor)]]),
    );
    expect(tops).toEqual({
      'RELEASE a': [0, 0],
      'RELEASE a (again)': [3, 0],
      "RELEASE d (someone else's)": [3, 0],
      'DECLINE b': [undefined, 0],
      'DECLINE b (again)': [undefined, 0],
      'RELEASE relay r': [0, 0],
    });
    expect(kea(results, 'CONFIRM net x (off-link)')).toContain('"status":4');
  });

  it('an INFORMATION-REQUEST carrying an IA is discarded (RFC 8415 section 16.12); Kea 2.2 answers it', async () => {
    const results = await run([
      ask(M.INFORMATION_REQUEST, 'd', { oro: [23], withIa: true, note: 'with IA' }),
    ]);
    expect(results[0]!.nestor).toBe('no answer');
    expect(json(results[0]!.kea)).toContain('"type":"REPLY"');
  });

  it('lease caching: a lease renewed within cache-threshold is sent with what is left of it and not rewritten', async () => {
    await run([ask(M.REQUEST, 'cache', { na: 'held' })]);
    const before = await twins!.command('lease6-get-by-duid', { duid: colon(CLIENTS.cache!.duid) });
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const results = await run([
      ask(M.RENEW, 'cache', { na: 'held' }),
      ask(M.REQUEST, 'cache', { na: 'held', note: 'again' }),
    ]);
    const after = await twins!.command('lease6-get-by-duid', { duid: colon(CLIENTS.cache!.duid) });
    const cltt = (answer: { arguments?: unknown }): unknown =>
      (answer.arguments as { leases: { cltt: number }[] }).leases[0]?.cltt;
    for (const side of ['kea', 'nestor'] as const) {
      expect(cltt(after[side])).toBe(cltt(before[side]));
      for (const r of results) {
        const valid = (r[side] as { ias: { leases: { valid: number }[] }[] }).ias[0]!.leases[0]!.valid;
        expect(valid).toBeLessThan(4000);
        expect(valid).toBeGreaterThan(3990);
      }
    }
  });

  it('a reserved address that was taken: the REPLY to the next RENEW hands it over once it is free', async () => {
    const squatter = {
      'ip-address': HANDOVER_ADDRESS,
      duid: '0a:0b:0c:0d:0e:0f',
      iaid: 9,
      'subnet-id': 1,
      'valid-lft': 4000,
      'preferred-lft': 3000,
    };
    const added = await twins!.command('lease6-add', squatter);
    expect([added.kea.result, added.nestor.result]).toEqual([0, 0]);
    const before = await run([ask(M.SOLICIT, 'handover'), ask(M.REQUEST, 'handover', { na: 'held' })]);
    const deleted = await twins!.command('lease6-del', { 'ip-address': HANDOVER_ADDRESS });
    expect([deleted.kea.result, deleted.nestor.result]).toEqual([0, 0]);
    const after = await run([ask(M.RENEW, 'handover', { na: 'held' })]);
    expect(differences([...before, ...after])).toBe('');
    expect(json(after[0]!.kea)).toContain(
      '"leases":[{"at":"subnet 1 pool 0","preferred":3000,"valid":4000,"named":false},{"at":"subnet 1 pool 0","preferred":0,"valid":0,"named":true}]',
    );
  });

  it("a prefix hint off the pool's delegation boundary is not honoured; Kea 2.2 delegates it unaligned", async () => {
    const [result] = await run([ask(M.SOLICIT, 'u9', { pd: ['2001:db8:1c0:180::/64'] })]);
    // Kea offers 2001:db8:1c0:180::/56, bits set past the prefix length; Nestor a /56 of the pool.
    expect(json(result!.kea)).toContain(
      '"at":"subnet 1 pd-pool 0/56","preferred":3000,"valid":4000,"named":"start"',
    );
    expect(json(result!.nestor)).toContain(
      '"at":"subnet 1 pd-pool 0/56","preferred":3000,"valid":4000,"named":false',
    );
  });

  it('the statistics agree, but for the deliberate differences', async () => {
    const { kea: keaStats, nestor } = await twins!.statistics();
    const expected: Record<string, number> = { ...keaStats };
    const shift = (name: string, by: number) => {
      expected[name] = (expected[name] ?? 0) + by;
    };
    // Kea 2.2 does not count a new lease outside every pool (res's reserved address and prefix)
    // as assigned, though it subtracts it when released and counts it after a restart; Nestor
    // counts every lease (README, Differences from Kea 2.2).
    for (const name of ['assigned-nas', 'assigned-pds', 'cumulative-assigned-nas', 'cumulative-assigned-pds'])
      shift(`subnet[1].${name}`, 1);
    shift('cumulative-assigned-nas', 1);
    shift('cumulative-assigned-pds', 1);
    // The INFORMATION-REQUEST with an IA that Nestor discards: received and dropped twice (the
    // exchange program sends it once more), where Kea answered the first.
    shift('pkt6-received', 1);
    shift('pkt6-infrequest-received', 1);
    shift('pkt6-receive-drop', 2);
    shift('pkt6-reply-sent', -1);
    shift('pkt6-sent', -1);
    expect(nestor).toEqual(expected);
  });
});
