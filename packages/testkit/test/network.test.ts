import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { TestkitError } from '../src/errors.js';
import { listNamespaces } from '../src/ip.js';
import { type Namespace, TestNetwork } from '../src/network.js';
import { isAlive } from '../src/pids.js';

// Real namespaces: these tests need root, as the end-to-end tests do (CI runs as root).

const UDP_LISTENER = (port: number) =>
  `const s = require("dgram").createSocket("udp6"); s.bind(${port}, "::"); setInterval(() => {}, 1000);`;

describe('TestNetwork', () => {
  const networks: TestNetwork[] = [];
  const make = (tag: string, stopGraceMs?: number) => {
    const network = new TestNetwork({ tag, stopGraceMs });
    networks.push(network);
    return network;
  };
  afterAll(async () => {
    for (const network of networks) await network.destroy();
  });

  let net: TestNetwork;
  let a: Namespace;
  let b: Namespace;

  it('makes uniquely named namespaces with DAD, RA and forwarding off', async () => {
    net = make('unit');
    a = await net.addNamespace('a');
    b = await net.addNamespace('b');
    const other = make('unit');
    expect(other.prefix).not.toBe(net.prefix);
    expect(a.name).toBe(`${net.prefix}a`);
    expect(net.prefix).toMatch(/^nst-[a-z0-9]+-[a-z0-9]+-$/);
    const names = await listNamespaces();
    expect(names).toEqual(expect.arrayContaining([a.name, b.name]));
    const value = (key: string) => a.exec(['sysctl', '-n', key]).then((s) => s.trim());
    expect(await value('net.ipv6.conf.all.accept_dad')).toBe('0');
    expect(await value('net.ipv6.conf.default.accept_ra')).toBe('0');
    expect(await value('net.ipv6.conf.all.forwarding')).toBe('0');
    await expect(net.addNamespace('a')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('links two namespaces with a veth pair whose link-locals are ready on return', async () => {
    await net.link(a, 'v-a', b, 'v-b', { macA: '02:00:00:00:aa:01', macB: '02:00:00:00:aa:02' });
    // no DAD: usable at once, never tentative
    expect(await a.linkLocal('v-a')).toBe('fe80::ff:fe00:aa01');
    expect(await b.linkLocal('v-b')).toBe('fe80::ff:fe00:aa02');
    expect((await a.exec(['sysctl', '-n', 'net.ipv6.conf.v-a.accept_dad'])).trim()).toBe('0');
    expect((await a.exec(['sysctl', '-n', 'net.ipv6.conf.v-a.accept_ra'])).trim()).toBe('0');
    await a.addAddress('v-a', '2001:db8:77::1/64');
    await b.addAddress('v-b', '2001:db8:77::2/64');
    expect(await a.globalAddresses('v-a')).toEqual(['2001:db8:77::1']);
    // traffic flows across the pair, inside the namespaces only
    await b.exec(['ping', '-6', '-c', '1', '-W', '2', '2001:db8:77::1']);
    await b.exec(['ping', '-6', '-c', '1', '-W', '2', 'fe80::ff:fe00:aa01%v-b']);
    await a.deleteAddress('v-a', '2001:db8:77::1/64');
    expect(await a.globalAddresses('v-a')).toEqual([]);
  });

  it('sees a UDP port bound inside a namespace, and only there', async () => {
    const listener = net.spawn(a, 'udp', [process.execPath, '-e', UDP_LISTENER(5547)]);
    expect(net.pids.map((p) => p.pid)).toContain(listener.pid);
    await a.waitForUdpPort(5547, 5_000, listener);
    expect((await a.udpPorts()).has(5547)).toBe(true);
    expect((await b.udpPorts()).has(5547)).toBe(false);
    await listener.stop();
    expect(listener.running).toBe(false);
  });

  it('stops waiting for a port as soon as the watched program exits', async () => {
    const quitter = net.spawn(a, 'quitter', ['sh', '-c', 'echo bye; exit 3']);
    const started = Date.now();
    const error = await a.waitForUdpPort(5999, 10_000, quitter).catch((e) => e);
    expect(error).toMatchObject({ code: 'PROCESS_EXITED' });
    expect((error as Error).message).toMatch(/quitter exited before binding it:\nbye/);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(quitter.exitStatus).toEqual({ code: 3, signal: null });
  });

  it('runs a program to its end, and stops one that outlives its bound', async () => {
    // it runs inside the namespace: v-a is there, the host's interfaces are not
    const done = await net.run(
      a,
      'hello',
      ['sh', '-c', 'echo hello; ip -o link show v-a >/dev/null && echo has v-a'],
      5_000,
    );
    expect(done).toMatchObject({ code: 0, output: 'hello\nhas v-a\n' });
    await expect(net.run(a, 'slow', ['sleep', '30'], 300)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('adopts only pids that live in its namespaces', async () => {
    expect(() => net.adopt(process.pid, 'myself')).toThrow(/not in a namespace of/);
    expect(() => net.adopt(2 ** 22 + 4321, 'ghost')).toThrow(/is not running/);
    const out = await net.run(a, 'bg', ['sh', '-c', 'sleep 60 >/dev/null 2>&1 & echo $!'], 5_000);
    const pid = Number(out.output.trim());
    net.adopt(pid, 'sleeper');
    expect(net.pids.at(-1)).toEqual({ pid, label: 'sleeper' });
  });

  it('refuses bad names, MACs, addresses and ports with BAD_INPUT', async () => {
    const bad = [
      () => net.addNamespace('Bad_Name'),
      () => net.link(a, 'an-interface-name-too-long', b, 'x'),
      () => net.link(a, 'x1', b, 'x2', { macA: '02:00:00:00:01' }),
      () => a.addAddress('v-a', '2001:db8::1'),
      () => a.waitForUdpPort(70000),
      () => Promise.resolve().then(() => new TestNetwork({ tag: 'no spaces' })),
      () => Promise.resolve().then(() => net.spawn(a, 'empty', [])),
    ];
    for (const attempt of bad) await expect(attempt()).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('destroy() stops tracked and untracked processes (KILL after a bounded TERM), deletes namespaces and files, once', async () => {
    const doomed = make('doomed', 300);
    const ns = await doomed.addNamespace('x');
    await doomed.addNamespace('y');
    // ignores SIGTERM: must be killed
    const stubborn = doomed.spawn(ns, 'stubborn', ['sh', '-c', 'trap "" TERM; while :; do sleep 0.1; done']);
    // forked into the background and never tracked: found through the namespace
    const out = await doomed.run(ns, 'orphan', ['sh', '-c', 'sleep 300 >/dev/null 2>&1 & echo $!'], 5_000);
    const orphan = Number(out.output.trim());
    expect(isAlive(stubborn.pid) && isAlive(orphan)).toBe(true);
    const started = Date.now();
    await doomed.destroy();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isAlive(stubborn.pid)).toBe(false);
    expect(isAlive(orphan)).toBe(false);
    expect((await listNamespaces()).filter((n) => n.startsWith(doomed.prefix))).toEqual([]);
    expect(existsSync(doomed.dir)).toBe(false);
    // a second call is harmless, and the network refuses new work
    await doomed.destroy();
    expect(doomed.destroyed).toBe(true);
    await expect(doomed.addNamespace('z')).rejects.toBeInstanceOf(TestkitError);
    await expect(doomed.addNamespace('z')).rejects.toMatchObject({ code: 'DESTROYED' });
  });

  it('destroy() cleans up a network whose setup failed half-way', async () => {
    const broken = make('broken');
    const ns = await broken.addNamespace('p');
    // the veth cannot be made (peer namespace missing): the namespace made before must still go
    await expect(
      broken.link(
        ns,
        'v-p',
        { name: `${broken.prefix}missing`, network: broken } as unknown as Namespace,
        'v-q',
      ),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(broken.link(ns, 'v-p', ns, 'v-p')).rejects.toMatchObject({ code: 'COMMAND_FAILED' });
    await broken.destroy();
    expect((await listNamespaces()).filter((n) => n.startsWith(broken.prefix))).toEqual([]);
  });
});
