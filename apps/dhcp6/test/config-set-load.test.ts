/**
 * config-set while clients keep coming: a loop of SOLICIT / REQUEST from new DUIDs and RENEWs of
 * existing bindings runs over loopback while a good configuration and then a bad one are set.
 * Leases made before the good config-set are still there (lease6-get finds them, a RENEW keeps
 * the address, now with the new lifetimes); the bad one is refused with result 1 and config-get
 * still shows the good one. No exchange may fail across the switches, with interface
 * re-detection off or on (Kea's default: the sockets are kept when the interfaces did not
 * change), and the lease statistics stay exact: the server reconfigures between packets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonValue } from '@nestor/control';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  type Dirs,
  duidOf,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';
import { type ExchangeFailure, TidClient } from './support/tid-client.js';

const POOL = { pool: '2001:db8:1::1000-2001:db8:1::ffff' };
const first = loopbackSection({
  subnet6: [{ id: 1, subnet: '2001:db8:1::/64', interface: 'lo', pools: [POOL] }],
});
/** The good change: longer lifetimes, an option, a second subnet; the clients' subnet and pool stay. */
const good = {
  ...first,
  'valid-lifetime': 5000,
  'preferred-lifetime': 3500,
  'option-data': [
    { name: 'unicast', data: '::1' },
    { name: 'dns-servers', data: '2001:db8::53' },
  ],
  subnet6: [
    { id: 1, subnet: '2001:db8:1::/64', interface: 'lo', pools: [POOL] },
    { id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::10-2001:db8:2::ff' }] },
  ],
};
/** The bad one: a pool outside its subnet. */
const bad = {
  ...good,
  subnet6: [{ id: 1, subnet: '2001:db8:1::/64', pools: [{ pool: '2001:db8:9::/64' }] }],
};

const WORKERS = 6;
const PRE_LEASED = 20;
/** Each message's wait, and each phase's length: longer, so that every phase sees exchanges end. */
const MESSAGE_TIMEOUT_MS = 2_000;
const PHASE_MS = 2_500;

interface Binding {
  duid: Uint8Array;
  address: string;
  serverId: Uint8Array;
}

/** What one run saw: the exchanges done and failed, and when each config-set was sent and answered. */
interface LoadRun {
  done: { at: number; kind: 'lease' | 'renew' }[];
  failures: ExchangeFailure[];
  /** subnet[1].assigned-nas minus the leases the store holds, at the end. */
  drift: number;
  goodSent: number;
  goodAnswered: number;
  badSent: number;
}

const duidText = (duid: Uint8Array): string =>
  Buffer.from(duid)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

const runs: { dirs: Dirs; server?: Dhcp6Process; client?: TidClient }[] = [];
afterAll(async () => {
  for (const run of runs) {
    await run.client?.close();
    await run.server?.stop();
    removeDirs(run.dirs);
  }
});

/**
 * Starts kea-dhcp6 on `initial`, leases for PRE_LEASED clients, then runs the load while the good
 * and the bad configurations are set, and checks everything but the failures, which it returns.
 */
async function configSetUnderLoad(initial: Record<string, unknown>): Promise<LoadRun> {
  const run: (typeof runs)[number] = { dirs: makeDirs('dhcp6-config-set-load-') };
  runs.push(run);
  const server = await startDhcp6(run.dirs, writeConfig(run.dirs, 'kea-dhcp6.conf', initial));
  run.server = server;
  const client = await TidClient.open(server.clientPort, server.serverPort, MESSAGE_TIMEOUT_MS);
  run.client = client;
  const interfaces = initial['interfaces-config'] as JsonValue;
  const goodHere = { ...good, 'interfaces-config': interfaces };
  const badHere = { ...bad, 'interfaces-config': interfaces };

  const before: Binding[] = [];
  for (let i = 0; i < PRE_LEASED; i++) {
    const duid = duidOf(1000 + i);
    before.push({ duid, ...(await client.lease(duid)) });
  }

  // The load: each worker leases for new DUIDs and renews one of the earlier bindings in turn.
  const failures: ExchangeFailure[] = [];
  const done: LoadRun['done'] = [];
  let running = true;
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    for (let round = 0; running; round++) {
      const at = Date.now();
      try {
        if (round % 3 === 2) {
          const binding = before[(w * 7 + round) % before.length]!;
          const renewed = await client.renew(binding.duid, binding.serverId, binding.address);
          if (renewed.address !== binding.address)
            throw new Error(`RENEW of ${binding.address} answered ${renewed.address}`);
          done.push({ at, kind: 'renew' });
        } else {
          await client.lease(duidOf(5000 + next++));
          done.push({ at, kind: 'lease' });
        }
      } catch (err) {
        failures.push({ at, what: (err as Error).message });
      }
    }
  };
  const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

  await sleep(PHASE_MS);
  const goodSent = Date.now();
  const applied = await server.command('config-set', { Dhcp6: goodHere as JsonValue });
  const goodAnswered = Date.now();
  await sleep(PHASE_MS);
  const badSent = Date.now();
  const refused = await server.command('config-set', { Dhcp6: badHere as JsonValue });
  await sleep(PHASE_MS);
  running = false;
  await load;

  expect(applied).toEqual({ result: 0, text: 'Configuration successful.' });
  expect(refused.result).toBe(1);
  expect(refused.text).toMatch(/Dhcp6\.subnet6\[0\]\.pools\[0\]/);
  // Exchanges ran in each phase: before the good config-set, between the two, after the bad one.
  for (const [from, to] of [
    [0, goodSent],
    [goodAnswered, badSent],
    [badSent, Number.POSITIVE_INFINITY],
  ] as const) {
    expect(done.filter((d) => d.at >= from && d.at < to).length).toBeGreaterThan(3);
  }
  expect(done.some((d) => d.kind === 'renew')).toBe(true);

  // The good configuration is the one in force.
  const current = (await server.command('config-get')).arguments as { Dhcp6: Record<string, unknown> };
  expect(current.Dhcp6['valid-lifetime']).toBe(5000);
  expect((current.Dhcp6.subnet6 as { id: number }[]).map((s) => s.id)).toEqual([1, 2]);

  // Every lease from before is still there, and a RENEW keeps its address with the new lifetime.
  for (const binding of before) {
    const found = await server.command('lease6-get', { 'ip-address': binding.address });
    expect(found.result).toBe(0);
    expect((found.arguments as { duid: string }).duid).toBe(duidText(binding.duid));
    expect(await client.renew(binding.duid, binding.serverId, binding.address)).toEqual({
      address: binding.address,
      valid: 5000,
    });
  }
  // The store holds one lease per client served, none lost or doubled.
  const all = await server.command('lease6-get-all');
  const leases = (all.arguments as { leases: { duid: string }[] }).leases;
  // (A REQUEST whose REPLY was lost may still have made its lease: at most one per failure.)
  const unconfirmed = leases.length - PRE_LEASED - done.filter((d) => d.kind === 'lease').length;
  expect(unconfirmed).toBeGreaterThanOrEqual(0);
  expect(unconfirmed).toBeLessThanOrEqual(failures.length);
  expect(new Set(leases.map((l) => l.duid)).size).toBe(leases.length);
  const drift = ((await server.stat('subnet[1].assigned-nas')) ?? 0) - leases.length;
  return { done, failures, drift, goodSent, goodAnswered, badSent };
}

describe('config-set under load', () => {
  it('with the sockets kept open, switches configuration without failing an exchange or losing a lease', async () => {
    const run = await configSetUnderLoad({
      ...first,
      'interfaces-config': { interfaces: ['lo'], 're-detect': false },
    });
    expect(run.failures, JSON.stringify(run.failures.slice(0, 5))).toEqual([]);
    expect(run.drift).toBe(0);
  }, 30_000);

  it('with re-detection on (the default), unchanged interfaces keep their sockets: no exchange fails either', async () => {
    const run = await configSetUnderLoad(first);
    expect(run.failures, JSON.stringify(run.failures.slice(0, 5))).toEqual([]);
    expect(run.drift).toBe(0);
  }, 30_000);
});
