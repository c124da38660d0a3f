import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Dhclient,
  Dhcrelay,
  diffHostSnapshots,
  ipv6InRange,
  Lease6File,
  listNamespaces,
  type Namespace,
  type NsProcess,
  snapshotHostFiles,
  startDhcp6Server,
  TestNetwork,
} from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioB as B, scenarioBConfig } from '../src/scenarios.js';
import { kea, nestor, serversFor, variantTitle } from '../src/servers.js';

// Every scenario runs against ISC Kea 2.2 (the reference) and against Nestor.
const servers = [kea, nestor];

const [subnet1, subnet2] = B.subnets;

for (const server of serversFor(servers)) {
  describe.skipIf(server.pending !== undefined)(
    variantTitle('scenario B (client behind dhcrelay -6)', server),
    () => {
      let network: TestNetwork | undefined;
      let rly: Namespace;
      let cli: Namespace;
      let serverProcess: NsProcess;
      let leases: Lease6File;
      const hostBefore = snapshotHostFiles();

      beforeAll(async () => {
        network = new TestNetwork({ tag: `b-${server.id}` });
        const srv = await network.addNamespace('srv');
        rly = await network.addNamespace('rly');
        cli = await network.addNamespace('cli');
        await network.link(srv, B.serverIf, rly, B.relayUpIf);
        await network.link(rly, B.relayDownIf, cli, B.clientIf);
        // the relay reaches the server by unicast on the upstream link; its address on the
        // client-facing link is the link-address the server selects the subnet by
        await srv.addAddress(B.serverIf, `${B.serverAddress}/64`);
        await rly.addAddress(B.relayUpIf, `${B.relayUpAddress}/64`);
        await rly.addAddress(B.relayDownIf, `${subnet1.relayAddress}/64`);
        const configPath = join(network.dir, 'dhcp6.json');
        writeFileSync(configPath, JSON.stringify(scenarioBConfig(network.dir), null, 2));
        leases = new Lease6File(join(network.dir, 'leases6.csv'));
        serverProcess = await startDhcp6Server(network, srv, { command: server, configPath });
      });

      afterAll(async () => {
        const prefix = network?.prefix;
        await network?.destroy();
        if (prefix) expect((await listNamespaces()).filter((n) => n.startsWith(prefix))).toEqual([]);
      });

      const relayTo = (tag: string) =>
        Dhcrelay.start(network!, {
          ns: rly,
          tag,
          lower: [B.relayDownIf],
          upper: `${B.serverAddress}%${B.relayUpIf}`,
        });

      let relay: Dhcrelay;

      it('with the relay on 2001:db8:1::1 the client gets an address from subnet 1, and releases it through the relay', async () => {
        relay = await relayTo('relay1');
        const client = await Dhclient.acquire(network!, { ns: cli, iface: B.clientIf, tag: 'c1' });
        const address = client.lease()!.addresses[0]!.address;
        expect(ipv6InRange(address, subnet1.first, subnet1.last), `${address} in subnet 1's pool`).toBe(true);
        expect(await cli.globalAddresses(B.clientIf)).toContain(address);
        await leases.waitFor((f) => f.isActive(address), `active lease for ${address}`);
        expect(leases.last(address)).toMatchObject({ subnetId: subnet1.id, duid: client.duid() });
        // the exchange really went through the relay, both ways
        expect(relay.output()).toMatch(/Relaying Solicit from fe80::\S+ .*going up/);
        expect(relay.output()).toMatch(/Relaying Reply to fe80::\S+ .*down/);
        await client.release();
        await leases.waitFor((f) => f.isReleased(address), `release row for ${address}`);
      });

      it('after the relay moves to 2001:db8:2::1 a new client gets an address from subnet 2', async () => {
        await relay.stop();
        await rly.deleteAddress(B.relayDownIf, `${subnet1.relayAddress}/64`);
        await rly.addAddress(B.relayDownIf, `${subnet2.relayAddress}/64`);
        relay = await relayTo('relay2');
        // a fresh tag means a fresh lease file, hence a new DUID: a new client, not a returning one
        const client = await Dhclient.acquire(network!, { ns: cli, iface: B.clientIf, tag: 'c2' });
        const address = client.lease()!.addresses[0]!.address;
        expect(ipv6InRange(address, subnet2.first, subnet2.last), `${address} in subnet 2's pool`).toBe(true);
        await leases.waitFor((f) => f.isActive(address), `active lease for ${address}`);
        expect(leases.last(address)).toMatchObject({ subnetId: subnet2.id, duid: client.duid() });
        await client.release();
        await leases.waitFor((f) => f.isReleased(address), `release row for ${address}`);
      });

      it('the server is still running and no host file was touched', () => {
        expect(serverProcess.running).toBe(true);
        expect(diffHostSnapshots(hostBefore, snapshotHostFiles())).toEqual([]);
      });
    },
  );
}
