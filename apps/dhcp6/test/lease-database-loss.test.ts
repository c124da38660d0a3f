/**
 * Losing the lease database, as Kea 2.2 documents on-fail, max-reconnect-tries and
 * reconnect-wait-time: Nestor's kea-dhcp6 reaches its database through a TCP relay that the test
 * cuts (every connection closed, new ones refused) and restores, so only this server loses it.
 * A lease that could not be written is never acknowledged; service resumes without a restart.
 */
import { MessageType } from '@nestor/codec';
import {
  createTestDatabase,
  TcpRelay,
  type TestDatabase,
  type TestDatabaseBackend,
  testDatabaseAvailable,
  waitUntil,
} from '@nestor/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  type Dirs,
  duidOf,
  LoopbackClient,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';
import { clientMessage } from './support/harness.js';

const BACKENDS: TestDatabaseBackend[] = ['mysql', 'postgresql'];
const available = Object.fromEntries(
  await Promise.all(BACKENDS.map(async (b) => [b, await testDatabaseAvailable(b)] as const)),
) as Record<TestDatabaseBackend, boolean>;

const solicit = (n: number) =>
  clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(n), iaNa: [{ iaid: 1 }], tid: 0x700 + n });

for (const backend of BACKENDS) {
  describe.skipIf(!available[backend])(`losing the ${backend} lease database`, () => {
    let db: TestDatabase;
    let relay: TcpRelay;
    let dirs: Dirs | undefined;
    let server: Dhcp6Process | undefined;
    let client: LoopbackClient | undefined;

    beforeAll(async () => {
      db = await createTestDatabase(backend, 'dbloss');
      relay = await TcpRelay.start(db.host, db.port);
    }, 180_000);
    afterAll(async () => {
      await relay?.close();
      await db?.drop();
    });
    afterEach(async () => {
      await client?.close();
      await server?.stop();
      removeDirs(dirs);
      [client, server, dirs] = [undefined, undefined, undefined];
      await relay.restore();
      await db.sql('DELETE FROM lease6');
    });

    async function start(onFail: string, tries: number, waitMs: number) {
      dirs = makeDirs(`dhcp6-dbloss-${backend}-`);
      const section = loopbackSection({
        'lease-database': db.leaseDatabase({
          port: relay.port,
          'connect-timeout': 2,
          'on-fail': onFail,
          'max-reconnect-tries': tries,
          'reconnect-wait-time': waitMs,
        }),
      });
      server = await startDhcp6(dirs, writeConfig(dirs, 'kea-dhcp6.conf', section));
      client = await LoopbackClient.open(server.clientPort, server.serverPort);
      return { server, client };
    }
    const rows = async () => (await db.sql('SELECT address FROM lease6')).split('\n').filter((l) => l !== '');

    it('stop-retry-exit: no lease acknowledged while the database is gone, service disabled, resumed on reconnection', async () => {
      const { server, client } = await start('stop-retry-exit', 100, 200);
      const first = await client.lease(duidOf(1));
      expect(await rows()).toEqual([first]);
      await relay.cut();
      // The REQUEST's lease cannot be written: no REPLY (nor an ADVERTISE for the lookup).
      await expect(client.lease(duidOf(2))).rejects.toThrow(/did not answer/);
      await server.program.waitFor(/DHCP6_DB_RECONNECT_LOST_CONNECTION/, 10_000);
      // While reconnecting the service is off: packets are dropped before any lookup.
      const dropsBefore = (await server.stat('pkt6-receive-drop')) ?? 0;
      expect(await client.send(solicit(3), 500)).toBeUndefined();
      expect((await server.stat('pkt6-receive-drop')) ?? 0).toBeGreaterThan(dropsBefore);
      expect(await rows()).toEqual([first]);
      await relay.restore();
      await server.program.waitFor(/DHCP6_DB_RECONNECT_SUCCEEDED/, 10_000);
      const second = await client.lease(duidOf(2));
      expect((await rows()).sort()).toEqual([first, second].sort());
      expect(server.program.running).toBe(true);
    }, 60_000);

    it('serve-retry-exit: keeps serving while it tries, then exits when the tries run out', async () => {
      const { server, client } = await start('serve-retry-exit', 3, 100);
      await relay.cut();
      expect(await client.send(solicit(4), 1000)).toBeUndefined();
      await server.program.waitFor(/DHCP6_DB_RECONNECT_LOST_CONNECTION/, 10_000);
      const finished = await Promise.race([
        server.program.exited,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000)),
      ]);
      expect(finished?.code).toBe(1);
      expect(server.program.output).toMatch(/DHCP6_DB_RECONNECT_FAILED/);
    }, 60_000);

    it('serve-retry-continue: serves on after the tries run out, and leases again once the database is back', async () => {
      const { server, client } = await start('serve-retry-continue', 2, 100);
      await relay.cut();
      expect(await client.send(solicit(5), 1000)).toBeUndefined();
      await server.program.waitFor(/DHCP6_DB_RECONNECT_FAILED/, 10_000);
      expect(server.program.running).toBe(true);
      await relay.restore();
      let leased: string | undefined;
      await waitUntil(
        async () => {
          leased = await client.lease(duidOf(6)).catch(() => undefined);
          return leased !== undefined;
        },
        { timeoutMs: 10_000, what: 'a lease after the database came back' },
      );
      expect(await rows()).toEqual([leased]);
    }, 60_000);
  });
}
