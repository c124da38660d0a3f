import { OPCODE_UPDATE, RR_CLASS, RR_TYPE } from './constants.js';

/**
 * An RFC 2136 UPDATE in wire form. The zone, prerequisite and update sections are what the
 * header calls question, answer and authority. Names are written uncompressed, from the exact
 * wire form the NCR's name parses to, so an escaped label reaches the server as it was sent.
 */

export interface ResourceRecord {
  /** Wire form. */
  name: Uint8Array;
  type: number;
  klass: number;
  ttl: number;
  /** Empty for the RFC 2136 "RRset exists / delete RRset" forms. */
  rdata: Uint8Array;
}

export interface UpdateMessage {
  id: number;
  /** The zone's name, wire form (class IN, type SOA). */
  zone: Uint8Array;
  prerequisites: ResourceRecord[];
  updates: ResourceRecord[];
}

const EMPTY = new Uint8Array(0);

/** Helpers for the record forms of RFC 2136 §2.4 and §2.5. */
export const rr = {
  /** Add to an RRset. */
  add: (name: Uint8Array, type: number, ttl: number, rdata: Uint8Array): ResourceRecord => ({
    name,
    type,
    klass: RR_CLASS.IN,
    ttl,
    rdata,
  }),
  /** Delete an RRset (class ANY, no data). */
  deleteRrset: (name: Uint8Array, type: number): ResourceRecord => ({
    name,
    type,
    klass: RR_CLASS.ANY,
    ttl: 0,
    rdata: EMPTY,
  }),
  /** Delete every RRset of a name. */
  deleteName: (name: Uint8Array): ResourceRecord => ({
    name,
    type: RR_TYPE.ANY,
    klass: RR_CLASS.ANY,
    ttl: 0,
    rdata: EMPTY,
  }),
  /** Delete one RR from an RRset (class NONE, with data). */
  deleteRr: (name: Uint8Array, type: number, rdata: Uint8Array): ResourceRecord => ({
    name,
    type,
    klass: RR_CLASS.NONE,
    ttl: 0,
    rdata,
  }),
  /** Prerequisite: the name is in use (any RRset). */
  nameInUse: (name: Uint8Array): ResourceRecord => ({
    name,
    type: RR_TYPE.ANY,
    klass: RR_CLASS.ANY,
    ttl: 0,
    rdata: EMPTY,
  }),
  /** Prerequisite: the name is not in use. */
  nameNotInUse: (name: Uint8Array): ResourceRecord => ({
    name,
    type: RR_TYPE.ANY,
    klass: RR_CLASS.NONE,
    ttl: 0,
    rdata: EMPTY,
  }),
  /** Prerequisite: an RRset of this type exists, whatever its value. */
  rrsetExists: (name: Uint8Array, type: number): ResourceRecord => ({
    name,
    type,
    klass: RR_CLASS.ANY,
    ttl: 0,
    rdata: EMPTY,
  }),
  /** Prerequisite: no RRset of this type exists. */
  rrsetAbsent: (name: Uint8Array, type: number): ResourceRecord => ({
    name,
    type,
    klass: RR_CLASS.NONE,
    ttl: 0,
    rdata: EMPTY,
  }),
  /** Prerequisite: this RRset exists with exactly this value (RFC 2136 §2.4.2). */
  rrsetEquals: (name: Uint8Array, type: number, rdata: Uint8Array): ResourceRecord => ({
    name,
    type,
    klass: RR_CLASS.IN,
    ttl: 0,
    rdata,
  }),
};

const recordSize = (r: ResourceRecord) => r.name.length + 10 + r.rdata.length;

function writeRecord(out: Buffer, at: number, r: ResourceRecord): number {
  out.set(r.name, at);
  at += r.name.length;
  out.writeUInt16BE(r.type, at);
  out.writeUInt16BE(r.klass, at + 2);
  out.writeUInt32BE(r.ttl >>> 0, at + 4);
  out.writeUInt16BE(r.rdata.length, at + 8);
  out.set(r.rdata, at + 10);
  return at + 10 + r.rdata.length;
}

/** The message in wire form, with an empty additional section (TSIG is appended by signing). */
export function encodeUpdate(message: UpdateMessage): Buffer {
  let size = 12 + message.zone.length + 4;
  for (const r of message.prerequisites) size += recordSize(r);
  for (const r of message.updates) size += recordSize(r);
  const out = Buffer.alloc(size);
  out.writeUInt16BE(message.id, 0);
  out.writeUInt16BE(OPCODE_UPDATE << 11, 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(message.prerequisites.length, 6);
  out.writeUInt16BE(message.updates.length, 8);
  out.writeUInt16BE(0, 10);
  let at = 12;
  out.set(message.zone, at);
  at += message.zone.length;
  out.writeUInt16BE(RR_TYPE.SOA, at);
  out.writeUInt16BE(RR_CLASS.IN, at + 2);
  at += 4;
  for (const r of message.prerequisites) at = writeRecord(out, at, r);
  for (const r of message.updates) at = writeRecord(out, at, r);
  return out;
}
