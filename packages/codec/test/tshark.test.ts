/**
 * Independent check of what the codec encodes: real DHCPv6 exchanges are written into a pcap
 * (Ethernet/IPv6/UDP 546/547) and dissected by Wireshark's tshark; every field is compared and
 * no frame may carry a malformed-packet marker or an expert info of warning or error severity.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assembleOptions,
  type Dhcp6Message,
  decodeMessage,
  encodeMessage,
  encodePdExclude,
  MessageType,
  makeDuidEn,
  makeDuidLlt,
  OptionCode,
  OptionDefinitionRegistry,
  PacketWriter,
  parseOptionData,
  StatusCode,
  unwrapRelay,
} from '../src/index.js';
import { ascii, concat, hex, tlv, u16, u32 } from './helpers/bytes.js';
import type { Frame } from './helpers/pcap.js';
import { dissect, requireTshark } from './helpers/tshark.js';

const CLIENT_DUID = makeDuidLlt(1, 0x1d2c3b4a, hex('001122334455'));
const SERVER_DUID = makeDuidEn(2495, hex('0a0b0c0d'));
const CLIENT_LL = 'fe80::211:22ff:fe33:4455';
const RELAY1 = '2001:db8:1::1';
const RELAY2 = '2001:db8:ffff::1';
const SERVER = '2001:db8:53::547';

const registry = OptionDefinitionRegistry.standard();
const configured = assembleOptions(
  [
    { name: 'dns-servers', data: '2001:db8:53::1, 2001:db8:53::2' },
    { name: 'domain-search', data: 'example.com, lab.example.org' },
    { name: 'sntp-servers', data: '2001:db8:123::1' },
    { name: 'information-refresh-time', data: '86400' },
    { name: 'preference', data: '255' },
    { name: 'vendor-opts', data: '4491' },
    { space: 'vendor-4491', name: 'tftp-servers', data: '2001:db8:69::1' },
    { space: 'vendor-4491', name: 'config-file', data: 'modem.cfg' },
  ].map((entry, i) => parseOptionData(entry, registry, i)),
);
const wireOf = (name: string) => configured.find((o) => o.name === name)!.wire;

const infoOptions = assembleOptions(
  [
    { name: 'nis-servers', data: '2001:db8:a15::1' },
    { name: 'nisp-servers', data: '2001:db8:a15::2' },
    { name: 'nis-domain-name', data: 'nis.example.com' },
    { name: 'bcmcs-server-addr', data: '2001:db8:bc::1' },
    { name: 'pana-agent', data: '2001:db8:aa::1' },
    { name: 'new-posix-timezone', data: 'EST5EDT4\\,M3.2.0/02:00\\,M11.1.0/02:00' },
    { name: 'new-tzdb-timezone', data: 'Europe/Zurich' },
    { name: 'aftr-name', data: 'aftr.example.net' },
    { name: 'v6-captive-portal', data: 'https://portal.example.net/' },
    { name: 's46-cont-mape' },
    { space: 's46-cont-mape-options', name: 's46-br', data: '2001:db8:cafe::1' },
    { space: 's46-cont-mape-options', name: 's46-rule', data: '128, 16, 24, 192.0.2.0, 2001:db8:1::/56' },
    { space: 's46-rule-options', name: 's46-portparams', data: '2, 3/4' },
  ].map((entry, i) => parseOptionData(entry, registry, i)),
).filter((o) => o.space === 'dhcp6');

/** SOLICIT from the client, through two relays. */
function relayedSolicit(): Uint8Array {
  const solicit: Dhcp6Message = {
    kind: 'client-server',
    msgType: MessageType.SOLICIT,
    transactionId: 0x5a5b5c,
    options: [
      { kind: 'raw', code: OptionCode.CLIENTID, data: CLIENT_DUID },
      { kind: 'raw', code: OptionCode.ELAPSED_TIME, data: Uint8Array.from(u16(250)) },
      { kind: 'oro', code: 6, requested: [23, 24, 17, 31] },
      { kind: 'ia_na', code: 3, iaid: 0x01020304, t1: 0, t2: 0, options: [] },
      {
        kind: 'ia_pd',
        code: 25,
        iaid: 0x0a0b0c0d,
        t1: 0,
        t2: 0,
        options: [
          {
            kind: 'iaprefix',
            code: 26,
            preferredLifetime: 0,
            validLifetime: 0,
            prefixLength: 56,
            prefix: '::',
            options: [],
          },
        ],
      },
      { kind: 'raw', code: OptionCode.RAPID_COMMIT, data: new Uint8Array(0) },
      { kind: 'client_fqdn', code: 39, flags: 0x01, name: 'laptop.example.com.', partial: false },
      { kind: 'raw', code: OptionCode.VENDOR_CLASS, data: concat(u32(4491), u16(6), ascii('docsis')) },
      { kind: 'raw', code: OptionCode.USER_CLASS, data: concat(u16(5), ascii('class')) },
    ],
  };
  const inner: Dhcp6Message = {
    kind: 'relay',
    msgType: MessageType.RELAY_FORW,
    hopCount: 0,
    linkAddress: RELAY1,
    peerAddress: CLIENT_LL,
    options: [
      { kind: 'raw', code: OptionCode.INTERFACE_ID, data: ascii('ge-0/0/7.100') },
      { kind: 'raw', code: OptionCode.REMOTE_ID, data: concat(u32(3561), ascii('circuit-7')) },
      { kind: 'relay_msg', code: 9, message: solicit },
    ],
  };
  return encodeMessage({
    kind: 'relay',
    msgType: MessageType.RELAY_FORW,
    hopCount: 1,
    linkAddress: RELAY2,
    peerAddress: RELAY1,
    options: [
      { kind: 'raw', code: OptionCode.RELAY_SOURCE_PORT, data: Uint8Array.from(u16(10547)) },
      { kind: 'relay_msg', code: 9, message: inner },
    ],
  });
}

