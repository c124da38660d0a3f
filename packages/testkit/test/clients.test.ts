import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dhclient, duidLl } from '../src/dhclient.js';
import { Dhcpcd } from '../src/dhcpcd.js';
import { Dhcrelay } from '../src/dhcrelay.js';
import { diffHostSnapshots, snapshotHostFiles } from '../src/host-files.js';
import { namespacePids } from '../src/ip.js';
import { type Namespace, TestNetwork } from '../src/network.js';
import { isAlive } from '../src/pids.js';

// The client wrappers' own failure paths and sandboxing, with no DHCP server at all (their
// success paths are the end-to-end scenarios in test-e2e, against a real server).

describe('DHCP client wrappers without a server', () => {
  let network: TestNetwork;
  let up: Namespace;
  let down: Namespace;
  const hostBefore = snapshotHostFiles();

  beforeAll(async () => {
    network = new TestNetwork({ tag: 'clients' });
    up = await network.addNamespace('up');
    down = await network.addNamespace('down');
    await network.link(up, 'v-up', down, 'v-down', { macB: '02:00:00:00:bb:02' });
    await up.addAddress('v-up', '2001:db8:ffff::2/64');
    await up.addAddress('v-up', '2001:db8:1::1/64');
  });
  afterAll(() => network?.destroy());

  it('dhclient that gets no answer fails with NO_LEASE within its timeout and leaves no process', async () => {
    const started = Date.now();
    const error = await Dhclient.acquire(network, {
      ns: down,
      iface: 'v-down',
      tag: 'lonely',
      timeoutSeconds: 2,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'NO_LEASE' });
    expect((error as Error).message).toMatch(/dhclient -6 -N \(lonely\) exited/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await namespacePids(down.name)).filter(isAlive)).toEqual([]);
    // its files are in the network's folder, with our script, not the stock one
    expect(readFileSync(`${network.dir}/lonely.conf`, 'utf8')).toMatch(/^timeout 2;/);
    expect(readFileSync(`${network.dir}/dhclient-script`, 'utf8')).toMatch(/touches only the interface/);
  });

  it('dhclient refuses options that cannot work', async () => {
    await expect(
      Dhclient.acquire(network, { ns: down, iface: 'v-down', tag: 'none', address: false }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      Dhclient.acquire(network, { ns: down, iface: 'v-down', tag: 'slow', timeoutSeconds: 0 }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(Dhclient.acquire(network, { ns: down, iface: 'v-down', tag: '../x' })).rejects.toMatchObject(
      {
        code: 'BAD_INPUT',
      },
    );
    expect(duidLl('02:00:00:00:BB:02')).toBe('00:03:00:01:02:00:00:00:bb:02');
    expect(() => duidLl('02:00')).toThrow(/bad MAC/);
  });

  it('dhcpcd runs in a private mount namespace: its state folders never reach the host', async () => {
    const dhcpcd = Dhcpcd.start(network, {
      ns: down,
      iface: 'v-down',
      tag: 'dhcpcd',
      iaNa: 1,
      iaPd: { iaid: 2, prefixLength: 56 },
    });
    await dhcpcd.process.waitForOutput(/soliciting a DHCPv6 lease/, 10_000);
    expect(readFileSync(`${network.dir}/dhcpcd.conf`, 'utf8')).toBe(
      'ipv6only\nnoipv6rs\nrelease\ninterface v-down\n  ia_na 1\n  ia_pd 2/::/56 -\n',
    );
    // its mounts are invisible here, and nothing it wrote landed in the host's folders
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toMatch(/nestor-dhcpcd/);
    expect(diffHostSnapshots(hostBefore, snapshotHostFiles())).toEqual([]);
    // with no lease there is nothing to release: dhcpcd exits on SIGTERM and says so
    await expect(dhcpcd.release(5_000)).rejects.toMatchObject({ code: 'COMMAND_FAILED' });
    expect(dhcpcd.process.running).toBe(false);
    expect(() => Dhcpcd.start(network, { ns: down, iface: 'v-down', tag: 'd2', iaNa: false })).toThrow(
      /ask for IA_NA, IA_PD or both/,
    );
    expect(() =>
      Dhcpcd.start(network, { ns: down, iface: 'v-down', tag: 'd3', iaPd: { iaid: 1, prefixLength: 200 } }),
    ).toThrow(/bad prefix length/);
  });

  it('dhcrelay -6 binds UDP 547 in its namespace and stops by pid', async () => {
    const relay = await Dhcrelay.start(network, {
      ns: up,
      tag: 'relay',
      lower: ['v-up'],
      upper: '2001:db8:ffff::1%v-up',
    });
    expect((await up.udpPorts()).has(547)).toBe(true);
    expect((await down.udpPorts()).has(547)).toBe(false);
    await relay.stop();
    expect(relay.process.running).toBe(false);
    await expect(
      Dhcrelay.start(network, { ns: up, tag: 'bad', lower: ['v-up'], upper: '2001:db8:ffff::1' }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      Dhcrelay.start(network, { ns: up, tag: 'bad', lower: [], upper: '2001:db8:ffff::1%v-up' }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('a relay on an interface that does not exist fails fast with its output', async () => {
    const error = await Dhcrelay.start(network, {
      ns: up,
      tag: 'nowhere',
      lower: ['v-none'],
      upper: '2001:db8:ffff::1%v-up',
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PROCESS_EXITED' });
  });
});
