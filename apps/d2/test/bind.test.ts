import { createSocket } from 'node:dgram';
import { existsSync, rmSync } from 'node:fs';
import { dhcidToHex } from '@nestor/ncr';
import { type RunningProgram, TSIG_ALGORITHMS } from '@nestor/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeDirs } from './support/d2.js';
import { DdnsHarness, FORWARD_ZONE, freeUdpPort, ncrFor } from './support/ddns.js';

const haveBind = existsSync('/usr/sbin/named') && existsSync('/usr/bin/dig');

const duidA = Uint8Array.from(Buffer.from('000100012d8e3b1a020000000002', 'hex'));
const duidB = Uint8Array.from(Buffer.from('000300010200000000aa', 'hex'));
const b64 = (dhcid: Uint8Array) => Buffer.from(dhcid).toString('base64');

describe.skipIf(!haveBind)('Nestor kea-dhcp-ddns against BIND 9', () => {
  const dirs = makeDirs('nestor-d2-bind-');
  const started: RunningProgram[] = [];
  let h: DdnsHarness;

  beforeAll(async () => {
    h = await DdnsHarness.start(dirs, started);
  });
  afterEach(async () => {
    await h?.sender?.close();
    for (const p of started.splice(0)) await p.stop();
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dirs.root, { recursive: true, force: true });
  });

  it.each(TSIG_ALGORITHMS)(
    'adds AAAA, DHCID and PTR signed with %s, and removes them on release',
    async (algorithm) => {
      await h.startD2(h.section({ algorithm }));
      const fqdn = `${algorithm}.${FORWARD_ZONE}`;
      const address = '2001:db8:1::10';
      const add = ncrFor(duidA, fqdn, address);
      await h.send([add]);
      expect(await h.named.dig(fqdn, 'AAAA')).toEqual([address]);
      expect(await h.named.dig(fqdn, 'DHCID')).toEqual([b64(add.dhcid)]);
      expect(await h.named.digReverse(address)).toEqual([fqdn]);
      expect(await h.named.digReverse(address, 'DHCID')).toEqual([b64(add.dhcid)]);
      const key = `${algorithm}.key.`;
      expect(await h.stat(`key[${key}].update-success`)).toBe(2);
      expect(await h.stat('update-signed')).toBe(2);
      expect(h.d2.output).toMatch(new RegExp(`DHCP_DDNS_ADD_SUCCEEDED .*${dhcidToHex(add.dhcid)}`));

      await h.send([{ ...add, changeType: 1 }]);
      expect(await h.named.dig(fqdn, 'AAAA')).toEqual([]);
      expect(await h.named.dig(fqdn, 'DHCID')).toEqual([]);
      expect(await h.named.digReverse(address)).toEqual([]);
      expect(h.d2.output).toMatch(/DHCP_DDNS_REMOVE_SUCCEEDED/);
      // remove: address, then the name's RRs, then the PTR
      expect(await h.stat('update-success')).toBe(5);
    },
  );

  it("conflict resolution: a second client cannot take a name, nor remove the first one's records", async () => {
    await h.startD2(h.section());
    const fqdn = `shared.${FORWARD_ZONE}`;
    const first = ncrFor(duidA, fqdn, '2001:db8:1::21');
    const second = ncrFor(duidB, fqdn, '2001:db8:1::22');
    await h.send([first]);
    await h.send([second]);
    expect(h.d2.output).toMatch(
      /DHCP_DDNS_FORWARD_REPLACE_REJECTED .*shared\.example\.com\..*RCODE: 8 \(NXRRSET\)/,
    );
    expect(h.d2.output).toMatch(/DHCP_DDNS_ADD_FAILED/);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual(['2001:db8:1::21']);
    expect(await h.named.dig(fqdn, 'DHCID')).toEqual([b64(first.dhcid)]);
    // the refused add touched no reverse record of its own
    expect(await h.named.digReverse('2001:db8:1::22')).toEqual([]);
    // the second client's release leaves the first one's forward records
    await h.send([{ ...second, changeType: 1 }]);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual(['2001:db8:1::21']);
    // the same client renewing with a new address replaces its own record
    const moved = ncrFor(duidA, fqdn, '2001:db8:1::23');
    await h.send([moved]);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual(['2001:db8:1::23']);
    await h.send([{ ...moved, changeType: 1 }]);
    expect(await h.named.dig(fqdn, 'ANY')).toEqual([]);
  });

  it('without conflict resolution the second client takes the name', async () => {
    await h.startD2(h.section());
    const fqdn = `taken.${FORWARD_ZONE}`;
    await h.send([ncrFor(duidA, fqdn, '2001:db8:1::31', { mode: 'no-check-with-dhcid' })]);
    const second = ncrFor(duidB, fqdn, '2001:db8:1::32', { mode: 'no-check-with-dhcid' });
    await h.send([second]);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual(['2001:db8:1::32']);
    expect(await h.named.dig(fqdn, 'DHCID')).toEqual([b64(second.dhcid)]);
    await h.send([{ ...second, changeType: 1 }]);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual([]);
    expect(await h.named.digReverse('2001:db8:1::32')).toEqual([]);
  });

  it('Kea 2.6 modes: check-exists-with-dhcid replaces any DHCID owner; no-check-without-dhcid writes no DHCID', async () => {
    await h.startD2(h.section());
    const fqdn = `modes.${FORWARD_ZONE}`;
    await h.send([ncrFor(duidA, fqdn, '2001:db8:1::41', { mode: 'check-exists-with-dhcid' })]);
    const second = ncrFor(duidB, fqdn, '2001:db8:1::42', { mode: 'check-exists-with-dhcid' });
    await h.send([second]);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual(['2001:db8:1::42']);
    expect(await h.named.dig(fqdn, 'DHCID')).toEqual([b64(second.dhcid)]);
    await h.send([{ ...second, changeType: 1 }]);
    expect(await h.named.dig(fqdn, 'ANY')).toEqual([]);

    const bare = `bare.${FORWARD_ZONE}`;
    await h.send([ncrFor(duidA, bare, '2001:db8:1::43', { mode: 'no-check-without-dhcid' })]);
    expect(await h.named.dig(bare, 'AAAA')).toEqual(['2001:db8:1::43']);
    expect(await h.named.dig(bare, 'DHCID')).toEqual([]);
    expect(await h.named.digReverse('2001:db8:1::43')).toEqual([bare]);
    expect(await h.named.digReverse('2001:db8:1::43', 'DHCID')).toEqual([]);
  });

  it('a forward-only or reverse-only request updates only that direction', async () => {
    await h.startD2(h.section());
    const fqdn = `oneway.${FORWARD_ZONE}`;
    await h.send([ncrFor(duidA, fqdn, '2001:db8:1::51', { reverse: false })]);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual(['2001:db8:1::51']);
    expect(await h.named.digReverse('2001:db8:1::51')).toEqual([]);
    await h.send([ncrFor(duidB, `other.${FORWARD_ZONE}`, '2001:db8:1::52', { forward: false })]);
    expect(await h.named.digReverse('2001:db8:1::52')).toEqual([`other.${FORWARD_ZONE}`]);
    expect(await h.named.dig(`other.${FORWARD_ZONE}`, 'AAAA')).toEqual([]);
  });

  it('a wrong TSIG secret: BIND refuses, D2 counts update-error for the key and logs, and keeps working', async () => {
    await h.startD2(h.section({ algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 7).toString('base64') }));
    const fqdn = `badkey.${FORWARD_ZONE}`;
    await h.send([ncrFor(duidA, fqdn, '2001:db8:1::61')]);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual([]);
    expect(h.d2.output).toMatch(/DHCP_DDNS_INVALID_RESPONSE .*TSIG verification failed: BADSIG/);
    expect(h.d2.output).toMatch(/DHCP_DDNS_FORWARD_ADD_RESP_CORRUPT/);
    expect(h.d2.output).toMatch(/DHCP_DDNS_ADD_FAILED/);
    // three tries on the one server
    expect(await h.stat('update-error')).toBe(3);
    expect(await h.stat('key[hmac-sha256.key.].update-error')).toBe(3);
    expect(await h.stat('key[hmac-sha256.key.].update-success')).toBe(0);
    expect(h.d2.running).toBe(true);
  });

  it('malformed NCRs, an NCR for a zone it does not serve, a server that never answers: counted, logged, D2 goes on', async () => {
    const silent = await freeUdpPort();
    await h.startD2(
      h.section({
        timeout: 200,
        forwardServers: [
          { 'ip-address': '127.0.0.1', port: silent },
          { 'ip-address': '127.0.0.1', port: h.named.port },
        ],
      }),
    );
    const raw = createSocket('udp4');
    for (const junk of ['', '\u0000', '\u0000\u0002{}', '\u0000\u0009not json!', `\u0000\u0003[1]`])
      raw.send(Buffer.from(junk, 'latin1'), h.ncrPort, '127.0.0.1');
    const unserved = ncrFor(duidA, 'host.elsewhere.org.', '2001:db8:1::71');
    h.sender.send(unserved);
    // the first server never answers: three timeouts, then the second server does the update
    const fqdn = `failover.${FORWARD_ZONE}`;
    await h.send([ncrFor(duidA, fqdn, '2001:db8:1::72')], 1, 20_000);
    await new Promise<void>((r) => raw.close(() => r()));
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual(['2001:db8:1::72']);
    expect(await h.stat('ncr-invalid')).toBe(5);
    expect(await h.stat('ncr-received')).toBe(2);
    expect(await h.stat('ncr-error')).toBe(1);
    expect(await h.stat('update-timeout')).toBe(3);
    expect(h.d2.output).toMatch(/DHCP_DDNS_INVALID_NCR .*invalid DNS update request/);
    expect(h.d2.output).toMatch(/DHCP_DDNS_NO_FWD_MATCH_ERROR [\s\S]*FQDN: \[host\.elsewhere\.org\.\]/);
    expect(h.d2.output).toMatch(/DHCP_DDNS_FORWARD_ADD_IO_ERROR .*127\.0\.0\.1 port:\d+/);
    expect(h.d2.output).toMatch(/DHCP_DDNS_ADD_SUCCEEDED/);
    // statistic-get-all and the reset commands
    const all = await h.command('statistic-get-all');
    expect(Object.keys(all.arguments as object)).toEqual(
      expect.arrayContaining([
        'ncr-received',
        'ncr-invalid',
        'ncr-error',
        'update-sent',
        'update-signed',
        'update-unsigned',
        'update-success',
        'update-timeout',
        'update-error',
        'key[hmac-md5.key.].update-sent',
      ]),
    );
    expect(await h.command('statistic-reset', { name: 'ncr-invalid' })).toEqual({
      result: 0,
      text: "Statistic 'ncr-invalid' reset.",
    });
    expect(await h.stat('ncr-invalid')).toBe(0);
    expect(await h.command('statistic-reset-all')).toEqual({
      result: 0,
      text: 'All statistics reset to neutral values.',
    });
    expect(await h.stat('update-sent')).toBe(0);
    expect(await h.command('statistic-get', {})).toEqual({
      result: 1,
      text: "Missing mandatory 'name' parameter.",
    });
  });

  it("one transaction per client and name at a time: a burst for one name ends in the last request's state", async () => {
    await h.startD2(h.section());
    const fqdn = `burst.${FORWARD_ZONE}`;
    const ncrs = [];
    for (let i = 0; i < 6; i++) {
      const add = ncrFor(duidA, fqdn, `2001:db8:1::8${i}`);
      ncrs.push(add, { ...add, changeType: 1 as const });
    }
    ncrs.push(ncrFor(duidA, fqdn, '2001:db8:1::99'));
    await h.send(ncrs, ncrs.length, 30_000);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual(['2001:db8:1::99']);
    expect(h.d2.output).not.toMatch(/DHCP_DDNS_(ADD|REMOVE)_FAILED/);
  });
});
