/**
 * The wire extras one module at a time, without a network: prefix exclude bytes and when they
 * go in, the relay records of store-extended-info, relay-supplied options, vendor options per
 * reply. wire-extras-kea.test.ts checks the same against ISC kea-dhcp6 2.2 on the wire.
 */
import type { Dhcp6Option, RelayLayer } from '@nestor/codec';
import { parseDhcp6Config } from '@nestor/config';
import { type Lease6, type Lease6Init, LeaseType, lease6 } from '@nestor/leases';
import { describe, expect, it } from 'vitest';
import { relayRecords, withExtendedInfo } from '../src/alloc/extended-info.js';
import type { Exchange } from '../src/packet/exchange.js';
import { newReply, type ReplyDraft } from '../src/packet/reply.js';
import { PrefixExcludeTable } from '../src/prefix-exclude.js';
import { addRelaySuppliedOptions } from '../src/relay-supplied.js';
import { VendorOptionPlan } from '../src/vendor-options.js';

const BASE: Lease6Init = {
  type: LeaseType.NA,
  address: '::',
  duid: '00:01',
  iaid: 1,
  subnetId: 1,
  preferredLifetime: 3000,
  validLifetime: 4000,
  cltt: 1_000_000,
};
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const raw = (code: number, data: string): Dhcp6Option => ({
  kind: 'raw',
  code,
  data: Buffer.from(data, 'hex'),
});
const tlvHex = (code: number, data: string): string =>
  code.toString(16).padStart(4, '0') + (data.length / 2).toString(16).padStart(4, '0') + data;

function config(dhcp6: Record<string, unknown>) {
  return parseDhcp6Config({ Dhcp6: { 'lease-database': { type: 'memfile', persist: false }, ...dhcp6 } })
    .model;
}

/** An exchange with just what these modules read. */
function exchange(parts: {
  requested?: number[];
  relays?: RelayLayer[];
  options?: Dhcp6Option[];
  reply?: ReplyDraft;
  subnet?: unknown;
}): Exchange {
  return {
    query: {
      requested: parts.requested ?? [],
      relays: parts.relays ?? [],
      message: { kind: 'client-server', msgType: 11, transactionId: 1, options: parts.options ?? [] },
    },
    reply: parts.reply ?? newReply(7, undefined, new Uint8Array([0, 1])),
    subnet: parts.subnet,
    pools: [],
    leases: [],
    deleted: [],
    nameChanges: [],
  } as unknown as Exchange;
}

const relay = (options: Dhcp6Option[], hopCount = 0, link = '2001:db8:2::1'): RelayLayer => ({
  msgType: 12,
  hopCount,
  linkAddress: link,
  peerAddress: 'fe80::1',
  options,
});

describe('prefix exclude', () => {
  const model = config({
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        'pd-pools': [
          {
            prefix: '2001:db8:100::',
            'prefix-len': 40,
            'delegated-len': 56,
            'excluded-prefix': '2001:db8:100:ab::',
            'excluded-prefix-len': 64,
          },
          { prefix: '2001:db8:200::', 'prefix-len': 40, 'delegated-len': 56 },
        ],
      },
    ],
  });
  const table = new PrefixExcludeTable(model);

  it('builds RFC 6603 bytes once per pool and finds the pool of any prefix in its range', () => {
    expect(hex(table.optionFor(1, '2001:db8:100::')!)).toBe('0043000240ab');
    expect(hex(table.optionFor(1, '2001:db8:1ff:ff00::')!)).toBe('0043000240ab');
    expect(table.optionFor(1, '2001:db8:200::')).toBeUndefined();
    expect(table.optionFor(2, '2001:db8:100::')).toBeUndefined();
  });

  it('files it under each delegated prefix only when the ORO asks for 67', () => {
    const lease = {
      ...lease6({
        ...BASE,
        type: LeaseType.PD,
        address: '2001:db8:1ff:ff00::',
        prefixLength: 56,
        subnetId: 1,
      }),
    };
    const ia = () => ({
      kind: 'ia_pd' as const,
      iaid: 2,
      t1: 0,
      t2: 0,
      leases: [{ lease, pool: undefined }],
      zeroed: [],
    });
    const asked = exchange({ requested: [23, 67] });
    asked.reply!.ias.push(ia());
    table.attach(asked);
    expect(hex(asked.reply!.ias[0]!.prefixOptions!.get('2001:db8:1ff:ff00::/56')!)).toBe('0043000240ab');
    const unasked = exchange({ requested: [23] });
    unasked.reply!.ias.push(ia());
    table.attach(unasked);
    expect(unasked.reply!.ias[0]!.prefixOptions).toBeUndefined();
  });
});

