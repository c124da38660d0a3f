/**
 * A minimal pcap writer: Ethernet + IPv6 + UDP framing around DHCPv6 payloads, with a correct
 * UDP checksum, so Wireshark's dissector can read what the codec encodes.
 */
import { parseIpv6 } from '../../src/index.js';

export interface Frame {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

function udpChecksum(src: Uint8Array, dst: Uint8Array, udp: Uint8Array): number {
  let sum = 0;
  const add16 = (hi: number, lo: number) => {
    sum += (hi << 8) | lo;
  };
  for (let i = 0; i < 16; i += 2) add16(src[i]!, src[i + 1]!);
  for (let i = 0; i < 16; i += 2) add16(dst[i]!, dst[i + 1]!);
  sum += udp.length; // upper-layer packet length (fits 16 bits here)
  sum += 17; // next header: UDP
  for (let i = 0; i < udp.length; i += 2) add16(udp[i]!, i + 1 < udp.length ? udp[i + 1]! : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const result = ~sum & 0xffff;
  return result === 0 ? 0xffff : result;
}

function frameBytes(frame: Frame): Uint8Array {
  const src = parseIpv6(frame.src);
  const dst = parseIpv6(frame.dst);
  const udp = new Uint8Array(8 + frame.payload.length);
  const view = new DataView(udp.buffer);
  view.setUint16(0, frame.srcPort);
  view.setUint16(2, frame.dstPort);
  view.setUint16(4, udp.length);
  udp.set(frame.payload, 8);
  view.setUint16(6, udpChecksum(src, dst, udp));

  const out = new Uint8Array(14 + 40 + udp.length);
  const v = new DataView(out.buffer);
  out.set([0x33, 0x33, 0x00, 0x01, 0x00, 0x02], 0); // destination MAC (IPv6 multicast style)
  out.set([0x00, 0x11, 0x22, 0x33, 0x44, 0x55], 6);
  v.setUint16(12, 0x86dd);
  v.setUint32(14, 0x60000000); // version 6, traffic class 0, flow label 0
  v.setUint16(18, udp.length);
  out[20] = 17; // next header UDP
  out[21] = 64; // hop limit
  out.set(src, 22);
  out.set(dst, 38);
  out.set(udp, 54);
  return out;
}

/** A classic pcap file (microsecond timestamps, LINKTYPE_ETHERNET) holding the frames. */
export function pcapFile(frames: readonly Frame[]): Uint8Array {
  const packets = frames.map(frameBytes);
  const out = new Uint8Array(24 + packets.reduce((n, p) => n + 16 + p.length, 0));
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true); // snaplen
  v.setUint32(20, 1, true); // Ethernet
  let at = 24;
  packets.forEach((packet, i) => {
    v.setUint32(at, 1_700_000_000 + i, true);
    v.setUint32(at + 4, 0, true);
    v.setUint32(at + 8, packet.length, true);
    v.setUint32(at + 12, packet.length, true);
    out.set(packet, at + 16);
    at += 16 + packet.length;
  });
  return out;
}
