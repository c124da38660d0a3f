/**
 * Leases in packed records: every fixed-size field of a stored lease lives in a 64-byte record at
 * its slot number (the address as 16 bytes, the numbers as 32-bit words, cltt as a double), its
 * DUID and hardware address in a 40-byte record beside it, and a Lease6 object is built only when
 * a caller asks for one. A million leases as objects cost over a kilobyte each in V8 (the object,
 * its strings, a hash map entry and its key string); packed they cost about 120 bytes, and the
 * garbage collector has almost nothing to trace.
 *
 * Records rather than one typed array per field: a lookup among a million leases reads one cache
 * line for the key and the numbers and one for the identifiers, where nineteen separate columns
 * cost nineteen cache (and TLB) misses, which made a lookup at a million leases 2 to 2.7 times
 * slower than at a thousand.
 *
 * The primary key (type, address) is found through an open-addressing hash table of slot
 * numbers, hashed over the address bytes, so no key string is kept per lease. Only hostnames
 * and user contexts, which most leases lack, stay JavaScript values.
 */
import { ipv6BytesToText } from '@nestor/codec';
import { ipv6KeyFromBytes, leaseKeyFromBytes } from '../address.js';
import type { JsonObject, Lease6, LeaseType } from '../lease.js';
import type { FastRow } from './fast-row.js';

const HEX_PAIRS: string[] = [];
for (let i = 0; i < 256; i++) HEX_PAIRS.push(i.toString(16).padStart(2, '0'));

/** DUIDs up to this long are stored in their slot; longer ones (rare) in a side map. */
const INLINE_DUID = 20;
/** Kea's HWAddr::MAX_HWADDR_LEN: every hardware address fits in its slot. */
export const HWADDR_BYTES = 20;

/**
 * The 64-byte record of a slot: bytes 0-15 address, 16-23 cltt (float64), 24-51 seven uint32
 * (iaid, subnet-id, preferred, valid, state, hwaddr source, pool id), 52-53 hwtype (uint16),
 * 54 type, 55 prefix length, 56 flags, 57 DUID length, 58 hardware address length.
 */
export const RECORD_BYTES = 64;
const W = RECORD_BYTES / 4;
const W_IAID = 6;
const W_SUBNET = 7;
const W_PREFERRED = 8;
const W_VALID = 9;
const W_STATE = 10;
const W_HWSOURCE = 11;
const W_POOL = 12;
const H_HWTYPE = 26;
const B_TYPE = 54;
const B_PREFIX = 55;
const B_FLAGS = 56;
const B_DUIDLEN = 57;
const B_HWLEN = 58;
const D_CLTT = 2;
/** The identifiers' record: the DUID (INLINE_DUID bytes), then the hardware address. */
const ID_BYTES = INLINE_DUID + HWADDR_BYTES;

const FQDN_FWD = 1;
const FQDN_REV = 2;
/** Set on every slot holding a lease. */
const LIVE = 4;
/**
 * The slot has a hostname / a user context: lease() reads those arrays only then (most leases
 * have neither), which spares a lookup among a million leases two cache misses.
 */
const HAS_HOSTNAME = 8;
const HAS_CONTEXT = 16;

/** Colon hex of bytes ("0a:1b"), the canonical text of DUIDs and hardware addresses. */
export function colonHex(bytes: Uint8Array, offset: number, length: number): string {
  if (length === 0) return '';
  let out = HEX_PAIRS[bytes[offset]!]!;
  for (let i = 1; i < length; i++) out += `:${HEX_PAIRS[bytes[offset + i]!]!}`;
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Writes the bytes of canonical colon hex ("0a:1b", or "" for none) to out[offset]; returns the count. */
function writeColonHex(text: string, out: Uint8Array, offset: number): number {
  const count = text.length === 0 ? 0 : (text.length + 1) / 3;
  for (let i = 0; i < count; i++) {
    out[offset + i] = (hexValue(text.charCodeAt(i * 3)) << 4) | hexValue(text.charCodeAt(i * 3 + 1));
  }
  return count;
}

/** Writes the 16 address bytes of a store key (32 hex digits, then a type digit or nothing). */
export function writeKeyBytes(key: string, out: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    out[offset + i] = (hexValue(key.charCodeAt(2 * i)) << 4) | hexValue(key.charCodeAt(2 * i + 1));
  }
}

/** The type a store key names: the digit after the address, none for IA_NA. */
export function keyType(key: string): number {
  return key.length === 32 ? 0 : key.charCodeAt(32) - 48;
}