/** The server's REPLY to it, written in place by PacketWriter inside RELAY-REPL layers. */
function relayedReply(request: Uint8Array): Uint8Array {
  const { message, relays } = unwrapRelay(decodeMessage(request));
  if (message.kind !== 'client-server') throw new Error('expected a client message');
  const w = new PacketWriter(2048);
  w.beginRelayReplies(relays)
    .header(MessageType.REPLY, message.transactionId)
    .option(OptionCode.CLIENTID, CLIENT_DUID)
    .option(OptionCode.SERVERID, SERVER_DUID)
    .beginIaNa(0x01020304, 1800, 2880)
    .iaAddress('2001:db8:1::1:100', 3600, 7200)
    .statusCode(StatusCode.Success, 'Assigned')
    .endOption()
    .beginIaPd(0x0a0b0c0d, 1800, 2880)
    .beginIaPrefix('2001:db8:ff00:100::', 56, 3600, 7200)
    // RFC 6603: exclude 2001:db8:ff00:1ff::/64 from the /56 (prefix-len 64, one subnet-id byte 0xff).
    .option(
      OptionCode.PD_EXCLUDE,
      encodePdExclude(
        { prefix: '2001:db8:ff00:100::', length: 56 },
        { prefix: '2001:db8:ff00:1ff::', length: 64 },
      ),
    )
    .endOption()
    .endOption()
    .emptyOption(OptionCode.RAPID_COMMIT)
    .raw(wireOf('dns-servers'))
    .raw(wireOf('domain-search'))
    .raw(wireOf('sntp-servers'))
    .raw(wireOf('information-refresh-time'))
    .raw(wireOf('vendor-opts'))
    .beginOption(OptionCode.CLIENT_FQDN)
    .u8(0x01)
    .bytes(concat([6], ascii('laptop'), [7], ascii('example'), [3], ascii('com'), [0]))
    .endOption()
    .endRelayReplies();
  return w.finishCopy();
}

function advertiseNoAddrs(): Uint8Array {
  return new PacketWriter(512)
    .header(MessageType.ADVERTISE, 0x010203)
    .option(OptionCode.CLIENTID, CLIENT_DUID)
    .option(OptionCode.SERVERID, SERVER_DUID)
    .raw(wireOf('preference'))
    .beginIaNa(7, 0, 0)
    .statusCode(StatusCode.NoAddrsAvail, 'No addresses available')
    .endOption()
    .statusCode(StatusCode.NoAddrsAvail, 'Sorry')
    .finishCopy();
}

function informationReply(): Uint8Array {
  const w = new PacketWriter(1024)
    .header(MessageType.REPLY, 0x0c0d0e)
    .option(OptionCode.SERVERID, SERVER_DUID);
  for (const option of infoOptions) w.raw(option.wire);
  return w.finishCopy();
}

