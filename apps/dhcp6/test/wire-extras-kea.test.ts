/**
 * The DHCPv6 chapter's wire extras, against ISC kea-dhcp6 2.2 on one configuration: prefix
 * exclude (OPTION_PD_EXCLUDE inside IAPREFIX, only for a client whose ORO asks for 67),
 * store-extended-info (the relays in the lease's user-context, by lease6-get-all and in the lease
 * file), relay-supplied options (RFC 6422: 65 always, the configured codes, the server's own
 * options first), options that encapsulate spaces (the S46 containers of RFC 7598 with their
 * nested sub-options, custom option-def containers) and vendor options asked for in the client's
 * vendor-opts ORO (CableLabs 4491) or sent always. The same messages go to both servers and the
 * replies are compared field by field, sub-options of every IAPREFIX included.
 *
 * Needs root (network namespaces) and /usr/sbin/kea-dhcp6; skipped, loudly, otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import {
  type ClientServerMessage,
  type Dhcp6Option,
  decodeMessage,
  encodeOption,
  MessageType,
  messageTypeName,
  unwrapRelay,
} from '@nestor/codec';
import { ISC_KEA_DHCP6 } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Compared, Differential, differences, type Step } from './support/class-differential.js';
import { type ExchangeSpec, granted, type RelaySpec } from './support/class-packets.js';
import { duid } from './support/class-scenario.js';
import { ISC_LEASE_CMDS } from './support/isc-kea.js';
import { type PoolLabeler, poolLabeler } from './support/reply-summary.js';
import { SERVER_IFACE, TwinServers } from './support/twin-servers.js';

const available = existsSync(ISC_KEA_DHCP6) && process.getuid?.() === 0;
if (!available) console.warn(`wire-extras-kea: skipped (needs root and ${ISC_KEA_DHCP6})`);

const M = MessageType;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array =>
  Uint8Array.from(Buffer.from(text.replace(/[^0-9a-f]/gi, ''), 'hex'));
const tlv = (code: number, data: Uint8Array): Uint8Array =>
  Uint8Array.from([code >> 8, code & 0xff, data.length >> 8, data.length & 0xff, ...data]);
const u16s = (...codes: number[]): Uint8Array => Uint8Array.from(codes.flatMap((c) => [c >> 8, c & 0xff]));
/** A client's vendor-opts (17): enterprise and sub-options. */
const vendorOpts = (enterprise: number, ...subs: Uint8Array[]): Dhcp6Option => ({
  kind: 'raw',
  code: 17,
  data: Uint8Array.from([
    (enterprise >>> 24) & 0xff,
    (enterprise >> 16) & 0xff,
    (enterprise >> 8) & 0xff,
    enterprise & 0xff,
    ...subs.flatMap((s) => [...s]),
  ]),
});
const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
/** erp-local-domain-name (65) as a relay supplies it: example.net in DNS wire format. */
const ERP = tlv(65, bytes('076578616d706c65036e657400'));

