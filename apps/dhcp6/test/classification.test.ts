/**
 * Client classification in the packet path, in process (support/harness.ts): which packets are
 * classified, subnet / shared-network / pool / pd-pool guards, KNOWN/UNKNOWN and reserved
 * classes, leases in a pool the client may no longer use, DROP at each of its three points,
 * required classes, class option-data and lifetimes. The behaviours are Kea 2.2's, checked
 * against ISC kea-dhcp6 itself in classification-kea.test.ts; here each one alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClientServerMessage,
  findOption,
  findOptions,
  findRawOption,
  ipv6TextToBytes,
  MessageType,
  StatusCode,
} from '@nestor/codec';
import { LeaseType } from '@nestor/leases';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type ClientSpec,
  type ExchangeSpec,
  granted,
  innerReply,
  packetOf,
} from './support/class-packets.js';
import { duid } from './support/class-scenario.js';
import { SERVER_DUID, TestServer } from './support/harness.js';

const base = {
  'interfaces-config': { interfaces: [] },
  'lease-database': { type: 'memfile', persist: false },
  'preferred-lifetime': 3000,
  'valid-lifetime': 4000,
  'renew-timer': 1000,
  'rebind-timer': 2000,
  'host-reservation-identifiers': ['duid'],
};

const DOCSIS = { enterprise: 4491, items: ['docsis3.0'] };
const gold = (n: number): ClientSpec => ({ duid: duid(n), userClass: 'gold' });
const modem = (n: number): ClientSpec => ({ duid: duid(n), vendorClass: DOCSIS });
const plain = (n: number): ClientSpec => ({ duid: duid(n) });
const colon = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');
const GOLD_TEST = "substring(option[15].hex,2,all) == 'gold'";

let server: TestServer;
afterEach(async () => server?.close());
const dir = mkdtempSync(join(tmpdir(), 'dhcp6-classes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let tid = 0x10;
/** Sends a message (through eth0 unless told) and returns the client message of the answer, if any. */
async function ask(
  spec: Omit<ExchangeSpec, 'tid'>,
  interfaceName = 'eth0',
): Promise<ClientServerMessage | undefined> {
  const sent = await server.send(packetOf({ ...spec, tid: ++tid }), { interfaceName });
  return sent ? innerReply(sent.bytes) : undefined;
}

async function solicit(
  client: ClientSpec,
  more: Partial<ExchangeSpec> = {},
  iface = 'eth0',
): Promise<ClientServerMessage> {
  const reply = await ask({ type: MessageType.SOLICIT, client, iaNa: [{ iaid: 1 }], ...more }, iface);
  if (!reply) throw new Error('no ADVERTISE');
  return reply;
}

/** SOLICIT then REQUEST of what was advertised; the REPLY. */
async function lease(
  client: ClientSpec,
  more: Partial<ExchangeSpec> = {},
  iface = 'eth0',
): Promise<ClientServerMessage> {
  const advertised = granted(await solicit(client, more, iface));
  const reply = await ask(
    {
      type: MessageType.REQUEST,
      client,
      serverId: SERVER_DUID,
      ...more,
      iaNa: [{ iaid: 1, hints: advertised.na }],
      ...(more.iaPd ? { iaPd: [{ iaid: 2, hints: advertised.pd }] } : {}),
    },
    iface,
  );
  if (!reply) throw new Error('no REPLY');
  return reply;
}

function iaStatus(reply: ClientServerMessage, code: 3 | 25 = 3): number | undefined {
  const ia = findOption(reply.options, code);
  return ia ? findOption(ia.options, 13)?.status : undefined;
}

/** An option's payload as hex, or undefined. */
const option = (reply: ClientServerMessage | undefined, code: number): string | undefined => {
  const found = reply && findRawOption(reply.options, code);
  return found ? Buffer.from(found.data).toString('hex') : undefined;
};
const ip = (text: string): string => Buffer.from(ipv6TextToBytes(text)!).toString('hex');
const first = (reply: ClientServerMessage): string | undefined => granted(reply).na[0];

