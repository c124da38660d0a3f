/**
 * Reservations as Kea 2.2's DHCPv6 chapter describes them, against ISC kea-dhcp6 2.2: global
 * reserved addresses and prefixes handed out where reservations-in-subnet is false (even an
 * address outside the subnet), reservations-out-of-pool (an in-pool reservation is not honoured,
 * and the pools serve such addresses to anyone), ip-reservations-unique false (two clients
 * reserve one address: the first to ask gets it, the other a pool address), and a reservation
 * made by config-set while the client holds a dynamic lease: its RENEW gets the reserved address,
 * the old lease back with lifetimes 0. Answers compared as exchange-steps.ts summarises them.
 *
 * Needs root (network namespaces) and /usr/sbin/kea-dhcp6; skipped, loudly, otherwise.
 */
import { existsSync } from 'node:fs';
import { MessageType } from '@nestor/codec';
import { ISC_KEA_DHCP6 } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Compared, Differential, differences } from './support/class-differential.js';
import { duid } from './support/class-scenario.js';
import { type ExchangeClient, ExchangeSteps, exchangeSummary } from './support/exchange-steps.js';
import { poolLabeler } from './support/reply-summary.js';
import { SERVER_IFACE, TwinServers } from './support/twin-servers.js';

const available = existsSync(ISC_KEA_DHCP6) && process.getuid?.() === 0;
if (!available) console.warn(`reservations-kea: skipped (needs root and ${ISC_KEA_DHCP6})`);

const M = MessageType;
const colon = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

const GLOBAL_HOST = duid(0xb01);
const IN_POOL = duid(0xb02);
const OUT_OF_POOL = duid(0xb03);
const TWIN_1 = duid(0xb04);
const TWIN_2 = duid(0xb05);
const LATE = duid(0xb06);
const RELAY_2 = { link: '2001:db8:2::1' };
const RELAY_3 = { link: '2001:db8:3::1' };

function scenario(iface: string): Record<string, unknown> {
  return {
    'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0a0c', persist: false },
    'preferred-lifetime': 3000,
    'valid-lifetime': 4000,
    'ip-reservations-unique': false,
    'host-reservation-identifiers': ['duid'],
    reservations: [
      { duid: colon(GLOBAL_HOST), 'ip-addresses': ['2001:db8:9::9'], prefixes: ['2001:db8:f900::/56'] },
    ],
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        interface: iface,
        'reservations-global': true,
        'reservations-in-subnet': false,
        pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
        'pd-pools': [{ prefix: '2001:db8:100::', 'prefix-len': 40, 'delegated-len': 56 }],
      },
      {
        id: 2,
        subnet: '2001:db8:2::/64',
        'reservations-out-of-pool': true,
        pools: [{ pool: '2001:db8:2::100-2001:db8:2::1ff' }],
        reservations: [
          { duid: colon(IN_POOL), 'ip-addresses': ['2001:db8:2::150'] },
          { duid: colon(OUT_OF_POOL), 'ip-addresses': ['2001:db8:2::5'] },
        ],
      },
      {
        id: 3,
        subnet: '2001:db8:3::/64',
        pools: [{ pool: '2001:db8:3::100-2001:db8:3::1ff' }],
        reservations: [
          { duid: colon(TWIN_1), 'ip-addresses': ['2001:db8:3::7'] },
          { duid: colon(TWIN_2), 'ip-addresses': ['2001:db8:3::7'] },
        ],
      },
    ],
  };
}

const CLIENTS: Record<string, ExchangeClient> = {
  global: { duid: GLOBAL_HOST, pd: true },
  'in-pool': { duid: IN_POOL, relay: RELAY_2 },
  'out-of-pool': { duid: OUT_OF_POOL, relay: RELAY_2 },
  hinter: { duid: duid(0xb10), relay: RELAY_2 },
  twin1: { duid: TWIN_1, relay: RELAY_3 },
  twin2: { duid: TWIN_2, relay: RELAY_3 },
  late: { duid: LATE, relay: RELAY_2 },
};
const steps = new ExchangeSteps(CLIENTS);
const ask = steps.ask.bind(steps);
const json = (value: unknown): string => JSON.stringify(value);