function scenario(iface: string): Record<string, unknown> {
  return {
    'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0a0b', persist: false },
    'preferred-lifetime': 3000,
    'valid-lifetime': 4000,
    'renew-timer': 1000,
    'rebind-timer': 2000,
    'relay-supplied-options': ['sntp-servers', '2100'],
    'option-def': [
      { name: 'box', code: 230, type: 'empty', encapsulate: 'box-space' },
      { name: 'box-text', code: 1, space: 'box-space', type: 'string' },
      { name: 'box-addr', code: 2, space: 'box-space', type: 'ipv6-address' },
      { name: 'counter', code: 231, type: 'uint16', encapsulate: 'middle' },
      { name: 'middle-a', code: 7, space: 'middle', type: 'uint8', encapsulate: 'deepest' },
      { name: 'deep-text', code: 9, space: 'deepest', type: 'string' },
    ],
    'option-data': [
      { name: 'dns-servers', data: '2001:db8::53' },
      { name: 's46-cont-mape' },
      { space: 's46-cont-mape-options', name: 's46-rule', data: '0, 16, 24, 192.0.2.0, 2001:db8:1::/56' },
      { space: 's46-cont-mape-options', name: 's46-rule', data: '1, 8, 16, 198.51.100.0, 2001:db8:2::/48' },
      { space: 's46-cont-mape-options', name: 's46-br', data: '2001:db8:cafe::1' },
      { space: 's46-rule-options', name: 's46-portparams', data: '2, 3/4' },
      { name: 's46-cont-mapt' },
      { space: 's46-cont-mapt-options', name: 's46-dmr', data: '2001:db8:cafe:ff00::/57' },
      { space: 's46-cont-mapt-options', name: 's46-rule', data: '0, 0, 24, 203.0.113.0, 2001:db8:3::/56' },
      { name: 's46-cont-lw' },
      { space: 's46-cont-lw-options', name: 's46-br', data: '2001:db8:cafe::2' },
      { space: 's46-cont-lw-options', name: 's46-v4v6bind', data: '192.0.2.3, 2001:db8:1:cafe::/64' },
      { space: 's46-v4v6bind-options', name: 's46-portparams', data: '0, 12/6' },
      { name: 'box' },
      { space: 'box-space', name: 'box-addr', data: '2001:db8::b0c5' },
      { space: 'box-space', name: 'box-text', data: 'first' },
      { space: 'box-space', name: 'box-text', data: 'second' },
      { name: 'counter', data: '513' },
      { space: 'middle', name: 'middle-a', data: '7' },
      { space: 'deepest', name: 'deep-text', data: 'down here' },
      { name: 'vendor-opts', data: '4491' },
      { space: 'vendor-4491', name: 'tftp-servers', data: '2001:db8::69' },
      { space: 'vendor-4491', name: 'config-file', data: 'modem.cfg', 'always-send': true },
      { space: 'vendor-4491', name: 'time-offset', data: '-3600' },
    ],
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        interface: iface,
        pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
        'pd-pools': [
          {
            prefix: '2001:db8:100::',
            'prefix-len': 40,
            'delegated-len': 56,
            'excluded-prefix': '2001:db8:100:ab::',
            'excluded-prefix-len': 64,
          },
        ],
        'option-data': [{ space: 'vendor-4491', name: 'tftp-servers', data: '2001:db8:1::69' }],
        reservations: [{ duid: colon(RESERVED), prefixes: ['2001:db8:1ff:ff00::/56'] }],
      },
      {
        id: 2,
        subnet: '2001:db8:2::/64',
        'store-extended-info': true,
        // Lease caching: a RENEW through the same relays reuses the lease, new relay data rewrites it.
        'cache-threshold': 0.5,
        pools: [{ pool: '2001:db8:2::100-2001:db8:2::1ff' }],
        'pd-pools': [
          {
            prefix: '2001:db8:200::',
            'prefix-len': 40,
            'delegated-len': 48,
            'excluded-prefix': '2001:db8:200:ab00::',
            'excluded-prefix-len': 61,
          },
          { prefix: '2001:db8:300::', 'prefix-len': 40, 'delegated-len': 48 },
        ],
      },
      {
        id: 3,
        subnet: '2001:db8:3::/64',
        pools: [{ pool: '2001:db8:3::100-2001:db8:3::1ff' }],
      },
    ],
  };
}

/** The relay of subnet 2 with a remote-id, a subscriber-id and relay-supplied options. */
function relay2(remote: string, rsoo: Uint8Array[] = []): RelaySpec {
  return {
    link: '2001:db8:2::1',
    peer: 'fe80::1:c1',
    interfaceId: 'port-2',
    options: [
      { code: 37, data: Uint8Array.from([0, 0, 0x0d, 0xe9, ...ascii(remote)]) },
      { code: 38, data: ascii('subscriber-7') },
      ...(rsoo.length > 0 ? [{ code: 66, data: Uint8Array.from(rsoo.flatMap((o) => [...o])) }] : []),
    ],
  };
}

/** Subnet 3's relay: store-extended-info is off there. */
const RELAY_3: RelaySpec = { link: '2001:db8:3::1', options: [{ code: 37, data: bytes('00000de9aabb') }] };

interface Client {
  duid: Uint8Array;
  na?: boolean;
  pd?: boolean;
  oro?: number[];
  relay?: RelaySpec;
  extra?: Dhcp6Option[];
}

let tid = 0x7000;