describe('the classify stage', () => {
  it('runs only when the configuration uses classes: defined ones, or a guard naming a built-in class', async () => {
    const subnet = {
      id: 1,
      subnet: '2001:db8:1::/64',
      interface: 'eth0',
      pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
    };
    server = await TestServer.create({ ...base, subnet6: [subnet] });
    expect(server.generation.path.classifier.active).toBe(false);
    expect(first(await solicit(modem(1)))).toBe('2001:db8:1::10');
    await server.close();

    // No class defined: VENDOR_CLASS_docsis3.0 is built in, the guard alone needs classification.
    server = await TestServer.create({
      ...base,
      subnet6: [
        {
          ...subnet,
          pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f', 'client-class': 'VENDOR_CLASS_docsis3.0' }],
        },
      ],
    });
    expect(server.generation.path.classifier.active).toBe(true);
    expect(first(await solicit(modem(1)))).toBe('2001:db8:1::10');
    expect(iaStatus(await solicit(plain(2)))).toBe(StatusCode.NoAddrsAvail);
  });
});

describe('subnet selection', () => {
  it('skips a subnet whose class the packet lacks for the next one chosen the same way, trying subnets by id', async () => {
    server = await TestServer.create({
      ...base,
      'client-classes': [{ name: 'gold', test: GOLD_TEST }],
      subnet6: [
        // In the file the open subnet comes first; Kea tries subnet 3 (lower id) first.
        {
          id: 5,
          subnet: '2001:db8:5::/64',
          interface: 'eth0',
          pools: [{ pool: '2001:db8:5::10-2001:db8:5::1f' }],
        },
        {
          id: 3,
          subnet: '2001:db8:3::/64',
          interface: 'eth0',
          'client-class': 'gold',
          pools: [{ pool: '2001:db8:3::10-2001:db8:3::1f' }],
        },
        // Relayed from a link inside it; nobody else to fall back to.
        {
          id: 9,
          subnet: '2001:db8:9::/64',
          'client-class': 'gold',
          pools: [{ pool: '2001:db8:9::10-2001:db8:9::1f' }],
        },
      ],
    });
    expect(first(await solicit(gold(1)))).toBe('2001:db8:3::10');
    expect(first(await solicit(plain(2)))).toBe('2001:db8:5::10');
    const relay = { link: '2001:db8:9::1' };
    expect(first(await solicit(gold(3), { relay }))).toBe('2001:db8:9::10');
    // No subnet for it: the IA says NoAddrsAvail, the reply still goes out.
    expect(iaStatus(await solicit(plain(4), { relay }))).toBe(StatusCode.NoAddrsAvail);
  });

  it("a shared network's class guards every subnet in it", async () => {
    server = await TestServer.create({
      ...base,
      'shared-networks': [
        {
          name: 'modems',
          interface: 'eth1',
          'client-class': 'VENDOR_CLASS_docsis3.0',
          subnet6: [
            { id: 10, subnet: '2001:db8:10::/64', pools: [{ pool: '2001:db8:10::10-2001:db8:10::1f' }] },
          ],
        },
      ],
      subnet6: [
        {
          id: 11,
          subnet: '2001:db8:11::/64',
          interface: 'eth1',
          pools: [{ pool: '2001:db8:11::10-2001:db8:11::1f' }],
        },
      ],
    });
    expect(first(await solicit(modem(1), {}, 'eth1'))).toBe('2001:db8:10::10');
    expect(first(await solicit(plain(2), {}, 'eth1'))).toBe('2001:db8:11::10');
  });
});