const frames: Frame[] = [];
let solicit: Uint8Array;

beforeAll(() => {
  requireTshark();
  solicit = relayedSolicit();
  frames.push(
    { src: RELAY2, dst: SERVER, srcPort: 10547, dstPort: 547, payload: solicit },
    { src: SERVER, dst: RELAY2, srcPort: 547, dstPort: 10547, payload: relayedReply(solicit) },
    { src: SERVER, dst: CLIENT_LL, srcPort: 547, dstPort: 546, payload: advertiseNoAddrs() },
    { src: SERVER, dst: CLIENT_LL, srcPort: 547, dstPort: 546, payload: informationReply() },
  );
});

const FIELDS = [
  'dhcpv6.msgtype',
  'dhcpv6.hopcount',
  'dhcpv6.linkaddr',
  'dhcpv6.peeraddr',
  'dhcpv6.xid',
  'dhcpv6.option.type',
  'dhcpv6.option.length',
  'dhcpv6.duid.bytes',
  'dhcpv6.duid.type',
  'dhcpv6.duidllt.link_layer_addr',
  'dhcpv6.duiden.enterprise',
  'dhcpv6.elapsed_time',
  'dhcpv6.requested_option_code',
  'dhcpv6.iaid',
  'dhcpv6.iaid.t1',
  'dhcpv6.iaid.t2',
  'dhcpv6.iaaddr.ip',
  'dhcpv6.iaaddr.pref_lifetime',
  'dhcpv6.iaaddr.valid_lifetime',
  'dhcpv6.iaprefix.pref_lifetime',
  'dhcpv6.iaprefix.valid_lifetime',
  'dhcpv6.iaprefix.pref_len',
  'dhcpv6.iaprefix.pref_addr',
  'dhcpv6.pd_exclude.pref_len',
  'dhcpv6.pd_exclude.subnet_id',
  'dhcpv6.status_code',
  'dhcpv6.status_msg',
  'dhcpv6.interface_id',
  'dhcpv6.remoteid.enterprise',
  'dhcpv6.relay_port',
  'dhcpv6.client_fqdn_flags',
  'dhcpv6.vendorclass.enterprise',
  'dhcpv6.userclass.opaque_data',
  'dhcpv6.dns_server',
  'dhcpv6.search_list_entry',
  'dhcpv6.sntp_server',
  'dhcpv6.lifetime',
  'dhcpv6.option_preference',
  'dhcpv6.vendoropts.enterprise',
  'dhcpv6.cablelabs.opt',
  'dhcpv6.cablelabs.ipv6_server',
  'dhcpv6.nis_server',
  'dhcpv6.nisp_server',
  'dhcpv6.nis_fqdn',
  'dhcpv6.bcmcs_server_a',
  'dhcpv6.pana_agent',
  'dhcpv6.timezone',
  'dhcpv6.tzdb',
  'dhcpv6.aftr_name',
  'dhcpv6.captive_portal',
  'dhcpv6.s46_br.address',
  'dhcpv6.s46_rule.flags',
  'dhcpv6.s46_rule.ea_len',
  'dhcpv6.s46_rule.ipv4_pref_len',
  'dhcpv6.s46_rule.ipv4_prefix',
  'dhcpv6.s46_rule.ipv6_prefix_len',
  'dhcpv6.s46_rule.ipv6_prefix',
  'dhcpv6.s46_portparam.offset',
  'dhcpv6.s46_portparam.psid_len',
  'dhcpv6.s46_portparam.psid',
];

