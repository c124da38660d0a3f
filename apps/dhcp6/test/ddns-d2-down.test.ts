/**
 * DDNS never holds a lease back: Nestor's kea-dhcp6 (a process in a namespace) with dhcp-ddns
 * on, and no kea-dhcp-ddns where it sends (port closed), or no route to it at all, or a send
 * queue of one request: every client still gets its lease in the same exchange, and what
 * became of the requests is counted (ncr-sent, ncr-send-error, ncr-dropped) and logged.
 *
 * Needs root (network namespaces); skipped, loudly, otherwise.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageType } from '@nestor/codec';
import { sendUnixCommand } from '@nestor/control';
import {
  binPath,
  listNamespaces,
  type Namespace,
  type NsProcess,
  startDhcp6Server,
  TestNetwork,
  waitUntil,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExchangeSpec, granted, innerReply, packetOf } from './support/class-packets.js';
import { duid } from './support/class-scenario.js';
import { rawExchange } from './support/raw-exchange.js';

const root = process.getuid?.() === 0;
if (!root) console.warn('ddns-d2-down: skipped (needs root)');

const CLIENTS = 40;

function dhcp6(dir: string, ddns: Record<string, unknown>): Record<string, unknown> {
  return {
    'interfaces-config': { interfaces: ['srv0'] },
    'data-directory': dir,
    'lease-database': { type: 'memfile', persist: false },
    'server-id': { type: 'LL', htype: 1, identifier: '020000120d0d', persist: false },
    'control-socket': { 'socket-type': 'unix', 'socket-name': join(dir, 'ctrl.sock') },
    'ddns-qualifying-suffix': 'example.com.',
    'dhcp-ddns': { 'enable-updates': true, ...ddns },
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        interface: 'srv0',
        pools: [{ pool: '2001:db8:1::100-2001:db8:1::fff' }],
      },
    ],
    loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
  };
}

describe.skipIf(!root)('DDNS with kea-dhcp-ddns unreachable: leases go out regardless', () => {
  let network: TestNetwork;
  let srv: Namespace;
  let cli: Namespace;
  let server: NsProcess;
  let socket: string;
  let tid = 0x5000;

  const command = (name: string, args?: Record<string, unknown>) =>
    sendUnixCommand(socket, args ? { command: name, arguments: args as never } : { command: name }, {
      timeoutMs: 10_000,
    });
  const stat = async (name: string): Promise<number> => {
    const answer = await command('statistic-get', { name });
    return Number((answer.arguments as Record<string, [number, string][]>)[name]?.[0]?.[0] ?? 0);
  };

  /** Sends the messages one after the other from the client namespace; the replies. */
  const exchange = (specs: ExchangeSpec[]) =>
    rawExchange(
      network,
      cli,
      specs.map((s) => packetOf(s)),
      { iface: 'c0', waitMs: 500, timeoutMs: 60_000 },
    );

  /** SOLICIT with rapid commit? No: REQUEST straight away for `n` clients, each with its name. */
  async function leaseMany(first: number, count: number, name: (n: number) => string) {
    const serverId = await serverDuid();
    const specs = Array.from({ length: count }, (_, i) => ({
      type: MessageType.REQUEST,
      tid: ++tid,
      client: { duid: duid(first + i) },
      serverId,
      iaNa: [{ iaid: 1 }],
      fqdn: { flags: 0x01, name: name(first + i) },
    }));
    return (await exchange(specs)).map((r) => (r ? granted(innerReply(r)).na : []));
  }

  let serverIdData: Uint8Array | undefined;
  async function serverDuid(): Promise<Uint8Array> {
    if (serverIdData) return serverIdData;
    const [advertise] = await exchange([
      { type: MessageType.SOLICIT, tid: ++tid, client: { duid: duid(0x5fff) }, iaNa: [{ iaid: 1 }] },
    ]);
    const option = innerReply(advertise!).options.find((o) => o.code === 2);
    if (option?.kind !== 'raw') throw new Error('no server-id');
    serverIdData = option.data;
    return serverIdData;
  }

  async function configure(ddns: Record<string, unknown>): Promise<void> {
    const answer = await command('config-set', { Dhcp6: dhcp6(network.dir, ddns) });
    expect(answer.result, answer.text).toBe(0);
  }

  beforeAll(async () => {
    network = new TestNetwork({ tag: 'n12down' });
    srv = await network.addNamespace('srv');
    cli = await network.addNamespace('cli');
    await network.link(cli, 'c0', srv, 'srv0');
    socket = join(network.dir, 'ctrl.sock');
    const file = join(network.dir, 'dhcp6.json');
    writeFileSync(file, JSON.stringify({ Dhcp6: dhcp6(network.dir, { 'server-port': 53001 }) }));
    server = await startDhcp6Server(network, srv, {
      command: { label: 'Nestor kea-dhcp6', argv: [binPath('kea-dhcp6')] },
      configPath: file,
      controlSocket: join(network.dir, 'ctrl.sock'),
    });
  }, 30_000);

  afterAll(async () => {
    const prefix = network?.prefix;
    await network?.destroy();
    if (prefix) expect((await listNamespaces()).filter((n) => n.startsWith(prefix))).toEqual([]);
  });

  it(`port closed (no kea-dhcp-ddns): all ${CLIENTS} clients get their lease, every NCR leaves`, async () => {
    const started = Date.now();
    const leases = await leaseMany(0x5000, CLIENTS, (n) => `closed-${n}`);
    const elapsed = Date.now() - started;
    expect(leases.filter((l) => l.length === 1)).toHaveLength(CLIENTS);
    await waitUntil(async () => (await stat('ncr-sent')) >= CLIENTS, { timeoutMs: 5_000, what: 'ncr-sent' });
    expect(await stat('ncr-sent')).toBe(CLIENTS);
    expect(await stat('ncr-dropped')).toBe(0);
    console.log(`ddns-d2-down: ${CLIENTS} REQUESTs answered in ${elapsed} ms with D2's port closed`);
  });

  it('no route to kea-dhcp-ddns: the sends fail and are counted, the leases still go out', async () => {
    await configure({ 'server-ip': '2001:db8:dead::1', 'server-port': 53001 });
    const before = await stat('ncr-send-error');
    const leases = await leaseMany(0x5100, 10, (n) => `unrouted-${n}`);
    expect(leases.filter((l) => l.length === 1)).toHaveLength(10);
    await waitUntil(async () => (await stat('ncr-send-error')) >= before + 10, {
      timeoutMs: 5_000,
      what: 'ncr-send-error',
    });
    expect(server.output()).toMatch(/DHCP_DDNS_NCR_UDP_SEND_ERROR/);
  });

  it('a queue of one request: the second request of an exchange is dropped, counted and logged; the lease is renewed', async () => {
    await configure({ 'server-port': 53001, 'max-queue-size': 1 });
    const [address] = (await leaseMany(0x5200, 1, () => 'before'))[0]!;
    const dropped = await stat('ncr-dropped');
    // A new name on RENEW: a removal of the old one and an add of the new, queued together.
    const [reply] = await exchange([
      {
        type: MessageType.RENEW,
        tid: ++tid,
        client: { duid: duid(0x5200) },
        serverId: await serverDuid(),
        iaNa: [{ iaid: 1, hints: [address!] }],
        fqdn: { flags: 0x01, name: 'after' },
      },
    ]);
    expect(granted(innerReply(reply!)).na).toEqual([address]);
    expect(await stat('ncr-dropped')).toBe(dropped + 1);
    expect(server.output()).toMatch(
      /DHCPSRV_DHCP_DDNS_NCR_REJECTED.*send queue has reached maximum capacity: 1/,
    );
  });
});