function hashBytes(hash: number, bytes: Uint8Array, offset: number, length: number): number {
  let h = hash;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ bytes[offset + i]!, 0x01000193);
  return h;
}

const FNV_OFFSET = 0x811c9dc5 | 0;

/** Scratch for lookups by key text. */
const probe = new Uint8Array(16);

export class LeaseSlab {
  private capacity = 0;
  /** Slots ever handed out (live or free); slots past this are untouched. */
  private high = 0;
  private live = 0;
  private readonly freeSlots: number[] = [];

  /** The records (see RECORD_BYTES), as bytes; a slot's address is the 16 at addressAt(slot). */
  address = new Uint8Array(0);
  private words = new Uint32Array(0);
  private halves = new Uint16Array(0);
  private doubles = new Float64Array(0);
  /** DUID and hardware address of each slot, ID_BYTES a slot. */
  private ids = new Uint8Array(0);
  /** '' for none; a plain array (8 bytes a slot) because hostnames are text anyway. */
  hostname: string[] = [];
  userContext: (Readonly<JsonObject> | undefined)[] = [];
  /** DUIDs longer than INLINE_DUID bytes, by slot. */
  private readonly longDuids = new Map<number, Uint8Array>();

  /** Open addressing over slot + 1 (0: empty), linear probing, at most half full. */
  private table = new Int32Array(16);
  private mask = 15;

  get size(): number {
    return this.live;
  }

  /** Slots the columns have room for. */
  get slotCapacity(): number {
    return this.capacity;
  }

  /**
   * Makes room for this many slots at once (the loader's estimate from the files' sizes): one
   * allocation instead of a copy at each doubling. Pages never written cost no memory, so the
   * columns may be generous; the hash table is sized for the `keys` expected.
   */
  reserve(slots: number, keys = slots): void {
    if (slots > this.capacity) this.grow(slots);
    // The hash table is written all over, so every page of it is resident: sized for `keys`.
    let size = this.table.length;
    while (size < keys * 2) size *= 2;
    if (size > this.table.length) this.rehash(size);
  }

  private grow(atLeast = 0): void {
    const capacity = Math.max(1024, this.capacity * 2, atLeast);
    const records = new Uint8Array(capacity * RECORD_BYTES);
    records.set(this.address);
    const ids = new Uint8Array(capacity * ID_BYTES);
    ids.set(this.ids);
    this.address = records;
    this.words = new Uint32Array(records.buffer);
    this.halves = new Uint16Array(records.buffer);
    this.doubles = new Float64Array(records.buffer);
    this.ids = ids;
    this.capacity = capacity;
  }

  /** Where a slot's 16 address bytes start in `address`. */
  addressAt(slot: number): number {
    return slot * RECORD_BYTES;
  }

  typeOf(slot: number): number {
    return this.address[slot * RECORD_BYTES + B_TYPE]!;
  }
  prefixLengthOf(slot: number): number {
    return this.address[slot * RECORD_BYTES + B_PREFIX]!;
  }
  iaidOf(slot: number): number {
    return this.words[slot * W + W_IAID]!;
  }
  subnetIdOf(slot: number): number {
    return this.words[slot * W + W_SUBNET]!;
  }
  preferredOf(slot: number): number {
    return this.words[slot * W + W_PREFERRED]!;
  }
  validOf(slot: number): number {
    return this.words[slot * W + W_VALID]!;
  }
  stateOf(slot: number): number {
    return this.words[slot * W + W_STATE]!;
  }
  hwaddrSourceOf(slot: number): number {
    return this.words[slot * W + W_HWSOURCE]!;
  }
  poolIdOf(slot: number): number {
    return this.words[slot * W + W_POOL]!;
  }
  hwtypeOf(slot: number): number {
    return this.halves[slot * (RECORD_BYTES / 2) + H_HWTYPE]!;
  }
  clttOf(slot: number): number {
    return this.doubles[slot * (RECORD_BYTES / 8) + D_CLTT]!;
  }
  hostnameOf(slot: number): string {
    return this.hostname[slot]!;
  }
  userContextOf(slot: number): Readonly<JsonObject> | undefined {
    return this.userContext[slot];
  }
  /** The hardware address bytes of a slot: hwaddrBytes()[hwaddrAt(slot), + hwaddrLengthOf(slot)). */
  hwaddrLengthOf(slot: number): number {
    return this.address[slot * RECORD_BYTES + B_HWLEN]!;
  }
  hwaddrAt(slot: number): number {
    return slot * ID_BYTES + INLINE_DUID;
  }
  hwaddrBytes(): Uint8Array {
    return this.ids;
  }

