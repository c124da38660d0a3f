/**
 * DUIDs (RFC 8415 section 11): kept as bytes, written as lowercase colon-hex the way Kea's
 * lease files and logs write them ("00:01:00:01:..."), with builders and a decoder of the four
 * standard layouts.
 */
import { DUID_TIME_EPOCH, DuidType } from './constants.js';
import { codecError } from './errors.js';
import { parsePlainHex, parseSeparatedHex, toHex } from './util/hex.js';

/** RFC 8415: a DUID is at most 130 bytes including its 2-byte type. */
export const MAX_DUID_LENGTH = 130;

export function formatDuid(duid: Uint8Array): string {
  return toHex(duid, ':');
}

/**
 * "00:01:00:01:1d:2c:3b:4a:00:11:22:33:44:55" (one or two digits per byte, as Kea accepts)
 * or plain hex "0001...". Throws INVALID_DUID.
 */
export function parseDuid(text: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = trimmed.includes(':') ? parseSeparatedHex(trimmed, ':') : parsePlainHex(trimmed);
  if (!bytes || bytes.length === 0)
    throw codecError('INVALID_DUID', `'${text}' is not a DUID (colon-separated hex bytes)`);
  if (bytes.length > MAX_DUID_LENGTH) {
    throw codecError(
      'INVALID_DUID',
      `DUID of ${bytes.length} bytes exceeds the maximum of ${MAX_DUID_LENGTH}`,
    );
  }
  return bytes;
}

export type DuidInfo =
  | {
      readonly type: 'llt';
      readonly hardwareType: number;
      readonly time: number;
      readonly linkLayerAddress: Uint8Array;
    }
  | { readonly type: 'en'; readonly enterpriseNumber: number; readonly identifier: Uint8Array }
  | { readonly type: 'll'; readonly hardwareType: number; readonly linkLayerAddress: Uint8Array }
  | { readonly type: 'uuid'; readonly uuid: string }
  | { readonly type: 'unknown'; readonly typeCode: number };

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** The DUID's type code (first two bytes), or undefined when shorter than 2 bytes. */
export function duidType(duid: Uint8Array): number | undefined {
  return duid.length >= 2 ? u16(duid, 0) : undefined;
}

/**
 * The fields of a DUID by type. A DUID too short for its declared layout is reported as
 * 'unknown' (clients do send those; the server still keys on the bytes).
 */
export function describeDuid(duid: Uint8Array): DuidInfo {
  const type = duidType(duid) ?? -1;
  if (type === DuidType.LLT && duid.length > 8) {
    return {
      type: 'llt',
      hardwareType: u16(duid, 2),
      time: u32(duid, 4),
      linkLayerAddress: duid.subarray(8),
    };
  }
  if (type === DuidType.EN && duid.length > 6) {
    return { type: 'en', enterpriseNumber: u32(duid, 2), identifier: duid.subarray(6) };
  }
  if (type === DuidType.LL && duid.length > 4) {
    return { type: 'll', hardwareType: u16(duid, 2), linkLayerAddress: duid.subarray(4) };
  }
  if (type === DuidType.UUID && duid.length === 18) {
    const h = toHex(duid.subarray(2));
    return {
      type: 'uuid',
      uuid: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
    };
  }
  return { type: 'unknown', typeCode: type };
}

function checkLinkLayer(hardwareType: number, address: Uint8Array): void {
  if (!Number.isInteger(hardwareType) || hardwareType < 0 || hardwareType > 0xffff) {
    throw codecError('INVALID_ARGUMENT', `hardware type ${hardwareType} does not fit 16 bits`);
  }
  if (address.length === 0 || address.length > MAX_DUID_LENGTH - 8) {
    throw codecError('INVALID_ARGUMENT', `link-layer address of ${address.length} bytes`);
  }
}

/**
 * DUID-LLT. `time` is seconds since 2000-01-01 UTC, or a Date (converted); Kea's server DUID
 * is of this type.
 */
export function makeDuidLlt(
  hardwareType: number,
  time: number | Date,
  linkLayerAddress: Uint8Array,
): Uint8Array {
  checkLinkLayer(hardwareType, linkLayerAddress);
  const seconds = time instanceof Date ? Math.floor(time.getTime() / 1000) - DUID_TIME_EPOCH : time;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 0xffffffff) {
    throw codecError('INVALID_ARGUMENT', `DUID-LLT time ${seconds} does not fit 32 bits`);
  }
  const out = new Uint8Array(8 + linkLayerAddress.length);
  out.set([
    0,
    DuidType.LLT,
    hardwareType >> 8,
    hardwareType & 0xff,
    seconds >>> 24,
    (seconds >>> 16) & 0xff,
    (seconds >>> 8) & 0xff,
    seconds & 0xff,
  ]);
  out.set(linkLayerAddress, 8);
  return out;
}

export function makeDuidEn(enterpriseNumber: number, identifier: Uint8Array): Uint8Array {
  if (!Number.isInteger(enterpriseNumber) || enterpriseNumber < 0 || enterpriseNumber > 0xffffffff) {
    throw codecError('INVALID_ARGUMENT', `enterprise number ${enterpriseNumber} does not fit 32 bits`);
  }
  if (identifier.length === 0 || identifier.length > MAX_DUID_LENGTH - 6) {
    throw codecError('INVALID_ARGUMENT', `DUID-EN identifier of ${identifier.length} bytes`);
  }
  const out = new Uint8Array(6 + identifier.length);
  const e = enterpriseNumber;
  out.set([0, DuidType.EN, e >>> 24, (e >>> 16) & 0xff, (e >>> 8) & 0xff, e & 0xff]);
  out.set(identifier, 6);
  return out;
}

export function makeDuidLl(hardwareType: number, linkLayerAddress: Uint8Array): Uint8Array {
  checkLinkLayer(hardwareType, linkLayerAddress);
  const out = new Uint8Array(4 + linkLayerAddress.length);
  out.set([0, DuidType.LL, hardwareType >> 8, hardwareType & 0xff]);
  out.set(linkLayerAddress, 4);
  return out;
}

/** DUID-UUID (RFC 6355) from "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" or 16 bytes. */
export function makeDuidUuid(uuid: string | Uint8Array): Uint8Array {
  const bytes = typeof uuid === 'string' ? parsePlainHex(uuid.replaceAll('-', '')) : uuid;
  if (bytes?.length !== 16) throw codecError('INVALID_ARGUMENT', `'${String(uuid)}' is not a UUID`);
  const out = new Uint8Array(18);
  out.set([0, DuidType.UUID]);
  out.set(bytes, 2);
  return out;
}
