import {
  type ClientServerMessage,
  findOption,
  findOptions,
  findRawOption,
  MessageType,
  PacketWriter,
  StatusCode,
} from '@nestor/codec';
import { LeaseState, LeaseType } from '@nestor/leases';
import { afterEach, describe, expect, it } from 'vitest';
import { clientMessage, duidOf, SERVER_DUID, TestServer } from './support/harness.js';

const base = {
  'interfaces-config': { interfaces: [] },
  'lease-database': { type: 'memfile', persist: false },
  'preferred-lifetime': 3000,
  'valid-lifetime': 4000,
  'renew-timer': 1000,
  'rebind-timer': 2000,
  'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }],
  subnet6: [
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      interface: 'eth0',
      pools: [{ pool: '2001:db8:1::10-2001:db8:1::13' }],
      'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 54, 'delegated-len': 56 }],
      reservations: [{ duid: '00:03:00:01:02:00:00:00:09:09', 'ip-addresses': ['2001:db8:1::100'] }],
    },
    {
      id: 2,
      subnet: '2001:db8:2::/64',
      pools: [{ pool: '2001:db8:2::10-2001:db8:2::20' }],
    },
  ],
};

let server: TestServer;
afterEach(async () => server?.close());

function iaAddresses(reply: ClientServerMessage, iaid?: number): string[] {
  const ias = findOptions(reply.options, 3).filter((ia) => iaid === undefined || ia.iaid === iaid);
  return ias.flatMap((ia) => findOptions(ia.options, 5).map((a) => a.address));
}

function iaStatus(reply: ClientServerMessage, code: 3 | 25 = 3): number | undefined {
  const ia = findOption(reply.options, code);
  return ia ? findOption(ia.options, 13)?.status : undefined;
}

async function acquire(duid: Uint8Array, iaid = 1): Promise<string> {
  const advertise = await server.exchange({ type: MessageType.SOLICIT, clientId: duid, iaNa: [{ iaid }] });
  const [address] = iaAddresses(advertise);
  const reply = await server.exchange({
    type: MessageType.REQUEST,
    clientId: duid,
    serverId: SERVER_DUID,
    iaNa: [{ iaid, addresses: [{ address: address! }] }],
  });
  expect(iaAddresses(reply)).toEqual([address]);
  return address!;
}

