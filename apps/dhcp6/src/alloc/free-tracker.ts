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

/**
 * Used slots of a large pool in a set. A pool of up to 2^53 slots (a /75 or longer, a typical
 * address pool) keeps them as numbers: a million bigints in a Set cost twice the time to add
 * (V8 hashes a bigint's digits at every call) and more memory than numbers do.
 */
class SparseTracker implements FreeTracker {
  private readonly usedSlots = new Set<number | bigint>();
  private readonly key: (slot: bigint) => number | bigint;
  private cursor = 0n;

  constructor(readonly size: bigint) {
    this.key = size <= BigInt(Number.MAX_SAFE_INTEGER) ? Number : (slot) => slot;
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