describe('pools and pd-pools', () => {
  const pooled = {
    ...base,
    'client-classes': [{ name: 'gold', test: GOLD_TEST }],
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        interface: 'eth0',
        pools: [
          { pool: '2001:db8:1::10-2001:db8:1::1f', 'client-class': 'gold' },
          { pool: '2001:db8:1::20-2001:db8:1::2f', 'client-class': 'VENDOR_CLASS_docsis3.0' },
        ],
        'pd-pools': [
          { prefix: '2001:db8:8000::', 'prefix-len': 48, 'delegated-len': 56, 'client-class': 'gold' },
        ],
      },
    ],
  };

  it("serve only their class's members; no pool left is NoAddrsAvail / NoPrefixAvail", async () => {
    server = await TestServer.create(pooled);
    const ias = { iaPd: [{ iaid: 2 }] };
    const goldReply = await solicit(gold(1), ias);
    expect(granted(goldReply)).toEqual({ na: ['2001:db8:1::10'], pd: ['2001:db8:8000::/56'] });
    const modemReply = await solicit(modem(2), ias);
    expect(granted(modemReply)).toEqual({ na: ['2001:db8:1::20'], pd: [] });
    expect(iaStatus(modemReply, 25)).toBe(StatusCode.NoPrefixAvail);
    const plainReply = await solicit(plain(3), ias);
    expect(iaStatus(plainReply)).toBe(StatusCode.NoAddrsAvail);
    expect(iaStatus(plainReply, 25)).toBe(StatusCode.NoPrefixAvail);
    // No pool could be tried (Kea's v6-allocation-fail-no-pools); every failure also counts in
    // v6-allocation-fail-classes (a packet is always in ALL).
    expect(server.stat('v6-allocation-fail-no-pools')).toBe(3);
    expect(server.stat('v6-allocation-fail-classes')).toBe(3);
    expect(server.stat('subnet[1].v6-allocation-fail-subnet')).toBe(3);
  });

  it('a hint in a pool the client may not use is not honoured', async () => {
    server = await TestServer.create(pooled);
    const reply = await solicit(modem(1), { iaNa: [{ iaid: 1, hints: ['2001:db8:1::15'] }] });
    expect(first(reply)).toBe('2001:db8:1::20');
    expect(first(await solicit(gold(2), { iaNa: [{ iaid: 1, hints: ['2001:db8:1::15'] }] }))).toBe(
      '2001:db8:1::15',
    );
  });

  it('KNOWN, UNKNOWN and reserved classes choose the pool in a plain subnet (the Kea documentation example)', async () => {
    const reserved = duid(100);
    const known = duid(101);
    server = await TestServer.create({
      ...base,
      'client-classes': [
        { name: 'reserved_class' },
        { name: 'unreserved_class', test: "not member('reserved_class')" },
      ],
      subnet6: [
        {
          id: 1,
          subnet: '2001:db8:1::/64',
          interface: 'eth0',
          reservations: [
            { duid: colon(reserved), 'client-classes': ['reserved_class'] },
            { duid: colon(known), hostname: 'known' },
          ],
          pools: [
            { pool: '2001:db8:1::10-2001:db8:1::1f', 'client-class': 'reserved_class' },
            { pool: '2001:db8:1::20-2001:db8:1::2f', 'client-class': 'KNOWN' },
            { pool: '2001:db8:1::30-2001:db8:1::3f', 'client-class': 'unreserved_class' },
          ],
        },
      ],
    });
    // The reservation's class replaces the classes evaluated before it (unreserved_class goes).
    expect(first(await lease({ duid: reserved }))).toBe('2001:db8:1::10');
    expect(first(await lease({ duid: known }))).toBe('2001:db8:1::20');
    expect(first(await lease(plain(1)))).toBe('2001:db8:1::30');
  });

  it("in a shared network a global reservation's class picks the subnet, a subnet reservation's comes too late", async () => {
    const global = duid(200);
    const local = duid(201);
    server = await TestServer.create({
      ...base,
      'client-classes': [
        { name: 'reserved_class' },
        { name: 'unreserved_class', test: "not member('reserved_class')" },
      ],
      reservations: [{ duid: colon(global), 'client-classes': ['reserved_class'] }],
      'shared-networks': [
        {
          name: 'net',
          interface: 'eth0',
          'reservations-global': true,
          subnet6: [
            {
              id: 1,
              subnet: '2001:db8:1::/64',
              pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f', 'client-class': 'reserved_class' }],
              reservations: [{ duid: colon(local), 'client-classes': ['reserved_class'] }],
            },
            {
              id: 2,
              subnet: '2001:db8:2::/64',
              pools: [{ pool: '2001:db8:2::10-2001:db8:2::1f', 'client-class': 'unreserved_class' }],
            },
          ],
        },
      ],
    });
    expect(first(await lease({ duid: global }))).toBe('2001:db8:1::10');
    expect(first(await lease(plain(1)))).toBe('2001:db8:2::10');
    // Subnet 1 looks at its own reservations first: the local one is found, but its classes
    // join only after allocation, when they can no longer steer it.
    expect(first(await lease({ duid: local }))).toBe('2001:db8:2::11');
  });
});

