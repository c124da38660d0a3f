/**
 * A lease whose row could not be written is never acknowledged (in process: the pipeline over a
 * lease file whose writes the test makes fail). The message gets no answer, is counted as dropped
 * and in lease-write-fail, nothing it changed stays in the store, the statistics or the pools'
 * free slots, and service resumes once writes work again. The same with the real process and a
 * full or read-only file system: lease-file-full.test.ts.
 */
import { mkdtempSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOption, findOptions, MessageType } from '@nestor/codec';
import { MemfileLeaseStore } from '@nestor/leases';
import { afterEach, describe, expect, it } from 'vitest';
import { LEASE_WRITE_FAIL } from '../src/lease-rollback.js';
import { clientMessage, duidOf, SERVER_DUID, TestServer } from './support/harness.js';

const config = {
  'preferred-lifetime': 3000,
  'valid-lifetime': 4000,
  subnet6: [
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      interface: 'eth0',
      'rapid-commit': true,
      pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
    },
  ],
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

/** A server whose lease file writes fail while `fault.failing`. */
async function serverWithFaultyFile() {
  const dir = mkdtempSync(join(tmpdir(), 'dhcp6-write-failure-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const name = join(dir, 'kea-leases6.csv');
  const fault = { failing: false };
  const server = await TestServer.create(config, {
    store: {
      name,
      write: async (fd, data) => {
        if (fault.failing)
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        writeSync(fd, data);
      },
    },
  });
  cleanups.push(() => server.close());
  const used = () => server.generation.pools.pools(1, 0)[0]!.tracker.used;
  return { server, name, fault, used };
}

const request = (n: number, address?: string) =>
  clientMessage({
    type: MessageType.REQUEST,
    tid: n,
    clientId: duidOf(n),
    serverId: SERVER_DUID,
    iaNa: [{ iaid: 1, ...(address ? { addresses: [{ address }] } : {}) }],
  });

const rapidSolicit = (n: number, address: string) =>
  clientMessage({
    type: MessageType.SOLICIT,
    tid: n,
    clientId: duidOf(n),
    rapidCommit: true,
    iaNa: [{ iaid: 1, addresses: [{ address }] }],
  });

function leasedAddress(reply: { options: readonly unknown[] } | undefined): string | undefined {
  if (!reply) return undefined;
  const ia = findOption(reply.options as never, 3);
  return ia ? findOptions(ia.options, 5)[0]?.address : undefined;
}

describe('a lease change that could not be written', () => {
  it('gets no answer, is counted, and leaves store, statistics and free slots as they were', async () => {
    const { server, fault, used } = await serverWithFaultyFile();
    fault.failing = true;
    expect(await server.send(request(1, '2001:db8:1::10'))).toBeUndefined();
    expect(server.stat('pkt6-receive-drop')).toBe(1);
    expect(server.stat('pkt6-reply-sent')).toBe(0);
    expect(server.stat(LEASE_WRITE_FAIL)).toBe(1);
    expect(server.stat('subnet[1].assigned-nas')).toBe(0);
    expect(server.stat('cumulative-assigned-nas')).toBe(0);
    expect(await server.store.getAll()).toEqual([]);
    expect(used()).toBe(0);

    fault.failing = false;
    const sent = await server.send(request(1, '2001:db8:1::10'));
    expect(leasedAddress(sent?.message as never)).toBe('2001:db8:1::10');
    expect(server.stat('subnet[1].assigned-nas')).toBe(1);
    expect(used()).toBe(1);
  });

  it('gives back a slot that another allocation saw taken by the change before it was undone', async () => {
    const { server, fault, used } = await serverWithFaultyFile();
    fault.failing = true;
    // Both want ::10 in one turn: the second meets the first's (not yet written) lease, marks
    // its slot used and takes ::11; the one write carrying both fails.
    const answers = await Promise.all([
      server.send(rapidSolicit(1, '2001:db8:1::10')),
      server.send(rapidSolicit(2, '2001:db8:1::10')),
    ]);
    expect(answers).toEqual([undefined, undefined]);
    expect(server.stat(LEASE_WRITE_FAIL)).toBe(2);
    expect(server.stat('pkt6-receive-drop')).toBe(2);
    expect(await server.store.getAll()).toEqual([]);
    expect(used()).toBe(0);
    fault.failing = false;
    const sent = await server.send(rapidSolicit(3, '2001:db8:1::10'));
    expect(leasedAddress(sent?.message as never)).toBe('2001:db8:1::10');
  });

  it('keeps a RENEW unanswered rather than telling the client its lease is gone', async () => {
    const { server, name, fault } = await serverWithFaultyFile();
    const granted = await server.send(request(1));
    const address = leasedAddress(granted?.message as never)!;
    fault.failing = true;
    const renew = clientMessage({
      type: MessageType.RENEW,
      tid: 9,
      clientId: duidOf(1),
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1, addresses: [{ address }] }],
    });
    expect(await server.send(renew)).toBeUndefined();
    const stored = await server.store.getAll();
    expect(stored).toEqual([expect.objectContaining({ address, validLifetime: 4000 })]);
    await server.close();
    // The file holds what memory held: the lease as first granted.
    const reloaded = await MemfileLeaseStore.open({ name });
    cleanups.push(() => reloaded.close());
    expect(await reloaded.getAll()).toEqual(stored);
  });
});