describe('four-way exchange', () => {
  it('advertises a pool address without leasing it, then leases it on REQUEST', async () => {
    server = await TestServer.create(base);
    const client = duidOf(1);
    const advertise = await server.exchange({
      type: MessageType.SOLICIT,
      clientId: client,
      iaNa: [{ iaid: 7 }],
      oro: [23],
    });
    expect(advertise.msgType).toBe(MessageType.ADVERTISE);
    expect(findRawOption(advertise.options, 1)?.data).toEqual(client);
    expect(findRawOption(advertise.options, 2)?.data).toEqual(SERVER_DUID);
    const ia = findOption(advertise.options, 3)!;
    expect(ia).toMatchObject({ iaid: 7, t1: 1000, t2: 2000 });
    expect(findOption(ia.options, 5)).toMatchObject({
      address: '2001:db8:1::10',
      preferredLifetime: 3000,
      validLifetime: 4000,
    });
    expect(findRawOption(advertise.options, 23)?.data).toEqual(
      new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53]),
    );
    // Options go out in ascending code order, as Kea sends them.
    const codes = advertise.options.map((o) => o.code);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(await server.store.getAll()).toEqual([]);

    const reply = await server.exchange({
      type: MessageType.REQUEST,
      clientId: client,
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 7, addresses: [{ address: '2001:db8:1::10' }] }],
    });
    expect(reply.msgType).toBe(MessageType.REPLY);
    expect(iaAddresses(reply)).toEqual(['2001:db8:1::10']);
    const lease = await server.store.get(LeaseType.NA, '2001:db8:1::10');
    expect(lease).toMatchObject({
      iaid: 7,
      subnetId: 1,
      validLifetime: 4000,
      preferredLifetime: 3000,
      state: 0,
    });
    expect(server.stat('subnet[1].assigned-nas')).toBe(1);
    expect(server.stat('subnet[1].cumulative-assigned-nas')).toBe(1);
    expect(server.stat('pkt6-solicit-received')).toBe(1);
    expect(server.stat('pkt6-request-received')).toBe(1);
    expect(server.stat('pkt6-advertise-sent')).toBe(1);
    expect(server.stat('pkt6-reply-sent')).toBe(1);
    expect(server.stat('pkt6-sent')).toBe(2);
  });

  it('gives distinct addresses to several IA_NA and one T1/T2 to all IAs, with a prefix for IA_PD', async () => {
    server = await TestServer.create(base);
    const reply = await server.exchange({
      type: MessageType.SOLICIT,
      clientId: duidOf(2),
      rapidCommit: true,
      iaNa: [{ iaid: 1 }, { iaid: 2 }],
      iaPd: [{ iaid: 3 }],
    });
    const a1 = iaAddresses(reply, 1);
    const a2 = iaAddresses(reply, 2);
    expect(a1).toHaveLength(1);
    expect(a2).toHaveLength(1);
    expect(a1[0]).not.toBe(a2[0]);
    const pd = findOption(reply.options, 25)!;
    expect(findOption(pd.options, 26)).toMatchObject({ prefix: '2001:db8:8000::', prefixLength: 56 });
    const tees = [...findOptions(reply.options, 3), pd].map((ia) => [ia.t1, ia.t2]);
    expect(new Set(tees.map(String)).size).toBe(1);
  });

  it('answers a rapid-commit SOLICIT with a REPLY and commits only where the subnet allows it', async () => {
    server = await TestServer.create({
      ...base,
      subnet6: [{ ...base.subnet6[0], 'rapid-commit': true }],
    });
    const reply = await server.exchange({
      type: MessageType.SOLICIT,
      clientId: duidOf(3),
      rapidCommit: true,
      iaNa: [{ iaid: 1 }],
    });
    expect(reply.msgType).toBe(MessageType.REPLY);
    expect(findRawOption(reply.options, 14)).toBeDefined();
    expect(await server.store.getAll()).toHaveLength(1);

    server = await TestServer.create(base); // rapid-commit off: an ADVERTISE, nothing written
    const advertise = await server.exchange({
      type: MessageType.SOLICIT,
      clientId: duidOf(3),
      rapidCommit: true,
      iaNa: [{ iaid: 1 }],
    });
    expect(advertise.msgType).toBe(MessageType.ADVERTISE);
    expect(await server.store.getAll()).toHaveLength(0);
  });

  it('honours a free hint and clamps requested lifetimes into the configured bounds', async () => {
    server = await TestServer.create({
      ...base,
      'valid-lifetime': 4000,
      'min-valid-lifetime': 3500,
      'max-valid-lifetime': 5000,
    });
    const reply = await server.exchange({
      type: MessageType.REQUEST,
      clientId: duidOf(4),
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1, addresses: [{ address: '2001:db8:1::12', valid: 9000 }] }],
    });
    const addr = findOption(findOption(reply.options, 3)!.options, 5)!;
    expect(addr).toMatchObject({ address: '2001:db8:1::12', validLifetime: 5000 });
  });

  it('reports NoAddrsAvail inside the IA when the pool is exhausted, and counts the failure', async () => {
    server = await TestServer.create(base);
    for (let n = 10; n < 14; n++) await acquire(duidOf(n));
    const reply = await server.exchange({
      type: MessageType.SOLICIT,
      clientId: duidOf(99),
      iaNa: [{ iaid: 1 }],
      iaPd: [],
    });
    expect(iaAddresses(reply)).toEqual([]);
    expect(iaStatus(reply)).toBe(StatusCode.NoAddrsAvail);
    expect(findOption(reply.options, 13)).toBeUndefined(); // RFC 7550: the status is in the IA
    expect(server.stat('v6-allocation-fail')).toBe(1);
    expect(server.stat('subnet[1].assigned-nas')).toBe(4);
  });

  it('never hands out an address reserved for another client; the reserved client gets it', async () => {
    server = await TestServer.create({
      ...base,
      subnet6: [
        {
          ...base.subnet6[0],
          pools: [{ pool: '2001:db8:1::100-2001:db8:1::101' }],
        },
      ],
    });
    const other = await acquire(duidOf(5));
    expect(other).toBe('2001:db8:1::101');
    const reserved = new Uint8Array([0, 3, 0, 1, 2, 0, 0, 0, 9, 9]);
    expect(await acquire(reserved)).toBe('2001:db8:1::100');
  });
});

