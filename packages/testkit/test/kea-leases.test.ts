import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ComparableLease6,
  comparableFromKea,
  comparableFromRow,
  diffLeaseSets,
  readLeasesWithKea,
} from '../src/kea-leases.js';
import { effectiveLeases, Lease6File, parseLease6Csv } from '../src/lease-csv.js';

// Lease files written by hand, field by field, then loaded by ISC kea-dhcp6 2.2: what Kea
// serves must be exactly what the kit's reader says a server holds after loading them.

const HEADER =
  'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source';
const DUID_A = '00:01:00:01:32:97:24:d2:02:00:00:00:01:02';
const DUID_B = '00:03:00:01:02:00:00:00:01:03';
const future = Math.floor(Date.now() / 1000) + 86_400;
const past = Math.floor(Date.now() / 1000) - 86_400;

const dir = mkdtempSync(join(tmpdir(), 'testkit-kea-leases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, rows: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${HEADER}\n${rows.map((r) => `${r}\n`).join('')}`);
  return path;
};

describe('readLeasesWithKea (ISC kea-dhcp6 2.2 as the oracle)', () => {
  it('serves exactly the leases of F.2, F.1 and F loaded in that order', async () => {
    // after a lease file cleanup the server loads .2, then .1, then the current file
    file('leases6.csv.2', [
      `2001:db8:1::20,${DUID_A},4000,${future - 100},1,3000,0,20,128,0,0,,,0,,,`,
      `2001:db8:1::21,${DUID_B},4000,${future},1,3000,0,21,128,0,0,,,0,,,`,
    ]);
    file('leases6.csv.1', [
      `2001:db8:1::20,${DUID_A},4000,${future},1,3000,0,20,128,0,0,,,0,,,`, // renewed: later expire wins
      `2001:db8:1::22,${DUID_B},4000,${future},1,3000,0,22,128,0,0,,,0,,,`,
    ]);
    const current = file('leases6.csv', [
      // hostname and user context with escaped separators, DNS flags, hardware address
      `2001:db8:1::10,${DUID_A},4000,${future},1,3000,0,258,128,1,1,host&#x2cname.example.org.,02:00:00:00:01:02,0,{ "site": "a&#x2cb"&#x2c "n": 1 },1,2`,
      `2001:db8:1::11,${DUID_B},4000,${future},1,3000,0,259,128,0,0,,,1,,,`, // declined
      `2001:db8:1::22,${DUID_B},0,${future},1,0,0,22,128,0,0,,,0,,,`, // released: gone
      `2001:db8:8000::,${DUID_A},4000,${future},1,3000,2,260,56,0,0,,02:00:00:00:01:02,0,,1,2`, // prefix
      `2001:db8:1::30,${DUID_A},4000,${past},1,3000,0,261,128,0,0,,,0,,,`, // expired, not yet reclaimed
      `2001:db8:1::31,${DUID_B},4000,${past},1,3000,0,262,128,0,0,,,2,,,`, // expired-reclaimed
      `2001:db8:7::1,${DUID_B},7200,${future},7,3600,0,263,128,0,0,,,0,,,`, // subnet not configured
    ]);
    const rows = [current + '.2', current + '.1', current].flatMap((p) => new Lease6File(p).rows());
    const expected = effectiveLeases(rows).map(comparableFromRow);
    expect(expected.map((l) => l.address).sort()).toEqual(
      [
        '2001:db8:1::10',
        '2001:db8:1::11',
        '2001:db8:1::20',
        '2001:db8:1::21',
        '2001:db8:1::30',
        '2001:db8:1::31',
        '2001:db8:7::1',
        '2001:db8:8000::',
      ].sort(),
    );
    const reading = await readLeasesWithKea({ leaseFile: current });
    const served = reading.leases.map(comparableFromKea);
    expect(diffLeaseSets(expected, served)).toEqual([]);
    // spot checks of what the comparison covers
    const byAddress = new Map(served.map((l) => [l.address, l]));
    expect(byAddress.get('2001:db8:1::10')).toMatchObject<Partial<ComparableLease6>>({
      hostname: 'host,name.example.org.',
      fqdnFwd: true,
      fqdnRev: true,
      hwaddr: '02:00:00:00:01:02',
      userContext: { site: 'a,b', n: 1 },
    });
    expect(byAddress.get('2001:db8:1::20')!.cltt).toBe(future - 4000);
    expect(byAddress.get('2001:db8:8000::')).toMatchObject({ type: 'IA_PD', prefixLen: 56 });
    expect(byAddress.get('2001:db8:1::11')!.state).toBe(1);
    expect(reading.log).toMatch(/DHCPSRV_MEMFILE_LEASE_FILE_LOAD/);
  });

  it('reports an empty file as no leases', async () => {
    const empty = file('empty.csv', []);
    expect((await readLeasesWithKea({ leaseFile: empty })).leases).toEqual([]);
  });

  it('passes config through: with lease-checks "del" Kea drops a lease whose subnet does not exist', async () => {
    const path = file('checks.csv', [
      `2001:db8:1::10,${DUID_A},4000,${future},1,3000,0,1,128,0,0,,,0,,,`,
      `2001:db8:7::1,${DUID_B},4000,${future},7,3000,0,2,128,0,0,,,0,,,`,
    ]);
    const reading = await readLeasesWithKea({
      leaseFile: path,
      leaseChecks: 'del',
      dhcp6: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64' }] },
    });
    expect(reading.leases.map((l) => l['ip-address'])).toEqual(['2001:db8:1::10']);
  });

  it("fails with Kea's own reason when Kea refuses the file, and on bad input", async () => {
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'address,duid\n2001:db8::1,00:01\n');
    const error = await readLeasesWithKea({ leaseFile: broken }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PROCESS_EXITED' });
    expect((error as Error).message).toMatch(/kea-dhcp6 exited/);
    await expect(readLeasesWithKea({ leaseFile: join(dir, 'absent.csv') })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: /lease file not found/,
    });
    await expect(
      readLeasesWithKea({ leaseFile: broken, leaseCmdsHook: '/nonexistent/libdhcp_lease_cmds.so' }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT', message: /lease_cmds hook not found/ });
  });

  it('diffLeaseSets names missing, unexpected and differing leases', () => {
    const [row] = parseLease6Csv(
      `${HEADER}\n2001:db8::1,${DUID_A},10,110,1,5,0,1,128,0,0,,,0,{"a":1&#x2c"b":2},,\n`,
    );
    const lease = comparableFromRow(row!);
    expect(diffLeaseSets([lease], [{ ...lease, userContext: { b: 2, a: 1 } }])).toEqual([]);
    expect(diffLeaseSets([lease], [{ ...lease, iaid: 2 }])).toEqual(['2001:db8::1: iaid expected 1, got 2']);
    expect(diffLeaseSets([lease], [])).toEqual(['2001:db8::1: missing']);
    expect(diffLeaseSets([], [lease])).toEqual(['2001:db8::1: unexpected']);
    const [badContext] = parseLease6Csv(
      `${HEADER}\n2001:db8::1,${DUID_A},10,110,1,5,0,1,128,0,0,,,0,{oops,,\n`,
    );
    expect(() => comparableFromRow(badContext!)).toThrow(/user_context is not JSON/);
  });
});
