/**
 * Which slots of a pool (addresses of an address pool, delegated prefixes of a pd-pool) are in
 * use, and the next free one after a moving cursor: Kea's iterative allocation order, without
 * walking over used slots one by one.
 *
 * Pools of up to DENSE_LIMIT slots keep a bitmap with a summary of full 64-word blocks, so
 * finding a free slot costs the same in an empty pool and in a 99%-full one. Larger pools (a /64
 * has 2^64 addresses) can never be more than sparsely used, so they keep the used slots in a set
 * and step the cursor over them.
 */
export interface FreeTracker {
  readonly size: bigint;
  /** Slots marked used. */
  readonly used: number;
  isUsed(slot: bigint): boolean;
  markUsed(slot: bigint): void;
  markFree(slot: bigint): void;
  /** The next free slot at or after the cursor (wrapping), advancing the cursor past it; undefined when full. */
  next(): bigint | undefined;
}

/** Pools up to this many slots get the bitmap (128 KiB for a million slots). */
export const DENSE_LIMIT = 1n << 20n;

/** Bits per summary block: 64 words of 32 bits. */
const BLOCK_WORDS = 64;

class DenseTracker implements FreeTracker {
  private readonly bits: Uint32Array;
  /** Used slots per block of BLOCK_WORDS words. */
  private readonly blockUsed: Uint32Array;
  private readonly slots: number;
  private cursor = 0;
  used = 0;

  constructor(readonly size: bigint) {
    this.slots = Number(size);
    this.bits = new Uint32Array(Math.ceil(this.slots / 32));
    this.blockUsed = new Uint32Array(Math.ceil(this.bits.length / BLOCK_WORDS));
  }

  isUsed(slot: bigint): boolean {
    const i = Number(slot);
    return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  markUsed(slot: bigint): void {
    const i = Number(slot);
    if (i < 0 || i >= this.slots || this.isUsed(slot)) return;
    this.bits[i >>> 5]! |= 1 << (i & 31);
    this.blockUsed[Math.floor((i >>> 5) / BLOCK_WORDS)]!++;
    this.used++;
  }

  markFree(slot: bigint): void {
    const i = Number(slot);
    if (i < 0 || i >= this.slots || !this.isUsed(slot)) return;
    this.bits[i >>> 5]! &= ~(1 << (i & 31));
    this.blockUsed[Math.floor((i >>> 5) / BLOCK_WORDS)]!--;
    this.used--;
  }

  next(): bigint | undefined {
    if (this.used >= this.slots) return undefined;
    const found = this.findFrom(this.cursor) ?? this.findFrom(0);
    if (found === undefined) return undefined;
    this.cursor = found + 1 >= this.slots ? 0 : found + 1;
    return BigInt(found);
  }

  /** First free slot at or after `start`, or undefined before the end. */
  private findFrom(start: number): number | undefined {
    const blockBits = BLOCK_WORDS * 32;
    for (let block = Math.floor(start / blockBits); block < this.blockUsed.length; block++) {
      const blockStart = block * blockBits;
      const blockSlots = Math.min(blockBits, this.slots - blockStart);
      if (this.blockUsed[block]! >= blockSlots) continue; // full block: skip 2048 slots at once
      const firstWord = Math.max(blockStart, start) >>> 5;
      const lastWord = Math.min((block + 1) * BLOCK_WORDS, this.bits.length);
      for (let w = firstWord; w < lastWord; w++) {
        let free = ~this.bits[w]! >>> 0;
        if (w === start >>> 5) free &= (0xffffffff << (start & 31)) >>> 0; // ignore slots before start
        if (free === 0) continue;
        const slot = w * 32 + (31 - Math.clz32(free & -free));
        if (slot < this.slots) return slot;
      }
    }
    return undefined;
  }
}

/** The set operations SparseTracker needs, over its slot keys. */
interface SlotSet {
  readonly size: number;
  has(key: number | bigint): boolean;
  add(key: number | bigint): void;
  delete(key: number | bigint): void;
}

const EMPTY = -1;

/**
 * A set of whole numbers in [0, 2^53), open addressing with linear probing over a Float64Array
 * (at most half full; deletion shifts later entries of the run back, so no tombstones). A
 * server starting on a million leases marks a million used slots of one pool: a JavaScript Set
 * took 390 ms of that start-up (growing its ordered hash table, a heap number per slot past
 * 2^31) and some 40 bytes a slot; this takes 16.
 */
export class WholeNumberSet implements SlotSet {
  private table = new Float64Array(16).fill(EMPTY);
  private mask = 15;
  size = 0;

