/**
 * bin/kea-dhcp6 with its lease file on a small tmpfs the test mounts: filled up, then remounted
 * read-only under the running server, then given back. While the file cannot be written no
 * REPLY carries a lease (the messages are dropped and counted), the failure is logged once per
 * cause rather than per packet, lease-write-fail counts the changes undone, service resumes by
 * itself once the file can be written, and a restart loads exactly the leases that were
 * acknowledged. The same with nestor-fsync on an ext4 image the kernel remounts read-only (what
 * errors=remount-ro does on a failing disk). Needs root (mount, loop devices); mounts are undone in
 * cleanup whatever happens.
 */
import { join } from 'node:path';
import { MessageType } from '@nestor/codec';
import { WRITE_FAIL_ID, WRITE_RESUMED_ID } from '@nestor/leases';
import { waitUntil } from '@nestor/testkit';
import { afterEach, describe, expect, it } from 'vitest';
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
import { Ext4Image, ext4Available } from './support/ext4-image.js';
import { clientMessage } from './support/harness.js';
import { TidClient } from './support/tid-client.js';
import { canMount, Tmpfs } from './support/tmpfs.js';

const MESSAGE_TIMEOUT_MS = 1_000;

interface Acknowledged {
  duid: string;
  address: string;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) {
    try {
      await clean();
    } catch {
      // every cleanup runs, whatever one of them threw
    }
  }
});

const duidText = (n: number): string =>
  Buffer.from(duidOf(n))
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

const count = (text: string, id: string): number => text.split(id).length - 1;

describe.skipIf(!canMount)('kea-dhcp6 with its lease file on a full, then read-only, file system', () => {
  it('acknowledges no lease it could not write, logs once per cause, resumes by itself, and restarts with exactly what it acknowledged', async () => {
    const dirs: Dirs = makeDirs('dhcp6-lease-file-full-');
    cleanups.push(() => removeDirs(dirs));
    // The lease file (and the server DUID) live in the data directory: on the tmpfs.
    const fs = Tmpfs.mount(dirs.lib, '256k');
    cleanups.push(() => fs.unmount());
    const section = loopbackSection({
      subnet6: [
        {
          id: 1,
          subnet: '2001:db8:1::/64',
          interface: 'lo',
          pools: [{ pool: '2001:db8:1::1000-2001:db8:1::ffff' }],
        },
      ],
    });
    const config = writeConfig(dirs, 'kea-dhcp6.conf', section);
    let server: Dhcp6Process = await startDhcp6(dirs, config);
    cleanups.push(() => server.stop());
    const client = await TidClient.open(server.clientPort, server.serverPort, MESSAGE_TIMEOUT_MS);
    cleanups.push(() => client.close());

    const acknowledged: Acknowledged[] = [];
    let next = 1;
    /** `n` clients lease at once; resolves with how many got a REPLY with a lease. */
    const leaseMany = async (n: number): Promise<number> => {
      const clients = Array.from({ length: n }, () => next++);
      const results = await Promise.allSettled(clients.map((c) => client.lease(duidOf(c))));
      results.forEach((r, i) => {
        if (r.status === 'fulfilled')
          acknowledged.push({ duid: duidText(clients[i]!), address: r.value.address });
      });
      return results.filter((r) => r.status === 'fulfilled').length;
    };

    expect(await leaseMany(5)).toBe(5);
    const first = { address: acknowledged[0]!.address, duid: duidOf(1) };
    const serverId = (await client.lease(duidOf(1))).serverId;

    // Full. Rows may still fit in the lease file's last page; leasing goes on until one fails.
    fs.fill();
    let failedAt: number | undefined;
    for (let i = 0; i < 200 && failedAt === undefined; i++) {
      if ((await leaseMany(1)) === 0) failedAt = i;
    }
    expect(failedAt, 'a lease failed once the file system was full').toBeDefined();
    // From then on, nothing: new clients get no REPLY, nor does a RENEW (which would change a row).
    expect(await leaseMany(8)).toBe(0);
    await expect(client.renew(first.duid, serverId, first.address)).rejects.toThrow(/no answer/);
    // A SOLICIT without rapid commit writes nothing: still answered.
    const advertise = await client.exchange((tid) =>
      clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(999), iaNa: [{ iaid: 1 }], tid }),
    );
    expect(advertise.msgType).toBe(MessageType.ADVERTISE);
    const output = () => server.program.output;
    // The server's log reaches the test through a pipe: wait for the line, then count it.
    await waitUntil(() => count(output(), WRITE_FAIL_ID) > 0, {
      timeoutMs: 5_000,
      what: `${WRITE_FAIL_ID} in the server's output`,
    });
    expect(count(output(), WRITE_FAIL_ID)).toBe(1);
    expect(output()).toMatch(new RegExp(`${WRITE_FAIL_ID} cannot write to lease file [^\\n]*ENOSPC`));
    expect(count(output(), 'DHCP6_PACKET_PROCESS_EXCEPTION')).toBe(0);
    const failedWhileFull = (await server.stat('lease-write-fail'))!;
    expect(failedWhileFull).toBeGreaterThanOrEqual(10);
    expect(await server.stat('pkt6-receive-drop')).toBeGreaterThanOrEqual(10);
    // Memory holds what the file holds: exactly the acknowledged leases.
    const held = async () => {
      const answer = await server.command('lease6-get-all');
      const leases = ((answer.arguments as { leases?: { duid: string; 'ip-address': string }[] } | undefined)
        ?.leases ?? []) as { duid: string; 'ip-address': string }[];
      return leases.map((l) => ({ duid: l.duid, address: l['ip-address'] })).sort(byAddress);
    };
    const byAddress = (a: Acknowledged, b: Acknowledged) => (a.address < b.address ? -1 : 1);
    expect(await held()).toEqual([...acknowledged].sort(byAddress));
    expect(await server.stat('subnet[1].assigned-nas')).toBe(acknowledged.length);

    // The server let go of the failing file: an operator can remount the file system read-only
    // (Linux refuses that while a process holds a file open for writing).
    fs.remount('ro');
    expect(await leaseMany(4)).toBe(0);
    expect(count(output(), WRITE_FAIL_ID)).toBe(2);
    expect(output()).toMatch(
      new RegExp(`${WRITE_FAIL_ID} cannot write to lease file [^\\n]*EROFS: read-only file system, open`),
    );
    expect((await server.stat('lease-write-fail'))!).toBeGreaterThan(failedWhileFull);

    // Writable again, with room: service resumes by itself.
    fs.remount('rw');
    fs.free();
    expect(await leaseMany(3)).toBe(3);
    expect(count(output(), WRITE_RESUMED_ID)).toBe(1);
    expect(count(output(), WRITE_FAIL_ID)).toBe(2);
    const renewed = await client.renew(first.duid, serverId, first.address);
    expect(renewed.address).toBe(first.address);
    expect(await held()).toEqual([...acknowledged].sort(byAddress));

    // A restart loads exactly the acknowledged leases, every row whole.
    await server.stop();
    server = await startDhcp6(dirs, config, {
      ports: { server: server.serverPort, client: server.clientPort },
    });
    expect(await held()).toEqual([...acknowledged].sort(byAddress));
    expect(server.program.output).not.toMatch(/DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR|LEASE_FILE_TORN_ROW/);
    expect(await server.stat('subnet[1].assigned-nas')).toBe(acknowledged.length);
  });
});

