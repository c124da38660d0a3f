/**
 * Groups of lease slots sharing a value (a DUID, a subnet), as doubly linked lists threaded
 * through two Int32Arrays indexed by slot: 8 bytes a lease, where a Map or Set entry per lease
 * would cost 30 to 40, and a group of one (most DUIDs) needs nothing more than its head.
 * Where the heads are kept is the subclass's business.
 */
import type { LeaseSlab } from './lease-slab.js';

const NONE = -1;

abstract class SlotChains {
  private next = new Int32Array(0);
  private prev = new Int32Array(0);

  /** Room for slots below `slots` (to size the lists once before a bulk build). */
  reserve(slots: number): void {
    if (slots > this.next.length) this.ensure(slots - 1);
  }

  protected ensure(slot: number): void {
    if (slot < this.next.length) return;
    const size = Math.max(1024, this.next.length * 2, slot + 1);
    const next = new Int32Array(size);
    next.set(this.next);
    const prev = new Int32Array(size);
    prev.set(this.prev);
    this.next = next;
    this.prev = prev;
  }

  /** The head of the group of this slot's value, or NONE. */
  protected abstract headOf(slot: number): number;
  /** Makes `slot` the head of its value's group (`old` is the previous head, NONE when new). */
  protected abstract setHead(slot: number, old: number): void;
  /** The group of `slot`'s value (slot was its only member) is gone. */
  protected abstract dropHead(slot: number): void;

  /** Adds a slot to the group of its current value, at the front. */
  link(slot: number): void {
    this.ensure(slot);
    const head = this.headOf(slot);
    this.prev[slot] = NONE;
    this.next[slot] = head;
    if (head !== NONE) this.prev[head] = slot;
    this.setHead(slot, head);
  }

  /** Takes a slot out of its group; call before the slot's value changes. */
  unlink(slot: number): void {
    const prev = this.prev[slot]!;
    const next = this.next[slot]!;
    if (next !== NONE) this.prev[next] = prev;
    if (prev !== NONE) this.next[prev] = next;
    else if (next !== NONE) this.setHead(next, slot);
    else this.dropHead(slot);
  }

  /** The slots of a group, from its head. */
  protected walk(head: number): number[] {
    const out: number[] = [];
    for (let slot = head; slot !== NONE; slot = this.next[slot]!) out.push(slot);
    return out;
  }
}

/** Slots by subnet id: the heads in a map (subnets are few). */
export class SubnetChains extends SlotChains {
  private readonly heads = new Map<number, number>();
  constructor(private readonly slab: LeaseSlab) {
    super();
  }
  protected headOf(slot: number): number {
    return this.heads.get(this.slab.subnetIdOf(slot)) ?? NONE;
  }
  protected setHead(slot: number): void {
    this.heads.set(this.slab.subnetIdOf(slot), slot);
  }
  protected dropHead(slot: number): void {
    this.heads.delete(this.slab.subnetIdOf(slot));
  }
  slotsOf(subnetId: number): number[] {
    return this.walk(this.heads.get(subnetId) ?? NONE);
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;

/** Slots by DUID: the heads in an open-addressing table hashed over the DUID bytes (no string kept). */
export class DuidChains extends SlotChains {
  /** head slot + 1; 0 empty. */
  private table = new Int32Array(1024);
  private mask = 1023;
  private groups = 0;

  constructor(private readonly slab: LeaseSlab) {
    super();
  }

  private static hash(bytes: Uint8Array, offset: number, length: number): number {
    let h = FNV_OFFSET;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ bytes[offset + i]!, 0x01000193);
    return h;
  }

  private homeOf(slot: number): number {
    const { bytes, offset, length } = this.slab.duidBytes(slot);
    return DuidChains.hash(bytes, offset, length) & this.mask;
  }

  /** The table position holding this head slot. */
  private positionOf(head: number): number {
    let i = this.homeOf(head);
    while (this.table[i] !== head + 1) i = (i + 1) & this.mask;
    return i;
  }

  /** The head of the group with these DUID bytes, or NONE. */
  headFor(bytes: Uint8Array, offset: number, length: number): number {
    const mask = this.mask;
    for (let i = DuidChains.hash(bytes, offset, length) & mask; ; i = (i + 1) & mask) {
      const entry = this.table[i]!;
      if (entry === 0) return NONE;
      if (this.slab.duidEquals(entry - 1, bytes, offset, length)) return entry - 1;
    }
  }

  protected headOf(slot: number): number {
    const { bytes, offset, length } = this.slab.duidBytes(slot);
    return this.headFor(bytes, offset, length);
  }

  protected setHead(slot: number, old: number): void {
    if (old !== NONE) {
      this.table[this.positionOf(old)] = slot + 1;
      return;
    }
    if ((this.groups + 1) * 2 > this.table.length) this.rehash();
    let i = this.homeOf(slot);
    while (this.table[i] !== 0) i = (i + 1) & this.mask;
    this.table[i] = slot + 1;
    this.groups++;
  }

  protected dropHead(slot: number): void {
    const table = this.table;
    const mask = this.mask;
    let i = this.positionOf(slot);
    for (let j = (i + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const home = this.homeOf(table[j]! - 1);
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        table[i] = table[j]!;
        i = j;
      }
    }
    table[i] = 0;
    this.groups--;
  }

  /** Sizes the head table for this many groups at once (a bulk build). */
  override reserve(slots: number): void {
    super.reserve(slots);
    let size = this.table.length;
    while (size < slots * 2) size *= 2;
    if (size > this.table.length) this.rehash(size);
  }

  private rehash(size = this.table.length * 2): void {
    const old = this.table;
    this.table = new Int32Array(size);
    this.mask = this.table.length - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      let i = this.homeOf(entry - 1);
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = entry;
    }
  }

  slotsOf(bytes: Uint8Array, offset: number, length: number): number[] {
    return this.walk(this.headFor(bytes, offset, length));
  }
}