/** A step of `type` for a client: SOLICIT asks anew, the others name what its last reply granted. */
function step(type: number, key: string, c: Client, note = ''): Step {
  const follows = type !== M.SOLICIT && type !== M.INFORMATION_REQUEST;
  return {
    name: `${messageTypeName(type)} ${key}${note ? ` (${note})` : ''}`,
    key,
    ...(type === M.INFORMATION_REQUEST ? { record: false } : {}),
    ...(follows ? { needs: [key] } : {}),
    build(replies: ReadonlyMap<string, ClientServerMessage>): ExchangeSpec {
      const last = replies.get(key);
      const serverId = last?.options.find((o) => o.code === 2);
      const held = last ? granted(last) : { na: [], pd: [] };
      return {
        type,
        tid: ++tid,
        client: { duid: c.duid },
        ...(follows && type !== M.REBIND && serverId?.kind === 'raw' ? { serverId: serverId.data } : {}),
        ...(c.na !== false && type !== M.INFORMATION_REQUEST
          ? { iaNa: [{ iaid: 1, hints: follows ? held.na : [] }] }
          : {}),
        ...(c.pd && type !== M.INFORMATION_REQUEST
          ? { iaPd: [{ iaid: 2, hints: follows ? held.pd : [] }] }
          : {}),
        ...(c.oro ? { oro: c.oro } : {}),
        ...(c.relay ? { relay: c.relay } : {}),
        ...(c.extra ? { extra: c.extra } : {}),
      };
    },
  };
}

/**
 * A lifetime a little short of the configured one is a lease sent again under lease caching (what
 * is left of it): how much is left depends on the second each server's clock read, so it is
 * compared as "cached".
 */
const aged = (value: number, full: number): number | string =>
  value < full && value > full - 120 ? 'cached' : value;

/**
 * A reply as compared here: type, top-level status, each IA with the pool of each lease, its
 * lifetimes and the bytes of every sub-option of its IAADDR / IAPREFIX, and every other option's
 * bytes (client-id and server-id aside).
 */
function summary(label: PoolLabeler) {
  return (reply: Uint8Array | undefined): unknown => {
    if (!reply) return 'no answer';
    const { message } = unwrapRelay(decodeMessage(reply));
    if (message.kind !== 'client-server') return message.kind;
    const out: { type: string; status?: number; ias: unknown[]; options: Record<string, string[]> } = {
      type: messageTypeName(message.msgType),
      ias: [],
      options: {},
    };
    for (const o of message.options) {
      if (o.kind === 'ia_na' || o.kind === 'ia_pd') {
        const ia: { kind: string; t1: number; t2: number; status?: number; leases: unknown[] } = {
          kind: o.kind,
          t1: o.t1,
          t2: o.t2,
          leases: [],
        };
        for (const sub of o.options) {
          if (sub.kind === 'status_code') ia.status = sub.status;
          else if (sub.kind === 'iaaddr' || sub.kind === 'iaprefix')
            ia.leases.push({
              at: sub.kind === 'iaaddr' ? label(sub.address, 128) : label(sub.prefix, sub.prefixLength),
              preferred: aged(sub.preferredLifetime, 3000),
              valid: aged(sub.validLifetime, 4000),
              inside: sub.options.map((s) => hex(encodeOption(s))),
            });
        }
        out.ias.push(ia);
      } else if (o.kind === 'status_code') out.status = o.status;
      else if (o.code !== 1 && o.code !== 2)
        out.options[o.code] = [...(out.options[o.code] ?? []), hex(encodeOption(o)).slice(8)];
    }
    return out;
  };
}

const colon = (b: Uint8Array): string => hex(b).replace(/(..)(?!$)/g, '$1:');
const RESERVED = duid(0x18f0);