describe.skipIf(!available)('reservations, differential against ISC kea-dhcp6 2.2', () => {
  let twins: TwinServers | undefined;
  let differential: Differential | undefined;
  const config = scenario(SERVER_IFACE);
  beforeAll(async () => {
    twins = await TwinServers.start('rsv', config);
    differential = new Differential(twins, poolLabeler(config), exchangeSummary(poolLabeler(config)));
  }, 30_000);
  afterAll(async () => {
    await twins?.destroy();
  });
  const run = (list: Parameters<Differential['run']>[0]): Promise<Compared[]> => differential!.run(list);
  const kea = (results: Compared[], step: string): string => json(results.find((r) => r.step === step)!.kea);

  it('a global reservation is handed out with reservations-in-subnet false, address and prefix', async () => {
    const results = await run([
      ask(M.SOLICIT, 'global'),
      ask(M.REQUEST, 'global', { na: 'held', pd: 'held' }),
    ]);
    expect(differences(results)).toBe('');
    expect(kea(results, 'REQUEST global')).toContain('"at":"unknown 2001:db8:9::9/128"');
    expect(kea(results, 'REQUEST global')).toContain('"at":"unknown 2001:db8:f900::/56"');
  });

  it('reservations-out-of-pool: an in-pool reservation is not honoured; the pools ignore reservations', async () => {
    const results = await run([
      ask(M.SOLICIT, 'out-of-pool'),
      ask(M.REQUEST, 'out-of-pool', { na: 'held' }),
      ask(M.SOLICIT, 'in-pool'),
      // Another client naming the in-pool reserved address gets it.
      ask(M.SOLICIT, 'hinter', { na: ['2001:db8:2::150'] }),
      ask(M.REQUEST, 'hinter', { na: ['2001:db8:2::150'] }),
    ]);
    expect(differences(results)).toBe('');
    expect(kea(results, 'REQUEST out-of-pool')).toContain('"at":"subnet 2 outside pools"');
    expect(kea(results, 'SOLICIT in-pool')).toContain('"at":"subnet 2 pool 0"');
    expect(kea(results, 'REQUEST hinter')).toContain('"named":true');
  });

  it('ip-reservations-unique false: the first of two clients reserving one address gets it, the other a pool address', async () => {
    const results = await run([
      ask(M.SOLICIT, 'twin1'),
      ask(M.REQUEST, 'twin1', { na: 'held' }),
      ask(M.SOLICIT, 'twin2'),
      ask(M.REQUEST, 'twin2', { na: 'held' }),
    ]);
    expect(differences(results)).toBe('');
    expect(kea(results, 'REQUEST twin1')).toContain('"at":"subnet 3 outside pools"');
    expect(kea(results, 'REQUEST twin2')).toContain('"at":"subnet 3 pool 0"');
  });

  it('a reservation made by config-set: the RENEW gets the reserved address, the old lease lifetimes 0', async () => {
    const before = await run([ask(M.SOLICIT, 'late'), ask(M.REQUEST, 'late', { na: 'held' })]);
    const set = await twins!.reconfigure((dhcp6) => {
      const subnet = (dhcp6.subnet6 as { id: number; reservations: unknown[] }[]).find((s) => s.id === 2)!;
      subnet.reservations.push({ duid: colon(LATE), 'ip-addresses': ['2001:db8:2::9'] });
    });
    expect([set.kea.result, set.nestor.result], JSON.stringify(set)).toEqual([0, 0]);
    const after = await run([ask(M.RENEW, 'late', { na: 'held' })]);
    expect(differences([...before, ...after])).toBe('');
    expect(json(after[0]!.kea)).toContain(
      '"leases":[{"at":"subnet 2 outside pools","preferred":3000,"valid":4000,"named":false},{"at":"subnet 2 pool 0","preferred":0,"valid":0,"named":true}]',
    );
  });
});