describe('renew, rebind, release, decline, confirm', () => {
  it('renew extends the lease; an IA without a binding gets one (as Kea 2.2 does)', async () => {
    server = await TestServer.create(base);
    const client = duidOf(6);
    const address = await acquire(client);
    const before = await server.store.get(LeaseType.NA, address);
    const renew = await server.exchange({
      type: MessageType.RENEW,
      clientId: client,
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1, addresses: [{ address }] }, { iaid: 9 }],
    });
    expect(iaAddresses(renew, 1)).toEqual([address]);
    const unknown = findOptions(renew.options, 3).find((ia) => ia.iaid === 9)!;
    expect(findOption(unknown.options, 13)).toBeUndefined();
    const fresh = iaAddresses(renew, 9);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).not.toBe(address);
    expect(await server.store.get(LeaseType.NA, fresh[0]!)).toMatchObject({ iaid: 9 });
    const after = await server.store.get(LeaseType.NA, address);
    expect(after!.cltt).toBeGreaterThanOrEqual(before!.cltt);
  });

  it('rebind of addresses not on the link returns them with lifetimes 0 beside a fresh one', async () => {
    server = await TestServer.create(base);
    const reply = await server.exchange({
      type: MessageType.REBIND,
      clientId: duidOf(7),
      iaNa: [{ iaid: 1, addresses: [{ address: '2001:db8:99::5' }] }],
    });
    const [fresh, offLink] = findOptions(findOption(reply.options, 3)!.options, 5);
    expect(fresh!.address).not.toBe('2001:db8:99::5');
    expect(fresh!.validLifetime).toBeGreaterThan(0);
    expect(offLink).toMatchObject({ address: '2001:db8:99::5', preferredLifetime: 0, validLifetime: 0 });
  });

  it('release removes the lease and frees the address; a second release gets NoBinding', async () => {
    server = await TestServer.create(base);
    const client = duidOf(8);
    const address = await acquire(client);
    const release = {
      type: MessageType.RELEASE,
      clientId: client,
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1, addresses: [{ address }] }],
    };
    const reply = await server.exchange(release);
    expect(findOption(reply.options, 13)?.status).toBe(StatusCode.Success);
    expect(iaStatus(reply)).toBe(StatusCode.Success);
    expect(await server.store.get(LeaseType.NA, address)).toBeUndefined();
    expect(server.stat('subnet[1].assigned-nas')).toBe(0);
    expect(iaStatus(await server.exchange(release))).toBe(StatusCode.NoBinding);
    // Back in the pool: once the allocation cursor has gone round the (4-address) pool, it comes again.
    const next = [];
    for (let n = 80; n < 84; n++) next.push(await acquire(duidOf(n)));
    expect(next.sort()).toEqual(['2001:db8:1::10', '2001:db8:1::11', '2001:db8:1::12', '2001:db8:1::13']);
  });

  it('decline holds the address as declined for the probation period and counts it', async () => {
    server = await TestServer.create({ ...base, 'decline-probation-period': 600 });
    const client = duidOf(9);
    const address = await acquire(client);
    const reply = await server.exchange({
      type: MessageType.DECLINE,
      clientId: client,
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1, addresses: [{ address }] }],
    });
    expect(iaStatus(reply)).toBe(StatusCode.Success);
    const lease = await server.store.get(LeaseType.NA, address);
    expect(lease).toMatchObject({ state: LeaseState.DECLINED, duid: '00', validLifetime: 600 });
    expect(server.stat('declined-addresses')).toBe(1);
    expect(server.stat('subnet[1].declined-addresses')).toBe(1);
    expect(await acquire(duidOf(90))).not.toBe(address);
  });

  it('confirm says Success on-link and NotOnLink otherwise; without addresses it is dropped', async () => {
    server = await TestServer.create(base);
    const onLink = await server.exchange({
      type: MessageType.CONFIRM,
      clientId: duidOf(10),
      iaNa: [{ iaid: 1, addresses: [{ address: '2001:db8:1::77' }] }],
    });
    expect(findOption(onLink.options, 13)?.status).toBe(StatusCode.Success);
    const offLink = await server.exchange({
      type: MessageType.CONFIRM,
      clientId: duidOf(10),
      iaNa: [{ iaid: 1, addresses: [{ address: '2001:db8:5::1' }] }],
    });
    expect(findOption(offLink.options, 13)?.status).toBe(StatusCode.NotOnLink);
    expect(
      await server.send(
        clientMessage({ type: MessageType.CONFIRM, clientId: duidOf(10), iaNa: [{ iaid: 1 }] }),
      ),
    ).toBeUndefined();
  });

  it('information-request gets options and no IA', async () => {
    server = await TestServer.create(base);
    const reply = await server.exchange({
      type: MessageType.INFORMATION_REQUEST,
      clientId: duidOf(11),
      oro: [23],
    });
    expect(findRawOption(reply.options, 23)).toBeDefined();
    expect(findOption(reply.options, 3)).toBeUndefined();
  });
});

