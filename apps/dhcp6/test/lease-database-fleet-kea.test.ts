/**
 * A mixed fleet on one lease database: ISC kea-dhcp6 2.2 and Nestor's kea-dhcp6, each in a network
 * namespace on its own link, share one MariaDB and then one PostgreSQL database (through the
 * database servers' unix sockets) whose schema ISC's kea-admin created. A lease either server
 * gave a client is renewed by the other (REBIND), and clients of both leasing from the same pool
 * at once never get one address twice: every REPLY'd address is in the table, for its client.
 *
 * Needs root (network namespaces), ISC kea-dhcp6 and the test database servers; skipped otherwise.
 */
import { existsSync } from 'node:fs';
import { type ClientServerMessage, decodeMessage, findRawOption, MessageType } from '@nestor/codec';
import {
  createTestDatabase,
  ISC_KEA_DHCP6,
  type TestDatabase,
  type TestDatabaseBackend,
  testDatabaseAvailable,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duidOf, iaAddresses } from './commands-support.js';
import { clientMessage } from './support/harness.js';
import { ISC_LEASE_CMDS } from './support/isc-kea.js';
import { SERVER_IFACE, TwinServers } from './support/twin-servers.js';

const BACKENDS: TestDatabaseBackend[] = ['mysql', 'postgresql'];
const root = process.getuid?.() === 0 && existsSync(ISC_KEA_DHCP6);
const available = Object.fromEntries(
  await Promise.all(BACKENDS.map(async (b) => [b, root && (await testDatabaseAvailable(b))] as const)),
) as Record<TestDatabaseBackend, boolean>;

const M = MessageType;
const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

function decoded(bytes: Uint8Array | undefined): ClientServerMessage | undefined {
  if (!bytes) return undefined;
  const message = decodeMessage(bytes);
  return message.kind === 'client-server' ? message : undefined;
}

const scenario = {
  'server-id': { type: 'LL', persist: false },
  'preferred-lifetime': 3000,
  'valid-lifetime': 4000,
  subnet6: [
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      interface: SERVER_IFACE,
      pools: [{ pool: '2001:db8:1::100-2001:db8:1::17f' }],
    },
  ],
};

