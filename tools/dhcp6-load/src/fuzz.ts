import { MessageType, PacketWriter } from '@nestor/codec';
import { clientDuid } from './exchanges.js';

/** A small seeded generator (mulberry32): the same seed gives the same packets. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid messages the mutations start from: SOLICIT, REQUEST, a relayed SOLICIT, an IA_PD RENEW. */
function seeds(): Uint8Array[] {
  const w = new PacketWriter(2048);
  const solicit = w
    .reset()
    .header(MessageType.SOLICIT, 1)
    .option(1, clientDuid(1))
    .beginIaNa(1, 0, 0)
    .endOption()
    .option(6, new Uint8Array([0, 23, 0, 24]))
    .finishCopy();
  const request = w
    .reset()
    .header(MessageType.REQUEST, 2)
    .option(1, clientDuid(2))
    .option(2, clientDuid(3))
    .beginIaNa(1, 0, 0)
    .iaAddress('2001:db8::1', 0, 0)
    .endOption()
    .finishCopy();
  const relayed = w
    .reset()
    .relayHeader(MessageType.RELAY_FORW, 0, '2001:db8:1::1', 'fe80::1')
    .option(18, new Uint8Array([1, 2, 3]))
    .option(9, solicit)
    .finishCopy();
  const renew = w
    .reset()
    .header(MessageType.RENEW, 3)
    .option(1, clientDuid(4))
    .option(2, clientDuid(5))
    .beginIaPd(1, 0, 0)
    .iaPrefix('2001:db8:8000::', 56, 0, 0)
    .endOption()
    .finishCopy();
  return [solicit, request, relayed, renew];
}

/** Relay-forw layers nested deeper than the 32 hops a server may accept. */
function deepRelay(depth: number, inner: Uint8Array): Uint8Array {
  let packet = inner;
  const w = new PacketWriter(65535);
  for (let i = 0; i < depth; i++) {
    packet = w
      .reset()
      .relayHeader(MessageType.RELAY_FORW, Math.min(i, 255), '2001:db8::1', 'fe80::1')
      .option(9, packet)
      .finishCopy();
  }
  return packet;
}

/**
 * Bad packets for a server: random bytes, valid messages with bytes flipped, truncated or with
 * lengths inflated, and relay chains past the hop limit. Deterministic for a seed.
 */
export function* fuzzPackets(seed: number, count: number): Generator<Uint8Array> {
  const next = random(seed);
  const base = seeds();
  const int = (n: number) => Math.floor(next() * n);
  for (let i = 0; i < count; i++) {
    const kind = int(5);
    if (kind === 0) {
      const bytes = new Uint8Array(int(600));
      for (let j = 0; j < bytes.length; j++) bytes[j] = int(256);
      if (bytes.length > 0) bytes[0] = 1 + int(13); // mostly valid-looking message types
      yield bytes;
    } else if (kind === 1 || kind === 2) {
      const packet = base[int(base.length)]!.slice();
      const flips = 1 + int(8);
      for (let f = 0; f < flips; f++) packet[int(packet.length)] = int(256);
      yield kind === 1 ? packet : packet.subarray(0, int(packet.length));
    } else if (kind === 3) {
      const packet = base[int(base.length)]!.slice();
      // Inflate an option length at a random even offset past the header.
      const at = 4 + 2 * int(Math.max(1, (packet.length - 6) / 2));
      packet[at] = 0xff;
      packet[at + 1] = 0xff;
      yield packet;
    } else {
      yield deepRelay(30 + int(8), base[0]!);
    }
  }
}