  private hashOf(slot: number): number {
    return hashBytes(FNV_OFFSET ^ this.typeOf(slot), this.address, slot * RECORD_BYTES, 16);
  }

  private sameKey(slot: number, type: number, bytes: Uint8Array, offset: number): boolean {
    const address = this.address;
    const base = slot * RECORD_BYTES;
    if (address[base + B_TYPE] !== type) return false;
    for (let i = 15; i >= 0; i--) if (address[base + i] !== bytes[offset + i]) return false;
    return true;
  }

  /** The slot of the lease of this type at the 16 address bytes at bytes[offset], or -1. */
  find(type: number, bytes: Uint8Array, offset = 0): number {
    const table = this.table;
    const mask = this.mask;
    for (let i = hashBytes(FNV_OFFSET ^ type, bytes, offset, 16) & mask; ; i = (i + 1) & mask) {
      const entry = table[i]!;
      if (entry === 0) return -1;
      if (this.sameKey(entry - 1, type, bytes, offset)) return entry - 1;
    }
  }

  /** The slot of the lease with this store key, or -1. */
  findKey(key: string): number {
    writeKeyBytes(key, probe, 0);
    return this.find(keyType(key), probe, 0);
  }

  private tableInsert(slot: number): void {
    if ((this.live + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    const table = this.table;
    const mask = this.mask;
    let i = this.hashOf(slot) & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = slot + 1;
  }

  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let j = 0; j < old.length; j++) {
      const entry = old[j]!;
      if (entry === 0) continue;
      let i = this.hashOf(entry - 1) & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = entry;
    }
  }

