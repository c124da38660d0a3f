import { describe, expect, it } from 'vitest';
import {
  type ClientServerMessage,
  type CodecError,
  decodeMessage,
  findOption,
  type IaNaOption,
  type RelayMessage,
  safeDecodeMessage,
} from '../src/index.js';
import {
  ADDR,
  ascii,
  CLIENT_DUID,
  clientServer,
  concat,
  hex,
  relay,
  tlv,
  u16,
  u32,
} from './helpers/bytes.js';

const SOLICIT = clientServer(
  1,
  0x0a0b0c,
  tlv(1, CLIENT_DUID),
  tlv(8, u16(0)),
  tlv(6, u16(23), u16(24), u16(17)),
  tlv(3, u32(0xdeadbeef), u32(3600), u32(5400), tlv(5, ADDR.lease, u32(7200), u32(10800))),
  tlv(25, u32(7), u32(0), u32(0), tlv(26, u32(100), u32(200), [56], ADDR.prefix)),
  tlv(14),
  tlv(39, [0x01], [4], ascii('host'), [7], ascii('example'), [3], ascii('com'), [0]),
);

function expectError(bytes: Uint8Array, kind: string): CodecError {
  const result = safeDecodeMessage(bytes);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.kind).toBe(kind);
  expect(result.error.code).toBe(`NESTOR_CODEC_${kind}`);
  expect(() => decodeMessage(bytes)).toThrow(result.error.message);
  return result.error;
}

describe('decodeMessage: client/server messages', () => {
  it('decodes a SOLICIT with its structural options typed and others raw', () => {
    const msg = decodeMessage(SOLICIT) as ClientServerMessage;
    expect(msg.kind).toBe('client-server');
    expect(msg.msgType).toBe(1);
    expect(msg.transactionId).toBe(0x0a0b0c);
    expect(msg.options.map((o) => o.code)).toEqual([1, 8, 6, 3, 25, 14, 39]);
    expect(msg.options[0]).toEqual({ kind: 'raw', code: 1, data: CLIENT_DUID });
    expect(findOption(msg.options, 6)).toEqual({ kind: 'oro', code: 6, requested: [23, 24, 17] });
    expect(findOption(msg.options, 3)).toEqual({
      kind: 'ia_na',
      code: 3,
      iaid: 0xdeadbeef,
      t1: 3600,
      t2: 5400,
      options: [
        {
          kind: 'iaaddr',
          code: 5,
          address: '2001:db8:1::100',
          preferredLifetime: 7200,
          validLifetime: 10800,
          options: [],
        },
      ],
    });
    expect(findOption(msg.options, 25)).toEqual({
      kind: 'ia_pd',
      code: 25,
      iaid: 7,
      t1: 0,
      t2: 0,
      options: [
        {
          kind: 'iaprefix',
          code: 26,
          preferredLifetime: 100,
          validLifetime: 200,
          prefixLength: 56,
          prefix: '2001:db8:ff00::',
          options: [],
        },
      ],
    });
    expect(findOption(msg.options, 14)).toEqual({ kind: 'raw', code: 14, data: new Uint8Array(0) });
    expect(findOption(msg.options, 39)).toEqual({
      kind: 'client_fqdn',
      code: 39,
      flags: 1,
      name: 'host.example.com.',
      partial: false,
    });
  });

  it('gives raw payloads as views of the input buffer, not copies', () => {
    const msg = decodeMessage(SOLICIT) as ClientServerMessage;
    const clientId = msg.options[0]!;
    if (clientId.kind !== 'raw') throw new Error('expected raw');
    expect(clientId.data.buffer).toBe(SOLICIT.buffer);
    expect(clientId.data.byteOffset).toBe(8);
  });

  it('keeps option order and repeated options', () => {
    const bytes = clientServer(
      11,
      1,
      tlv(16, u32(9), [0, 1, 0x41]),
      tlv(15, [0, 1, 0x61]),
      tlv(16, u32(4491)),
      tlv(15, [0, 0]),
    );
    const msg = decodeMessage(bytes) as ClientServerMessage;
    expect(msg.options.map((o) => o.code)).toEqual([16, 15, 16, 15]);
  });

  it('decodes status-code inside an IA with a UTF-8 message', () => {
    const text = new TextEncoder().encode('no addresses — sorry');
    const bytes = clientServer(7, 5, tlv(3, u32(1), u32(0), u32(0), tlv(13, u16(2), text)));
    const ia = (decodeMessage(bytes) as ClientServerMessage).options[0] as IaNaOption;
    expect(ia.options[0]).toEqual({
      kind: 'status_code',
      code: 13,
      status: 2,
      message: 'no addresses — sorry',
    });
  });

  it('decodes IA_TA and an IAADDR carrying its own status-code', () => {
    const bytes = clientServer(
      7,
      5,
      tlv(4, u32(77), tlv(5, ADDR.lease, u32(1), u32(2), tlv(13, u16(0), ascii('ok')))),
    );
    const [ta] = (decodeMessage(bytes) as ClientServerMessage).options;
    expect(ta).toEqual({
      kind: 'ia_ta',
      code: 4,
      iaid: 77,
      options: [
        {
          kind: 'iaaddr',
          code: 5,
          address: '2001:db8:1::100',
          preferredLifetime: 1,
          validLifetime: 2,
          options: [{ kind: 'status_code', code: 13, status: 0, message: 'ok' }],
        },
      ],
    });
  });

  it('keeps vendor-opts sub-options raw: their codes belong to the vendor space, not dhcp6', () => {
    const bytes = clientServer(1, 1, tlv(17, u32(4491), tlv(3, [1, 2]), tlv(32, ADDR.link)));
    const vendor = findOption((decodeMessage(bytes) as ClientServerMessage).options, 17);
    expect(vendor).toEqual({
      kind: 'vendor_opts',
      code: 17,
      enterpriseNumber: 4491,
      options: [
        { kind: 'raw', code: 3, data: Uint8Array.from([1, 2]) },
        { kind: 'raw', code: 32, data: ADDR.link },
      ],
    });
  });

  it('decodes partial and empty client-fqdn names', () => {
    const partial = decodeMessage(
      clientServer(3, 1, tlv(39, [0], [6], ascii('myhost'))),
    ) as ClientServerMessage;
    expect(partial.options[0]).toMatchObject({ name: 'myhost', partial: true, flags: 0 });
    const empty = decodeMessage(clientServer(3, 1, tlv(39, [4]))) as ClientServerMessage;
    expect(empty.options[0]).toMatchObject({ name: '', partial: true, flags: 4 });
    const escaped = decodeMessage(
      clientServer(3, 1, tlv(39, [1], [3], ascii('a.b'), [2], [0x20, 0xff], [0])),
    ) as ClientServerMessage;
    expect(escaped.options[0]).toMatchObject({ name: 'a\\.b.\\032\\255.', partial: false });
  });

  it('decodes leasequery types with the client/server layout', () => {
    const msg = decodeMessage(clientServer(14, 9, tlv(1, CLIENT_DUID)));
    expect(msg).toMatchObject({ kind: 'client-server', msgType: 14, transactionId: 9 });
  });
});

