import { type HeapItem, MinHeap } from './min-heap.js';

/** Connections one endpoint keeps open at most (each unix socket and each HTTP listener). */
export const DEFAULT_MAX_CONNECTIONS = 256;

/**
 * The pace senders are measured against when one must make room: a connection is "behind" by
 * the time it would have needed to send what it sent at this rate, counted from when it began
 * to wait for its request. A client that writes its command at once is far ahead; one that has
 * sent nothing is behind by its whole wait; one that trickles a byte a second falls behind
 * nearly as fast as an idle one.
 */
export const PACE_BYTES_PER_SECOND = 1024;

/** Further back than any monotonic clock reading can be (~3,000 years): ranks answered connections first. */
const DONE_FIRST_MS = 1e14;

/**
 * Where a connection is in its exchange:
 * - `receiving`: waiting for a request or part way through one; can be evicted.
 * - `busy`: the request is complete and its command runs or its answer is being written;
 *   never evicted.
 * - `done`: answered, waiting for the client to close; evicted before any other.
 */
export type SlotState = 'receiving' | 'busy' | 'done';

/** One open connection as the limiter sees it. */
export interface Slot extends HeapItem {
  readonly state: SlotState;
  /** Bytes of the current request received so far. */
  readonly bytes: number;
}

interface MutableSlot extends Slot {
  state: SlotState;
  bytes: number;
  /** When the current exchange began (receiving) or ended (done), on the limiter's clock. */
  since: number;
  /** Order among evictable slots: done ones first, then by how far behind the pace. */
  rank: number;
  tracked: boolean;
  readonly evict: () => void;
}

export interface ConnectionLimiterOptions {
  maxConnections?: number;
  paceBytesPerSecond?: number;
  /** Milliseconds, monotonic. */
  clock?: () => number;
}

/**
 * The connection bound of one endpoint, kept without locking anyone out: when a new
 * connection arrives at the bound, the one idle longest or sending slowest is closed to make
 * room (an answered one waiting for its client's close first); a connection whose command
 * runs is never chosen. Only when every connection is running a command is the new one
 * refused. Each event costs O(log n): evictable connections sit in a heap ordered by how far
 * behind the pace they are, re-ordered when bytes arrive, not scanned.
 */
export class ConnectionLimiter {
  readonly maxConnections: number;
  private readonly msPerByte: number;
  private readonly clock: () => number;
  private readonly evictable = new MinHeap<MutableSlot>((a, b) => a.rank < b.rank);
  private count = 0;
  private evictions = 0;

  constructor(options: ConnectionLimiterOptions = {}) {
    this.maxConnections = Math.max(1, options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
    this.msPerByte = 1000 / (options.paceBytesPerSecond ?? PACE_BYTES_PER_SECOND);
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Connections counted against the bound right now. */
  get open(): number {
    return this.count;
  }

  /** Connections closed to make room, since the limiter was made. */
  get evicted(): number {
    return this.evictions;
  }

  /**
   * Counts a new connection in, in `receiving` state. At the bound, first evicts the
   * connection furthest behind (calling its `evict`, which must close it); returns undefined
   * when nothing can be evicted, and the caller then refuses the new connection.
   */
  admit(evict: () => void): Slot | undefined {
    if (this.count >= this.maxConnections) {
      const victim = this.evictable.peek();
      if (!victim) return undefined;
      this.untrack(victim);
      this.evictions += 1;
      victim.evict();
    }
    const slot: MutableSlot = {
      heapIndex: -1,
      state: 'receiving',
      bytes: 0,
      since: 0,
      rank: 0,
      tracked: true,
      evict,
    };
    this.count += 1;
    this.receiving(slot);
    return slot;
  }

  /** A new exchange begins on the connection (first request, or the next one on a kept-alive connection). */
  receiving(slot: Slot): void {
    const s = slot as MutableSlot;
    if (!s.tracked) return;
    s.state = 'receiving';
    s.bytes = 0;
    s.since = this.clock();
    this.rank(s);
  }

  /** Bytes of the current request arrived. */
  progress(slot: Slot, bytes: number): void {
    const s = slot as MutableSlot;
    if (!s.tracked || s.state !== 'receiving' || bytes <= 0) return;
    s.bytes += bytes;
    this.rank(s);
  }

  /** The request is complete: its command runs and is answered; the connection is spared. */
  busy(slot: Slot): void {
    const s = slot as MutableSlot;
    if (!s.tracked) return;
    s.state = 'busy';
    this.evictable.remove(s);
  }

  /** Answered: the connection only waits for its client to close it. */
  done(slot: Slot): void {
    const s = slot as MutableSlot;
    if (!s.tracked) return;
    s.state = 'done';
    s.since = this.clock();
    this.rank(s);
  }

  /** The connection closed (for any reason); safe to call more than once, or after an eviction. */
  release(slot: Slot): void {
    const s = slot as MutableSlot;
    if (s.tracked) this.untrack(s);
  }

  private rank(s: MutableSlot): void {
    // Done slots rank below every receiving one: their times are pushed far into the past.
    s.rank = s.state === 'done' ? s.since - DONE_FIRST_MS : s.since + s.bytes * this.msPerByte;
    this.evictable.push(s);
  }

  private untrack(s: MutableSlot): void {
    s.tracked = false;
    this.count -= 1;
    this.evictable.remove(s);
  }
}
