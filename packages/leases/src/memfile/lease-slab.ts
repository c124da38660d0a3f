/**
 * Leases in columns: every field of a stored lease lives at its slot number in a typed array
 * (the address as 16 bytes, DUID and hardware address as bytes, the numbers as 32-bit words),
 * and a Lease6 object is built only when a caller asks for one. A million leases as objects cost
 * over a kilobyte each in V8 (the object, its strings, a hash map entry and its key string);
 * in columns they cost under 150 bytes, and the garbage collector has almost nothing to trace.
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

const FQDN_FWD = 1;
const FQDN_REV = 2;
/** Set on every slot holding a lease. */
const LIVE = 4;

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

  address = new Uint8Array(0);
  type = new Uint8Array(0);
  prefixLength = new Uint8Array(0);
  flags = new Uint8Array(0);
  iaid = new Uint32Array(0);
  subnetId = new Uint32Array(0);
  preferred = new Uint32Array(0);
  valid = new Uint32Array(0);
  state = new Uint32Array(0);
  hwaddrSource = new Uint32Array(0);
  poolId = new Uint32Array(0);
  hwtype = new Uint16Array(0);
  cltt = new Float64Array(0);
  duidLength = new Uint8Array(0);
  duid = new Uint8Array(0);
  hwaddrLength = new Uint8Array(0);
  hwaddr = new Uint8Array(0);
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
    const widen = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(old: T, per = 1): T => {
      const next = new (old.constructor as new (n: number) => T)(capacity * per);
      next.set(old);
      return next;
    };
    this.address = widen(this.address, 16);
    this.type = widen(this.type);
    this.prefixLength = widen(this.prefixLength);
    this.flags = widen(this.flags);
    this.iaid = widen(this.iaid);
    this.subnetId = widen(this.subnetId);
    this.preferred = widen(this.preferred);
    this.valid = widen(this.valid);
    this.state = widen(this.state);
    this.hwaddrSource = widen(this.hwaddrSource);
    this.poolId = widen(this.poolId);
    this.hwtype = widen(this.hwtype);
    this.cltt = widen(this.cltt);
    this.duidLength = widen(this.duidLength);
    this.duid = widen(this.duid, INLINE_DUID);
    this.hwaddrLength = widen(this.hwaddrLength);
    this.hwaddr = widen(this.hwaddr, HWADDR_BYTES);
    this.capacity = capacity;
  }

  private hashOf(slot: number): number {
    return hashBytes(FNV_OFFSET ^ this.type[slot]!, this.address, slot * 16, 16);
  }

  private sameKey(slot: number, type: number, bytes: Uint8Array, offset: number): boolean {
    if (this.type[slot] !== type) return false;
    const address = this.address;
    const base = slot * 16;
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
    this.address.set(bytes.subarray(offset, offset + 16), slot * 16);
    this.type[slot] = lease.type;
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

  /** Overwrites every field of a slot but its key (type and address) with the lease's. */
  write(slot: number, lease: Lease6): void {
    this.prefixLength[slot] = lease.prefixLength;
    this.flags[slot] = LIVE | (lease.fqdnFwd ? FQDN_FWD : 0) | (lease.fqdnRev ? FQDN_REV : 0);
    this.iaid[slot] = lease.iaid;
    this.subnetId[slot] = lease.subnetId;
    this.preferred[slot] = lease.preferredLifetime;
    this.valid[slot] = lease.validLifetime;
    this.state[slot] = lease.state;
    this.hwaddrSource[slot] = lease.hwaddrSource;
    this.poolId[slot] = lease.poolId;
    this.hwtype[slot] = lease.hwtype;
    this.cltt[slot] = lease.cltt;
    const duid = lease.duid;
    const duidBytes = (duid.length + 1) / 3;
    if (duidBytes <= INLINE_DUID) {
      this.duidLength[slot] = writeColonHex(duid, this.duid, slot * INLINE_DUID);
      if (this.longDuids.size > 0) this.longDuids.delete(slot);
    } else {
      const long = new Uint8Array(duidBytes);
      writeColonHex(duid, long, 0);
      this.longDuids.set(slot, long);
      this.duidLength[slot] = 0;
    }
    this.hwaddrLength[slot] = writeColonHex(lease.hwaddr, this.hwaddr, slot * HWADDR_BYTES);
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
    const base = slot * 16;
    for (let i = 0; i < 16; i++) address[base + i] = source[i]!;
    this.type[slot] = row.type;
    this.writeRow(slot, row);
    this.tableInsert(slot);
    this.live++;
    return slot;
  }

  /** write() from a row read by the loader's fast path. */
  writeRow(slot: number, row: FastRow): void {
    this.prefixLength[slot] = row.prefixLength;
    this.flags[slot] = LIVE | (row.fqdnFwd ? FQDN_FWD : 0) | (row.fqdnRev ? FQDN_REV : 0);
    this.iaid[slot] = row.iaid;
    this.subnetId[slot] = row.subnetId;
    this.preferred[slot] = row.preferred;
    this.valid[slot] = row.valid;
    this.state[slot] = row.state;
    this.hwaddrSource[slot] = row.hwaddrSource;
    this.poolId[slot] = row.poolId;
    this.hwtype[slot] = row.hwtype;
    this.cltt[slot] = row.cltt;
    const length = row.duidLength;
    if (length <= INLINE_DUID) {
      const duid = this.duid;
      const source = row.duid;
      const base = slot * INLINE_DUID;
      for (let i = 0; i < length; i++) duid[base + i] = source[i]!;
      this.duidLength[slot] = length;
      if (this.longDuids.size > 0) this.longDuids.delete(slot);
    } else {
      this.longDuids.set(slot, row.duid.slice(0, length));
      this.duidLength[slot] = 0;
    }
    const hwaddr = this.hwaddr;
    const hwSource = row.hwaddr;
    const hwBase = slot * HWADDR_BYTES;
    const hwLength = row.hwaddrLength;
    for (let i = 0; i < hwLength; i++) hwaddr[hwBase + i] = hwSource[i]!;
    this.hwaddrLength[slot] = hwLength;
    this.hostname[slot] = row.hostname;
    this.userContext[slot] = undefined;
  }

  /** Frees a slot. */
  remove(slot: number): void {
    this.tableRemove(slot);
    this.flags[slot] = 0;
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
    return { bytes: this.duid, offset: slot * INLINE_DUID, length: this.duidLength[slot]! };
  }

  /** Whether a slot's DUID is kept in the slot's own bytes (not in the side map of long ones). */
  hasInlineDuid(slot: number): boolean {
    return this.longDuids.size === 0 || !this.longDuids.has(slot);
  }

  fqdnFwd(slot: number): boolean {
    return (this.flags[slot]! & FQDN_FWD) !== 0;
  }

  fqdnRev(slot: number): boolean {
    return (this.flags[slot]! & FQDN_REV) !== 0;
  }

  duidText(slot: number): string {
    const long = this.longDuids.size > 0 ? this.longDuids.get(slot) : undefined;
    if (long) return colonHex(long, 0, long.length);
    return colonHex(this.duid, slot * INLINE_DUID, this.duidLength[slot]!);
  }

  /** A hash of a slot's DUID (the DUID index's). */
  duidHash(slot: number): number {
    const long = this.longDuids.size > 0 ? this.longDuids.get(slot) : undefined;
    if (long) return hashBytes(FNV_OFFSET, long, 0, long.length);
    return hashBytes(FNV_OFFSET, this.duid, slot * INLINE_DUID, this.duidLength[slot]!);
  }

  /** Whether a slot's DUID is these bytes. */
  duidEquals(slot: number, bytes: Uint8Array, offset: number, length: number): boolean {
    const own = this.duidBytes(slot);
    if (own.length !== length) return false;
    for (let i = 0; i < length; i++) if (own.bytes[own.offset + i] !== bytes[offset + i]) return false;
    return true;
  }

  expire(slot: number): number {
    return this.cltt[slot]! + this.valid[slot]!;
  }

  /** The store key of a slot (see primaryKey). */
  key(slot: number): string {
    return leaseKeyFromBytes(this.type[slot]!, this.address, slot * 16);
  }

  /** The address key of a slot (32 hex digits). */
  addressKey(slot: number): string {
    return ipv6KeyFromBytes(this.address, slot * 16);
  }

  /** Address order, then type: the order of the store keys. */
  compareKeys(a: number, b: number): number {
    const address = this.address;
    const x = a * 16;
    const y = b * 16;
    for (let i = 0; i < 16; i++) {
      const d = address[x + i]! - address[y + i]!;
      if (d !== 0) return d;
    }
    return this.type[a]! - this.type[b]!;
  }

  /** A slot's lease, built now (frozen, as stores hand out leases). */
  lease(slot: number): Lease6 {
    const flags = this.flags[slot]!;
    const hwLength = this.hwaddrLength[slot]!;
    return Object.freeze({
      type: this.type[slot]! as LeaseType,
      address: ipv6BytesToText(this.address, slot * 16),
      prefixLength: this.prefixLength[slot]!,
      duid: this.duidText(slot),
      iaid: this.iaid[slot]!,
      subnetId: this.subnetId[slot]!,
      preferredLifetime: this.preferred[slot]!,
      validLifetime: this.valid[slot]!,
      cltt: this.cltt[slot]!,
      fqdnFwd: (flags & FQDN_FWD) !== 0,
      fqdnRev: (flags & FQDN_REV) !== 0,
      hostname: this.hostname[slot]!,
      hwaddr: hwLength === 0 ? '' : colonHex(this.hwaddr, slot * HWADDR_BYTES, hwLength),
      hwtype: this.hwtype[slot]!,
      hwaddrSource: this.hwaddrSource[slot]!,
      state: this.state[slot]!,
      userContext: this.userContext[slot],
      poolId: this.poolId[slot]!,
    });
  }

  /** Every live slot, in slot order. */
  slots(): number[] {
    const out: number[] = [];
    const flags = this.flags;
    for (let slot = 0; slot < this.high; slot++) if ((flags[slot]! & LIVE) !== 0) out.push(slot);
    return out;
  }
}