describe('decodeMessage: relays', () => {
  const inner = clientServer(1, 0x123456, tlv(1, CLIENT_DUID));
  const oneRelay = relay(
    12,
    0,
    ADDR.link,
    ADDR.peer,
    tlv(18, ascii('eth0/vlan7')),
    tlv(9, inner),
    tlv(37, u32(4491), [1, 2, 3]),
  );

  it('decodes hop-count, link-address, peer-address and the relayed message', () => {
    const msg = decodeMessage(oneRelay) as RelayMessage;
    expect(msg).toMatchObject({
      kind: 'relay',
      msgType: 12,
      hopCount: 0,
      linkAddress: '2001:db8:1::1',
      peerAddress: 'fe80::211:22ff:fe33:4455',
    });
    expect(msg.options.map((o) => o.kind)).toEqual(['raw', 'relay_msg', 'raw']);
    const relayed = findOption(msg.options, 9);
    expect(relayed?.message).toMatchObject({ kind: 'client-server', msgType: 1, transactionId: 0x123456 });
  });

  it('accepts 32 relay layers and refuses 33', () => {
    let bytes = inner;
    for (let i = 0; i < 32; i++) bytes = relay(12, i, ADDR.link, ADDR.peer, tlv(9, bytes));
    let msg = decodeMessage(bytes);
    let depth = 0;
    while (msg.kind === 'relay') {
      depth++;
      msg = findOption(msg.options, 9)!.message;
    }
    expect(depth).toBe(32);
    const tooMany = relay(12, 32, ADDR.link, ADDR.peer, tlv(9, bytes));
    expectError(tooMany, 'RELAY_HOPS_EXCEEDED');
  });

  it('honours a lower relay limit', () => {
    const twoLayers = relay(12, 1, ADDR.link, ADDR.peer, tlv(9, oneRelay));
    expect(safeDecodeMessage(twoLayers, { maxRelayHops: 1 }).ok).toBe(false);
    expect(safeDecodeMessage(twoLayers, { maxRelayHops: 2 }).ok).toBe(true);
  });

  it('refuses a relay header shorter than 34 bytes', () => {
    expectError(oneRelay.subarray(0, 33), 'TRUNCATED_HEADER');
  });
});