  private static hash(value: number): number {
    const low = value >>> 0;
    const high = (value - low) / 4294967296;
    let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  private position(value: number): number {
    const table = this.table;
    const mask = this.mask;
    let i = WholeNumberSet.hash(value) & mask;
    while (table[i] !== EMPTY && table[i] !== value) i = (i + 1) & mask;
    return i;
  }

  has(key: number | bigint): boolean {
    return this.table[this.position(key as number)] === key;
  }

  add(key: number | bigint): void {
    const value = key as number;
    let i = this.position(value);
    if (this.table[i] === value) return;
    if ((this.size + 1) * 2 > this.table.length) {
      this.grow();
      i = this.position(value);
    }
    this.table[i] = value;
    this.size++;
  }

  delete(key: number | bigint): void {
    const table = this.table;
    const mask = this.mask;
    let i = this.position(key as number);
    if (table[i] !== key) return;
    for (let j = (i + 1) & mask; table[j] !== EMPTY; j = (j + 1) & mask) {
      const home = WholeNumberSet.hash(table[j]!) & mask;
      // The entry at j may move to the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        table[i] = table[j]!;
        i = j;
      }
    }
    table[i] = EMPTY;
    this.size--;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2).fill(EMPTY);
    this.mask = this.table.length - 1;
    for (const value of old) if (value !== EMPTY) this.table[this.position(value)] = value;
  }
}

/**
 * Used slots of a large pool in a set. A pool of up to 2^53 slots (a /75 or longer, a typical
 * address pool) keeps them as numbers in a WholeNumberSet: a million bigints in a Set cost twice
 * the time to add (V8 hashes a bigint's digits at every call) and more memory than numbers do.
 */
class SparseTracker implements FreeTracker {
  private readonly usedSlots: SlotSet;
  private readonly key: (slot: bigint) => number | bigint;
  private cursor = 0n;

  constructor(readonly size: bigint) {
    const small = size <= BigInt(Number.MAX_SAFE_INTEGER);
    this.key = small ? Number : (slot) => slot;
    this.usedSlots = small ? new WholeNumberSet() : new Set<bigint>();
  }

  get used(): number {
    return this.usedSlots.size;
  }

  isUsed(slot: bigint): boolean {
    return this.usedSlots.has(this.key(slot));
  }

  markUsed(slot: bigint): void {
    if (slot >= 0n && slot < this.size) this.usedSlots.add(this.key(slot));
  }

  markFree(slot: bigint): void {
    this.usedSlots.delete(this.key(slot));
  }

  next(): bigint | undefined {
    if (BigInt(this.usedSlots.size) >= this.size) return undefined;
    // Bounded: at most used+1 steps, and such a pool is never more than sparsely used.
    for (let steps = 0; steps <= this.usedSlots.size; steps++) {
      const slot = this.cursor;
      this.cursor = slot + 1n >= this.size ? 0n : slot + 1n;
      if (!this.usedSlots.has(this.key(slot))) return slot;
    }
    return undefined;
  }
}

export function createFreeTracker(size: bigint): FreeTracker {
  return size <= DENSE_LIMIT ? new DenseTracker(size) : new SparseTracker(size);
}
