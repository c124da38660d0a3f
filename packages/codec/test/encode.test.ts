import { describe, expect, it } from 'vitest';
import {
  type ClientServerMessage,
  decodeMessage,
  encodeMessage,
  encodeOption,
  MessageType,
  OptionCode,
  optionPayload,
  PacketWriter,
  safeDecodeMessage,
} from '../src/index.js';
import {
  ADDR,
  ascii,
  CLIENT_DUID,
  clientServer,
  concat,
  relay,
  SERVER_DUID,
  tlv,
  u16,
  u32,
} from './helpers/bytes.js';

const REPLY_BYTES = clientServer(
  7,
  0xabcdef,
  tlv(1, CLIENT_DUID),
  tlv(2, SERVER_DUID),
  tlv(
    3,
    u32(1),
    u32(1800),
    u32(2880),
    tlv(5, ADDR.lease, u32(3600), u32(7200)),
    tlv(13, u16(0), ascii('Assigned')),
  ),
  tlv(25, u32(2), u32(1800), u32(2880), tlv(26, u32(3600), u32(7200), [56], ADDR.prefix)),
  tlv(23, ADDR.link),
);

describe('encodeMessage', () => {
  it('re-encodes decoded messages byte for byte', () => {
    expect(encodeMessage(decodeMessage(REPLY_BYTES))).toEqual(REPLY_BYTES);
    const relayed = relay(12, 3, ADDR.link, ADDR.peer, tlv(18, ascii('ge-0/0/1')), tlv(9, REPLY_BYTES));
    expect(encodeMessage(decodeMessage(relayed))).toEqual(relayed);
    const fqdn = clientServer(
      3,
      1,
      tlv(39, [5], [6], ascii('myhost')),
      tlv(39, [0], [1], ascii('.'), [0]),
      tlv(39, [0]),
    );
    expect(encodeMessage(decodeMessage(fqdn))).toEqual(fqdn);
    const opaque = concat([20, 1, 2, 3], tlv(87, [9]));
    expect(encodeMessage(decodeMessage(opaque))).toEqual(opaque);
  });

  it('encodes a model built by hand', () => {
    const model: ClientServerMessage = {
      kind: 'client-server',
      msgType: 7,
      transactionId: 0xabcdef,
      options: [
        { kind: 'raw', code: 1, data: CLIENT_DUID },
        { kind: 'raw', code: 2, data: SERVER_DUID },
        {
          kind: 'ia_na',
          code: 3,
          iaid: 1,
          t1: 1800,
          t2: 2880,
          options: [
            {
              kind: 'iaaddr',
              code: 5,
              address: '2001:DB8:1:0::100',
              preferredLifetime: 3600,
              validLifetime: 7200,
              options: [],
            },
            { kind: 'status_code', code: 13, status: 0, message: 'Assigned' },
          ],
        },
        {
          kind: 'ia_pd',
          code: 25,
          iaid: 2,
          t1: 1800,
          t2: 2880,
          options: [
            {
              kind: 'iaprefix',
              code: 26,
              preferredLifetime: 3600,
              validLifetime: 7200,
              prefixLength: 56,
              prefix: '2001:db8:ff00::',
              options: [],
            },
          ],
        },
        { kind: 'raw', code: 23, data: ADDR.link },
      ],
    };
    expect(encodeMessage(model)).toEqual(REPLY_BYTES);
  });

  it('refuses values that do not fit their fields', () => {
    const base = { kind: 'client-server', msgType: 7, transactionId: 1, options: [] } as const;
    expect(() => encodeMessage({ ...base, transactionId: 0x1000000 })).toThrow(/transaction id/);
    expect(() =>
      encodeMessage({ ...base, options: [{ kind: 'ia_na', code: 3, iaid: -1, t1: 0, t2: 0, options: [] }] }),
    ).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
    expect(() =>
      encodeMessage({
        ...base,
        options: [
          {
            kind: 'iaaddr',
            code: 5,
            address: '2001:db8::zz',
            preferredLifetime: 0,
            validLifetime: 0,
            options: [],
          },
        ],
      }),
    ).toThrow(expect.objectContaining({ kind: 'INVALID_ADDRESS' }));
    expect(() =>
      encodeMessage({ ...base, options: [{ kind: 'raw', code: 70000, data: new Uint8Array() }] }),
    ).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
  });

  it('gives the payload of any option', () => {
    const msg = decodeMessage(REPLY_BYTES) as ClientServerMessage;
    expect(optionPayload(msg.options[0]!)).toEqual(CLIENT_DUID);
    expect(optionPayload(msg.options[2]!)).toEqual(
      concat(
        u32(1),
        u32(1800),
        u32(2880),
        tlv(5, ADDR.lease, u32(3600), u32(7200)),
        tlv(13, u16(0), ascii('Assigned')),
      ),
    );
    expect(encodeOption(msg.options[4]!)).toEqual(tlv(23, ADDR.link));
  });
});