describe('drop rules (RFC 8415 section 16)', () => {
  it.each([
    ['SOLICIT without client-id', { type: MessageType.SOLICIT, iaNa: [{ iaid: 1 }] }],
    ['SOLICIT with a server-id', { type: MessageType.SOLICIT, clientId: duidOf(1), serverId: SERVER_DUID }],
    ['REQUEST without server-id', { type: MessageType.REQUEST, clientId: duidOf(1) }],
    ['REQUEST for another server', { type: MessageType.REQUEST, clientId: duidOf(1), serverId: duidOf(500) }],
    ['RENEW for another server', { type: MessageType.RENEW, clientId: duidOf(1), serverId: duidOf(500) }],
    ['REBIND with a server-id', { type: MessageType.REBIND, clientId: duidOf(1), serverId: SERVER_DUID }],
    ['an ADVERTISE sent to the server', { type: MessageType.ADVERTISE, clientId: duidOf(1) }],
    ['INFORMATION-REQUEST carrying an IA', { type: MessageType.INFORMATION_REQUEST, iaNa: [{ iaid: 1 }] }],
  ])('drops %s and counts it', async (_name, spec) => {
    server = await TestServer.create(base);
    expect(await server.send(clientMessage(spec))).toBeUndefined();
    expect(server.stat('pkt6-receive-drop')).toBe(1);
    expect(server.stat('pkt6-received')).toBe(1);
  });

  it('counts garbage as a parse failure and keeps serving', async () => {
    server = await TestServer.create(base);
    expect(await server.send(new Uint8Array([1, 0, 0]))).toBeUndefined();
    expect(await server.send(new Uint8Array([1, 0, 0, 1, 0, 1, 0, 200, 1]))).toBeUndefined();
    expect(server.stat('pkt6-parse-failed')).toBe(2);
    expect(server.stat('pkt6-receive-drop')).toBe(2);
    await acquire(duidOf(12));
  });

  it('answers a unicast REQUEST with UseMulticast when the unicast option is not offered', async () => {
    server = await TestServer.create(base);
    const reply = await server.exchange(
      { type: MessageType.REQUEST, clientId: duidOf(13), serverId: SERVER_DUID, iaNa: [{ iaid: 1 }] },
      { multicast: false },
    );
    expect(findOption(reply.options, 13)?.status).toBe(StatusCode.UseMulticast);
    expect(findOption(reply.options, 3)).toBeUndefined();
    expect(await server.store.getAll()).toEqual([]);
  });
});

