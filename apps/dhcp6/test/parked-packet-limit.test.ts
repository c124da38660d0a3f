/**
 * parked-packet-limit as Kea 2.2 applies it: packets a leases6_committed callout parks are
 * counted while they wait; once `limit` wait, the next packet meets no callout and its reply is
 * dropped (pkt6-receive-drop), its lease committed all the same. 0 lifts the bound. The probe
 * library (hook-libraries/probe.mjs) parks each packet for 50 ms.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageType } from '@nestor/codec';
import { afterEach, describe, expect, it } from 'vitest';
import { clientMessage, duidOf, SERVER_DUID, TestServer } from './support/harness.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), 'hook-libraries', 'probe.mjs');

const section = (limit: number | undefined) => ({
  ...(limit === undefined ? {} : { 'parked-packet-limit': limit }),
  subnet6: [
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      interface: 'eth0',
      pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
    },
  ],
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function requests(limit: number | undefined, count: number) {
  probe.__probeEvents = [];
  server = await TestServer.create(section(limit), {
    hooks: [
      { library: PROBE, parameters: { name: 'park', actions: { leases6_committed: 'park' } } as never },
    ],
  });
  const s = server;
  const sent = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      s.send(
        clientMessage({
          type: MessageType.REQUEST,
          clientId: duidOf(100 + i),
          serverId: SERVER_DUID,
          iaNa: [{ iaid: 1 }],
        }),
      ),
    ),
  );
  return { answered: sent.filter((r) => r !== undefined).length, server: s };
}

/** What the probe library recorded (it writes to a global). */
const probe = globalThis as { __probeEvents?: { library: string; hook: string }[] };

describe('parked-packet-limit', () => {
  it('drops the reply of a packet that finds the limit of parked packets reached, its lease kept', async () => {
    const { answered, server: s } = await requests(2, 3);
    expect(answered).toBe(2);
    expect(s.stat('pkt6-receive-drop')).toBe(1);
    // The callouts saw only the two parked packets; the third lease is committed nonetheless.
    expect((probe.__probeEvents ?? []).filter((e) => e.hook === 'leases6_committed')).toHaveLength(2);
    expect((await s.store.getAll()).length).toBe(3);
  });

  it("Kea's default (256) and 0 (no limit) park them all", async () => {
    expect((await requests(undefined, 5)).answered).toBe(5);
    await server?.close();
    expect((await requests(0, 5)).answered).toBe(5);
  });

  it('a released packet frees its place', async () => {
    const first = await requests(1, 1);
    expect(first.answered).toBe(1);
    const again = await first.server.send(
      clientMessage({
        type: MessageType.REQUEST,
        clientId: duidOf(300),
        serverId: SERVER_DUID,
        iaNa: [{ iaid: 1 }],
      }),
    );
    expect(again).toBeDefined();
  });
});