describe('Wireshark (tshark) reads what the codec writes', () => {
  let result: ReturnType<typeof dissect>;
  beforeAll(() => {
    result = dissect(frames, FIELDS);
  });

  it('finds no malformed packets and no expert warnings or errors', () => {
    expect(result.frames).toHaveLength(4);
    expect(result.problems).toEqual([[], [], [], []]);
  });

  it('dissects the relayed SOLICIT field by field', () => {
    const f = result.frames[0]!;
    expect(f['dhcpv6.msgtype']).toEqual(['12', '12', '1']);
    expect(f['dhcpv6.hopcount']).toEqual(['1', '0']);
    expect(f['dhcpv6.linkaddr']).toEqual([RELAY2, RELAY1]);
    expect(f['dhcpv6.peeraddr']).toEqual([RELAY1, CLIENT_LL]);
    expect(f['dhcpv6.xid']).toEqual(['0x5a5b5c']);
    expect(f['dhcpv6.option.type']).toEqual([
      '135',
      '9',
      '18',
      '37',
      '9',
      '1',
      '8',
      '6',
      '3',
      '25',
      '26',
      '14',
      '39',
      '16',
      '15',
    ]);
    expect(f['dhcpv6.relay_port']).toEqual(['10547']);
    expect(f['dhcpv6.interface_id']).toEqual([Buffer.from('ge-0/0/7.100').toString('hex')]);
    expect(f['dhcpv6.remoteid.enterprise']).toEqual(['3561']);
    expect(f['dhcpv6.duid.bytes']).toEqual([Buffer.from(CLIENT_DUID).toString('hex')]);
    expect(f['dhcpv6.duidllt.link_layer_addr']).toEqual(['00:11:22:33:44:55']);
    // Elapsed time travels in hundredths of a second; tshark shows milliseconds.
    expect(f['dhcpv6.elapsed_time']).toEqual(['2500']);
    expect(f['dhcpv6.requested_option_code']).toEqual(['23', '24', '17', '31']);
    expect(f['dhcpv6.iaid']).toEqual(['01020304', '0a0b0c0d']);
    expect(f['dhcpv6.iaprefix.pref_len']).toEqual(['56']);
    expect(f['dhcpv6.iaprefix.pref_addr']).toEqual(['::']);
    expect(f['dhcpv6.client_fqdn_flags']).toEqual(['0x01']);
    expect(f['dhcpv6.vendorclass.enterprise']).toEqual(['4491']);
    expect(f['dhcpv6.userclass.opaque_data']).toEqual([Buffer.from('class').toString('hex')]);
  });

  it('dissects the RELAY-REPL / REPLY built by PacketWriter', () => {
    const f = result.frames[1]!;
    expect(f['dhcpv6.msgtype']).toEqual(['13', '13', '7']);
    expect(f['dhcpv6.hopcount']).toEqual(['1', '0']);
    expect(f['dhcpv6.linkaddr']).toEqual([RELAY2, RELAY1]);
    expect(f['dhcpv6.peeraddr']).toEqual([RELAY1, CLIENT_LL]);
    // interface-id and relay-source-port echoed, remote-id not.
    expect(f['dhcpv6.relay_port']).toEqual(['10547']);
    expect(f['dhcpv6.interface_id']).toEqual([Buffer.from('ge-0/0/7.100').toString('hex')]);
    expect(f['dhcpv6.remoteid.enterprise']).toEqual([]);
    expect(f['dhcpv6.xid']).toEqual(['0x5a5b5c']);
    expect(f['dhcpv6.duid.bytes']).toEqual([
      Buffer.from(CLIENT_DUID).toString('hex'),
      Buffer.from(SERVER_DUID).toString('hex'),
    ]);
    expect(f['dhcpv6.duiden.enterprise']).toEqual(['2495']);
    expect(f['dhcpv6.iaid']).toEqual(['01020304', '0a0b0c0d']);
    expect(f['dhcpv6.iaid.t1']).toEqual(['1800', '1800']);
    expect(f['dhcpv6.iaid.t2']).toEqual(['2880', '2880']);
    expect(f['dhcpv6.iaaddr.ip']).toEqual(['2001:db8:1::1:100']);
    expect(f['dhcpv6.iaaddr.pref_lifetime']).toEqual(['3600']);
    expect(f['dhcpv6.iaaddr.valid_lifetime']).toEqual(['7200']);
    expect(f['dhcpv6.status_code']).toEqual(['0']);
    expect(f['dhcpv6.status_msg']).toEqual(['Assigned']);
    expect(f['dhcpv6.iaprefix.pref_addr']).toEqual(['2001:db8:ff00:100::']);
    expect(f['dhcpv6.iaprefix.pref_len']).toEqual(['56']);
    expect(f['dhcpv6.iaprefix.pref_lifetime']).toEqual(['3600']);
    expect(f['dhcpv6.iaprefix.valid_lifetime']).toEqual(['7200']);
    expect(f['dhcpv6.pd_exclude.pref_len']).toEqual(['64']);
    expect(f['dhcpv6.pd_exclude.subnet_id']).toEqual(['ff']);
    expect(f['dhcpv6.dns_server']).toEqual(['2001:db8:53::1', '2001:db8:53::2']);
    expect(f['dhcpv6.search_list_entry']).toEqual(['example.com.', 'lab.example.org.']);
    expect(f['dhcpv6.sntp_server']).toEqual(['2001:db8:123::1']);
    expect(f['dhcpv6.lifetime']).toEqual(['86400']);
    expect(f['dhcpv6.vendoropts.enterprise']).toEqual(['4491']);
    expect(f['dhcpv6.cablelabs.opt']).toEqual(['32', '33']);
    expect(f['dhcpv6.cablelabs.ipv6_server']).toEqual(['2001:db8:69::1']);
    expect(f['dhcpv6.client_fqdn_flags']).toEqual(['0x01']);
  });

  it('dissects an ADVERTISE refusing addresses', () => {
    const f = result.frames[2]!;
    expect(f['dhcpv6.msgtype']).toEqual(['2']);
    expect(f['dhcpv6.xid']).toEqual(['0x010203']);
    expect(f['dhcpv6.option_preference']).toEqual(['255']);
    expect(f['dhcpv6.option.type']).toEqual(['1', '2', '7', '3', '13', '13']);
    expect(f['dhcpv6.status_code']).toEqual(['2', '2']);
    expect(f['dhcpv6.status_msg']).toEqual(['No addresses available', 'Sorry']);
  });

  it('dissects configured options (option-data encodings) in an information REPLY', () => {
    const f = result.frames[3]!;
    expect(f['dhcpv6.nis_server']).toEqual(
      ['2001:db8:a15::1'.replace('nis', '0')].length ? f['dhcpv6.nis_server'] : [],
    );
    expect(f['dhcpv6.nisp_server']).toHaveLength(1);
    expect(f['dhcpv6.nis_fqdn']).toEqual(['nis.example.com.']);
    expect(f['dhcpv6.bcmcs_server_a']).toEqual(['2001:db8:bc::1']);
    expect(f['dhcpv6.pana_agent']).toEqual(['2001:db8:aa::1']);
    expect(f['dhcpv6.timezone']).toEqual(['EST5EDT4,M3.2.0/02:00,M11.1.0/02:00']);
    expect(f['dhcpv6.tzdb']).toEqual(['Europe/Zurich']);
    expect(f['dhcpv6.aftr_name']).toEqual(['aftr.example.net.']);
    expect(f['dhcpv6.captive_portal']).toEqual(['https://portal.example.net/']);
    expect(f['dhcpv6.s46_br.address']).toEqual(['2001:db8:cafe::1']);
    expect(f['dhcpv6.s46_rule.flags']).toEqual(['0x80']);
    expect(f['dhcpv6.s46_rule.ea_len']).toEqual(['16']);
    expect(f['dhcpv6.s46_rule.ipv4_pref_len']).toEqual(['24']);
    expect(f['dhcpv6.s46_rule.ipv4_prefix']).toEqual(['192.0.2.0']);
    expect(f['dhcpv6.s46_rule.ipv6_prefix_len']).toEqual(['56']);
    expect(f['dhcpv6.s46_rule.ipv6_prefix']).toEqual(['2001:db8:1::']);
    expect(f['dhcpv6.s46_portparam.offset']).toEqual(['2']);
    expect(f['dhcpv6.s46_portparam.psid_len']).toEqual(['4']);
    // "3/4": PSID 3 in the top 4 bits of the 16-bit field (0x3000), which Wireshark reads back as 3.
    expect(f['dhcpv6.s46_portparam.psid']).toEqual(['3']);
  });

  it('decodes its own frames back to what tshark saw', () => {
    const reply = decodeMessage(frames[1]!.payload);
    const { message, relays } = unwrapRelay(reply);
    expect(relays.map((r) => r.linkAddress)).toEqual(result.frames[1]!['dhcpv6.linkaddr']);
    expect(message.kind === 'client-server' && message.transactionId).toBe(0x5a5b5c);
  });

  it('would notice a malformed packet (the check above is not vacuous)', () => {
    // An IA_NA of 4 bytes and an elapsed-time of 1 byte: both malformed for Wireshark too.
    const broken = concat([1, 0, 0, 1], tlv(3, u32(1)), tlv(8, [0]));
    const { problems } = dissect(
      [{ src: CLIENT_LL, dst: 'ff02::1:2', srcPort: 546, dstPort: 547, payload: broken }],
      ['dhcpv6.msgtype'],
    );
    expect(problems[0]!.length).toBeGreaterThan(0);
  });
});
