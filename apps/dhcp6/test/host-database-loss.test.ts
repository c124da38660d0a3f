/**
 * Losing a hosts database, as Kea 2.2 documents on-fail, max-reconnect-tries and
 * reconnect-wait-time for hosts-database: Nestor's kea-dhcp6 (leases in memfile) reaches its hosts
 * database through a TCP relay that the test cuts (every connection closed, new ones refused) and
 * restores, so only this server loses it while other tests go on using the shared test servers.
 * The hosts database has its own recovery (db-recovery's DatabaseRecovery, as the lease
 * database): stop-retry-exit takes the DHCP service down while it reconnects, the serve-* modes
 * keep taking packets; service resumes without a restart once the database is back.
 */
import { MessageType } from '@nestor/codec';
import {
  createTestDatabase,
  TcpRelay,
  type TestDatabase,
  type TestDatabaseBackend,
  testDatabaseAvailable,
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
  clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(n), iaNa: [{ iaid: 1 }], tid: 0x900 + n });
const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');
/** The address reserved in the hosts database for client n. */
const reservedFor = (n: number) => `2001:db8:1::${(0x90 + n).toString(16)}`;

for (const backend of BACKENDS) {
  describe.skipIf(!available[backend])(`losing the ${backend} hosts database`, () => {
    let db: TestDatabase;
    let relay: TcpRelay;
    let dirs: Dirs | undefined;
    let server: Dhcp6Process | undefined;
    let client: LoopbackClient | undefined;

    beforeAll(async () => {
      db = await createTestDatabase(backend, 'hostloss');
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
      await db.sql('DELETE FROM hosts');
    });

    /** A server with the hosts database behind the relay, and clients 1 and 2 reserved in it. */
    async function start(onFail: string, tries: number, waitMs: number) {
      dirs = makeDirs(`dhcp6-hostloss-${backend}-`);
      const section = loopbackSection({
        'lease-database': { type: 'memfile', persist: false },
        'hosts-database': db.leaseDatabase({
          port: relay.port,
          'connect-timeout': 2,
          'on-fail': onFail,
          'max-reconnect-tries': tries,
          'reconnect-wait-time': waitMs,
        }),
      });
      server = await startDhcp6(dirs, writeConfig(dirs, 'kea-dhcp6.conf', section));
      client = await LoopbackClient.open(server.clientPort, server.serverPort);
      for (const n of [1, 2]) {
        const answer = await server.command('reservation-add', {
          reservation: { 'subnet-id': 1, duid: hex(duidOf(n)), 'ip-addresses': [reservedFor(n)] },
        });
        expect(answer.result).toBe(0);
      }
      return { server, client };
    }
    const solicitsSeen = async (s: Dhcp6Process) => (await s.stat('pkt6-solicit-received')) ?? 0;

    it('stop-retry-exit: DHCP service off while reconnecting, the reservations served again once it is back', async () => {
      const { server, client } = await start('stop-retry-exit', 100, 200);
      expect(await client.lease(duidOf(1))).toBe(reservedFor(1));
      await relay.cut();
      // The lookup of client 2's reservation fails: no answer, and the recovery starts.
      expect(await client.send(solicit(2), 1000)).toBeUndefined();
      await server.program.waitFor(/DHCP6_DB_RECONNECT_LOST_CONNECTION.*hosts database 1/, 10_000);
      // While reconnecting the service is off: packets are dropped before they are even parsed.
      const seen = await solicitsSeen(server);
      const dropsBefore = (await server.stat('pkt6-receive-drop')) ?? 0;
      expect(await client.send(solicit(2), 500)).toBeUndefined();
      expect((await server.stat('pkt6-receive-drop')) ?? 0).toBeGreaterThan(dropsBefore);
      expect(await solicitsSeen(server)).toBe(seen);
      await relay.restore();
      await server.program.waitFor(/DHCP6_DB_RECONNECT_SUCCEEDED/, 10_000);
      expect(await client.lease(duidOf(2))).toBe(reservedFor(2));
      expect(server.program.running).toBe(true);
    }, 60_000);

    it('serve-retry-exit: keeps taking packets while it tries, then exits when the tries run out', async () => {
      const { server, client } = await start('serve-retry-exit', 3, 1500);
      await relay.cut();
      expect(await client.send(solicit(1), 1000)).toBeUndefined();
      await server.program.waitFor(/DHCP6_DB_RECONNECT_LOST_CONNECTION/, 10_000);
      // Not disabled: the next SOLICIT is taken (and dropped only at its lookup).
      const seen = await solicitsSeen(server);
      expect(await client.send(solicit(1), 300)).toBeUndefined();
      expect(await solicitsSeen(server)).toBeGreaterThan(seen);
      const finished = await Promise.race([
        server.program.exited,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000)),
      ]);
      expect(finished?.code).toBe(1);
      expect(server.program.output).toMatch(/DHCP6_DB_RECONNECT_FAILED/);
    }, 60_000);

    it("Kea's defaults (stop-retry-exit, no reconnection): exits at the first loss", async () => {
      const { server, client } = await start('stop-retry-exit', 0, 0);
      await relay.cut();
      expect(await client.send(solicit(1), 1000)).toBeUndefined();
      const finished = await Promise.race([
        server.program.exited,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000)),
      ]);
      expect(finished?.code).toBe(1);
      expect(server.program.output).toMatch(/DHCP6_DB_RECONNECT_DISABLED/);
    }, 60_000);

    it('serve-retry-continue: serves on after the tries run out, and the reservations apply again once the database is back', async () => {
      const { server, client } = await start('serve-retry-continue', 2, 100);
      await relay.cut();
      expect(await client.send(solicit(1), 1000)).toBeUndefined();
      await server.program.waitFor(/DHCP6_DB_RECONNECT_FAILED/, 10_000);
      expect(server.program.running).toBe(true);
      await relay.restore();
      // The pools replace the broken connections on their own: the next lookup reaches the database.
      expect(await client.lease(duidOf(1))).toBe(reservedFor(1));
      expect(await client.lease(duidOf(2))).toBe(reservedFor(2));
    }, 60_000);
  });
}
