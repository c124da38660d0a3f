/**
 * bin/kea-dhcp6 started on a lease file whose last row a crash cut short: the torn row is counted
 * and logged (DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR) and ended (DHCPSRV_MEMFILE_LEASE_FILE_TORN_ROW),
 * so the first lease granted after the restart is still there after the next one (ISC Kea 2.2
 * appends it to the torn row and loses it then).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  duidOf,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';
import { TidClient } from './support/tid-client.js';

const HEADER =
  'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source';
const WHOLE = '2001:db8:1::10,00:01:02:03,4000,1900000000,1,3000,0,1,128,0,0,,,0,,1,0';
const TORN = '2001:db8:1::11,00:01:02:04,4000,19000';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) {
    try {
      await clean();
    } catch {
      // every cleanup runs
    }
  }
});

describe('kea-dhcp6 on a lease file torn by a crash', () => {
  it('loses no row appended after the torn one', async () => {
    const dirs = makeDirs('dhcp6-torn-lease-file-');
    cleanups.push(() => removeDirs(dirs));
    const name = join(dirs.lib, 'kea-leases6.csv');
    writeFileSync(name, `${HEADER}\n${WHOLE}\n${TORN}`);
    const config = writeConfig(
      dirs,
      'kea-dhcp6.conf',
      loopbackSection({ 'lease-database': { type: 'memfile', name, 'lfc-interval': 0 } }),
    );
    let server: Dhcp6Process = await startDhcp6(dirs, config);
    cleanups.push(() => server.stop());
    expect(server.program.output).toMatch(
      /ERROR .*DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR discarding row 2, error: /,
    );
    expect(server.program.output).toMatch(
      /WARN .*DHCPSRV_MEMFILE_LEASE_FILE_TORN_ROW lease file .*kea-leases6\.csv ended in the middle of a row/,
    );
    const client = await TidClient.open(server.clientPort, server.serverPort, 2_000);
    cleanups.push(() => client.close());
    const granted = await client.lease(duidOf(7));

    await server.stop();
    server = await startDhcp6(dirs, config, {
      ports: { server: server.serverPort, client: server.clientPort },
    });
    const answer = await server.command('lease6-get-all');
    const addresses = ((answer.arguments as { leases: { 'ip-address': string }[] }).leases ?? []).map(
      (l) => l['ip-address'],
    );
    expect(addresses.sort()).toEqual(['2001:db8:1::10', granted.address].sort());
    // Still one bad row, the torn one: nothing was glued to it.
    expect(server.program.output.split('DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR').length - 1).toBe(1);
    expect(server.program.output).not.toContain('DHCPSRV_MEMFILE_LEASE_FILE_TORN_ROW');
  });
});
