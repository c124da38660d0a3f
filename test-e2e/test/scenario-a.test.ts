import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  comparableFromKea,
  comparableFromRow,
  Dhclient,
  Dhcpcd,
  diffHostSnapshots,
  diffLeaseSets,
  ipv6InPrefix,
  ipv6InRange,
  LEASE_TYPE,
  Lease6File,
  type Lease6Row,
  listNamespaces,
  type Namespace,
  type NsProcess,
  readLeasesWithKea,
  snapshotHostFiles,
  startDhcp6Server,
  TestNetwork,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioA as A, scenarioAConfig } from '../src/scenarios.js';
import { kea, nestor, serversFor, variantTitle } from '../src/servers.js';

// Every scenario runs against ISC Kea 2.2 (the reference) and against Nestor.
const servers = [kea, nestor];

const inPool = (address: string) => ipv6InRange(address, A.pool.first, A.pool.last);

for (const server of serversFor(servers)) {
  describe.skipIf(server.pending !== undefined)(variantTitle('scenario A (direct clients)', server), () => {
    let network: TestNetwork | undefined;
    let cli: Namespace;
    let serverProcess: NsProcess;
    let leases: Lease6File;
    const hostBefore = snapshotHostFiles();

    beforeAll(async () => {
      network = new TestNetwork({ tag: `a-${server.id}` });
      const srv = await network.addNamespace('srv');
      cli = await network.addNamespace('cli');
      await network.link(srv, A.serverIf, cli, A.clientIf, { macA: A.serverMac, macB: A.clientMac });
      const configPath = join(network.dir, 'dhcp6.json');
      writeFileSync(configPath, JSON.stringify(scenarioAConfig(network.dir), null, 2));
      leases = new Lease6File(join(network.dir, 'leases6.csv'));
      serverProcess = await startDhcp6Server(network, srv, { command: server, configPath });
    });

    afterAll(async () => {
      const prefix = network?.prefix;
      await network?.destroy();
      if (prefix) expect((await listNamespaces()).filter((n) => n.startsWith(prefix))).toEqual([]);
    });

    // state carried from step to step, as a client's life goes
    let dyn: Dhclient;
    let address: string;
    let prefix: string;
    let boundAddressRow: Lease6Row;
    let boundPrefixRow: Lease6Row;
    let dhcpcd: Dhcpcd;
    let dhcpcdAddress: string;
    let dhcpcdPrefix: string;

    it('dhclient -6 -N -P gets a pool address and a delegated /56, recorded as active leases', async () => {
      dyn = await Dhclient.acquire(network!, { ns: cli, iface: A.clientIf, tag: 'dyn', prefix: true });
      const lease = dyn.lease();
      expect(lease?.addresses).toHaveLength(1);
      expect(lease?.prefixes).toHaveLength(1);
      address = lease!.addresses[0]!.address;
      const delegated = lease!.prefixes[0]!;
      prefix = delegated.prefix;
      expect(inPool(address), `${address} in the pool`).toBe(true);
      expect(delegated.length).toBe(A.pdPool.delegatedLength);
      expect(ipv6InPrefix(prefix, A.pdPool.prefix), `${prefix} in the pd-pool`).toBe(true);
      expect(lease?.renew).toBe(A.timers.renew);
      expect(lease?.rebind).toBe(A.timers.rebind);
      // our -sf script configured the address inside the client namespace
      expect(await cli.globalAddresses(A.clientIf)).toContain(address);
      expect(dyn.events().some((e) => e.vars['new_ip6_prefix'] === `${prefix}/${delegated.length}`)).toBe(
        true,
      );

      const duid = dyn.duid()!;
      expect(duid.startsWith('00:01:00:01:'), `default DUID-LLT, got ${duid}`).toBe(true);
      boundAddressRow = await leases.waitFor(
        (f) => (f.isActive(address) ? f.last(address) : undefined),
        'active IA_NA',
      );
      boundPrefixRow = await leases.waitFor(
        (f) => (f.isActive(prefix) ? f.last(prefix) : undefined),
        'active IA_PD',
      );
      expect(boundAddressRow).toMatchObject({
        leaseType: LEASE_TYPE.NA,
        prefixLen: 128,
        duid,
        subnetId: 1,
        validLifetime: A.timers.valid,
        prefLifetime: A.timers.preferred,
      });
      expect(boundPrefixRow).toMatchObject({
        leaseType: LEASE_TYPE.PD,
        prefixLen: A.pdPool.delegatedLength,
        duid,
        subnetId: 1,
        validLifetime: A.timers.valid,
      });
      expect(boundAddressRow.expire - boundAddressRow.validLifetime).toBeGreaterThan(Date.now() / 1000 - 60);
    });

    it('renews at T1: the lease file gets renewal rows with a later expire for address and prefix', async () => {
      // T1 is a few seconds: the bound daemon sends Renew on its own
      const renewal = await dyn.waitForRenewal(A.timers.renew * 1000 + 7_000);
      expect(renewal.vars['new_ip6_address'] ?? renewal.vars['new_ip6_prefix']).toBeDefined();
      const renewedAddress = await leases.waitFor(
        (f) => f.history(address).find((r) => r.expire > boundAddressRow.expire),
        `a renewal row for ${address}`,
      );
      const renewedPrefix = await leases.waitFor(
        (f) => f.history(prefix).find((r) => r.expire > boundPrefixRow.expire),
        `a renewal row for ${prefix}`,
      );
      for (const [renewed, bound] of [
        [renewedAddress, boundAddressRow],
        [renewedPrefix, boundPrefixRow],
      ] as const) {
        expect(renewed.line).toBeGreaterThan(bound.line);
        expect(renewed).toMatchObject({
          duid: bound.duid,
          iaid: bound.iaid,
          validLifetime: A.timers.valid,
          state: 0,
        });
      }
      expect(await cli.globalAddresses(A.clientIf)).toContain(address);
    });

    it('releases: the address leaves the interface and the lease file shows each step ending in a release', async () => {
      await dyn.release();
      expect(await cli.globalAddresses(A.clientIf)).not.toContain(address);
      await leases.waitFor(
        (f) => f.isReleased(address) && f.isReleased(prefix),
        `release rows for ${address} and ${prefix}`,
      );
      for (const lease of [address, prefix]) {
        const history = leases.history(lease);
        // allocation, at least one renewal with a later expire, then the release (valid 0)
        expect(history.length).toBeGreaterThanOrEqual(3);
        expect(history[0]!.validLifetime).toBe(A.timers.valid);
        expect(history.slice(1, -1).some((r) => r.expire > history[0]!.expire)).toBe(true);
        expect(history.at(-1)).toMatchObject({ validLifetime: 0, duid: history[0]!.duid });
      }
    });

    it('the reserved client (DUID-LL) gets its reserved address and prefix, and releases them', async () => {
      const res = await Dhclient.acquire(network!, {
        ns: cli,
        iface: A.clientIf,
        tag: 'res',
        prefix: true,
        duid: 'LL',
      });
      expect(res.duid()).toBe(A.reservation.duid);
      const lease = res.lease();
      expect(lease?.addresses.map((a) => a.address)).toEqual([A.reservation.address]);
      expect(lease?.prefixes.map((p) => `${p.prefix}/${p.length}`)).toEqual([
        `${A.reservation.prefix}/${A.reservation.prefixLength}`,
      ]);
      expect(await cli.globalAddresses(A.clientIf)).toContain(A.reservation.address);
      await leases.waitFor(
        (f) => f.isActive(A.reservation.address) && f.isActive(A.reservation.prefix),
        'reserved leases',
      );
      expect(leases.last(A.reservation.address)).toMatchObject({
        duid: A.reservation.duid,
        leaseType: LEASE_TYPE.NA,
      });
      expect(leases.last(A.reservation.prefix)).toMatchObject({
        duid: A.reservation.duid,
        leaseType: LEASE_TYPE.PD,
        prefixLen: A.reservation.prefixLength,
      });
      await res.release();
      await leases.waitFor(
        (f) => f.isReleased(A.reservation.address) && f.isReleased(A.reservation.prefix),
        'reserved leases released',
      );
    });

    it('dhcpcd gets a pool address and a delegated /56, recorded with its IAIDs', async () => {
      dhcpcd = Dhcpcd.start(network!, {
        ns: cli,
        iface: A.clientIf,
        tag: 'dhcpcd',
        iaNa: 11,
        iaPd: { iaid: 12, prefixLength: A.pdPool.delegatedLength },
      });
      dhcpcdAddress = await dhcpcd.waitForAddress(inPool, 20_000);
      const delegated = await dhcpcd.waitForDelegatedPrefix(10_000);
      dhcpcdPrefix = delegated.prefix;
      expect(delegated.length).toBe(A.pdPool.delegatedLength);
      expect(ipv6InPrefix(dhcpcdPrefix, A.pdPool.prefix)).toBe(true);
      await leases.waitFor((f) => f.isActive(dhcpcdAddress) && f.isActive(dhcpcdPrefix), 'dhcpcd leases');
      expect(leases.last(dhcpcdAddress)).toMatchObject({ iaid: 11, leaseType: LEASE_TYPE.NA });
      expect(leases.last(dhcpcdPrefix)).toMatchObject({ iaid: 12, leaseType: LEASE_TYPE.PD, prefixLen: 56 });
    });

    it('ISC Kea loads the lease file the server wrote and serves the same leases', async () => {
      const expected = leases.effective().map(comparableFromRow);
      expect(expected.map((l) => l.address).sort()).toEqual([dhcpcdAddress, dhcpcdPrefix].sort());
      const reading = await readLeasesWithKea({ leaseFile: leases.path });
      expect(diffLeaseSets(expected, reading.leases.map(comparableFromKea))).toEqual([]);
    });

    it('dhcpcd releases on SIGTERM ("release" in its conf)', async () => {
      await dhcpcd.release();
      await leases.waitFor(
        (f) => f.isReleased(dhcpcdAddress) && f.isReleased(dhcpcdPrefix),
        'dhcpcd release rows',
      );
      expect(await cli.globalAddresses(A.clientIf)).not.toContain(dhcpcdAddress);
    });

    it('the server is still running and no host file was touched', () => {
      expect(serverProcess.running).toBe(true);
      expect(diffHostSnapshots(hostBefore, snapshotHostFiles())).toEqual([]);
    });
  });
}
