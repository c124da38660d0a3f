/**
 * Hook libraries at each of kea-dhcp6's hook points, in process: a test library (probe.mjs)
 * records the arguments it is given and does what its parameters say there. Checked per hook
 * point: the arguments seen (Kea's names), changes honoured (another subnet, the lease's
 * lifetimes, an option of the reply, the encoded buffer), SKIP and DROP as Kea documents them,
 * the order of two libraries, a per-packet context, parking, and a throwing callout.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOption, findOptions, MessageType, StatusCode } from '@nestor/codec';
import type { LibrarySpec } from '@nestor/hooks';
import { LeaseState, LeaseType } from '@nestor/leases';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientMessage, duidOf, SERVER_DUID, TestServer } from './support/harness.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), 'hook-libraries', 'probe.mjs');

declare global {
  // biome-ignore lint/suspicious/noVar: the probe library writes to a global
  var __probeEvents:
    | { library: string; hook: string; args: Record<string, unknown>; context?: unknown }[]
    | undefined;
}

const SECTION = {
  'preferred-lifetime': 3000,
  'valid-lifetime': 4000,
  'decline-probation-period': 1,
  subnet6: [
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      interface: 'eth0',
      pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
      'pd-pools': [{ prefix: '2001:db8:100::', 'prefix-len': 48, 'delegated-len': 56 }],
    },
    {
      id: 2,
      subnet: '2001:db8:2::/64',
      interface: 'eth1',
      pools: [{ pool: '2001:db8:2::10-2001:db8:2::1f' }],
    },
  ],
};

const probe = (parameters: Record<string, unknown>): LibrarySpec => ({
  library: PROBE,
  parameters: parameters as never,
});

let server: TestServer | undefined;
const start = async (...libraries: LibrarySpec[]) => {
  server = await TestServer.create(SECTION, { hooks: libraries });
  return server;
};
const events = (hook?: string) =>
  (globalThis.__probeEvents ?? []).filter((e) => hook === undefined || e.hook === hook);

beforeEach(() => {
  globalThis.__probeEvents = [];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** SOLICIT then REQUEST of what was offered, for client n: the REPLY. */
async function lease(s: TestServer, n: number, options: { pd?: boolean } = {}) {
  const clientId = duidOf(n);
  const advertise = await s.exchange({
    type: MessageType.SOLICIT,
    clientId,
    iaNa: [{ iaid: 1 }],
    ...(options.pd ? { iaPd: [{ iaid: 2 }] } : {}),
  });
  const address = findOptions(findOption(advertise.options, 3)!.options, 5)[0]?.address;
  return s.exchange({
    type: MessageType.REQUEST,
    clientId,
    serverId: SERVER_DUID,
    iaNa: [{ iaid: 1, ...(address ? { addresses: [{ address }] } : {}) }],
    ...(options.pd ? { iaPd: [{ iaid: 2 }] } : {}),
  });
}

const granted = (reply: { options: readonly { code: number }[] }) =>
  findOptions(findOption(reply.options as never, 3)!.options, 5);

