/**
 * Kea 2.2/2.4 lease6 rows written from a LeaseSlab's columns straight into a byte buffer: no
 * Lease6 and no row string per lease. The cleaner writes every lease this way; building each
 * row as a string made some 40 short-lived objects a lease, and the megabyte of pending text
 * (thousands of concatenated pieces) outlived the young generation, which alone raised
 * kea-lfc's peak memory by some 60 MiB on 200,000 leases.
 *
 * Only the plain row is written here (no hostname, no user context, a DUID in its slot, whole
 * numbers): the caller formats any other lease with rowFormatter, so every byte is the same as
 * the string formatter's.
 */
import { ipv6BytesToText } from '@nestor/codec';
import type { LeaseSlab } from './lease-slab.js';

/** The longest plain row: a 39-character address, a 20-byte DUID, 20-byte hardware address, numbers. */
export const MAX_PLAIN_ROW_BYTES = 400;

const HEX = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX[i] = i < 10 ? 48 + i : 87 + i;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;

/** Writes a whole number >= 0 (at most 2^53) in decimal at buf[at]; returns the end. */
function writeDecimal(buf: Buffer, at: number, value: number): number {
  if (value < 10) {
    buf[at] = 48 + value;
    return at + 1;
  }
  let digits = 1;
  for (let v = Math.floor(value / 10); v > 0; v = Math.floor(v / 10)) digits++;
  let v = value;
  for (let i = at + digits - 1; i >= at; i--) {
    const q = Math.floor(v / 10);
    buf[i] = 48 + (v - q * 10);
    v = q;
  }
  return at + digits;
}

function writeColonHex(buf: Buffer, at: number, bytes: Uint8Array, offset: number, length: number): number {
  let out = at;
  for (let i = 0; i < length; i++) {
    if (i > 0) buf[out++] = COLON;
    const b = bytes[offset + i]!;
    buf[out++] = HEX[b >> 4]!;
    buf[out++] = HEX[b & 15]!;
  }
  return out;
}

/** Whether writePlainRow can write this slot (else the string formatter must). */
export function isPlainSlot(slab: LeaseSlab, slot: number): boolean {
  const expire = slab.clttOf(slot) + slab.validOf(slot);
  return (
    slab.hostname[slot] === '' &&
    slab.userContext[slot] === undefined &&
    slab.hasInlineDuid(slot) &&
    Number.isSafeInteger(expire) &&
    expire >= 0
  );
}

/**
 * Writes the row of a plain slot (see isPlainSlot), with its newline, at buf[at] (room for
 * MAX_PLAIN_ROW_BYTES); `poolId` adds Kea 2.4's last column. Returns the end.
 */
export function writePlainRow(
  slab: LeaseSlab,
  slot: number,
  buf: Buffer,
  at: number,
  poolId: boolean,
): number {
  let p = at + buf.write(ipv6BytesToText(slab.address, slab.addressAt(slot)), at, 'latin1');
  buf[p++] = COMMA;
  const duid = slab.duidBytes(slot);
  p = writeColonHex(buf, p, duid.bytes, duid.offset, duid.length);
  buf[p++] = COMMA;
  const valid = slab.validOf(slot);
  p = writeDecimal(buf, p, valid);
  buf[p++] = COMMA;
  p = writeDecimal(buf, p, slab.clttOf(slot) + valid);
  buf[p++] = COMMA;
  p = writeDecimal(buf, p, slab.subnetIdOf(slot));
  buf[p++] = COMMA;
  p = writeDecimal(buf, p, slab.preferredOf(slot));
  buf[p++] = COMMA;
  p = writeDecimal(buf, p, slab.typeOf(slot));
  buf[p++] = COMMA;
  p = writeDecimal(buf, p, slab.iaidOf(slot));
  buf[p++] = COMMA;
  p = writeDecimal(buf, p, slab.prefixLengthOf(slot));
  buf[p++] = COMMA;
  buf[p++] = slab.fqdnFwd(slot) ? 49 : 48;
  buf[p++] = COMMA;
  buf[p++] = slab.fqdnRev(slot) ? 49 : 48;
  buf[p++] = COMMA;
  // (no hostname)
  buf[p++] = COMMA;
  const hwLength = slab.hwaddrLengthOf(slot);
  p = writeColonHex(buf, p, slab.hwaddrBytes(), slab.hwaddrAt(slot), hwLength);
  buf[p++] = COMMA;
  p = writeDecimal(buf, p, slab.stateOf(slot));
  buf[p++] = COMMA;
  // (no user context)
  buf[p++] = COMMA;
  // Kea writes the hardware type and source only with a hardware address.
  if (hwLength > 0) p = writeDecimal(buf, p, slab.hwtypeOf(slot));
  buf[p++] = COMMA;
  if (hwLength > 0) p = writeDecimal(buf, p, slab.hwaddrSourceOf(slot));
  if (poolId) {
    buf[p++] = COMMA;
    p = writeDecimal(buf, p, slab.poolIdOf(slot));
  }
  buf[p++] = NEWLINE;
  return p;
}
