/**
 * Leases changed by the lease6-* commands are the leases the server serves: a lease added for a
 * DUID is what that client's REQUEST gets, an address added for one client is never offered to
 * another, an address deleted or wiped is free again, and each change is a lease file row and a
 * move of the statistics. Nestor's kea-dhcp6 on loopback, a DHCPv6 client on ::1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRawOption, MessageType } from '@nestor/codec';
import { parseLease6Csv } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  type Dirs,
  duidOf,
  iaPrefixes,
  LoopbackClient,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';
import { clientMessage } from './support/harness.js';

/** A DUID as the lease commands write it. */
const duidText = (duid: Uint8Array): string =>
  Buffer.from(duid)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

/** The 16 addresses of the loopback section's pool. */
const POOL = Array.from({ length: 16 }, (_, i) => `2001:db8:1::${(0x10 + i).toString(16)}`);

let dirs: Dirs;
let server: Dhcp6Process;
let client: LoopbackClient;

beforeAll(async () => {
  dirs = makeDirs('dhcp6-lease-cmds-served-');
  server = await startDhcp6(dirs, writeConfig(dirs, 'kea-dhcp6.conf', loopbackSection()));
  client = await LoopbackClient.open(server.clientPort, server.serverPort);
}, 30_000);

afterAll(async () => {
  await client?.close();
  await server?.stop();
  removeDirs(dirs);
});

/** The rows of the lease file for one address, oldest first. */
function history(address: string) {
  const rows = parseLease6Csv(readFileSync(join(dirs.lib, 'kea-leases6.csv'), 'utf8'));
  return rows.filter((r) => r.address === address);
}

const add = async (args: Record<string, unknown>) => {
  const answer = await server.command('lease6-add', args as never);
  expect(answer.result, answer.text).toBe(0);
};

describe('leases from lease6-* commands are served', () => {
  it('a lease added for a DUID is what that client gets, restarted with its own lifetimes (as Kea 2.2 does)', async () => {
    const duid = duidOf(1);
    await add({
      'ip-address': '2001:db8:1::1c',
      duid: duidText(duid),
      iaid: 7,
      'subnet-id': 1,
      'valid-lft': 100,
    });
    const before = await server.command('lease6-get', { 'ip-address': '2001:db8:1::1c' });
    expect(await client.lease(duid, 7)).toBe('2001:db8:1::1c');
    const after = await server.command('lease6-get', { 'ip-address': '2001:db8:1::1c' });
    // A REQUEST for a lease the client holds keeps its stored lifetimes and restarts it now.
    expect(after.arguments).toMatchObject({ duid: duidText(duid), iaid: 7, 'valid-lft': 100 });
    expect((after.arguments as { cltt: number }).cltt).toBeGreaterThanOrEqual(
      (before.arguments as { cltt: number }).cltt,
    );
    // The add and the client's REQUEST are both rows of the file.
    expect(history('2001:db8:1::1c').map((r) => r.validLifetime)).toEqual([100, 100]);
  });

  it('a delegated prefix added for a DUID is what that client gets for its IA_PD', async () => {
    const duid = duidOf(2);
    await add({
      'ip-address': '2001:db8:8000:4200::',
      type: 'IA_PD',
      'prefix-len': 56,
      duid: duidText(duid),
      iaid: 3,
      'subnet-id': 1,
    });
    const advertise = await client.exchange(
      clientMessage({ type: MessageType.SOLICIT, clientId: duid, iaPd: [{ iaid: 3 }], tid: 0x201 }),
    );
    expect(iaPrefixes(advertise)).toEqual(['2001:db8:8000:4200::/56']);
    const reply = await client.exchange(
      clientMessage({
        type: MessageType.REQUEST,
        clientId: duid,
        serverId: findRawOption(advertise.options, 2)!.data,
        iaPd: [{ iaid: 3, prefixes: [{ prefix: '2001:db8:8000:4200::', length: 56 }] }],
        tid: 0x202,
      }),
    );
    expect(reply.msgType).toBe(MessageType.REPLY);
    expect(iaPrefixes(reply)).toEqual(['2001:db8:8000:4200::/56']);
  });

  it('addresses added for other clients are never offered; a deleted one is free again', async () => {
    // Every pool address but one goes to some other client by command ...
    const taken = POOL.filter((a) => a !== '2001:db8:1::1c' && a !== '2001:db8:1::15');
    for (const [i, address] of taken.entries()) {
      await add({ 'ip-address': address, duid: duidText(duidOf(100 + i)), iaid: 1 });
    }
    expect(await server.stat('subnet[1].assigned-nas')).toBe(15);
    // ... (the 16th is duidOf(1)'s) and the last one too: a new client gets nothing.
    await add({ 'ip-address': '2001:db8:1::15', duid: duidText(duidOf(99)), iaid: 1 });
    await expect(client.lease(duidOf(3))).rejects.toThrow(/no address advertised/);

    // lease6-del frees the address: the next new client gets exactly it.
    expect(await server.command('lease6-del', { 'ip-address': '2001:db8:1::15' })).toEqual({
      result: 0,
      text: 'IPv6 lease deleted.',
    });
    expect(history('2001:db8:1::15').at(-1)?.validLifetime).toBe(0);
    expect(await server.stat('subnet[1].assigned-nas')).toBe(15);
    expect(await client.lease(duidOf(3))).toBe('2001:db8:1::15');
    expect(await server.stat('subnet[1].assigned-nas')).toBe(16);
  });

  it('lease6-update moves an address to another client; force-create makes one', async () => {
    const [first] = POOL.filter((a) => a !== '2001:db8:1::1c' && a !== '2001:db8:1::15');
    expect(
      (await server.command('lease6-update', { 'ip-address': first!, duid: duidText(duidOf(4)), iaid: 9 }))
        .result,
    ).toBe(0);
    expect(await client.lease(duidOf(4), 9)).toBe(first);
    expect(history(first!).at(-1)).toMatchObject({ duid: duidText(duidOf(4)), iaid: 9, validLifetime: 4000 });
  });

  it('lease6-wipe frees every address: each is a valid_lifetime 0 row and the counters drop to 0', async () => {
    const answer = await server.command('lease6-wipe', { 'subnet-id': 1 });
    expect(answer.result).toBe(0);
    expect(answer.text).toBe('Deleted 17 IPv6 lease(s) from subnet(s) 1');
    for (const address of POOL) expect(history(address).at(-1)?.validLifetime).toBe(0);
    expect(history('2001:db8:8000:4200::').at(-1)?.validLifetime).toBe(0);
    expect(await server.stat('subnet[1].assigned-nas')).toBe(0);
    expect(await server.stat('subnet[1].assigned-pds')).toBe(0);
    // The pool is free again: a new client gets an address from it.
    expect(POOL).toContain(await client.lease(duidOf(5)));
    expect(await server.stat('subnet[1].assigned-nas')).toBe(1);
  });
});