for (const backend of BACKENDS) {
  describe.skipIf(!available[backend])(
    `ISC kea-dhcp6 and Nestor, each on its link, one ${backend} database`,
    () => {
      let db: TestDatabase;
      let twins: TwinServers;

      beforeAll(async () => {
        db = await createTestDatabase(backend, 'fleet');
        twins = await TwinServers.start(backend === 'mysql' ? 'sqfm' : 'sqfp', scenario, [ISC_LEASE_CMDS], {
          leaseDatabase: db.leaseDatabaseViaSocket(),
          env: db.socketEnv,
        });
      }, 180_000);
      afterAll(async () => {
        await twins?.destroy();
        await db?.drop();
      }, 60_000);

      const table = async () =>
        (
          await db.sql(
            `SELECT address, ${backend === 'mysql' ? 'HEX(duid)' : "encode(duid, 'hex')"} FROM lease6`,
          )
        )
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => {
            const [address, duid] = l.split('\t');
            return { address: address!, duid: duid!.toLowerCase() };
          });

      /** SOLICIT then REQUEST at one side; the address REPLY'd (undefined when none). */
      async function lease(side: 'kea' | 'nestor', duid: Uint8Array): Promise<string | undefined> {
        const send = (bytes: Uint8Array) =>
          side === 'kea' ? twins.exchange([bytes], []) : twins.exchange([], [bytes]);
        const advertise = decoded(
          (await send(clientMessage({ type: M.SOLICIT, clientId: duid, iaNa: [{ iaid: 1 }] })))[side][0],
        );
        const [address] = advertise ? iaAddresses(advertise) : [];
        if (!advertise || !address) return undefined;
        const serverId = findRawOption(advertise.options, 2)!.data;
        const reply = decoded(
          (
            await send(
              clientMessage({
                type: M.REQUEST,
                clientId: duid,
                serverId,
                iaNa: [{ iaid: 1, addresses: [{ address }] }],
              }),
            )
          )[side][0],
        );
        return reply?.msgType === M.REPLY ? iaAddresses(reply)[0] : undefined;
      }

      async function rebind(side: 'kea' | 'nestor', duid: Uint8Array, address: string) {
        const bytes = clientMessage({
          type: M.REBIND,
          clientId: duid,
          iaNa: [{ iaid: 1, addresses: [{ address }] }],
        });
        const replies =
          side === 'kea' ? await twins.exchange([bytes], []) : await twins.exchange([], [bytes]);
        return decoded(replies[side][0]);
      }

      it('a lease either server gave is renewed by the other', async () => {
        const a = duidOf(0x61);
        const fromKea = await lease('kea', a);
        expect(fromKea).toBeDefined();
        const byNestor = await rebind('nestor', a, fromKea!);
        expect(byNestor?.msgType).toBe(M.REPLY);
        expect(iaAddresses(byNestor!)).toEqual([fromKea]);
        const b = duidOf(0x62);
        const fromNestor = await lease('nestor', b);
        expect(fromNestor).toBeDefined();
        expect(fromNestor).not.toBe(fromKea);
        const byKea = await rebind('kea', b, fromNestor!);
        expect(byKea?.msgType).toBe(M.REPLY);
        expect(iaAddresses(byKea!)).toEqual([fromNestor]);
        expect(await table()).toEqual(
          expect.arrayContaining([
            { address: fromKea, duid: hex(a).replaceAll(':', '') },
            { address: fromNestor, duid: hex(b).replaceAll(':', '') },
          ]),
        );
      });

      it('clients of both servers leasing from one pool at once never share an address', async () => {
        const clients = Array.from({ length: 24 }, (_, i) => duidOf(0x200 + i));
        const [keaClients, nestorClients] = [
          clients.filter((_, i) => i % 2 === 0),
          clients.filter((_, i) => i % 2 === 1),
        ];
        // Both sides at once: SOLICITs, then the REQUESTs for what each advertised.
        const solicits = (list: Uint8Array[]) =>
          list.map((duid) => clientMessage({ type: M.SOLICIT, clientId: duid, iaNa: [{ iaid: 1 }] }));
        const advertised = await twins.exchange(solicits(keaClients), solicits(nestorClients), 200);
        const requests = (list: Uint8Array[], answers: (Uint8Array | undefined)[]) =>
          list.flatMap((duid, i) => {
            const advertise = decoded(answers[i]);
            const address = advertise && iaAddresses(advertise)[0];
            if (!advertise || !address) return [];
            const serverId = findRawOption(advertise.options, 2)!.data;
            return [
              clientMessage({
                type: M.REQUEST,
                clientId: duid,
                serverId,
                iaNa: [{ iaid: 1, addresses: [{ address }] }],
              }),
            ];
          });
        const replies = await twins.exchange(
          requests(keaClients, advertised.kea),
          requests(nestorClients, advertised.nestor),
          200,
        );
        const granted = [...replies.kea, ...replies.nestor]
          .map(decoded)
          .filter((m): m is ClientServerMessage => m?.msgType === M.REPLY)
          .flatMap((m) => {
            const clientId = findRawOption(m.options, 1)!.data;
            return iaAddresses(m).map((address) => ({
              address,
              duid: Buffer.from(clientId).toString('hex'),
            }));
          });
        // Most clients got an address (a lost race may leave one without, never with a shared one).
        expect(granted.length).toBeGreaterThanOrEqual(clients.length - 4);
        expect(new Set(granted.map((g) => g.address)).size).toBe(granted.length);
        const rows = await table();
        for (const g of granted) expect(rows).toContainEqual(g);
      });
    },
  );
}