describe('a lease in a pool the client may no longer use', () => {
  it('is removed (even by a SOLICIT, as Kea does) and another pool is offered; RENEW returns it with lifetimes 0', async () => {
    server = await TestServer.create({
      ...base,
      'client-classes': [
        { name: 'gold', test: GOLD_TEST },
        { name: 'plain', test: "not member('gold')" },
      ],
      subnet6: [
        {
          id: 1,
          subnet: '2001:db8:1::/64',
          interface: 'eth0',
          pools: [
            { pool: '2001:db8:1::10-2001:db8:1::1f', 'client-class': 'gold' },
            { pool: '2001:db8:1::20-2001:db8:1::2f', 'client-class': 'plain' },
          ],
        },
      ],
    });
    const n = 7;
    expect(first(await lease(gold(n)))).toBe('2001:db8:1::10');
    expect(server.stat('subnet[1].assigned-nas')).toBe(1);
    // Same client, without its gold class now.
    expect(first(await solicit(plain(n), { iaNa: [{ iaid: 1, hints: ['2001:db8:1::10'] }] }))).toBe(
      '2001:db8:1::20',
    );
    expect(await server.store.get(LeaseType.NA, '2001:db8:1::10')).toBeUndefined();
    expect(server.stat('subnet[1].assigned-nas')).toBe(0);

    // RENEW of a lease whose pool it left: a new lease, the old address with lifetimes 0.
    expect(first(await lease(gold(n + 1)))).toBe('2001:db8:1::11');
    const renew = await ask({
      type: MessageType.RENEW,
      client: plain(n + 1),
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1, hints: ['2001:db8:1::11'] }],
    });
    const ia = findOption(renew!.options, 3)!;
    expect(findOptions(ia.options, 5).map((a) => [a.address, a.preferredLifetime, a.validLifetime])).toEqual([
      ['2001:db8:1::21', 3000, 4000],
      ['2001:db8:1::11', 0, 0],
    ]);
    expect([ia.t1, ia.t2]).toEqual([1000, 2000]);
    expect((await server.store.get(LeaseType.NA, '2001:db8:1::21'))?.duid).toBe(colon(duid(n + 1)));
    expect(await server.store.get(LeaseType.NA, '2001:db8:1::11')).toBeUndefined();
  });
});