describe.skipIf(!ext4Available)(
  'kea-dhcp6 with nestor-fsync when the kernel makes its file system read-only',
  () => {
    it('acknowledges nothing it could not write, lets the file system be unmounted, and resumes on the remounted one', async () => {
      const dirs: Dirs = makeDirs('dhcp6-lease-file-ro-');
      cleanups.push(() => removeDirs(dirs));
      const fs = Ext4Image.create(join(dirs.root, 'lib.img'), dirs.lib);
      cleanups.push(() => fs.release());
      // nestor-fsync: what the kernel had not written back when the file system failed is lost,
      // so only rows on stable storage may be acknowledged.
      const section = loopbackSection({
        'lease-database': { type: 'memfile', 'lfc-interval': 0, 'nestor-fsync': true },
      });
      const config = writeConfig(dirs, 'kea-dhcp6.conf', section);
      let server: Dhcp6Process = await startDhcp6(dirs, config);
      cleanups.push(() => server.stop());
      const client = await TidClient.open(server.clientPort, server.serverPort, MESSAGE_TIMEOUT_MS);
      cleanups.push(() => client.close());
      const acknowledged: Acknowledged[] = [];
      let next = 1;
      const leaseMany = async (n: number): Promise<number> => {
        const clients = Array.from({ length: n }, () => next++);
        const results = await Promise.allSettled(clients.map((c) => client.lease(duidOf(c))));
        results.forEach((r, i) => {
          if (r.status === 'fulfilled')
            acknowledged.push({ duid: duidText(clients[i]!), address: r.value.address });
        });
        return results.filter((r) => r.status === 'fulfilled').length;
      };
      expect(await leaseMany(4)).toBe(4);

      // What errors=remount-ro does on a failing disk: read-only under the running server.
      fs.failToReadOnly();
      expect(await leaseMany(4)).toBe(0);
      const output = () => server.program.output;
      expect(count(output(), WRITE_FAIL_ID)).toBe(1);
      expect(output()).toMatch(new RegExp(`${WRITE_FAIL_ID} cannot write to lease file [^\\n]*EROFS`));
      expect(await server.stat('lease-write-fail')).toBe(4);

      // Linux keeps it read-only until it is mounted again, which the server does not prevent:
      // it holds no file open there once writing failed.
      fs.unmount();
      fs.mount();
      expect(fs.options()).toMatch(/^rw,/);
      expect(await leaseMany(2)).toBe(2);
      expect(count(output(), WRITE_RESUMED_ID)).toBe(1);

      await server.stop();
      server = await startDhcp6(dirs, config, {
        ports: { server: server.serverPort, client: server.clientPort },
      });
      const answer = await server.command('lease6-get-all');
      const leases = (answer.arguments as { leases: { duid: string; 'ip-address': string }[] }).leases;
      const byAddress = (a: Acknowledged, b: Acknowledged) => (a.address < b.address ? -1 : 1);
      expect(leases.map((l) => ({ duid: l.duid, address: l['ip-address'] })).sort(byAddress)).toEqual(
        [...acknowledged].sort(byAddress),
      );
    });
  },
);