describe('PacketWriter', () => {
  it('builds a REPLY into one preallocated buffer', () => {
    const buffer = new Uint8Array(1500);
    const w = new PacketWriter(buffer);
    const out = w
      .reset()
      .header(MessageType.REPLY, 0xabcdef)
      .option(OptionCode.CLIENTID, CLIENT_DUID)
      .option(OptionCode.SERVERID, SERVER_DUID)
      .beginIaNa(1, 1800, 2880)
      .iaAddress('2001:db8:1::100', 3600, 7200)
      .statusCode(0, 'Assigned')
      .endOption()
      .beginIaPd(2, 1800, 2880)
      .iaPrefix('2001:db8:ff00::', 56, 3600, 7200)
      .endOption()
      .raw(tlv(23, ADDR.link))
      .finish();
    expect(out).toEqual(REPLY_BYTES);
    expect(out.buffer).toBe(buffer.buffer);
    // Reuse: the next message starts again at offset 0.
    expect(w.reset().header(7, 1).emptyOption(14).finish()).toEqual(clientServer(7, 1, tlv(14)));
  });

  it('writes integer options and nested sub-options', () => {
    const w = new PacketWriter(64);
    const out = w.header(7, 2).optionU8(7, 255).optionU16(8, 0x1234).optionU32(32, 86400).finishCopy();
    expect(out).toEqual(clientServer(7, 2, tlv(7, [255]), tlv(8, u16(0x1234)), tlv(32, u32(86400))));
    const ta = new PacketWriter(128)
      .header(7, 3)
      .beginIaTa(9)
      .beginIaAddress(ADDR.lease, 1, 2)
      .statusCode(2)
      .endOption()
      .endOption()
      .finish();
    expect(ta).toEqual(
      clientServer(7, 3, tlv(4, u32(9), tlv(5, ADDR.lease, u32(1), u32(2), tlv(13, u16(2))))),
    );
  });

  it('reports a buffer too small, unbalanced options and bad arguments', () => {
    expect(() => new PacketWriter(10).header(7, 1).option(1, CLIENT_DUID)).toThrow(
      expect.objectContaining({ kind: 'BUFFER_OVERFLOW' }),
    );
    expect(() => new PacketWriter(64).header(7, 1).beginOption(3).finish()).toThrow(
      expect.objectContaining({ kind: 'UNBALANCED_WRITER' }),
    );
    expect(() => new PacketWriter(64).endOption()).toThrow(
      expect.objectContaining({ kind: 'UNBALANCED_WRITER' }),
    );
    expect(() => new PacketWriter(64).u32(2 ** 32)).toThrow(
      expect.objectContaining({ kind: 'INVALID_ARGUMENT' }),
    );
    expect(() => new PacketWriter(64).u16(1.5)).toThrow(
      expect.objectContaining({ kind: 'INVALID_ARGUMENT' }),
    );
    expect(() => new PacketWriter(64).iaPrefix('::', 129, 0, 0)).toThrow(
      expect.objectContaining({ kind: 'INVALID_ARGUMENT' }),
    );
    expect(() => new PacketWriter(64).address(new Uint8Array(4))).toThrow(
      expect.objectContaining({ kind: 'INVALID_ADDRESS' }),
    );
    expect(() => new PacketWriter(64).endRelayReplies()).toThrow(
      expect.objectContaining({ kind: 'UNBALANCED_WRITER' }),
    );
  });

  it('produces output the decoder accepts', () => {
    const out = new PacketWriter(256)
      .header(2, 7)
      .beginIaNa(1, 0, 0)
      .statusCode(2, 'none')
      .endOption()
      .finish();
    expect(safeDecodeMessage(out).ok).toBe(true);
  });
});
