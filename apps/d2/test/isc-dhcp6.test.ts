import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dhcidFromDuid } from '@nestor/ncr';
import {
  Dhclient,
  d2ZonesSection,
  duidLl,
  ISC_KEA_DHCP6,
  keyPerAlgorithm,
  listNamespaces,
  NamedServer,
  type Namespace,
  type NsProcess,
  sendControlCommand,
  startDhcp6Server,
  TestNetwork,
  waitUntil,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { D2_BIN } from './support/d2.js';
import { FORWARD_ZONE, REVERSE_ZONE } from './support/ddns.js';

// ISC's kea-dhcp6 2.2 sends the NCRs, as it would to ISC's D2; Nestor's D2 updates BIND. Server,
// D2 and BIND share the server namespace's loopback; each client has a namespace and link.
const haveAll = [ISC_KEA_DHCP6, '/usr/sbin/named', '/sbin/dhclient'].every((p) => existsSync(p));
const MAC1 = '02:00:00:00:d2:01';
const MAC2 = '02:00:00:00:d2:02';
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const duidBytes = (mac: string) => Uint8Array.from(Buffer.from(duidLl(mac).replace(/:/g, ''), 'hex'));

function dhcp6Config(dir: string, conflictResolution: boolean): object {
  return {
    Dhcp6: {
      'interfaces-config': { interfaces: ['srv1', 'srv2'] },
      'data-directory': dir,
      'lease-database': { type: 'memfile', persist: false },
      'server-id': { type: 'LL', htype: 1, identifier: '020000d20000', persist: false },
      'preferred-lifetime': 300,
      'valid-lifetime': 600,
      'ddns-send-updates': true,
      'ddns-override-client-update': true,
      'ddns-qualifying-suffix': 'example.com.',
      'ddns-use-conflict-resolution': conflictResolution,
      'dhcp-ddns': { 'enable-updates': true, 'server-ip': '127.0.0.1', 'server-port': 53001 },
      subnet6: [1, 2].map((n) => ({
        id: n,
        subnet: `2001:db8:1:${n}::/64`,
        interface: `srv${n}`,
        pools: [{ pool: `2001:db8:1:${n}::100 - 2001:db8:1:${n}::1ff` }],
      })),
      loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
    },
  };
}

describe.skipIf(!haveAll)('ISC kea-dhcp6 2.2 -> Nestor kea-dhcp-ddns -> BIND 9, real dhclient -6', () => {
  let network: TestNetwork;
  let srv: Namespace;
  let cli1: Namespace;
  let cli2: Namespace;
  let named: NamedServer | undefined;
  let d2: NsProcess;
  let dhcp6: NsProcess;
  const keys = keyPerAlgorithm();
  const key = keys.find((k) => k.algorithm === 'hmac-sha256')!;
  let d2Socket: string;
  let dhcp6File: string;

  const d2Section = (secret = key.secret) => ({
    'control-socket': { 'socket-type': 'unix', 'socket-name': d2Socket },
    ...d2ZonesSection(
      key,
      { zone: FORWARD_ZONE, port: named!.port },
      { zone: REVERSE_ZONE, port: named!.port, address: '::1' },
      secret,
    ),
    loggers: [
      { name: 'kea-dhcp-ddns', severity: 'DEBUG', debuglevel: 50, output_options: [{ output: 'stdout' }] },
    ],
  });
  const outcomes = () => (d2.output().match(/DHCP_DDNS_(ADD|REMOVE)_(SUCCEEDED|FAILED)/g) ?? []).length;
  const waitOutcomes = (n: number) =>
    waitUntil(() => outcomes() >= n, { timeoutMs: 15_000, what: `${n} DDNS outcomes in D2's log` });
  const stat = async (name: string) => {
    const answer = await sendControlCommand(d2Socket, 'statistic-get', { name }, 10_000);
    return (answer.arguments as Record<string, [number, string][]>)[name]?.[0]?.[0];
  };
  const acquire = (ns: Namespace, iface: string, tag: string, name: string) =>
    Dhclient.acquire(network, { ns, iface, tag, duid: 'LL', conf: `send fqdn.fqdn "${name}";` });

  beforeAll(async () => {
    network = new TestNetwork({ tag: 'd2isc' });
    srv = await network.addNamespace('srv');
    cli1 = await network.addNamespace('cli1');
    cli2 = await network.addNamespace('cli2');
    await network.link(srv, 'srv1', cli1, 'eth0', { macA: '02:00:00:00:d2:a1', macB: MAC1 });
    await network.link(srv, 'srv2', cli2, 'eth0', { macA: '02:00:00:00:d2:a2', macB: MAC2 });
    named = await NamedServer.start({ zones: [FORWARD_ZONE, REVERSE_ZONE], keys, netns: srv.name });
    d2Socket = join(network.dir, 'd2.sock');
    const d2File = join(network.dir, 'd2.json');
    writeFileSync(d2File, JSON.stringify({ DhcpDdns: d2Section() }));
    d2 = network.spawn(srv, 'd2', [D2_BIN, '-c', d2File], {
      KEA_PIDFILE_DIR: network.dir,
      KEA_CONTROL_SOCKET_DIR: network.dir,
    });
    await d2.waitForOutput(/DHCP_DDNS_STARTED/, 15_000);
    await srv.waitForUdpPort(53001, 10_000, d2);
    dhcp6File = join(network.dir, 'dhcp6.json');
    writeFileSync(dhcp6File, JSON.stringify(dhcp6Config(network.dir, true)));
    dhcp6 = await startDhcp6Server(network, srv, {
      command: { label: 'ISC Kea 2.2', argv: [ISC_KEA_DHCP6] },
      configPath: dhcp6File,
    });
  });

  afterAll(async () => {
    const prefix = network?.prefix;
    await named?.stop();
    await network?.destroy();
    if (prefix) expect((await listNamespaces()).filter((n) => n.startsWith(prefix))).toEqual([]);
  });

  let first: Dhclient;
  let firstAddress: string;

  it('a client gets a lease with an FQDN; dig shows its AAAA, PTR and the DHCID ISC computed (ours too)', async () => {
    first = await acquire(cli1, 'eth0', 'c1', 'myhost.example.com.');
    firstAddress = first.lease()!.addresses[0]!.address;
    await waitOutcomes(1);
    expect(d2.output()).toMatch(/DHCP_DDNS_ADD_SUCCEEDED/);
    expect(await named!.dig('myhost.example.com', 'AAAA')).toEqual([firstAddress]);
    expect(await named!.digReverse(firstAddress)).toEqual(['myhost.example.com.']);
    // ISC's kea-dhcp6 computed the DHCID from the client's DUID-LL; @nestor/ncr computes the same.
    const dhcid = dhcidFromDuid(duidBytes(MAC1), 'myhost.example.com.');
    expect(await named!.dig('myhost.example.com', 'DHCID')).toEqual([b64(dhcid)]);
    expect(await named!.digReverse(firstAddress, 'DHCID')).toEqual([b64(dhcid)]);
  });

  it("a second client claiming the same name gets its lease but not the name: the first one's records stay", async () => {
    const second = await acquire(cli2, 'eth0', 'c2', 'myhost.example.com.');
    expect(second.lease()!.addresses).toHaveLength(1);
    await waitOutcomes(2);
    expect(d2.output()).toMatch(/DHCP_DDNS_FORWARD_REPLACE_REJECTED/);
    expect(await named!.dig('myhost.example.com', 'AAAA')).toEqual([firstAddress]);
    expect(await named!.dig('myhost.example.com', 'DHCID')).toEqual([
      b64(dhcidFromDuid(duidBytes(MAC1), 'myhost.example.com.')),
    ]);
    await second.release();
    await waitOutcomes(3);
    expect(await named!.dig('myhost.example.com', 'AAAA')).toEqual([firstAddress]);
  });

  it('release removes the AAAA, the PTR and the DHCID', async () => {
    const before = outcomes();
    await first.release();
    await waitOutcomes(before + 1);
    expect(d2.output()).toMatch(/DHCP_DDNS_REMOVE_SUCCEEDED/);
    expect(await named!.dig('myhost.example.com', 'ANY')).toEqual([]);
    expect(await named!.digReverse(firstAddress)).toEqual([]);
  });

  it('with conflict resolution off (ddns-use-conflict-resolution false) the second client takes the name', async () => {
    writeFileSync(dhcp6File, JSON.stringify(dhcp6Config(network.dir, false)));
    dhcp6.signal('SIGHUP');
    await dhcp6.waitForOutput(
      /DHCP6_DYNAMIC_RECONFIGURATION_SUCCESS|DHCP6_CONFIG_COMPLETE[\s\S]*DHCP6_CONFIG_COMPLETE/,
      10_000,
    );
    let before = outcomes();
    const a = await acquire(cli1, 'eth0', 'c3', 'takeover.example.com.');
    await waitOutcomes(before + 1);
    before = outcomes();
    const b = await acquire(cli2, 'eth0', 'c4', 'takeover.example.com.');
    await waitOutcomes(before + 1);
    const bAddress = b.lease()!.addresses[0]!.address;
    expect(await named!.dig('takeover.example.com', 'AAAA')).toEqual([bAddress]);
    expect(await named!.dig('takeover.example.com', 'DHCID')).toEqual([
      b64(dhcidFromDuid(duidBytes(MAC2), 'takeover.example.com.')),
    ]);
    await a.stop();
    await b.stop();
  });

  it('a wrong TSIG secret: BIND refuses, D2 counts the error, the lease is still granted', async () => {
    const answer = await sendControlCommand(
      d2Socket,
      'config-set',
      { DhcpDdns: d2Section(Buffer.alloc(32, 9).toString('base64')) },
      10_000,
    );
    expect(answer.result).toBe(0);
    const errorsBefore = (await stat('update-error')) ?? 0;
    const before = outcomes();
    const client = await acquire(cli1, 'eth0', 'c5', 'badkey.example.com.');
    expect(client.lease()!.addresses).toHaveLength(1);
    await waitOutcomes(before + 1);
    expect(d2.output()).toMatch(/DHCP_DDNS_ADD_FAILED/);
    expect((await stat('update-error')) ?? 0).toBeGreaterThan(errorsBefore);
    expect(await stat(`key[${key.name}].update-error`)).toBeGreaterThan(0);
    expect(await named!.dig('badkey.example.com', 'AAAA')).toEqual([]);
    await client.stop();
  });
});