describe('store-extended-info', () => {
  const relays = relayRecords([
    relay([raw(37, '00000de9aa'), raw(18, '706f7274')], 1, '2001:db8:2::2'),
    relay([], 0),
  ])!;

  it('records each relay, the one next to the server first, options by code in upper-case hex', () => {
    expect(relays).toEqual([
      {
        hop: 1,
        link: '2001:db8:2::2',
        options: `0x${(tlvHex(18, '706f7274') + tlvHex(37, '00000de9aa')).toUpperCase()}`,
        peer: 'fe80::1',
      },
      { hop: 0, link: '2001:db8:2::1', peer: 'fe80::1' },
    ]);
    expect(relayRecords([])).toBeUndefined();
  });

  it('writes ISC.relays when the subnet asks for it, keeps other keys, and tells a change', () => {
    const lease: Lease6 = lease6({
      ...BASE,
      address: '2001:db8:2::100',
      subnetId: 2,
      userContext: { mine: 1 },
    });
    expect(withExtendedInfo(lease, { storeExtendedInfo: false }, relays)).toEqual({ lease, changed: false });
    const first = withExtendedInfo(lease, { storeExtendedInfo: true }, relays);
    expect(first.changed).toBe(true);
    expect(first.lease.userContext).toEqual({ mine: 1, ISC: { relays } });
    // The same relays again (as read back from a lease file, keys sorted): nothing changed.
    const reread = JSON.parse(JSON.stringify(first.lease.userContext));
    expect(
      withExtendedInfo({ ...lease, userContext: reread }, { storeExtendedInfo: true }, relays).changed,
    ).toBe(false);
    expect(withExtendedInfo(lease, { storeExtendedInfo: true }, undefined).changed).toBe(false);
  });
});

describe('relay-supplied options', () => {
  const rsoo = (...options: string[]): Dhcp6Option => raw(66, options.join(''));

  it('copies the enabled codes, the relay next to the client first, never over the server own', () => {
    const x = exchange({
      relays: [
        relay([rsoo(tlvHex(31, 'aa'), tlvHex(40, 'bb'))]),
        relay([
          rsoo(tlvHex(31, 'cc'), tlvHex(23, 'dd'), tlvHex(99, 'ee'), tlvHex(65, 'ff'), tlvHex(65, '11')),
        ]),
      ],
    });
    x.reply!.options.push(raw(23, '20'));
    addRelaySuppliedOptions([23, 31, 40, 65], x);
    const got = x.reply!.options.slice(1).map((o) => `${o.code}:${o.kind === 'raw' ? hex(o.data) : ''}`);
    expect(got).toEqual(['23:20', '31:cc', '65:ff', '40:bb']);
  });

  it('passes over an RSOO that does not parse, and a message not relayed', () => {
    const x = exchange({ relays: [relay([raw(66, '00ff00')])] });
    addRelaySuppliedOptions([65], x);
    expect(x.reply!.options).toHaveLength(1);
    const direct = exchange({});
    addRelaySuppliedOptions([65], direct);
    expect(direct.reply!.options).toHaveLength(1);
  });
});

describe('vendor options per reply', () => {
  const model = config({
    'option-data': [
      { space: 'vendor-4491', name: 'tftp-servers', data: '2001:db8::69' },
      { space: 'vendor-4491', name: 'config-file', data: 'a.cfg', 'always-send': true },
    ],
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        'option-data': [{ space: 'vendor-4491', name: 'tftp-servers', data: '2001:db8:1::69' }],
      },
    ],
  });
  const plan = new VendorOptionPlan(model);
  const subnet = model.subnets[0]!;
  const vendorOpts = (enterprise: number, sub: string): Dhcp6Option => ({
    kind: 'vendor_opts',
    code: 17,
    enterpriseNumber: enterprise,
    options: sub ? [{ kind: 'raw', code: 1, data: Buffer.from(sub, 'hex') }] : [],
  });
  const sent = (x: Exchange): string | undefined => {
    const o = x.reply!.options.find((v) => v.code === 17);
    return o?.kind === 'raw' ? hex(o.data) : undefined;
  };
  const cfg = tlvHex(33, Buffer.from('a.cfg').toString('hex'));

  it('answers the CableLabs ORO from the most specific scope, with the always-send ones', () => {
    const x = exchange({ subnet, options: [vendorOpts(4491, '0020')] });
    plan.add(x, { subnet });
    expect(sent(x)).toBe(`0000118b${tlvHex(32, '20010db8000100000000000000000069')}${cfg}`);
  });

  it('takes the vendor from vendor-class too, sends nothing for another vendor or without a subnet', () => {
    const byClass = exchange({ subnet, options: [raw(16, '0000118b0003616263')] });
    plan.add(byClass, { subnet });
    expect(sent(byClass)).toBe(`0000118b${cfg}`);
    const other = exchange({ subnet, options: [vendorOpts(9999, '0020')] });
    plan.add(other, { subnet });
    expect(sent(other)).toBeUndefined();
    const nowhere = exchange({ options: [vendorOpts(4491, '0020')] });
    plan.add(nowhere, {});
    expect(sent(nowhere)).toBeUndefined();
  });

  it('adds to a vendor-opts already in the reply, then reads no client ORO', () => {
    const x = exchange({ subnet, options: [vendorOpts(4491, '0020')] });
    x.reply!.options.push(raw(17, '0000118b'));
    plan.add(x, { subnet });
    expect(sent(x)).toBe(`0000118b${cfg}`);
    expect(x.reply!.options.filter((o) => o.code === 17)).toHaveLength(1);
  });
});