describe('decodeMessage: opaque and unknown types', () => {
  it('keeps DHCPv4-QUERY and DHCPv4-RESPONSE as opaque bytes', () => {
    const query = concat([20, 0x80, 0, 0], tlv(87, [1, 2, 3]));
    expect(decodeMessage(query)).toEqual({ kind: 'dhcpv4', msgType: 20, body: query.subarray(1) });
    expect(decodeMessage(concat([21, 0, 0, 0]))).toMatchObject({ kind: 'dhcpv4', msgType: 21 });
  });

  it('decodes unassigned types as unknown rather than rejecting them', () => {
    expect(decodeMessage(Uint8Array.from([200, 1, 2]))).toEqual({
      kind: 'unknown',
      msgType: 200,
      body: Uint8Array.from([1, 2]),
    });
    expect(decodeMessage(Uint8Array.from([0]))).toEqual({
      kind: 'unknown',
      msgType: 0,
      body: new Uint8Array(0),
    });
  });
});

describe('decodeMessage: typed errors', () => {
  it('reports an empty or short header', () => {
    expectError(new Uint8Array(0), 'TRUNCATED_HEADER');
    expectError(Uint8Array.from([1, 0, 0]), 'TRUNCATED_HEADER');
  });

  it('reports stray bytes where an option header should be, with the offset', () => {
    const error = expectError(concat(clientServer(1, 1, tlv(8, u16(0))), [0, 1]), 'OPTION_HEADER_TRUNCATED');
    expect(error.offset).toBe(10);
  });

  it('reports an option whose length runs past the end, without allocating for the claim', () => {
    const bytes = concat(clientServer(1, 1), u16(1), u16(0xffff), [1, 2, 3]);
    const error = expectError(bytes, 'OPTION_LENGTH_PAST_END');
    expect(error.offset).toBe(4);
    expect(error.message).toContain('claims 65535 bytes but only 3 remain');
  });

  it('reports an option overrunning its container, not just the message', () => {
    // IA_NA of 16 bytes whose sub-option claims 8 bytes but has 4 left inside the IA.
    const bytes = clientServer(
      1,
      1,
      tlv(3, u32(1), u32(0), u32(0), u16(5), u16(8), [0, 0, 0, 0]),
      tlv(8, u16(0)),
    );
    expectError(bytes, 'OPTION_LENGTH_PAST_END');
  });

  it('reports malformed structural options', () => {
    expectError(clientServer(1, 1, tlv(3, u32(1), u32(2))), 'MALFORMED_OPTION');
    expectError(clientServer(1, 1, tlv(25, u32(1))), 'MALFORMED_OPTION');
    expectError(clientServer(1, 1, tlv(4, [1, 2, 3])), 'MALFORMED_OPTION');
    expectError(clientServer(1, 1, tlv(5, ADDR.lease, u32(1))), 'MALFORMED_OPTION');
    expectError(clientServer(1, 1, tlv(26, u32(1), u32(1), [129], ADDR.prefix)), 'MALFORMED_OPTION');
    expectError(clientServer(1, 1, tlv(26, u32(1), u32(1), [64])), 'MALFORMED_OPTION');
    expectError(clientServer(1, 1, tlv(13, [0])), 'MALFORMED_OPTION');
    expectError(clientServer(1, 1, tlv(6, [0, 1, 2])), 'MALFORMED_OPTION');
    expectError(clientServer(1, 1, tlv(17, [0, 0, 1])), 'MALFORMED_OPTION');
    expectError(clientServer(1, 1, tlv(39)), 'MALFORMED_OPTION');
  });

  it('refuses compressed or over-long names in client-fqdn', () => {
    expect(expectError(clientServer(3, 1, tlv(39, [0], [0xc0, 0x0c])), 'MALFORMED_OPTION').message).toContain(
      'compressed',
    );
    expectError(clientServer(3, 1, tlv(39, [0], [64], new Uint8Array(64))), 'MALFORMED_OPTION');
    expectError(clientServer(3, 1, tlv(39, [0], [5], ascii('ab'))), 'MALFORMED_OPTION');
    expectError(clientServer(3, 1, tlv(39, [0], [1], ascii('a'), [0], [1])), 'MALFORMED_OPTION');
  });

  it('reports containers nested too deep', () => {
    let nested = tlv(13, u16(0));
    for (let i = 0; i < 12; i++) nested = tlv(5, ADDR.lease, u32(0), u32(0), nested);
    expectError(clientServer(7, 1, nested), 'NESTING_TOO_DEEP');
  });

  it('bounds relay-msg nesting inside client messages too', () => {
    let bytes = clientServer(1, 1);
    for (let i = 0; i < 5000 && bytes.length < 60000; i++) bytes = clientServer(1, 1, tlv(9, bytes));
    expectError(bytes, 'NESTING_TOO_DEEP');
    let ok = clientServer(1, 1);
    for (let i = 0; i < 32; i++) ok = clientServer(1, 1, tlv(9, ok));
    expect(safeDecodeMessage(ok).ok).toBe(true);
  });

  it('reports errors inside relayed messages', () => {
    const bad = relay(12, 0, ADDR.link, ADDR.peer, tlv(9, [1, 2]));
    expectError(bad, 'TRUNCATED_HEADER');
  });

  it('wraps nothing but CodecError', () => {
    const result = safeDecodeMessage(hex('0c'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.name).toBe('CodecError');
  });
});
