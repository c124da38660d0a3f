/**
 * The container images and docker-compose.yml (README, "Containers"): the three images are built
 * from this checkout, the suite is started with `docker-compose up -d` on a configuration of the
 * test's own (mounted read-only as /etc/kea), and a real dhclient -6 in a network namespace,
 * joined by a veth pair to an interface in the host's namespace that the host-network kea-dhcp6
 * container serves, gets an address and a prefix. Then the operations an operator relies on:
 * the lease in the named volume, kea-shell through the containerised agent, restart and kill
 * with the lease kept and renewed, SIGHUP reload, health checks, image sizes.
 *
 * Needs dockerd (scripts/start-test-services.sh starts it without a bridge and builds the
 * stand-in base image); the test is skipped, saying why, only when dockerd cannot run here.
 * Everything it makes is removed at the end, also on failure: the compose project's containers,
 * volumes and image tags, the veth pair, the namespace, the configuration folder.
 */
import { createSocket } from 'node:dgram';
import { chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Dhclient,
  freePort,
  ipv6InPrefix,
  LEASE_TYPE,
  type Lease6Row,
  type Namespace,
  parseLease6Csv,
  repoRoot,
  runChecked,
  runToEnd,
  TestNetwork,
  waitUntil,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComposeProject, docker, dockerUnavailable } from '../src/compose.js';

// Start dockerd and the base image when CI's service script has not (both idempotent, quick when
// done); only if that fails is the test skipped.
async function prepareDocker(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'not root';
  const script = await runToEnd('bash', [join(repoRoot, 'scripts', 'container-base-image.sh')], {}, 300_000);
  if (script.code !== 0) return `scripts/container-base-image.sh failed: ${script.stdout}${script.stderr}`;
  return dockerUnavailable();
}
const unavailable = await prepareDocker();
if (unavailable !== undefined)
  console.warn(`containers.test.ts skipped: dockerd cannot run here: ${unavailable}`);

const BASE_IMAGE = 'node:20-bookworm-slim';
const SERVICES = ['kea-dhcp6', 'kea-dhcp-ddns', 'kea-ctrl-agent'] as const;
const id = Math.floor(Math.random() * 36 ** 5)
  .toString(36)
  .padStart(5, '0');
const HOST_IF = `n16h${id}`;
const CLIENT_IF = 'c0';
const SUBNET = '2001:db8:16::/64';
const PD_PREFIX = '2001:db8:1600::/40';
const TIMERS = { renew: 6, rebind: 20, preferred: 40, valid: 60 };
const TAG = `n16-${id}`;
const CLIENT_FQDN = 'n16client.example.org.';

function dhcp6Config(hostIf: string, d2Port: number, dnsServer: string): object {
  return {
    Dhcp6: {
      'interfaces-config': { interfaces: [hostIf] },
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' },
      'lease-database': { type: 'memfile', persist: true, 'lfc-interval': 3600 },
      'renew-timer': TIMERS.renew,
      'rebind-timer': TIMERS.rebind,
      'preferred-lifetime': TIMERS.preferred,
      'valid-lifetime': TIMERS.valid,
      // Wired to the containerised kea-dhcp-ddns (host network, its port): ready for when
      // kea-dhcp6 sends NameChangeRequests.
      'dhcp-ddns': { 'enable-updates': true, 'server-ip': '127.0.0.1', 'server-port': d2Port },
      subnet6: [
        {
          id: 16,
          subnet: SUBNET,
          interface: hostIf,
          pools: [{ pool: '2001:db8:16::100-2001:db8:16::1ff' }],
          'pd-pools': [{ prefix: '2001:db8:1600::', 'prefix-len': 40, 'delegated-len': 56 }],
          'option-data': [{ name: 'dns-servers', data: dnsServer }],
        },
      ],
      loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
    },
  };
}

