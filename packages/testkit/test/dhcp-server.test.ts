import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISC_KEA_DHCP6, parseServerCommand, startDhcp6Server } from '../src/dhcp-server.js';
import { type Namespace, TestNetwork } from '../src/network.js';
import { repoRoot } from '../src/process.js';

describe('parseServerCommand', () => {
  it('splits words, takes relative paths from the repository root, keeps absolute ones and names', () => {
    expect(parseServerCommand('  bin/kea-dhcp6   -d ')).toEqual({
      label: join(repoRoot, 'bin/kea-dhcp6'),
      argv: [join(repoRoot, 'bin/kea-dhcp6'), '-d'],
    });
    expect(parseServerCommand('/usr/sbin/kea-dhcp6', 'ISC')).toEqual({
      label: 'ISC',
      argv: ['/usr/sbin/kea-dhcp6'],
    });
    expect(parseServerCommand('node').argv).toEqual(['node']);
    expect(() => parseServerCommand('   ')).toThrow(/empty server command/);
  });
});

describe('startDhcp6Server', () => {
  let network: TestNetwork;
  let srv: Namespace;

  beforeAll(async () => {
    network = new TestNetwork({ tag: 'server' });
    srv = await network.addNamespace('srv');
    const cli = await network.addNamespace('cli');
    await network.link(srv, 'v-srv', cli, 'v-cli');
  });
  afterAll(() => network?.destroy());

  const writeConfig = (name: string, dhcp6: object) => {
    const path = join(network.dir, name);
    writeFileSync(path, JSON.stringify({ Dhcp6: dhcp6 }));
    return path;
  };

  it('starts ISC kea-dhcp6 in the namespace, pid and lock files in the work folder, and sees it bound', async () => {
    const configPath = writeConfig('ok.json', {
      'interfaces-config': { interfaces: ['v-srv'] },
      'data-directory': network.dir,
      'lease-database': { type: 'memfile', persist: false },
      subnet6: [
        { id: 1, subnet: '2001:db8:1::/64', interface: 'v-srv', pools: [{ pool: '2001:db8:1::/80' }] },
      ],
      loggers: [{ name: 'kea-dhcp6', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
    });
    const server = await startDhcp6Server(network, srv, {
      command: { label: 'ISC', argv: [ISC_KEA_DHCP6] },
      configPath,
    });
    expect(server.running).toBe(true);
    expect((await srv.udpPorts()).has(547)).toBe(true);
    await server.waitForOutput(/DHCP6_STARTED/, 5_000);
    expect(network.pids.map((p) => p.pid)).toContain(server.pid);
    await server.stop();
  });

  it('fails with the output of a server that exits (a bad config), fast', async () => {
    const configPath = writeConfig('bad.json', { 'valid-lifetime': 'forever' });
    const started = Date.now();
    const error = await startDhcp6Server(network, srv, {
      command: { label: 'ISC Kea', argv: [ISC_KEA_DHCP6] },
      configPath,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PROCESS_EXITED' });
    expect((error as Error).message).toMatch(/^ISC Kea did not start/);
    expect((error as Error).message).toMatch(/DHCP6_CONFIG_LOAD_FAIL .*expecting integer/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('waits for the control socket as well when one is named: servers bind UDP before opening it', async () => {
    const socket = join(network.dir, 'late.sock');
    // Binds 547 at once and makes the "socket" file 600 ms later.
    const late = [
      'import socket, sys, time',
      's = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::", 547))',
      'time.sleep(0.6); open(sys.argv[1], "w").close(); time.sleep(30)',
    ].join('\n');
    const server = await startDhcp6Server(network, srv, {
      command: { label: 'late', argv: ['python3', '-c', late, socket] },
      configPath: '/nonexistent.json',
      controlSocket: socket,
    });
    expect(existsSync(socket)).toBe(true);
    await server.stop();
  });

  it('fails, and stops it, when a server never binds within the bound', async () => {
    const error = await startDhcp6Server(network, srv, {
      command: { label: 'mute', argv: ['sh', '-c', 'echo "-c given: $1 $2"; sleep 30', 'sh'] },
      configPath: '/nonexistent.json',
      timeoutMs: 500,
    }).catch((e) => e);
    expect((error as Error).message).toMatch(
      /mute did not start: timed out after 500 ms waiting for UDP port 547/,
    );
    expect((error as Error).message).toMatch(/-c given: -c \/nonexistent.json/);
    const mute = network.programs.at(-1)!;
    expect(mute.running).toBe(false);
  });
});