describe('DROP', () => {
  it('drops at reception, after the reservation lookup (KNOWN-dependent) and after the early global lookup', async () => {
    const logFile = join(dir, 'drop.log');
    const early = duid(300);
    const local = duid(301);
    server = await TestServer.create(
      {
        ...base,
        'early-global-reservations-lookup': true,
        reservations: [{ duid: colon(early), hostname: 'early' }],
        'client-classes': [
          {
            name: 'DROP',
            test: "substring(option[15].hex,2,all) == 'drop-me' or (member('KNOWN') and substring(option[15].hex,2,all) == 'drop-known')",
          },
        ],
        subnet6: [
          {
            id: 1,
            subnet: '2001:db8:1::/64',
            interface: 'eth0',
            pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
            reservations: [{ duid: colon(local), hostname: 'local' }],
          },
        ],
      },
      { logFile },
    );
    const sends: [ClientSpec, boolean][] = [
      [{ duid: duid(1), userClass: 'drop-me' }, false],
      [{ duid: early, userClass: 'drop-known' }, false],
      [{ duid: local, userClass: 'drop-known' }, false],
      [{ duid: duid(2), userClass: 'drop-known' }, true],
    ];
    for (const [client, answered] of sends) {
      expect((await ask({ type: MessageType.SOLICIT, client, iaNa: [{ iaid: 1 }] })) !== undefined).toBe(
        answered,
      );
    }
    // An INFORMATION-REQUEST and a RELEASE are dropped alike.
    expect(
      await ask({ type: MessageType.INFORMATION_REQUEST, client: { duid: local, userClass: 'drop-known' } }),
    ).toBeUndefined();
    expect(
      await ask({
        type: MessageType.RELEASE,
        client: { duid: local, userClass: 'drop-known' },
        serverId: SERVER_DUID,
        iaNa: [{ iaid: 1 }],
      }),
    ).toBeUndefined();
    expect(server.stat('pkt6-receive-drop')).toBe(5);
    const log = readFileSync(logFile, 'utf8');
    // A DROP class that depends on KNOWN is evaluated after the host lookup only (pass 2).
    expect(log.match(/DHCP6_PACKET_DROP_DROP_CLASS_EARLY/g)).toHaveLength(1);
    expect(log.match(/DHCP6_PACKET_DROP_DROP_CLASS2/g)).toHaveLength(4);
    // Kea's debug line with the classes after the host lookup (the one client let through):
    expect(log).toMatch(
      /DHCP6_CLASS_ASSIGNED duid=\[[0-9a-f:]+\], tid=0x[0-9a-f]+: client packet has been assigned to the following class\(es\): ALL, UNKNOWN/,
    );
  });

  it('a DROP class that does not depend on KNOWN drops right after the sanity checks', async () => {
    const logFile = join(dir, 'drop1.log');
    server = await TestServer.create(
      {
        ...base,
        'client-classes': [{ name: 'DROP', test: "substring(option[15].hex,2,all) == 'drop-me'" }],
        subnet6: [
          {
            id: 1,
            subnet: '2001:db8:1::/64',
            interface: 'eth0',
            pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
          },
        ],
      },
      { logFile },
    );
    expect(
      await ask({
        type: MessageType.SOLICIT,
        client: { duid: duid(1), userClass: 'drop-me' },
        iaNa: [{ iaid: 1 }],
      }),
    ).toBeUndefined();
    expect(server.stat('pkt6-receive-drop')).toBe(1);
    expect(readFileSync(logFile, 'utf8')).toMatch(/DHCP6_PACKET_DROP_DROP_CLASS /);
  });
});