function d2Config(port: number): object {
  return {
    DhcpDdns: {
      'ip-address': '127.0.0.1',
      port,
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'kea-ddns-ctrl-socket' },
      'tsig-keys': [],
      'forward-ddns': { 'ddns-domains': [] },
      'reverse-ddns': { 'ddns-domains': [] },
      loggers: [{ name: 'kea-dhcp-ddns', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
    },
  };
}

function agentConfig(port: number): object {
  return {
    'Control-agent': {
      'http-host': '127.0.0.1',
      'http-port': port,
      'control-sockets': {
        dhcp6: { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' },
        d2: { 'socket-type': 'unix', 'socket-name': 'kea-ddns-ctrl-socket' },
      },
      loggers: [{ name: 'kea-ctrl-agent', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
    },
  };
}

/** Writes a file the containers (user kea) can read, replacing any old one in one rename. */
function writeReadable(path: string, data: object): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o644 });
  renameSync(`${path}.tmp`, path);
}

interface Answer {
  result: number;
  text?: string;
  arguments?: Record<string, unknown>;
}

/** The addresses and prefixes of a lease6-get-all answer, sorted. */
function leaseAddresses(answer: Answer): string[] {
  return ((answer.arguments?.['leases'] ?? []) as { 'ip-address': string }[])
    .map((l) => l['ip-address'])
    .sort();
}

describe.skipIf(unavailable !== undefined)(
  'containers: images, docker-compose.yml, the suite at work',
  () => {
    const etc = mkdtempSync(join(tmpdir(), 'nestor-n16-etc-'));
    chmodSync(etc, 0o755);
    let compose: ComposeProject;
    let network: TestNetwork | undefined;
    let client: Namespace;
    let agentPort: number;
    let d2Port: number;
    let dhclient: Dhclient;
    let address: string;
    let prefix: string;
    let leaseFile: string;

    /** bin/kea-shell through the containerised agent; its printed answer, parsed. */
    async function keaShell(service: string, command: string, args = ''): Promise<Answer> {
      const shell = await runToEnd(
        join(repoRoot, 'bin', 'kea-shell'),
        ['--host', '127.0.0.1', '--port', String(agentPort), '--service', service, command],
        {},
        15_000,
        args,
      );
      if (shell.code !== 0)
        throw new Error(`kea-shell ${command} exited ${shell.code}: ${shell.stdout}${shell.stderr}`);
      const answers = JSON.parse(shell.stdout) as Answer[];
      return answers[0]!;
    }

    /** Until the service answers status-get through the agent (after a start or restart). */
    async function waitAnswering(service: string, timeoutMs = 30_000): Promise<Answer> {
      return waitUntil(
        async () => {
          const answer = await keaShell(service, 'status-get').catch(() => undefined);
          return answer?.result === 0 ? answer : undefined;
        },
        { timeoutMs, intervalMs: 250, what: `${service} answering status-get through the agent` },
      );
    }

    /** kea-dhcp-ddns's ncr-received statistic, asked through the agent. */
    async function ncrReceived(): Promise<number> {
      const answer = await keaShell('d2', 'statistic-get', '"name": "ncr-received"');
      const samples = answer.arguments?.['ncr-received'] as [number, string][] | undefined;
      return samples?.[0]?.[0] ?? 0;
    }

    function leaseRows(): Lease6Row[] {
      return parseLease6Csv(readFileSync(leaseFile, 'utf8'));
    }

    /** The client's next renewal, answered with its address, and written to the lease file after `since`. */
    async function expectRenewed(since: number): Promise<void> {
      // the client's script ran for a renewal (RENEW6), and the server wrote it: a row for each
      // lease with a client transmission time after `since`
      await dhclient.waitForRenewal(TIMERS.renew * 1000 + 10_000);
      for (const lease of [address, prefix]) {
        const row = await waitUntil(
          () => leaseRows().find((r) => r.address === lease && r.cltt >= since && r.validLifetime > 0),
          { timeoutMs: 10_000, what: `a renewal row for ${lease} in ${leaseFile}` },
        );
        expect(row.expire).toBeGreaterThan(since);
      }
      expect(dhclient.lease()?.addresses[0]?.address).toBe(address);
      expect(dhclient.lease()?.prefixes[0]?.prefix).toBe(prefix);
    }

    beforeAll(async () => {
      agentPort = await freePort();
      d2Port = await freePort();
      writeReadable(join(etc, 'kea-dhcp6.conf'), dhcp6Config(HOST_IF, d2Port, '2001:db8:16::53'));
      writeReadable(join(etc, 'kea-dhcp-ddns.conf'), d2Config(d2Port));
      writeReadable(join(etc, 'kea-ctrl-agent.conf'), agentConfig(agentPort));
      compose = new ComposeProject({
        file: join(repoRoot, 'docker-compose.yml'),
        project: `n16c${id}`,
        env: {
          NESTOR_TAG: TAG,
          NESTOR_KEA_ETC: etc,
          NESTOR_AGENT_PORT: String(agentPort),
          NESTOR_HEALTH_INTERVAL: '1s',
        },
      });

      // The link: a namespace for the client, a veth pair whose other end is in the host's
      // namespace, where the host-network kea-dhcp6 container sees it.
      network = new TestNetwork({ tag: 'n16' });
      client = await network.addNamespace('cli');
      await runChecked('ip', [
        'link',
        'add',
        HOST_IF,
        'type',
        'veth',
        'peer',
        'name',
        CLIENT_IF,
        'netns',
        client.name,
      ]);
      await runChecked('sysctl', [
        '-qw',
        `net.ipv6.conf.${HOST_IF}.accept_dad=0`,
        `net.ipv6.conf.${HOST_IF}.accept_ra=0`,
        `net.ipv6.conf.${HOST_IF}.disable_ipv6=0`,
      ]);
      await client.sysctl([
        `net.ipv6.conf.${CLIENT_IF}.accept_dad=0`,
        `net.ipv6.conf.${CLIENT_IF}.accept_ra=0`,
      ]);
      await runChecked('ip', ['link', 'set', HOST_IF, 'up']);
      await runChecked('ip', ['-n', client.name, 'link', 'set', CLIENT_IF, 'up']);
      await client.waitForLinkLocal(CLIENT_IF);
      await waitUntil(
        async () =>
          (
            await runChecked('ip', ['-6', '-o', 'addr', 'show', 'dev', HOST_IF, 'scope', 'link'])
          ).stdout.includes('fe80:'),
        { timeoutMs: 5_000, what: `a link-local address on ${HOST_IF}` },
      );

      // Build the images from this checkout (staged with production dependencies only), then up.
      const started = Date.now();
      await runChecked('node', [join(repoRoot, 'scripts', 'container-stage.mjs')], 60_000);
      await compose.run(['build'], 300_000);
      console.log(`containers: images built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await compose.run(['up', '-d', '--no-build'], 120_000);
      leaseFile = join(await compose.volumePath('kea-leases'), 'kea-leases6.csv');
      await waitAnswering('dhcp6');
      await waitAnswering('d2');
    }, 420_000);

    afterAll(async () => {
      await network?.destroy();
      // The veth goes with the namespace; this covers a failure between its creation and that.
      await runToEnd('ip', ['link', 'del', HOST_IF]).catch(() => undefined);
      if (compose !== undefined) {
        for (const service of SERVICES) {
          const logs = await compose.logs(service).catch(() => '');
          if (process.env['NESTOR_E2E_VERBOSE'] === '1') console.log(`--- ${service}\n${logs}`);
        }
        const problems = await compose.destroy();
        if (problems.length > 0) console.warn(`containers teardown: ${problems.join('\n')}`);
      }
      rmSync(etc, { recursive: true, force: true });
    }, 180_000);

    it('each image is at most 40 MB above the base image', async () => {
      const base = Number(await docker(['image', 'inspect', '-f', '{{.Size}}', BASE_IMAGE]));
      for (const service of SERVICES) {
        const size = Number(
          await docker(['image', 'inspect', '-f', '{{.Size}}', `nestor/${service}:${TAG}`]),
        );
        const above = (size - base) / 1e6;
        console.log(
          `image nestor/${service}: ${(size / 1e6).toFixed(1)} MB, ${above.toFixed(1)} MB above ${BASE_IMAGE}`,
        );
        expect(above).toBeLessThanOrEqual(40);
      }
    });

    it('kea-dhcp6 runs as user kea with CAP_NET_BIND_SERVICE and CAP_NET_RAW only; the others as kea with none', async () => {
      const KEA_UID = '990';
      const expected = { 'kea-dhcp6': 0x2400n, 'kea-dhcp-ddns': 0n, 'kea-ctrl-agent': 0n }; // bits 10 and 13
      for (const service of SERVICES) {
        const pid = await compose.inspect(service, '{{.State.Pid}}');
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const field = (name: string) => status.match(new RegExp(`^${name}:\\s+(.*)$`, 'm'))?.[1] ?? '';
        expect(field('Uid').split(/\s+/), service).toEqual([KEA_UID, KEA_UID, KEA_UID, KEA_UID]);
        expect(BigInt(`0x${field('CapEff')}`), `${service} effective capabilities`).toBe(expected[service]);
        expect(BigInt(`0x${field('CapPrm')}`), `${service} permitted capabilities`).toBe(expected[service]);
        // pid 1 of its container: docker's signals reach the daemon itself
        expect(field('NSpid').split(/\s+/).at(-1), service).toBe('1');
      }
    });

    it('dhclient -6 on the link gets an address and a prefix; the lease is in the named volume', async () => {
      dhclient = await Dhclient.acquire(network!, {
        ns: client,
        iface: CLIENT_IF,
        tag: 'n16',
        prefix: true,
        conf: `send fqdn.fqdn "${CLIENT_FQDN}";`,
      });
      const lease = dhclient.lease();
      address = lease!.addresses[0]!.address;
      prefix = lease!.prefixes[0]!.prefix;
      expect(ipv6InPrefix(address, SUBNET), address).toBe(true);
      expect(lease!.prefixes[0]!.length).toBe(56);
      expect(ipv6InPrefix(prefix, PD_PREFIX), prefix).toBe(true);
      expect(lease!.renew).toBe(TIMERS.renew);
      const rows = leaseRows();
      expect(rows.find((r) => r.address === address && r.leaseType === LEASE_TYPE.NA)?.subnetId).toBe(16);
      expect(rows.find((r) => r.address === prefix && r.leaseType === LEASE_TYPE.PD)?.prefixLen).toBe(56);
    });

    it('bin/kea-shell through the containerised agent: status-get and lease6-get-all', async () => {
      const status = await keaShell('dhcp6', 'status-get');
      expect(status.result).toBe(0);
      expect(status.arguments?.['pid']).toBe(1);
      const all = await keaShell('dhcp6', 'lease6-get-all');
      expect(all.result).toBe(0);
      const leases = (all.arguments?.['leases'] ?? []) as { 'ip-address': string; type: string }[];
      expect(leases.map((l) => `${l.type} ${l['ip-address']}`).sort()).toEqual(
        [`IA_NA ${address}`, `IA_PD ${prefix}`].sort(),
      );
      expect((await keaShell('d2', 'status-get')).result).toBe(0);
    });

    it("kea-dhcp6 sends the client's name to the containerised kea-dhcp-ddns (NCR)", async (context) => {
      // A server doing DDNS answers the Client FQDN option with its own (RFC 4704); one that
      // does not yet (Nestor before its DDNS sending side) leaves this demonstration for later.
      if (dhclient.lease()?.options['dhcp6.fqdn'] === undefined) {
        console.warn(
          'containers: kea-dhcp6 answered without a Client FQDN option (no DDNS yet): NCR test skipped',
        );
        context.skip();
      }
      await waitUntil(async () => (await ncrReceived()) >= 1, {
        timeoutMs: 10_000,
        what: "the NCR of the client's lease received by the containerised kea-dhcp-ddns",
      });
      // nothing else has sent to D2's port yet: the test's own NCR comes next
    });

    it('kea-dhcp-ddns takes NameChangeRequests on its port (host network)', async () => {
      const before = await ncrReceived();
      const ncr = JSON.stringify({
        'change-type': 0,
        'forward-change': true,
        'reverse-change': false,
        fqdn: 'n16.example.org.',
        'ip-address': '2001:db8:16::100',
        dhcid: '000201E3A0E5E6F9A2A7AE8C3E7B6E8F0A4A1B2C3D4E5F60718293A4B5C6D7E8F90A1B',
        'lease-expires-on': '20301207180000',
        'lease-length': 60,
        'use-conflict-resolution': true,
      });
      const datagram = Buffer.alloc(2 + Buffer.byteLength(ncr));
      datagram.writeUInt16BE(Buffer.byteLength(ncr), 0);
      datagram.write(ncr, 2);
      const socket = createSocket('udp4');
      await new Promise<void>((resolve, reject) =>
        socket.send(datagram, d2Port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
      socket.close();
      await waitUntil(async () => (await ncrReceived()) === before + 1, {
        timeoutMs: 10_000,
        what: `ncr-received ${before + 1} in the containerised kea-dhcp-ddns`,
      });
    });

    it('docker-compose restart kea-dhcp6: stopped gracefully, the lease is still there and the client renews it', async () => {
      const before = Math.floor(Date.now() / 1000);
      const started = Date.now();
      await compose.run(['restart', '--timeout', '20', 'kea-dhcp6'], 60_000);
      // SIGTERM, not the SIGKILL after the timeout: the daemon stopped on its own, lease file flushed
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await compose.logs('kea-dhcp6')).toContain('DHCP6_SHUTDOWN server shutdown');
      await waitAnswering('dhcp6');
      const all = await keaShell('dhcp6', 'lease6-get-all');
      expect(leaseAddresses(all)).toEqual([address, prefix].sort());
      await expectRenewed(before);
    }, 60_000);

    it('docker kill kea-dhcp6, then up -d: the lease is loaded from the volume and the client renews it', async () => {
      const before = Math.floor(Date.now() / 1000);
      await docker(['kill', await compose.requireContainer('kea-dhcp6')]);
      await compose.run(['up', '-d', '--no-build', 'kea-dhcp6'], 60_000);
      await waitAnswering('dhcp6');
      const all = await keaShell('dhcp6', 'lease6-get-all');
      expect(leaseAddresses(all)).toEqual([address, prefix].sort());
      await expectRenewed(before);
    }, 60_000);

    it('docker-compose kill -s HUP kea-dhcp6 reloads a changed configuration', async () => {
      writeReadable(join(etc, 'kea-dhcp6.conf'), dhcp6Config(HOST_IF, d2Port, '2001:db8:16::54'));
      await compose.run(['kill', '-s', 'HUP', 'kea-dhcp6'], 30_000);
      const reloaded = await waitUntil(
        async () => {
          const config = await keaShell('dhcp6', 'config-get');
          const dhcp6 = (config.arguments?.['Dhcp6'] ?? {}) as {
            subnet6?: { 'option-data': { data: string }[] }[];
          };
          return dhcp6.subnet6?.[0]?.['option-data'][0]?.data === '2001:db8:16::54' ? config : undefined;
        },
        { timeoutMs: 10_000, what: 'config-get showing the reloaded dns-servers' },
      );
      expect(reloaded.result).toBe(0);
      expect(await compose.logs('kea-dhcp6')).toContain('DHCP6_DYNAMIC_RECONFIGURATION_SUCCESS');
      // the same process: reloaded, not restarted, and its leases kept
      expect((await keaShell('dhcp6', 'lease6-get-all')).arguments?.['leases']).toHaveLength(2);
    });

    it('the health check goes unhealthy when kea-dhcp6 stops answering (SIGSTOP) and healthy again after SIGCONT', async () => {
      await waitUntil(async () => (await compose.health('kea-dhcp6')).status === 'healthy', {
        timeoutMs: 20_000,
        what: 'kea-dhcp6 healthy',
      });
      const container = await compose.requireContainer('kea-dhcp6');
      await docker(['kill', '-s', 'STOP', container]);
      try {
        const unhealthy = await waitUntil(
          async () => {
            const health = await compose.health('kea-dhcp6');
            return health.status === 'unhealthy' ? health : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 500, what: 'kea-dhcp6 unhealthy while stopped' },
        );
        expect(unhealthy.log.at(-1)).toMatch(/no answer to status-get/);
      } finally {
        await docker(['kill', '-s', 'CONT', container]);
      }
      await waitUntil(async () => (await compose.health('kea-dhcp6')).status === 'healthy', {
        timeoutMs: 20_000,
        what: 'kea-dhcp6 healthy again after SIGCONT',
      });
    }, 60_000);
  },
);
