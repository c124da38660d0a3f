/**
 * expired-leases-processing.unwarned-reclaim-cycles as Kea applies it: timer runs that leave
 * expired leases behind are counted, and more than that many in a row log
 * ALLOC_ENGINE_V6_LEASES_RECLAMATION_SLOW once (then the count starts again); a run that
 * catches up resets it, and leases-reclaim (a run with its own limit) counts for nothing.
 */
import { MessageType } from '@nestor/codec';
import { Logger } from '@nestor/daemon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientMessage, duidOf, SERVER_DUID, TestServer } from './support/harness.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

describe('unwarned-reclaim-cycles', () => {
  it('warns after that many incomplete runs in a row, once', async () => {
    server = await TestServer.create({
      'valid-lifetime': 100,
      'preferred-lifetime': 50,
      subnet6: [
        {
          id: 1,
          subnet: '2001:db8:1::/64',
          interface: 'eth0',
          pools: [{ pool: '2001:db8:1::10-2001:db8:1::ff' }],
        },
      ],
    });
    for (let i = 0; i < 10; i++)
      await server.send(
        clientMessage({
          type: MessageType.REQUEST,
          clientId: duidOf(i + 1),
          serverId: SERVER_DUID,
          iaNa: [{ iaid: 1 }],
        }),
      );
    const warn = vi.spyOn(Logger.prototype, 'warn');
    const slow = () => warn.mock.calls.filter((c) => c[0] === 'ALLOC_ENGINE_V6_LEASES_RECLAMATION_SLOW');
    const settings = {
      ...server.config.expiredLeasesProcessing,
      maxReclaimLeases: 2,
      unwarnedReclaimCycles: 2,
    };
    const later = Math.floor(Date.now() / 1000) + 1000;
    // leases-reclaim's kind of run (its own limit) is not counted.
    await server.reclaimer.reclaim(settings, later, 1);
    await server.reclaimer.reclaim(settings, later);
    await server.reclaimer.reclaim(settings, later);
    expect(slow()).toHaveLength(0);
    await server.reclaimer.reclaim(settings, later);
    expect(slow()).toHaveLength(1);
    expect(slow()[0]![1]).toBe('expired leases still exist after 2 reclamations');
    await server.reclaimer.reclaim(settings, later);
    expect(slow()).toHaveLength(1);
    // Catching up resets the count; 0 turns the warning off.
    await server.reclaimer.reclaim({ ...settings, maxReclaimLeases: 100 }, later);
    await server.reclaimer.reclaim({ ...settings, unwarnedReclaimCycles: 0 }, later);
    expect(slow()).toHaveLength(1);
  });
});
