import dnsPacket from 'dns-packet';
import { OPCODE_UPDATE, RR_CLASS, RR_TYPE } from './constants.js';

/**
 * An answer from a DNS server, read defensively: dns-packet decodes the whole message (every
 * section, names with compression pointers only backwards), so a truncated or corrupt answer
 * is refused before D2 looks at it; the header and the TSIG record are then read from the
 * bytes, since verifying the TSIG needs their exact offsets.
 */

export interface ResponseTsig {
  /** Offset of the TSIG record in the message. */
  offset: number;
  keyName: Uint8Array;
  algorithm: Uint8Array;
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  other: Buffer;
}

export interface ParsedResponse {
  wire: Buffer;
  id: number;
  rcode: number;
  tsig: ResponseTsig | undefined;
}

export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
}

/** Reads a name at `at`; returns its canonical (lower-case) wire form and where it ends. */
function readName(buf: Buffer, at: number): { wire: Uint8Array; end: number } {
  const out: number[] = [];
  let end = -1;
  let hops = 0;
  for (;;) {
    if (at >= buf.length) throw new InvalidResponseError('name runs past the end of the message');
    const len = buf[at]!;
    if ((len & 0xc0) === 0xc0) {
      if (at + 1 >= buf.length) throw new InvalidResponseError('truncated compression pointer');
      if (end < 0) end = at + 2;
      if (++hops > 64) throw new InvalidResponseError('compression loop');
      at = ((len & 0x3f) << 8) | buf[at + 1]!;
      continue;
    }
    if (len & 0xc0) throw new InvalidResponseError('bad label type');
    out.push(len);
    if (len === 0) break;
    if (at + 1 + len > buf.length) throw new InvalidResponseError('label runs past the end of the message');
    for (let i = 1; i <= len; i++) {
      const c = buf[at + i]!;
      out.push(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
    }
    at += 1 + len;
  }
  return { wire: Uint8Array.from(out), end: end < 0 ? at + 1 : end };
}

function readTsig(buf: Buffer, counts: number[]): ResponseTsig | undefined {
  const total = counts[1]! + counts[2]! + counts[3]!;
  if (counts[3] === 0) return undefined;
  let at = 12;
  for (let q = 0; q < counts[0]!; q++) at = readName(buf, at).end + 4;
  for (let r = 0; r < total; r++) {
    const start = at;
    const owner = readName(buf, at);
    at = owner.end;
    if (at + 10 > buf.length) throw new InvalidResponseError('record header runs past the end');
    const type = buf.readUInt16BE(at);
    const rdlength = buf.readUInt16BE(at + 8);
    const rdata = at + 10;
    at = rdata + rdlength;
    if (at > buf.length) throw new InvalidResponseError('rdata runs past the end');
    if (r < total - 1) {
      if (type === RR_TYPE.TSIG) throw new InvalidResponseError('TSIG record is not the last one');
      continue;
    }
    if (type !== RR_TYPE.TSIG) return undefined;
    // RFC 8945 §4.2: class ANY, TTL 0; the MAC does not cover them, so they are checked here.
    if (buf.readUInt16BE(at - rdlength - 8) !== RR_CLASS.ANY || buf.readUInt32BE(at - rdlength - 6) !== 0)
      throw new InvalidResponseError('TSIG record with a class other than ANY or a TTL other than 0');
    const algorithm = readName(buf, rdata);
    let p = algorithm.end;
    if (p + 10 > at) throw new InvalidResponseError('TSIG rdata too short');
    const timeSigned = buf.readUInt16BE(p) * 2 ** 32 + buf.readUInt32BE(p + 2);
    const fudge = buf.readUInt16BE(p + 6);
    const macSize = buf.readUInt16BE(p + 8);
    p += 10;
    if (p + macSize + 6 > at) throw new InvalidResponseError('TSIG rdata too short');
    const mac = buf.subarray(p, p + macSize);
    p += macSize;
    const originalId = buf.readUInt16BE(p);
    const error = buf.readUInt16BE(p + 2);
    const otherLength = buf.readUInt16BE(p + 4);
    p += 6;
    if (p + otherLength !== at) throw new InvalidResponseError('TSIG rdata length mismatch');
    return {
      offset: start,
      keyName: owner.wire,
      algorithm: algorithm.wire,
      timeSigned,
      fudge,
      mac,
      originalId,
      error,
      other: buf.subarray(p, at),
    };
  }
  return undefined;
}

/** Parses an answer to an update; throws InvalidResponseError when it is none. */
export function parseResponse(wire: Buffer): ParsedResponse {
  let decoded: dnsPacket.Packet;
  try {
    decoded = dnsPacket.decode(wire);
  } catch (err) {
    throw new InvalidResponseError(`malformed message: ${(err as Error).message}`);
  }
  const flags = wire.readUInt16BE(2);
  if (((flags >> 11) & 0xf) !== OPCODE_UPDATE)
    throw new InvalidResponseError(
      `received message is not a DDNS update, received message code is ${(flags >> 11) & 0xf}`,
    );
  if (decoded.type !== 'response') throw new InvalidResponseError('received message should have QR flag set');
  const counts = [4, 6, 8, 10].map((o) => wire.readUInt16BE(o));
  if (counts[0]! > 1)
    throw new InvalidResponseError(
      `received message contains ${counts[0]} Zone records, it should contain at most 1 record`,
    );
  return { wire, id: decoded.id ?? wire.readUInt16BE(0), rcode: flags & 0xf, tsig: readTsig(wire, counts) };
}
