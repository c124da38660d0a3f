/**
 * ISC kea-dhcp6 2.2 and Nestor's kea-dhcp6 on ONE lease database (MariaDB, then PostgreSQL) whose
 * schema ISC's kea-admin created, both serving loopback clients: a lease either server wrote is
 * read and renewed (REBIND) by the other, the lease commands of each see and change what the
 * other wrote, and the statistics come from the tables the schema's triggers keep.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MessageType } from '@nestor/codec';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseBackend,
  testDatabaseAvailable,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  type Dirs,
  duidOf,
  freeUdpPort,
  iaAddresses,
  LoopbackClient,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';
import { clientMessage } from './support/harness.js';
import { IscKeaDhcp6, iscKeaInstalled } from './support/isc-kea.js';

const BACKENDS: TestDatabaseBackend[] = ['mysql', 'postgresql'];
const available = Object.fromEntries(
  await Promise.all(BACKENDS.map(async (b) => [b, await testDatabaseAvailable(b)] as const)),
) as Record<TestDatabaseBackend, boolean>;
if (!iscKeaInstalled) console.warn('lease-database-kea: skipped (needs ISC kea-dhcp6 2.2 and its hooks)');

const duidText = (duid: Uint8Array): string =>
  Buffer.from(duid)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

/** REBIND for one address: no server identifier, so whichever server gets it may extend the lease. */
async function rebind(client: LoopbackClient, duid: Uint8Array, address: string, iaid = 1) {
  const reply = await client.exchange(
    clientMessage({
      type: MessageType.REBIND,
      clientId: duid,
      iaNa: [{ iaid, addresses: [{ address }] }],
      tid: 0x303,
    }),
  );
  expect(reply.msgType).toBe(MessageType.REPLY);
  return reply;
}