  /** Takes a slot out of the table, shifting later entries of its probe run back (no tombstones). */
  private tableRemove(slot: number): void {
    const table = this.table;
    const mask = this.mask;
    let i = this.hashOf(slot) & mask;
    while (table[i] !== slot + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const home = this.hashOf(table[j]! - 1) & mask;
      // The entry at j may move to the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        table[i] = table[j]!;
        i = j;
      }
    }
    table[i] = 0;
  }

  /**
   * Stores a lease (its fields already validated and canonical) at a new slot, its address given
   * as the 16 bytes at bytes[offset]; the caller has checked that its key is free.
   */
  insert(lease: Lease6, bytes: Uint8Array, offset = 0): number {
    let slot: number;
    if (this.freeSlots.length > 0) slot = this.freeSlots.pop()!;
    else {
      if (this.high === this.capacity) this.grow();
      slot = this.high++;
    }
    this.address.set(bytes.subarray(offset, offset + 16), slot * RECORD_BYTES);
    this.address[slot * RECORD_BYTES + B_TYPE] = lease.type;
    this.write(slot, lease);
    this.tableInsert(slot);
    this.live++;
    return slot;
  }

  /** Stores a lease given with its store key. */
  insertKeyed(lease: Lease6, key: string): number {
    writeKeyBytes(key, probe, 0);
    return this.insert(lease, probe, 0);
  }

  /** Writes the numbers of a slot's record (all but its key). */
  private writeNumbers(
    slot: number,
    prefixLength: number,
    flags: number,
    iaid: number,
    subnetId: number,
    preferred: number,
    valid: number,
    state: number,
    hwaddrSource: number,
    poolId: number,
    hwtype: number,
    cltt: number,
  ): void {
    const w = slot * W;
    const words = this.words;
    words[w + W_IAID] = iaid;
    words[w + W_SUBNET] = subnetId;
    words[w + W_PREFERRED] = preferred;
    words[w + W_VALID] = valid;
    words[w + W_STATE] = state;
    words[w + W_HWSOURCE] = hwaddrSource;
    words[w + W_POOL] = poolId;
    this.halves[slot * (RECORD_BYTES / 2) + H_HWTYPE] = hwtype;
    this.doubles[slot * (RECORD_BYTES / 8) + D_CLTT] = cltt;
    const b = slot * RECORD_BYTES;
    this.address[b + B_PREFIX] = prefixLength;
    this.address[b + B_FLAGS] = flags;
  }

  /** Overwrites every field of a slot but its key (type and address) with the lease's. */
  write(slot: number, lease: Lease6): void {
    this.writeNumbers(
      slot,
      lease.prefixLength,
      LIVE |
        (lease.fqdnFwd ? FQDN_FWD : 0) |
        (lease.fqdnRev ? FQDN_REV : 0) |
        (lease.hostname !== '' ? HAS_HOSTNAME : 0) |
        (lease.userContext !== undefined ? HAS_CONTEXT : 0),
      lease.iaid,
      lease.subnetId,
      lease.preferredLifetime,
      lease.validLifetime,
      lease.state,
      lease.hwaddrSource,
      lease.poolId,
      lease.hwtype,
      lease.cltt,
    );
    const b = slot * RECORD_BYTES;
    const duid = lease.duid;
    const duidBytes = (duid.length + 1) / 3;
    if (duidBytes <= INLINE_DUID) {
      this.address[b + B_DUIDLEN] = writeColonHex(duid, this.ids, slot * ID_BYTES);
      if (this.longDuids.size > 0) this.longDuids.delete(slot);
    } else {
      const long = new Uint8Array(duidBytes);
      writeColonHex(duid, long, 0);
      this.longDuids.set(slot, long);
      this.address[b + B_DUIDLEN] = 0;
    }
    this.address[b + B_HWLEN] = writeColonHex(lease.hwaddr, this.ids, slot * ID_BYTES + INLINE_DUID);
    this.hostname[slot] = lease.hostname;
    this.userContext[slot] = lease.userContext;
  }

  /** Stores a row read by the loader's fast path at a new slot (its key is free). */
  insertRow(row: FastRow): number {
    let slot: number;
    if (this.freeSlots.length > 0) slot = this.freeSlots.pop()!;
    else {
      if (this.high === this.capacity) this.grow();
      slot = this.high++;
    }
    const address = this.address;
    const source = row.address;
    const base = slot * RECORD_BYTES;
    for (let i = 0; i < 16; i++) address[base + i] = source[i]!;
    address[base + B_TYPE] = row.type;
    this.writeRow(slot, row);
    this.tableInsert(slot);
    this.live++;
    return slot;
  }

  /** write() from a row read by the loader's fast path. */
  writeRow(slot: number, row: FastRow): void {
    this.writeNumbers(
      slot,
      row.prefixLength,
      LIVE |
        (row.fqdnFwd ? FQDN_FWD : 0) |
        (row.fqdnRev ? FQDN_REV : 0) |
        (row.hostname !== '' ? HAS_HOSTNAME : 0),
      row.iaid,
      row.subnetId,
      row.preferred,
      row.valid,
      row.state,
      row.hwaddrSource,
      row.poolId,
      row.hwtype,
      row.cltt,
    );
    const b = slot * RECORD_BYTES;
    const ids = this.ids;
    const base = slot * ID_BYTES;
    const length = row.duidLength;
    if (length <= INLINE_DUID) {
      const source = row.duid;
      for (let i = 0; i < length; i++) ids[base + i] = source[i]!;
      this.address[b + B_DUIDLEN] = length;
      if (this.longDuids.size > 0) this.longDuids.delete(slot);
    } else {
      this.longDuids.set(slot, row.duid.slice(0, length));
      this.address[b + B_DUIDLEN] = 0;
    }
    const hwSource = row.hwaddr;
    const hwBase = base + INLINE_DUID;
    const hwLength = row.hwaddrLength;
    for (let i = 0; i < hwLength; i++) ids[hwBase + i] = hwSource[i]!;
    this.address[b + B_HWLEN] = hwLength;
    this.hostname[slot] = row.hostname;
    this.userContext[slot] = undefined;
  }

  /** Frees a slot. */
  remove(slot: number): void {
    this.tableRemove(slot);
    this.address[slot * RECORD_BYTES + B_FLAGS] = 0;
    this.hostname[slot] = '';
    this.userContext[slot] = undefined;
    if (this.longDuids.size > 0) this.longDuids.delete(slot);
    this.freeSlots.push(slot);
    this.live--;
  }

  /** The DUID bytes of a slot: an array and the range in it. */
  duidBytes(slot: number): { bytes: Uint8Array; offset: number; length: number } {
    const long = this.longDuids.size > 0 ? this.longDuids.get(slot) : undefined;
    if (long) return { bytes: long, offset: 0, length: long.length };
    return {
      bytes: this.ids,
      offset: slot * ID_BYTES,
      length: this.address[slot * RECORD_BYTES + B_DUIDLEN]!,
    };
  }

  /** Whether a slot's DUID is kept in the slot's own bytes (not in the side map of long ones). */
  hasInlineDuid(slot: number): boolean {
    return this.longDuids.size === 0 || !this.longDuids.has(slot);
  }

  fqdnFwd(slot: number): boolean {
    return (this.address[slot * RECORD_BYTES + B_FLAGS]! & FQDN_FWD) !== 0;
  }

  fqdnRev(slot: number): boolean {
    return (this.address[slot * RECORD_BYTES + B_FLAGS]! & FQDN_REV) !== 0;
  }

  duidText(slot: number): string {
    const long = this.longDuids.size > 0 ? this.longDuids.get(slot) : undefined;
    if (long) return colonHex(long, 0, long.length);
    return colonHex(this.ids, slot * ID_BYTES, this.address[slot * RECORD_BYTES + B_DUIDLEN]!);
  }

  /** A hash of a slot's DUID (the DUID index's). */
  duidHash(slot: number): number {
    const long = this.longDuids.size > 0 ? this.longDuids.get(slot) : undefined;
    if (long) return hashBytes(FNV_OFFSET, long, 0, long.length);
    return hashBytes(FNV_OFFSET, this.ids, slot * ID_BYTES, this.address[slot * RECORD_BYTES + B_DUIDLEN]!);
  }

  /** Whether a slot's DUID is these bytes. */
  duidEquals(slot: number, bytes: Uint8Array, offset: number, length: number): boolean {
    const own = this.duidBytes(slot);
    if (own.length !== length) return false;
    for (let i = 0; i < length; i++) if (own.bytes[own.offset + i] !== bytes[offset + i]) return false;
    return true;
  }

  expire(slot: number): number {
    return this.doubles[slot * (RECORD_BYTES / 8) + D_CLTT]! + this.words[slot * W + W_VALID]!;
  }

  /** The store key of a slot (see primaryKey). */
  key(slot: number): string {
    return leaseKeyFromBytes(this.typeOf(slot), this.address, slot * RECORD_BYTES);
  }

  /** The address key of a slot (32 hex digits). */
  addressKey(slot: number): string {
    return ipv6KeyFromBytes(this.address, slot * RECORD_BYTES);
  }

  /** Address order, then type: the order of the store keys. */
  compareKeys(a: number, b: number): number {
    const address = this.address;
    const x = a * RECORD_BYTES;
    const y = b * RECORD_BYTES;
    for (let i = 0; i < 16; i++) {
      const d = address[x + i]! - address[y + i]!;
      if (d !== 0) return d;
    }
    return address[x + B_TYPE]! - address[y + B_TYPE]!;
  }

  /** A slot's lease, built now (frozen, as stores hand out leases). */
  lease(slot: number): Lease6 {
    const address = this.address;
    const b = slot * RECORD_BYTES;
    const w = slot * W;
    const words = this.words;
    const flags = address[b + B_FLAGS]!;
    const hwLength = address[b + B_HWLEN]!;
    return Object.freeze({
      type: address[b + B_TYPE]! as LeaseType,
      address: ipv6BytesToText(address, b),
      prefixLength: address[b + B_PREFIX]!,
      duid: this.duidText(slot),
      iaid: words[w + W_IAID]!,
      subnetId: words[w + W_SUBNET]!,
      preferredLifetime: words[w + W_PREFERRED]!,
      validLifetime: words[w + W_VALID]!,
      cltt: this.doubles[slot * (RECORD_BYTES / 8) + D_CLTT]!,
      fqdnFwd: (flags & FQDN_FWD) !== 0,
      fqdnRev: (flags & FQDN_REV) !== 0,
      hostname: (flags & HAS_HOSTNAME) !== 0 ? this.hostname[slot]! : '',
      hwaddr: hwLength === 0 ? '' : colonHex(this.ids, slot * ID_BYTES + INLINE_DUID, hwLength),
      hwtype: this.halves[slot * (RECORD_BYTES / 2) + H_HWTYPE]!,
      hwaddrSource: words[w + W_HWSOURCE]!,
      state: words[w + W_STATE]!,
      userContext: (flags & HAS_CONTEXT) !== 0 ? this.userContext[slot] : undefined,
      poolId: words[w + W_POOL]!,
    });
  }

  /** Every live slot, in slot order. */
  slots(): number[] {
    const out: number[] = [];
    const records = this.address;
    for (let slot = 0; slot < this.high; slot++)
      if ((records[slot * RECORD_BYTES + B_FLAGS]! & LIVE) !== 0) out.push(slot);
    return out;
  }
}
