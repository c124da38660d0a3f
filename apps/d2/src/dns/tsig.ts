import { createHmac, timingSafeEqual } from 'node:crypto';
import { nameToText, nameToWire, parseName } from '@nestor/ncr';
import { RR_CLASS, RR_TYPE, TSIG_ERROR_NAMES } from './constants.js';
import type { ParsedResponse } from './response.js';

/**
 * TSIG (RFC 8945) for one update and its answer: the request is signed with the HMAC of the
 * message and the TSIG variables; the answer must carry a TSIG whose MAC covers the request's
 * MAC, the answer without its TSIG (ARCOUNT one less, the original id) and its own variables.
 */

export type TsigAlgorithm =
  | 'HMAC-MD5'
  | 'HMAC-SHA1'
  | 'HMAC-SHA224'
  | 'HMAC-SHA256'
  | 'HMAC-SHA384'
  | 'HMAC-SHA512';

const ALGORITHMS: Record<TsigAlgorithm, { hash: string; name: string; bytes: number }> = {
  'HMAC-MD5': { hash: 'md5', name: 'hmac-md5.sig-alg.reg.int.', bytes: 16 },
  'HMAC-SHA1': { hash: 'sha1', name: 'hmac-sha1.', bytes: 20 },
  'HMAC-SHA224': { hash: 'sha224', name: 'hmac-sha224.', bytes: 28 },
  'HMAC-SHA256': { hash: 'sha256', name: 'hmac-sha256.', bytes: 32 },
  'HMAC-SHA384': { hash: 'sha384', name: 'hmac-sha384.', bytes: 48 },
  'HMAC-SHA512': { hash: 'sha512', name: 'hmac-sha512.', bytes: 64 },
};

/** Kea's TSIGContext fudge: 300 seconds either way. */
export const TSIG_FUDGE = 300;

export interface TsigKey {
  /** Text with the trailing dot, as Kea names the key in its statistics ("key[NAME].update-sent"). */
  readonly name: string;
  readonly algorithm: TsigAlgorithm;
  /** Canonical (lower-case) wire forms, as the MAC covers them. */
  readonly nameWire: Uint8Array;
  readonly algorithmWire: Uint8Array;
  readonly hash: string;
  readonly secret: Buffer;
  /** MAC octets sent: the full digest, or digest-bits / 8 when truncated (RFC 8945 §5.2.2.1). */
  readonly macBytes: number;
}

export function makeTsigKey(
  name: string,
  algorithm: TsigAlgorithm,
  secret: Uint8Array,
  digestBits = 0,
): TsigKey {
  const parsed = parseName(name);
  const info = ALGORITHMS[algorithm];
  return {
    name: nameToText(parsed),
    algorithm,
    nameWire: nameToWire(parsed, true),
    algorithmWire: nameToWire(parseName(info.name), true),
    hash: info.hash,
    secret: Buffer.from(secret),
    macBytes: digestBits > 0 ? digestBits / 8 : info.bytes,
  };
}

function u48(seconds: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUInt16BE(Math.floor(seconds / 2 ** 32) & 0xffff, 0);
  b.writeUInt32BE((seconds % 2 ** 32) >>> 0, 2);
  return b;
}

/** The TSIG variables of RFC 8945 §4.3.3 (name, class, TTL, algorithm, time, fudge, error, other). */
function variables(
  key: TsigKey,
  timeSigned: number,
  fudge: number,
  error: number,
  other: Uint8Array,
): Buffer {
  const classTtl = Buffer.alloc(6);
  classTtl.writeUInt16BE(RR_CLASS.ANY, 0);
  const after = Buffer.alloc(6);
  after.writeUInt16BE(fudge, 0);
  after.writeUInt16BE(error, 2);
  after.writeUInt16BE(other.length, 4);
  return Buffer.concat([key.nameWire, classTtl, key.algorithmWire, u48(timeSigned), after, other]);
}

export interface SignedRequest {
  wire: Buffer;
  /** The MAC sent, which the answer's MAC covers. */
  mac: Buffer;
  timeSigned: number;
}

/** Appends a TSIG record to an unsigned message (whose additional section is empty). */
export function signRequest(
  unsigned: Buffer,
  key: TsigKey,
  now = Math.floor(Date.now() / 1000),
  fudge = TSIG_FUDGE,
): SignedRequest {
  const mac = createHmac(key.hash, key.secret)
    .update(unsigned)
    .update(variables(key, now, fudge, 0, new Uint8Array(0)))
    .digest()
    .subarray(0, key.macBytes);
  const rdata = Buffer.alloc(key.algorithmWire.length + 16 + mac.length);
  let at = 0;
  rdata.set(key.algorithmWire, at);
  at += key.algorithmWire.length;
  u48(now).copy(rdata, at);
  rdata.writeUInt16BE(fudge, at + 6);
  rdata.writeUInt16BE(mac.length, at + 8);
  mac.copy(rdata, at + 10);
  at += 10 + mac.length;
  rdata.writeUInt16BE(unsigned.readUInt16BE(0), at); // original id
  rdata.writeUInt16BE(0, at + 2); // error
  rdata.writeUInt16BE(0, at + 4); // other length
  const head = Buffer.alloc(10);
  head.writeUInt16BE(RR_TYPE.TSIG, 0);
  head.writeUInt16BE(RR_CLASS.ANY, 2);
  head.writeUInt32BE(0, 4);
  head.writeUInt16BE(rdata.length, 8);
  const wire = Buffer.concat([unsigned, key.nameWire, head, rdata]);
  wire.writeUInt16BE(unsigned.readUInt16BE(10) + 1, 10);
  return { wire, mac, timeSigned: now };
}

/** Why an answer's signature is refused, in Kea's TSIGError words (NOERROR when it holds). */
export type TsigVerdict = 'NOERROR' | 'FORMERR' | 'BADSIG' | 'BADKEY' | 'BADTIME' | 'BADTRUNC' | string;

const equalNames = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Checks the answer's TSIG against the request it answers. */
export function verifyResponse(
  response: ParsedResponse,
  key: TsigKey,
  request: SignedRequest,
  now = Math.floor(Date.now() / 1000),
): TsigVerdict {
  const tsig = response.tsig;
  // A signed request answered without a signature is a format error (RFC 8945 §5.3).
  if (!tsig) return 'FORMERR';
  if (!equalNames(tsig.keyName, key.nameWire) || !equalNames(tsig.algorithm, key.algorithmWire))
    return 'BADKEY';
  if (tsig.error !== 0) return TSIG_ERROR_NAMES[tsig.error] ?? `UNKNOWN(${tsig.error})`;
  const minimum = Math.max(10, Math.ceil(key.macBytes / 2), Math.min(key.macBytes, 10));
  if (tsig.mac.length < minimum || tsig.mac.length > ALGORITHMS[key.algorithm].bytes) return 'BADTRUNC';
  const stripped = Buffer.from(response.wire.subarray(0, tsig.offset));
  stripped.writeUInt16BE(tsig.originalId, 0);
  stripped.writeUInt16BE(stripped.readUInt16BE(10) - 1, 10);
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(request.mac.length, 0);
  const expected = createHmac(key.hash, key.secret)
    .update(prefix)
    .update(request.mac)
    .update(stripped)
    .update(variables(key, tsig.timeSigned, tsig.fudge, tsig.error, tsig.other))
    .digest()
    .subarray(0, tsig.mac.length);
  if (!timingSafeEqual(expected, tsig.mac)) return 'BADSIG';
  if (Math.abs(now - tsig.timeSigned) > tsig.fudge) return 'BADTIME';
  return 'NOERROR';
}