describe('hook points of the packet path', () => {
  it('every hook point of a 4-way exchange is called in Kea order with its arguments', async () => {
    const s = await start(probe({}));
    await lease(s, 1);
    expect(events().map((e) => e.hook)).toEqual([
      'buffer6_receive',
      'pkt6_receive',
      'subnet6_select',
      'lease6_select',
      'pkt6_send',
      'buffer6_send',
      'buffer6_receive',
      'pkt6_receive',
      'subnet6_select',
      'lease6_select',
      'leases6_committed',
      'pkt6_send',
      'buffer6_send',
    ]);
    const [solicitSelect, requestSelect] = events('lease6_select');
    expect(solicitSelect!.args).toMatchObject({ subnet6: 1, fake_allocation: true, query6: { type: 1 } });
    expect(requestSelect!.args).toMatchObject({
      fake_allocation: false,
      lease6: { valid: 4000, preferred: 3000 },
    });
    expect(events('subnet6_select')[0]!.args).toMatchObject({ subnet6: 1, subnet6collection: [1, 2] });
    expect(events('leases6_committed')[0]!.args).toMatchObject({
      leases6: ['2001:db8:1::10'],
      deleted_leases6: [],
    });
    expect(events('pkt6_send')[1]!.args).toMatchObject({ response6: { msgType: MessageType.REPLY, ias: 1 } });
    // The context a library set at pkt6_receive is there at pkt6_send of the same packet.
    expect(events('pkt6_send').map((e) => e.context)).toEqual([MessageType.SOLICIT, MessageType.REQUEST]);
  });

  it('pkt6_receive: SKIP and DROP drop the packet (counted); buffer6_receive DROP too', async () => {
    for (const [hook, action] of [
      ['pkt6_receive', 'drop'],
      ['pkt6_receive', 'skip'],
      ['buffer6_receive', 'drop'],
    ] as const) {
      const s = await start(probe({ actions: { [hook]: action } }));
      const sent = await s.send(
        clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(2), iaNa: [{ iaid: 1 }] }),
      );
      expect(sent, `${hook} ${action}`).toBeUndefined();
      expect(s.stat('pkt6-receive-drop')).toBe(1);
      await s.close();
      server = undefined;
    }
  });

  it('subnet6_select: a callout picks another subnet; SKIP leaves the client without one', async () => {
    let s = await start(probe({ actions: { subnet6_select: { subnet: 2 } } }));
    expect(granted(await lease(s, 3))[0]!.address).toBe('2001:db8:2::10');
    await s.close();
    s = await start(probe({ actions: { subnet6_select: 'skip' } }));
    const advertise = await s.exchange({
      type: MessageType.SOLICIT,
      clientId: duidOf(4),
      iaNa: [{ iaid: 1 }],
    });
    expect(findOption(findOption(advertise.options, 3)!.options, 13)?.status).toBe(StatusCode.NoAddrsAvail);
  });

  it('lease6_select: the lease as the callout changed it is granted and stored; SKIP grants nothing', async () => {
    let s = await start(probe({ actions: { lease6_select: { valid: 7777, preferred: 777 } } }));
    const reply = await lease(s, 5);
    expect(granted(reply)[0]).toMatchObject({ validLifetime: 7777, preferredLifetime: 777 });
    expect(await s.store.get(LeaseType.NA, granted(reply)[0]!.address)).toMatchObject({
      validLifetime: 7777,
    });
    await s.close();
    s = await start(probe({ actions: { lease6_select: 'skip' } }));
    const refused = await lease(s, 6);
    expect(findOption(findOption(refused.options, 3)!.options, 13)?.status).toBe(StatusCode.NoAddrsAvail);
    expect(await s.store.getAll()).toEqual([]);
  });

  it('lease6_renew / lease6_rebind: the callout sets the lifetimes; SKIP keeps the lease as it was', async () => {
    let s = await start(probe({ actions: { lease6_renew: { valid: 5555, preferred: 555 } } }));
    let address = granted(await lease(s, 7))[0]!.address;
    const renew = await s.exchange({
      type: MessageType.RENEW,
      clientId: duidOf(7),
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1, addresses: [{ address }] }],
    });
    expect(granted(renew)[0]).toMatchObject({ address, validLifetime: 5555, preferredLifetime: 555 });
    expect(events('lease6_renew')[0]!.args).toMatchObject({
      lease6: { address, valid: 4000 },
      ia_na: 'object',
    });
    await s.close();
    s = await start(
      probe({ actions: { lease6_rebind: 'skip', lease6_select: { valid: 4400, preferred: 3300 } } }),
    );
    address = granted(await lease(s, 8))[0]!.address;
    const before = await s.store.get(LeaseType.NA, address);
    const rebind = await s.exchange({
      type: MessageType.REBIND,
      clientId: duidOf(8),
      iaNa: [{ iaid: 1, addresses: [{ address }] }],
    });
    expect(granted(rebind)[0]).toMatchObject({ address, validLifetime: 4400 });
    expect(await s.store.get(LeaseType.NA, address)).toEqual(before);
  });

  it('ddns6_update: sees the decided name and directions; a new name and no directions reach the reply and the lease', async () => {
    const s = await start(
      probe({
        hooks: ['ddns6_update'],
        actions: { ddns6_update: { hostname: 'Hooked.example.org', fwd: false, rev: false } },
      }),
    );
    // A fully qualified "client.example.com." asking the server to update (S).
    const name = [6, ...Buffer.from('client'), 7, ...Buffer.from('example'), 3, ...Buffer.from('com'), 0];
    const fqdn: [number, Uint8Array] = [39, Uint8Array.from([0x01, ...name])];
    const clientId = duidOf(77);
    const reply = await s.exchange({
      type: MessageType.REQUEST,
      clientId,
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1 }],
      extra: [fqdn],
    });
    // DDNS is off in this configuration: the server answers N (and O: the client asked for S).
    expect(events('ddns6_update')[0]!.args).toMatchObject({
      hostname: 'client.example.com.',
      'fwd-update': false,
      'rev-update': false,
      subnet6: 1,
    });
    const option = reply.options.find((o) => o.code === 39);
    expect(option).toMatchObject({ kind: 'client_fqdn', name: 'hooked.example.org.', flags: 0x06 });
    const address = findOptions(findOption(reply.options, 3)!.options, 5)[0]!.address;
    const stored = await s.store.get(LeaseType.NA, address);
    expect(stored).toMatchObject({ hostname: 'hooked.example.org.', fqdnFwd: false, fqdnRev: false });
  });

  it('lease6_release / lease6_decline: SKIP keeps the lease, DROP drops the message and keeps it', async () => {
    for (const [hook, action] of [
      ['lease6_release', 'skip'],
      ['lease6_release', 'drop'],
      ['lease6_decline', 'skip'],
      ['lease6_decline', 'drop'],
    ] as const) {
      const s = await start(probe({ actions: { [hook]: action } }));
      const address = granted(await lease(s, 9))[0]!.address;
      const sent = await s.send(
        clientMessage({
          type: hook === 'lease6_release' ? MessageType.RELEASE : MessageType.DECLINE,
          clientId: duidOf(9),
          serverId: SERVER_DUID,
          iaNa: [{ iaid: 1, addresses: [{ address }] }],
        }),
      );
      expect(sent === undefined, `${hook} ${action}`).toBe(action === 'drop');
      expect((await s.store.get(LeaseType.NA, address))?.state, `${hook} ${action}`).toBe(LeaseState.DEFAULT);
      await s.close();
      server = undefined;
    }
    const s = await start(probe({}));
    const address = granted(await lease(s, 10))[0]!.address;
    await s.exchange({
      type: MessageType.RELEASE,
      clientId: duidOf(10),
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1, addresses: [{ address }] }],
    });
    expect(events('lease6_release')[0]!.args).toMatchObject({ lease6: { address } });
    expect(events('leases6_committed').at(-1)!.args).toMatchObject({
      leases6: [],
      deleted_leases6: [address],
    });
  });

  it('leases6_committed and pkt6_send: DROP drops the reply; pkt6_send may add an option; PARK holds it', async () => {
    let s = await start(probe({ actions: { leases6_committed: 'drop' } }));
    expect(
      await s.send(clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(11), iaNa: [{ iaid: 1 }] })),
    ).toBeDefined();
    const request = clientMessage({
      type: MessageType.REQUEST,
      clientId: duidOf(11),
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1 }],
    });
    expect(await s.send(request)).toBeUndefined();
    await s.close();
    s = await start(probe({ actions: { pkt6_send: { option: [23, '20010db8000000000000000000000099'] } } }));
    const advertise = await s.exchange({
      type: MessageType.SOLICIT,
      clientId: duidOf(12),
      iaNa: [{ iaid: 1 }],
    });
    expect(
      Buffer.from((findOption(advertise.options, 23) as { data: Uint8Array }).data).toString('hex'),
    ).toBe('20010db8000000000000000000000099');
    await s.close();
    s = await start(probe({ actions: { pkt6_send: 'park' } }));
    const started = Date.now();
    expect(
      await s.send(clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(13), iaNa: [{ iaid: 1 }] })),
    ).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
  });

  it('buffer6_send: a callout replaces the encoded reply; DROP sends nothing', async () => {
    let s = await start(probe({ actions: { buffer6_send: { buffer: '07001234' } } }));
    const sent = await s.send(
      clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(14), iaNa: [{ iaid: 1 }] }),
    );
    expect(Buffer.from(sent!.bytes).toString('hex')).toBe('07001234');
    await s.close();
    s = await start(probe({ actions: { buffer6_send: 'drop' } }));
    expect(
      await s.send(clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(15), iaNa: [{ iaid: 1 }] })),
    ).toBeUndefined();
    expect(s.stat('pkt6-sent')).toBe(0);
  });

  it('two libraries are called in configuration order, each with its own parameters', async () => {
    const s = await start(
      probe({ name: 'first', hooks: ['pkt6_receive'] }),
      probe({ name: 'second', hooks: ['pkt6_receive'] }),
    );
    await s.exchange({ type: MessageType.SOLICIT, clientId: duidOf(16), iaNa: [{ iaid: 1 }] });
    expect(events('pkt6_receive').map((e) => e.library)).toEqual(['first', 'second']);
    const answer = await s.commands.dispatch({ command: 'second-events' });
    expect(answer).toMatchObject({ result: 0, text: '1 events' });
  });

  it('a callout that throws drops the packet, is counted, and the server goes on', async () => {
    const s = await start(probe({ actions: { subnet6_select: 'throw' } }));
    expect(
      await s.send(clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(17), iaNa: [{ iaid: 1 }] })),
    ).toBeUndefined();
    expect(s.stat('pkt6-hook-callout-failed')).toBe(1);
    expect(s.stat('pkt6-receive-drop')).toBe(1);
    // The next packet meets the same callout, and the server answers no worse than dropping it.
    expect(
      await s.send(clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(18), iaNa: [{ iaid: 1 }] })),
    ).toBeUndefined();
    expect(s.stat('pkt6-hook-callout-failed')).toBe(2);
  });

  it('a class added at pkt6_receive is the packet class from then on', async () => {
    const s = await TestServer.create(
      {
        ...SECTION,
        'client-classes': [{ name: 'lab', 'option-data': [{ name: 'sntp-servers', data: '2001:db8::123' }] }],
      },
      { hooks: [probe({ actions: { pkt6_receive: { addClass: 'lab' } } })] },
    );
    server = s;
    const advertise = await s.exchange({
      type: MessageType.SOLICIT,
      clientId: duidOf(19),
      iaNa: [{ iaid: 1 }],
      oro: [31],
    });
    // 'lab' has no test: only the callout can have put the packet in it.
    expect(findOption(advertise.options, 31)).toBeDefined();
  });
});