for (const backend of BACKENDS) {
  describe.skipIf(!available[backend] || !iscKeaInstalled)(
    `ISC kea-dhcp6 and Nestor on one ${backend} lease database`,
    () => {
      let db: TestDatabase;
      let dirs: Dirs;
      let nestor: Dhcp6Process;
      let kea: IscKeaDhcp6;
      let toNestor: LoopbackClient;
      let toKea: LoopbackClient;

      beforeAll(async () => {
        db = await createTestDatabase(backend, 'dhcp6kea');
        dirs = makeDirs(`dhcp6-sql-${backend}-`);
        const section = loopbackSection({ 'lease-database': db.leaseDatabase() });
        nestor = await startDhcp6(dirs, writeConfig(dirs, 'kea-dhcp6.conf', section));
        const [server, clientPort] = [await freeUdpPort(), await freeUdpPort()];
        const keaDir = join(dirs.root, 'isc');
        mkdirSync(keaDir);
        kea = await IscKeaDhcp6.start(keaDir, section, {
          keepLeaseDatabase: true,
          args: ['-p', String(server), '-P', String(clientPort)],
        });
        toNestor = await LoopbackClient.open(nestor.clientPort, nestor.serverPort);
        toKea = await LoopbackClient.open(clientPort, server);
      }, 180_000);

      afterAll(async () => {
        await toNestor?.close();
        await toKea?.close();
        await Promise.all([nestor?.stop(), kea?.stop()]);
        removeDirs(dirs);
        await db?.drop();
      }, 60_000);

      /** The address rows of the database, straight from the table. */
      const rows = async () =>
        (await db.sql('SELECT address FROM lease6 ORDER BY address')).split('\n').filter((l) => l !== '');

      it('a lease ISC kea-dhcp6 wrote is renewed by a client of Nestor; one Nestor leased is extended by ISC', async () => {
        // ISC kea-dhcp6 does not serve DHCPv6 on loopback: its lease comes from its lease6-add.
        const a = duidOf(0x51);
        const written = await kea.command('lease6-add', {
          'ip-address': '2001:db8:1::1a',
          duid: duidText(a),
          iaid: 1,
          'subnet-id': 1,
          'valid-lft': 1000,
          'preferred-lft': 500,
        });
        expect(written.result, written.text).toBe(0);
        const before = (await kea.command('lease6-get', { 'ip-address': '2001:db8:1::1a' })).arguments as {
          cltt: number;
        };
        const renewed = await rebind(toNestor, a, '2001:db8:1::1a');
        expect(iaAddresses(renewed)).toEqual(['2001:db8:1::1a']);
        // ISC reads back what Nestor wrote: the configured lifetimes, restarted now.
        const after = (await kea.command('lease6-get', { 'ip-address': '2001:db8:1::1a' })).arguments as {
          cltt: number;
          'valid-lft': number;
        };
        expect(after['valid-lft']).toBe(4000);
        expect(after.cltt).toBeGreaterThanOrEqual(before.cltt);
        // The other way: a lease Nestor gave a client, extended by ISC and seen by Nestor.
        const b = duidOf(0x52);
        const fromNestor = await toNestor.lease(b);
        expect(await rows()).toEqual(expect.arrayContaining(['2001:db8:1::1a', fromNestor]));
        const seenByKea = await kea.command('lease6-get', { 'ip-address': fromNestor });
        expect(seenByKea.result).toBe(0);
        expect((await nestor.command('lease6-get', { 'ip-address': fromNestor })).arguments).toEqual(
          seenByKea.arguments,
        );
        const extended = await kea.command('lease6-update', {
          ...(seenByKea.arguments as Record<string, unknown>),
          'valid-lft': 7000,
        } as never);
        expect(extended.result, extended.text).toBe(0);
        expect((await nestor.command('lease6-get', { 'ip-address': fromNestor })).arguments).toMatchObject({
          'valid-lft': 7000,
          duid: duidText(b),
        });
        // ... and the client renews it at Nestor again.
        expect(iaAddresses(await rebind(toNestor, b, fromNestor))).toEqual([fromNestor]);
      });

      it("the lease commands of each server see and change the other's leases", async () => {
        const duid = '0a:0b:0c:0d';
        const added = await kea.command('lease6-add', {
          'ip-address': '2001:db8:1::1e',
          duid,
          iaid: 42,
          'subnet-id': 1,
          'valid-lft': 3000,
          hostname: 'kea-wrote.example.',
          'user-context': { from: 'isc' },
        });
        expect(added.result, added.text).toBe(0);
        const byNestor = await nestor.command('lease6-get', { 'ip-address': '2001:db8:1::1e' });
        expect(byNestor.result).toBe(0);
        expect(byNestor.arguments).toEqual(
          (await kea.command('lease6-get', { 'ip-address': '2001:db8:1::1e' })).arguments,
        );
        const updated = await nestor.command('lease6-update', {
          'ip-address': '2001:db8:1::1e',
          duid,
          iaid: 42,
          'subnet-id': 1,
          'valid-lft': 5000,
          hostname: 'nestor-wrote.example.',
        });
        expect(updated.result, updated.text).toBe(0);
        expect((await kea.command('lease6-get', { 'ip-address': '2001:db8:1::1e' })).arguments).toMatchObject(
          {
            hostname: 'nestor-wrote.example.',
            'valid-lft': 5000,
          },
        );
        // A conflict across servers: Nestor cannot add what ISC holds.
        const twice = await nestor.command('lease6-add', {
          'ip-address': '2001:db8:1::1e',
          duid: '01:01',
          iaid: 1,
        });
        expect(twice.result).toBe(1);
        const byDuid = await nestor.command('lease6-get-by-duid', { duid });
        expect(byDuid.arguments).toEqual((await kea.command('lease6-get-by-duid', { duid })).arguments);
        const deleted = await kea.command('lease6-del', { 'ip-address': '2001:db8:1::1e' });
        expect(deleted.result).toBe(0);
        expect((await nestor.command('lease6-get', { 'ip-address': '2001:db8:1::1e' })).result).toBe(3);
      });

      it('pages through and counts the same leases as ISC kea-dhcp6', async () => {
        for (const [i, server] of [nestor, kea, nestor, kea].entries()) {
          const answer = await server.command('lease6-add', {
            'ip-address': `2001:db8:1::${(0x11 + i).toString(16)}`,
            duid: `0e:0${i}`,
            iaid: i,
            'subnet-id': 1,
          });
          expect(answer.result, answer.text).toBe(0);
        }
        const page = (server: { command: IscKeaDhcp6['command'] }) =>
          server.command('lease6-get-page', { from: 'start', limit: 100 });
        const [ours, theirs] = [await page(nestor), await page(kea)];
        expect(ours.result).toBe(0);
        const addresses = (answer: typeof ours) =>
          ((answer.arguments as { leases: { 'ip-address': string }[] }).leases ?? [])
            .map((l) => l['ip-address'])
            .sort();
        expect(addresses(ours)).toEqual(addresses(theirs));
        expect(addresses(ours)).toEqual([...(await rows())].sort());
        const stat = async (server: { command: IscKeaDhcp6['command'] }) =>
          (
            (await server.command('stat-lease6-get', { 'subnet-id': 1 })).arguments as {
              'result-set': { columns: string[]; rows: unknown[] };
            }
          )['result-set'];
        const [ourStats, theirStats] = [await stat(nestor), await stat(kea)];
        expect(ourStats.columns).toEqual(theirStats.columns);
        expect(ourStats.rows).toEqual(theirStats.rows);
      });
    },
  );
}