describe('relayed traffic', () => {
  function relayed(
    inner: Uint8Array,
    linkAddress: string,
    interfaceId?: string,
    sourcePort?: number,
  ): Uint8Array {
    const w = new PacketWriter(4096)
      .reset()
      .relayHeader(MessageType.RELAY_FORW, 0, linkAddress, 'fe80::abcd');
    if (interfaceId) w.option(18, new TextEncoder().encode(interfaceId));
    if (sourcePort) w.option(135, new Uint8Array([sourcePort >> 8, sourcePort & 0xff]));
    w.option(9, inner);
    return w.finishCopy();
  }

  it('selects the subnet by the relay link-address and answers with RELAY-REPL to port 547, echoing interface-id', async () => {
    server = await TestServer.create(base);
    const inner = clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(14), iaNa: [{ iaid: 1 }] });
    const sent = await server.send(relayed(inner, '2001:db8:2::1', 'port-7'), {
      remoteAddress: '2001:db8:ffff::2',
      multicast: false,
    });
    expect(sent).toMatchObject({ address: '2001:db8:ffff::2', port: 547 });
    expect(sent!.message).toMatchObject({
      kind: 'relay',
      msgType: MessageType.RELAY_REPL,
      linkAddress: '2001:db8:2::1',
    });
    if (sent!.message.kind !== 'relay') throw new Error('not a relay reply');
    expect(new TextDecoder().decode(findRawOption(sent!.message.options, 18)!.data)).toBe('port-7');
    const advertise = findOption(sent!.message.options, 9)!.message as ClientServerMessage;
    expect(iaAddresses(advertise)).toEqual(['2001:db8:2::10']);
  });

  it('answers a relay that sent relay-source-port on that port (RFC 8357) and echoes the option', async () => {
    server = await TestServer.create(base);
    const inner = clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(15), iaNa: [{ iaid: 1 }] });
    const sent = await server.send(relayed(inner, '2001:db8:1::1', undefined, 10547), {
      remoteAddress: '2001:db8:ffff::2',
      multicast: false,
    });
    expect(sent?.port).toBe(10547);
    if (sent?.message.kind !== 'relay') throw new Error('not a relay reply');
    expect(findRawOption(sent.message.options, 135)).toBeDefined();
  });
});

describe('options by scope', () => {
  it('takes each requested option from the most specific scope: host > pool > subnet > global', async () => {
    server = await TestServer.create({
      ...base,
      'option-data': [
        { name: 'dns-servers', data: '2001:db8::1' },
        { name: 'domain-search', data: 'global.example' },
        { name: 'sntp-servers', data: '2001:db8::123', 'always-send': true },
      ],
      subnet6: [
        {
          ...base.subnet6[0],
          'option-data': [{ name: 'dns-servers', data: '2001:db8::2' }],
          pools: [
            {
              pool: '2001:db8:1::10-2001:db8:1::13',
              'option-data': [{ name: 'domain-search', data: 'pool.example' }],
            },
          ],
          reservations: [
            {
              duid: '00:03:00:01:02:00:00:00:09:09',
              'ip-addresses': ['2001:db8:1::100'],
              'option-data': [{ name: 'dns-servers', data: '2001:db8::3' }],
            },
          ],
        },
      ],
    });
    const dns = (reply: ClientServerMessage) => Array.from(findRawOption(reply.options, 23)!.data.slice(14));
    const plain = await server.exchange({
      type: MessageType.SOLICIT,
      clientId: duidOf(20),
      iaNa: [{ iaid: 1 }],
      oro: [23, 24],
    });
    expect(dns(plain)).toEqual([0, 2]); // subnet over global
    expect(new TextDecoder().decode(findRawOption(plain.options, 24)!.data)).toContain('pool'); // pool over global
    expect(findRawOption(plain.options, 31)).toBeDefined(); // always-send without ORO
    const host = await server.exchange({
      type: MessageType.SOLICIT,
      clientId: new Uint8Array([0, 3, 0, 1, 2, 0, 0, 0, 9, 9]),
      iaNa: [{ iaid: 1 }],
      oro: [23],
    });
    expect(dns(host)).toEqual([0, 3]); // host over subnet
    const unasked = await server.exchange({
      type: MessageType.SOLICIT,
      clientId: duidOf(21),
      iaNa: [{ iaid: 1 }],
    });
    expect(findRawOption(unasked.options, 23)).toBeUndefined();
  });

  it('fills vendor-opts per reply, as Kea 2.2 does: from the vendor ORO and the always-send vendor options', async () => {
    server = await TestServer.create({
      ...base,
      'option-data': [
        { name: 'vendor-opts', data: '4491' },
        { name: 'tftp-servers', space: 'vendor-4491', data: '2001:db8::69' },
        { name: 'time-offset', space: 'vendor-4491', data: '-3600', 'always-send': true },
      ],
    });
    // The configured vendor-opts answers the ORO; the vendor's own ORO is then not read (Kea's
    // appendRequestedVendorOptions), only the always-send sub-options go in.
    const asked = await server.exchange({
      type: MessageType.INFORMATION_REQUEST,
      clientId: duidOf(22),
      oro: [17],
    });
    const vendor = findOption(asked.options, 17)!;
    expect(vendor.enterpriseNumber).toBe(4491);
    expect(vendor.options.map((o) => o.code)).toEqual([38]);
  });
});