/** Two relays: the one next to the client (with an RSOO) behind one next to the server (with its own). */
const TWO_RELAYS: RelaySpec = {
  link: '2001:db8:2::1',
  peer: 'fe80::2:c1',
  interfaceId: 'inner-port',
  options: [
    { code: 66, data: Uint8Array.from([...tlv(31, bytes('20010db8000000000000000000000777')), ...ERP]) },
  ],
  outer: {
    link: '2001:db8:2::2',
    peer: '2001:db8:2::1',
    hopCount: 1,
    options: [
      { code: 37, data: Uint8Array.from([0, 0, 0x0d, 0xe9, ...ascii('aggregation')]) },
      {
        code: 66,
        data: Uint8Array.from([
          ...tlv(31, bytes('20010db8000000000000000000000888')),
          ...tlv(2100, ascii('outer')),
        ]),
      },
    ],
  },
};

const CLIENTS = {
  reserved: { duid: RESERVED, pd: true, oro: [67] },
  twoHops: { duid: duid(0x180c), pd: true, oro: [67], relay: TWO_RELAYS },
  excl: { duid: duid(0x1801), pd: true, oro: [23, 67] },
  plain: { duid: duid(0x1802), pd: true, oro: [23] },
  relayed: { duid: duid(0x1803), pd: true, oro: [67], relay: relay2('modem-1', [ERP]) },
  rsoo: {
    duid: duid(0x1804),
    oro: [23],
    relay: relay2('modem-2', [
      tlv(31, bytes('20010db8000000000000000000000123')),
      tlv(23, bytes('20010db8000000000000000000000099')),
      tlv(2100, ascii('local')),
      tlv(99, ascii('not enabled')),
      tlv(31, bytes('20010db8000000000000000000000124')),
      ERP,
    ]),
  },
  third: { duid: duid(0x1805), relay: RELAY_3 },
  badRsoo: {
    duid: duid(0x180d),
    relay: { link: '2001:db8:2::1', options: [{ code: 66, data: bytes('00ff00') }] },
  },
  s46: { duid: duid(0x1806), oro: [94, 95, 96, 230, 231] },
  vendorOro: { duid: duid(0x1807), extra: [vendorOpts(4491, tlv(1, u16s(32, 34)))] },
  vendorAsked17: { duid: duid(0x1808), oro: [17], extra: [vendorOpts(4491, tlv(1, u16s(32)))] },
  vendorClass: {
    duid: duid(0x1809),
    extra: [{ kind: 'raw', code: 16, data: bytes('0000118b0006646f63736973') } as Dhcp6Option],
  },
  otherVendor: { duid: duid(0x180a), extra: [vendorOpts(9999, tlv(1, u16s(32)))] },
  vendorRelayed: {
    duid: duid(0x180b),
    relay: RELAY_3,
    extra: [vendorOpts(4491, tlv(1, u16s(32)))],
  },
} satisfies Record<string, Client>;

