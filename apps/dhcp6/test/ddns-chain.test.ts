/**
 * DDNS end to end with real components: Nestor's kea-dhcp6 sends its NCRs to a kea-dhcp-ddns
 * (ISC's 2.2, then Nestor's own), which updates BIND 9 (authoritative for example.com and its
 * ip6.arpa zone, updates only with a TSIG key). A real `dhclient -6` in a namespace sends a fully
 * qualified name; a raw client in another sends a partial one, qualified by the server. dig
 * shows the AAAA, PTR and DHCID records; a release removes them. One subnet sets Kea 2.6's
 * ddns-conflict-resolution-mode, so the NCRs carry both conflict members.
 *
 * Needs root, /usr/sbin/kea-dhcp-ddns, named and dhclient; skipped, loudly, otherwise.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageType } from '@nestor/codec';
import { dhcidFromDuid } from '@nestor/ncr';
import {
  binPath,
  Dhclient,
  d2ZonesSection,
  duidLl,
  keyPerAlgorithm,
  listNamespaces,
  type NamedKey,
  NamedServer,
  type Namespace,
  type NsProcess,
  startDhcp6Server,
  TestNetwork,
  waitUntil,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { granted, innerReply, packetOf } from './support/class-packets.js';
import { duid } from './support/class-scenario.js';
import { rawExchange } from './support/raw-exchange.js';

const ISC_D2 = '/usr/sbin/kea-dhcp-ddns';
const haveAll =
  [ISC_D2, '/usr/sbin/named', '/sbin/dhclient'].every((p) => existsSync(p)) && process.getuid?.() === 0;
if (!haveAll) console.warn('ddns-chain: skipped (needs root, kea-dhcp-ddns, named, dhclient)');

const FORWARD_ZONE = 'example.com.';
const REVERSE_ZONE = '8.b.d.0.1.0.0.2.ip6.arpa.';
const MAC1 = '02:00:00:00:12:01';
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const duidOfMac = (mac: string) => Uint8Array.from(Buffer.from(duidLl(mac).replace(/:/g, ''), 'hex'));

function dhcp6Config(dir: string): object {
  return {
    Dhcp6: {
      'interfaces-config': { interfaces: ['srv1', 'srv2'] },
      'data-directory': dir,
      'lease-database': { type: 'memfile', persist: false },
      'server-id': { type: 'LL', htype: 1, identifier: '020000120000', persist: false },
      'preferred-lifetime': 300,
      'valid-lifetime': 600,
      'ddns-override-client-update': true,
      'ddns-qualifying-suffix': 'example.com.',
      'dhcp-ddns': { 'enable-updates': true, 'server-ip': '127.0.0.1', 'server-port': 53001 },
      subnet6: [1, 2].map((n) => ({
        id: n,
        subnet: `2001:db8:1:${n}::/64`,
        interface: `srv${n}`,
        pools: [{ pool: `2001:db8:1:${n}::100 - 2001:db8:1:${n}::1ff` }],
        // Beyond Kea 2.2: with a mode configured the NCRs carry Kea 2.6's member beside the
        // boolean; both D2s (ISC's 2.2 reads the boolean) must take them.
        ...(n === 2 ? { 'ddns-conflict-resolution-mode': 'check-with-dhcid' } : {}),
      })),
      loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
    },
  };
}

function d2Config(key: NamedKey, dnsPort: number): object {
  return {
    DhcpDdns: {
      'ip-address': '127.0.0.1',
      port: 53001,
      ...d2ZonesSection(key, { zone: FORWARD_ZONE, port: dnsPort }, { zone: REVERSE_ZONE, port: dnsPort }),
      loggers: [{ name: 'kea-dhcp-ddns', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
    },
  };
}

const D2S = [
  { label: "ISC's kea-dhcp-ddns 2.2", argv: [ISC_D2], tag: 'iscd2' },
  { label: "Nestor's kea-dhcp-ddns", argv: [binPath('kea-dhcp-ddns')], tag: 'nstd2' },
];

describe.skipIf(!haveAll).each(D2S)('Nestor kea-dhcp6 -> $label -> BIND 9 with TSIG', (which) => {
  let network: TestNetwork;
  let srv: Namespace;
  let cli1: Namespace;
  let cli2: Namespace;
  let named: NamedServer | undefined;
  let d2: NsProcess;
  const keys = keyPerAlgorithm();
  const key = keys.find((k) => k.algorithm === 'hmac-sha256')!;
  const outcomes = () => (d2.output().match(/DHCP_DDNS_(ADD|REMOVE)_(SUCCEEDED|FAILED)/g) ?? []).length;
  const waitOutcomes = (n: number) =>
    waitUntil(() => outcomes() >= n, { timeoutMs: 15_000, what: `${n} DDNS outcomes in D2's log` });

  /** Raw client messages from cli2 (port 546 to ff02::1:2 on eth0); the replies. */
  const exchange = (packets: Uint8Array[]) =>
    rawExchange(network, cli2, packets, { iface: 'eth0', waitMs: 500, timeoutMs: 20_000 });

  beforeAll(async () => {
    network = new TestNetwork({ tag: `n12${which.tag}` });
    srv = await network.addNamespace('srv');
    cli1 = await network.addNamespace('cli1');
    cli2 = await network.addNamespace('cli2');
    await network.link(srv, 'srv1', cli1, 'eth0', { macA: '02:00:00:00:12:a1', macB: MAC1 });
    await network.link(srv, 'srv2', cli2, 'eth0', { macA: '02:00:00:00:12:a2', macB: '02:00:00:00:12:02' });
    named = await NamedServer.start({ zones: [FORWARD_ZONE, REVERSE_ZONE], keys, netns: srv.name });
    const d2File = join(network.dir, 'd2.json');
    writeFileSync(d2File, JSON.stringify(d2Config(key, named.port)));
    d2 = network.spawn(srv, 'd2', [...which.argv, '-c', d2File], {
      KEA_PIDFILE_DIR: network.dir,
      KEA_LOCKFILE_DIR: network.dir,
      KEA_CONTROL_SOCKET_DIR: network.dir,
    });
    await d2.waitForOutput(/DHCP_DDNS_STARTED/, 15_000);
    await srv.waitForUdpPort(53001, 10_000, d2);
    const dhcp6File = join(network.dir, 'dhcp6.json');
    writeFileSync(dhcp6File, JSON.stringify(dhcp6Config(network.dir)));
    await startDhcp6Server(network, srv, {
      command: { label: 'Nestor kea-dhcp6', argv: [binPath('kea-dhcp6')] },
      configPath: dhcp6File,
    });
  }, 60_000);

  afterAll(async () => {
    const prefix = network?.prefix;
    await named?.stop();
    await network?.destroy();
    if (prefix) expect((await listNamespaces()).filter((n) => n.startsWith(prefix))).toEqual([]);
  });

  it('dhclient -6 with a fully qualified name: AAAA, PTR and DHCID in BIND; release removes them', async () => {
    const client = await Dhclient.acquire(network, {
      ns: cli1,
      iface: 'eth0',
      tag: 'c1',
      duid: 'LL',
      conf: 'send fqdn.fqdn "dhclient-host.example.com.";',
    });
    const address = client.lease()!.addresses[0]!.address;
    await waitOutcomes(1);
    expect(await named!.dig('dhclient-host.example.com', 'AAAA')).toEqual([address]);
    expect(await named!.digReverse(address)).toEqual(['dhclient-host.example.com.']);
    const dhcid = b64(dhcidFromDuid(duidOfMac(MAC1), 'dhclient-host.example.com.'));
    expect(await named!.dig('dhclient-host.example.com', 'DHCID')).toEqual([dhcid]);
    await client.release();
    await waitOutcomes(2);
    expect(d2.output()).toMatch(/DHCP_DDNS_REMOVE_SUCCEEDED/);
    expect(await named!.dig('dhclient-host.example.com', 'ANY')).toEqual([]);
    expect(await named!.digReverse(address)).toEqual([]);
  }, 60_000);

  it('a raw client with a partial name gets it qualified with the suffix, in DNS until it releases', async () => {
    const me = duid(0x1201);
    const fqdn = { flags: 0x01, name: 'rawhost' };
    const [advertise] = await exchange([
      packetOf({ type: MessageType.SOLICIT, tid: 0x1201, client: { duid: me }, iaNa: [{ iaid: 1 }], fqdn }),
    ]);
    const offer = innerReply(advertise!);
    const serverId = offer.options.find((o) => o.code === 2);
    const serverIdData = serverId?.kind === 'raw' ? serverId.data : undefined;
    const base = { client: { duid: me }, ...(serverIdData ? { serverId: serverIdData } : {}), fqdn };
    const [reply] = await exchange([
      packetOf({
        type: MessageType.REQUEST,
        tid: 0x1202,
        ...base,
        iaNa: [{ iaid: 1, hints: granted(offer).na }],
      }),
    ]);
    const answer = innerReply(reply!);
    const address = granted(answer).na[0]!;
    const option = answer.options.find((o) => o.code === 39);
    expect(option?.kind === 'client_fqdn' ? option.name : undefined).toBe('rawhost.example.com.');
    await waitUntil(async () => (await named!.dig('rawhost.example.com', 'AAAA')).length > 0, {
      timeoutMs: 15_000,
      what: 'rawhost.example.com AAAA',
    });
    expect(await named!.dig('rawhost.example.com', 'AAAA')).toEqual([address]);
    expect(await named!.digReverse(address)).toEqual(['rawhost.example.com.']);
    expect(await named!.dig('rawhost.example.com', 'DHCID')).toEqual([
      b64(dhcidFromDuid(me, 'rawhost.example.com.')),
    ]);
    await exchange([
      packetOf({ type: MessageType.RELEASE, tid: 0x1203, ...base, iaNa: [{ iaid: 1, hints: [address] }] }),
    ]);
    await waitUntil(async () => (await named!.dig('rawhost.example.com', 'ANY')).length === 0, {
      timeoutMs: 15_000,
      what: 'rawhost.example.com removed',
    });
    expect(await named!.digReverse(address)).toEqual([]);
  }, 60_000);
});