describe('required classes and class options', () => {
  const OPTS = [23, 24, 27, 31, 41, 42];
  const scoped = {
    ...base,
    'option-data': [
      { name: 'dns-servers', data: '2001:db8::1' },
      { name: 'domain-search', data: 'global.example.' },
      { name: 'sntp-servers', data: '2001:db8::31' },
    ],
    'client-classes': [
      { name: 'VENDOR_CLASS_docsis3.0', 'option-data': [{ name: 'domain-search', data: 'docsis.example.' }] },
      {
        name: 'gold',
        test: GOLD_TEST,
        'option-data': [
          { name: 'dns-servers', data: '2001:db8::9' },
          { name: 'domain-search', data: 'gold.example.' },
          { name: 'nis-servers', data: '2001:db8::27' },
        ],
      },
      {
        name: 'req-net',
        test: "member('ALL')",
        'only-if-required': true,
        'option-data': [{ name: 'new-posix-timezone', data: 'NET' }],
      },
      {
        name: 'req-sub',
        test: "member('ALL')",
        'only-if-required': true,
        'option-data': [{ name: 'new-posix-timezone', data: 'SUB' }],
      },
      {
        name: 'req-pool',
        test: "member('gold')",
        'only-if-required': true,
        'option-data': [
          { name: 'new-posix-timezone', data: 'POOL' },
          { name: 'new-tzdb-timezone', data: 'Europe/Zurich' },
        ],
      },
      {
        name: 'req-none',
        test: "member('ALL')",
        'only-if-required': true,
        'option-data': [{ name: 'sntp-servers', data: '2001:db8::bad' }],
      },
    ],
    'shared-networks': [
      {
        name: 'net',
        interface: 'eth0',
        'require-client-classes': ['req-net'],
        subnet6: [
          {
            id: 1,
            subnet: '2001:db8:1::/64',
            'require-client-classes': ['req-sub', 'undefined-class', 'gold'],
            'option-data': [{ name: 'dns-servers', data: '2001:db8:1::53' }],
            pools: [
              {
                pool: '2001:db8:1::10-2001:db8:1::1f',
                'client-class': 'gold',
                'require-client-classes': ['req-pool'],
                'option-data': [{ name: 'nis-servers', data: '2001:db8:1::27' }],
              },
              { pool: '2001:db8:1::20-2001:db8:1::2f' },
            ],
          },
        ],
      },
    ],
  };

  it('are evaluated when required, network then subnet then pools of the leases: the first to set an option wins', async () => {
    server = await TestServer.create(scoped);
    const goldReply = await lease(gold(1), { oro: OPTS });
    expect(first(goldReply)).toBe('2001:db8:1::10');
    expect(option(goldReply, 41)).toBe(Buffer.from('NET').toString('hex'));
    expect(option(goldReply, 42)).toBe(Buffer.from('Europe/Zurich').toString('hex'));
    // Nobody requires req-none: its sntp-servers never shows.
    expect(option(goldReply, 31)).toBe(ip('2001:db8::31'));
    const plainReply = await lease(plain(2), { oro: OPTS });
    expect(first(plainReply)).toBe('2001:db8:1::20');
    expect(option(plainReply, 41)).toBe(Buffer.from('NET').toString('hex'));
    // req-pool is required only by the gold pool.
    expect(option(plainReply, 42)).toBeUndefined();
  });

  it('options: host > pool > subnet > shared network > class > global; classes in the order assigned', async () => {
    server = await TestServer.create(scoped);
    const reply = await lease({ duid: duid(3), userClass: 'gold', vendorClass: DOCSIS }, { oro: OPTS });
    expect(option(reply, 23)).toBe(ip('2001:db8:1::53')); // subnet over class
    expect(option(reply, 27)).toBe(ip('2001:db8:1::27')); // pool over class
    // The built-in vendor class is assigned before any test runs, so its option comes first.
    expect(option(reply, 24)).toBe('06646f63736973076578616d706c6500');
    const info = await ask({ type: MessageType.INFORMATION_REQUEST, client: gold(4), oro: OPTS });
    // Class options and the selected subnet's required classes answer an INFORMATION-REQUEST.
    expect(option(info, 27)).toBe(ip('2001:db8::27'));
    expect(option(info, 41)).toBe(Buffer.from('NET').toString('hex'));
    expect(option(info, 42)).toBeUndefined();
  });

  it('lifetimes of a new lease: the first class in assignment order that sets one decides it, a hint within its bounds', async () => {
    server = await TestServer.create({
      ...base,
      'client-classes': [
        {
          name: 'gold',
          test: GOLD_TEST,
          'valid-lifetime': 5000,
          'min-valid-lifetime': 4500,
          'max-valid-lifetime': 6000,
        },
        { name: 'all', test: "member('ALL')", 'valid-lifetime': 100, 'preferred-lifetime': 80 },
      ],
      subnet6: [
        {
          id: 1,
          subnet: '2001:db8:1::/64',
          interface: 'eth0',
          pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
        },
      ],
    });
    const lifetimes = (reply: ClientServerMessage) =>
      findOptions(findOption(reply.options, 3)!.options, 5).map((a) => [
        a.preferredLifetime,
        a.validLifetime,
      ]);
    expect(lifetimes(await solicit(gold(1)))).toEqual([[80, 5000]]);
    expect(lifetimes(await solicit(plain(2)))).toEqual([[80, 100]]);
    // A wish within the bounds is granted, beyond them the bound (preferred: 80, no bounds).
    const wish = (valid: number) => ({
      iaNa: [{ iaid: 1, hints: ['2001:db8:1::1f'], preferred: 70, valid }],
    });
    expect(lifetimes(await solicit(gold(3), wish(5500)))).toEqual([[80, 5500]]);
    expect(lifetimes(await solicit(gold(4), wish(9000)))).toEqual([[80, 6000]]);
    // A RENEW gets the subnet's lifetimes: Kea 2.2 looks at no class when it extends a lease.
    const held = await lease(gold(5));
    expect(lifetimes(held)).toEqual([[80, 5000]]);
    const renew = await ask({
      type: MessageType.RENEW,
      client: gold(5),
      serverId: SERVER_DUID,
      iaNa: [{ iaid: 1, hints: granted(held).na }],
    });
    expect(lifetimes(renew!)).toEqual([[3000, 4000]]);
  });
});