describe.skipIf(!available)('wire extras, differential against ISC kea-dhcp6 2.2', () => {
  let twins: TwinServers | undefined;
  let differential: Differential | undefined;
  const config = scenario(SERVER_IFACE);
  beforeAll(async () => {
    twins = await TwinServers.start('wirex', config, [ISC_LEASE_CMDS], { persistLeases: true });
    differential = new Differential(twins, poolLabeler(config), summary(poolLabeler(config)));
  }, 30_000);
  afterAll(async () => {
    await twins?.destroy();
  });
  const run = (list: Step[]): Promise<Compared[]> => differential!.run(list);
  const kea = (results: Compared[], name: string): string =>
    JSON.stringify(results.find((r) => r.step === name)!.kea);

  it('prefix exclude: OPTION_PD_EXCLUDE inside each IAPREFIX of a pool that has one, only when asked for', async () => {
    const results = await run([
      step(M.SOLICIT, 'excl', CLIENTS.excl),
      step(M.REQUEST, 'excl', CLIENTS.excl),
      step(M.RENEW, 'excl', CLIENTS.excl),
      step(M.REBIND, 'excl', CLIENTS.excl),
      step(M.SOLICIT, 'plain', CLIENTS.plain),
      step(M.REQUEST, 'plain', CLIENTS.plain),
      step(M.RENEW, 'plain', { ...CLIENTS.plain, oro: [23, 67] }, 'asks for 67 now'),
      step(M.SOLICIT, 'relayed', CLIENTS.relayed),
      step(M.REQUEST, 'relayed', CLIENTS.relayed),
      step(M.SOLICIT, 'reserved', CLIENTS.reserved),
      step(M.REQUEST, 'reserved', CLIENTS.reserved),
    ]);
    expect(differences(results)).toBe('');
    // /64 inside a /56: length 64, one octet of subnet ID (0xab).
    expect(kea(results, 'REQUEST excl')).toContain('"inside":["0043000240ab"]');
    expect(kea(results, 'RENEW excl')).toContain('"inside":["0043000240ab"]');
    expect(kea(results, 'REQUEST plain')).toContain('"inside":[]');
    // /61 inside a /48: 13 bits of subnet ID, left-aligned and zero-padded (0xab00 >> 3 << 3).
    expect(kea(results, 'REQUEST relayed')).toContain('"inside":["004300033dab00"]');
    // A reserved prefix inside the pool carries the pool's option too.
    expect(kea(results, 'REQUEST reserved')).toContain('"inside":["0043000240ab"]');
  }, 60_000);

  it('store-extended-info: the relays in the lease user-context, by lease6-get-all and in the lease file', async () => {
    const before = CLIENTS.relayed;
    const moved = { ...before, relay: relay2('modem-1-moved') };
    // A second past the REQUEST, so that a cached lease's remaining lifetime is below the full
    // one on both servers ("cached"), whatever second each handled the REQUEST in.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const results = await run([
      step(M.RENEW, 'relayed', before, 'the same relays'),
      step(M.RENEW, 'relayed', moved, 'another remote-id'),
      step(M.SOLICIT, 'third', CLIENTS.third),
      step(M.REQUEST, 'third', CLIENTS.third),
      step(M.SOLICIT, 'twoHops', CLIENTS.twoHops),
      step(M.REQUEST, 'twoHops', CLIENTS.twoHops),
    ]);
    expect(differences(results)).toBe('');
    expect(kea(results, 'RENEW relayed (the same relays)')).toContain('"preferred":"cached"');
    expect(kea(results, 'RENEW relayed (another remote-id)')).toContain('"preferred":3000');
    const got = await twins!.command('lease6-get-all');
    const contexts = (answer: typeof got.kea): Record<string, unknown> => {
      const leases = ((answer.arguments as { leases?: Record<string, unknown>[] })?.leases ?? []).filter(
        (l) => [CLIENTS.relayed, CLIENTS.third, CLIENTS.twoHops].some((c) => l.duid === colon(c.duid)),
      );
      return Object.fromEntries(leases.map((l) => [`${l.duid} ${l.type}`, l['user-context'] ?? null]));
    };
    const keaContexts = contexts(got.kea);
    expect(Object.keys(keaContexts)).toHaveLength(5);
    expect(contexts(got.nestor)).toEqual(keaContexts);
    expect(JSON.stringify(keaContexts)).toContain('"hop":0,"link":"2001:db8:2::1"');
    expect(JSON.stringify(keaContexts)).toContain(hex(ascii('modem-1-moved')).toUpperCase());
    // Two relays: the one next to the server first, with its hop count.
    expect(JSON.stringify(keaContexts)).toContain('{"hop":1,"link":"2001:db8:2::2"');

    // The lease files: the latest row of each lease, its user_context column as written.
    // The rows per lease show which RENEWs rewrote it and which lease caching let stand.
    const column = (file: string): Record<string, string> => {
      const [header, ...rows] = readFileSync(file, 'latin1').trim().split('\n');
      const names = header!.split(',');
      const at = (name: string) => names.indexOf(name);
      const out: Record<string, string> = {};
      const count: Record<string, number> = {};
      for (const row of rows) {
        const f = row.split(',');
        const key = `${f[at('duid')]} ${f[at('lease_type')]}`;
        count[key] = (count[key] ?? 0) + 1;
        out[key] = `${count[key]} rows, last ${f[at('user_context')]}`;
      }
      return out;
    };
    const keaFile = column(twins!.leaseFile('kea'));
    expect(column(twins!.leaseFile('nestor'))).toEqual(keaFile);
    expect(Object.values(keaFile).some((v) => v.includes('&#x2c'))).toBe(true);
    // REQUEST, then the RENEW with new relay data; the RENEW through the same relays was reused.
    expect(keaFile[`${colon(CLIENTS.relayed.duid)} 0`]).toMatch(/^2 rows, last \{ "ISC"/);
  }, 60_000);

  it('relay-supplied options: 65 and the configured codes, the server own first, one per code, in every reply', async () => {
    const results = await run([
      step(M.SOLICIT, 'rsoo', CLIENTS.rsoo),
      step(M.REQUEST, 'rsoo', CLIENTS.rsoo),
      step(M.RELEASE, 'rsoo', CLIENTS.rsoo),
      step(M.INFORMATION_REQUEST, 'rsoo', CLIENTS.rsoo),
      step(M.INFORMATION_REQUEST, 'twoHops', CLIENTS.twoHops, 'RSOO of two relays'),
      step(M.INFORMATION_REQUEST, 'badRsoo', CLIENTS.badRsoo, 'an RSOO that does not parse'),
    ]);
    expect(differences(results)).toBe('');
    const reply = kea(results, 'REQUEST rsoo');
    expect(reply).toContain('"65":["076578616d706c65036e657400"]');
    expect(reply).toContain('"31":["20010db8000000000000000000000123"]');
    expect(reply).toContain('"2100":["6c6f63616c"]');
    expect(reply).not.toContain('"99"');
    expect(reply).toContain('"23":["20010db8000000000000000000000053"]');
    // The relay next to the client first: its sntp-servers wins, the outer one adds 2100.
    const two = kea(results, 'INFORMATION-REQUEST twoHops (RSOO of two relays)');
    expect(two).toContain('"31":["20010db8000000000000000000000777"]');
    expect(two).toContain('"2100":["6f75746572"]');
    // An RSOO whose contents are not options: the message is answered, nothing copied.
    const bad = kea(results, 'INFORMATION-REQUEST badRsoo (an RSOO that does not parse)');
    expect(bad).toContain('"type":"REPLY"');
    expect(bad).not.toContain('"65"');
  }, 60_000);

  it('options that encapsulate spaces go out with their sub-options: S46 containers, custom containers', async () => {
    const results = await run([
      step(M.SOLICIT, 's46', CLIENTS.s46),
      step(M.INFORMATION_REQUEST, 's46', CLIENTS.s46),
    ]);
    expect(differences(results)).toBe('');
    const reply = kea(results, 'INFORMATION-REQUEST s46');
    // s46-cont-mape carries an s46-rule with its s46-portparams, and the s46-br.
    expect(reply).toMatch(/"94":\["0059/);
    expect(reply).toContain('005a001020010db8cafe0000000000000000000');
    expect(reply).toMatch(/"230":\["0001/);
  }, 60_000);

  it('vendor options: the client vendor ORO (4491), always-send ones, by vendor-opts or vendor-class', async () => {
    const results = await run([
      step(M.SOLICIT, 'vendorOro', CLIENTS.vendorOro),
      step(M.REQUEST, 'vendorOro', CLIENTS.vendorOro),
      step(M.INFORMATION_REQUEST, 'vendorOro', CLIENTS.vendorOro),
      step(M.SOLICIT, 'vendorAsked17', CLIENTS.vendorAsked17),
      step(M.SOLICIT, 'vendorClass', CLIENTS.vendorClass),
      step(M.SOLICIT, 'otherVendor', CLIENTS.otherVendor),
      step(M.SOLICIT, 'vendorRelayed', CLIENTS.vendorRelayed),
    ]);
    expect(differences(results)).toBe('');
    // Subnet 1's tftp-servers over the global one; config-file always.
    expect(kea(results, 'SOLICIT vendorOro')).toContain(
      `"17":["0000118b0020001020010db8000100000000000000000069${hex(tlv(33, ascii('modem.cfg')))}"]`,
    );
    // ORO 17 brings the configured vendor-opts: its own ORO is then not read, only always-send counts.
    expect(kea(results, 'SOLICIT vendorAsked17')).toContain(
      `"17":["0000118b${hex(tlv(33, ascii('modem.cfg')))}"]`,
    );
    expect(kea(results, 'SOLICIT vendorClass')).toContain(
      `"17":["0000118b${hex(tlv(33, ascii('modem.cfg')))}"]`,
    );
    expect(kea(results, 'SOLICIT otherVendor')).not.toContain('"17"');
  }, 60_000);
});
