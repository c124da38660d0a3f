import { describe, expect, it } from 'vitest';
import {
  type CodecError,
  decodeMessage,
  encodeMessage,
  MessageType,
  PacketWriter,
  relayInterfaceId,
  relayOption,
  relayRemoteId,
  relaySourcePort,
  unwrapRelay,
  wrapRelayReply,
} from '../src/index.js';
import { ADDR, ascii, CLIENT_DUID, clientServer, hex, relay, tlv, u16, u32 } from './helpers/bytes.js';

const SOLICIT = clientServer(1, 0x010203, tlv(1, CLIENT_DUID), tlv(8, u16(0)));
const OUTER_LINK = hex('20010db8ffff00000000000000000001');
const INNER = relay(
  12,
  0,
  ADDR.link,
  ADDR.peer,
  tlv(18, ascii('port-7')),
  tlv(37, u32(3561), ascii('circuit')),
  tlv(9, SOLICIT),
);
const TWO_RELAYS = relay(
  12,
  1,
  OUTER_LINK,
  ADDR.link,
  tlv(135, u16(10547)),
  tlv(9, INNER),
  tlv(18, ascii('uplink')),
);

describe('unwrapRelay', () => {
  it('gives the client message and the relay layers, outermost first', () => {
    const { message, relays } = unwrapRelay(decodeMessage(TWO_RELAYS));
    expect(message).toMatchObject({ kind: 'client-server', msgType: 1, transactionId: 0x010203 });
    expect(relays.map((r) => [r.hopCount, r.linkAddress, r.peerAddress])).toEqual([
      [1, '2001:db8:ffff::1', '2001:db8:1::1'],
      [0, '2001:db8:1::1', 'fe80::211:22ff:fe33:4455'],
    ]);
    expect(relays[0]!.options.map((o) => o.code)).toEqual([135, 18]);
    expect(relaySourcePort(relays[0]!)).toBe(10547);
    expect(relayInterfaceId(relays[0]!)).toEqual(ascii('uplink'));
    expect(relayInterfaceId(relays[1]!)).toEqual(ascii('port-7'));
    expect(relayRemoteId(relays[1]!)).toEqual({ enterpriseNumber: 3561, remoteId: ascii('circuit') });
    expect(relayRemoteId(relays[0]!)).toBeUndefined();
    expect(relaySourcePort(relays[1]!)).toBeUndefined();
    expect(relayOption(relays[1]!, 37)?.code).toBe(37);
  });

  it('returns a direct message with no relays', () => {
    const { message, relays } = unwrapRelay(decodeMessage(SOLICIT));
    expect(relays).toEqual([]);
    expect(message.msgType).toBe(1);
  });

  it('reports a relay layer without relay-msg', () => {
    const bad = relay(12, 0, ADDR.link, ADDR.peer, tlv(18, ascii('x')));
    expect(() => unwrapRelay(decodeMessage(bad))).toThrow(
      expect.objectContaining({ kind: 'MISSING_RELAY_MESSAGE' }) as CodecError,
    );
  });
});

describe('wrapping a reply into RELAY-REPL layers', () => {
  const reply = clientServer(7, 0x010203, tlv(1, CLIENT_DUID));
  // Expected per RFC 8415 19.3 / RFC 8357: same hop-count, link and peer; interface-id and
  // relay-source-port echoed; remote-id not echoed; relay-msg last.
  const expected = relay(
    13,
    1,
    OUTER_LINK,
    ADDR.link,
    tlv(135, u16(10547)),
    tlv(18, ascii('uplink')),
    tlv(9, relay(13, 0, ADDR.link, ADDR.peer, tlv(18, ascii('port-7')), tlv(9, reply))),
  );

  it('wrapRelayReply builds the layers around encoded reply bytes', () => {
    const { relays } = unwrapRelay(decodeMessage(TWO_RELAYS));
    expect(wrapRelayReply(reply, relays)).toEqual(expected);
  });

  it('PacketWriter writes the same layers around a reply written in place', () => {
    const { relays } = unwrapRelay(decodeMessage(TWO_RELAYS));
    const w = new PacketWriter(512);
    w.beginRelayReplies(relays).header(MessageType.REPLY, 0x010203).option(1, CLIENT_DUID).endRelayReplies();
    expect(w.finish()).toEqual(expected);
  });

  it('echoes a chosen set of options', () => {
    const { relays } = unwrapRelay(decodeMessage(INNER));
    const out = wrapRelayReply(reply, relays, [37]);
    expect(out).toEqual(
      relay(13, 0, ADDR.link, ADDR.peer, tlv(37, u32(3561), ascii('circuit')), tlv(9, reply)),
    );
  });

  it('round-trips through the decoder', () => {
    const { relays } = unwrapRelay(decodeMessage(TWO_RELAYS));
    const wrapped = decodeMessage(wrapRelayReply(reply, relays));
    const back = unwrapRelay(wrapped);
    expect(back.relays.map((r) => r.msgType)).toEqual([13, 13]);
    expect(encodeMessage(back.message)).toEqual(reply);
  });
});