describe('hook points of reclamation', () => {
  it('lease6_expire: SKIP leaves the lease; remove_lease is honoured; lease6_recover: SKIP keeps a declined address', async () => {
    let s = await start(probe({ actions: { lease6_expire: 'skip' } }));
    const now = Math.floor(Date.now() / 1000);
    const expired = (n: number, state: number = LeaseState.DEFAULT) => ({
      type: LeaseType.NA,
      address: `2001:db8:1::${(0x10 + n).toString(16)}`,
      prefixLength: 128,
      duid: '01:02:03',
      iaid: 1,
      subnetId: 1,
      preferredLifetime: 10,
      validLifetime: 10,
      cltt: now - 100,
      state,
      hwaddr: '',
      hwtype: 1,
      hwaddrSource: 0,
      hostname: '',
      fqdnFwd: false,
      fqdnRev: false,
      userContext: undefined,
      poolId: 0,
    });
    await s.store.add(expired(1));
    const settings = s.config.expiredLeasesProcessing;
    await s.reclaimer.reclaim(settings);
    expect((await s.store.get(LeaseType.NA, '2001:db8:1::11'))?.state).toBe(LeaseState.DEFAULT);
    expect(events('lease6_expire')[0]!.args).toMatchObject({
      lease6: { address: '2001:db8:1::11' },
      remove_lease: false,
    });
    await s.close();
    s = await start(probe({ actions: { lease6_expire: { remove: true } } }));
    await s.store.add(expired(2));
    await s.reclaimer.reclaim(settings);
    expect(await s.store.get(LeaseType.NA, '2001:db8:1::12')).toBeUndefined();
    await s.close();
    s = await start(probe({ actions: { lease6_recover: 'skip' } }));
    await s.store.add(expired(3, LeaseState.DECLINED));
    await s.reclaimer.reclaim(settings);
    expect((await s.store.get(LeaseType.NA, '2001:db8:1::13'))?.state).toBe(LeaseState.DECLINED);
    expect(events('lease6_recover')).toHaveLength(1);
    await s.close();
    // A declined lease as a DECLINE leaves it (the empty DUID), hold-reclaimed-time at its
    // default: recovered, it is removed, as Kea removes it; the expired lease behind it in the
    // same run is reclaimed too.
    s = await start(probe({}));
    await s.store.add({ ...expired(4, LeaseState.DECLINED), duid: '00', cltt: now - 200 });
    await s.store.add(expired(5));
    const outcome = await s.reclaimer.reclaim(settings);
    expect(outcome.reclaimed).toBe(2);
    expect(await s.store.get(LeaseType.NA, '2001:db8:1::14')).toBeUndefined();
    expect((await s.store.get(LeaseType.NA, '2001:db8:1::15'))?.state).toBe(LeaseState.EXPIRED_RECLAIMED);
    expect(events('lease6_recover').at(-1)!.args).toMatchObject({ lease6: { address: '2001:db8:1::14' } });
  });
});
