/**
 * An ordered collection of unique items: a list of sorted chunks with each chunk's last item kept
 * aside for a binary search. Insert and delete cost a binary search plus a splice in one chunk of
 * bounded size, so O(log n) in practice; in-order iteration from any point is a walk. JavaScript
 * has no ordered map, and this layout (as Python's sortedcontainers) beats a pointer-based tree in
 * V8 by keeping items in dense arrays.
 */

export type Compare<T> = (a: T, b: T) => number;

/** Says where an item stands against a searched position: <0 before it, 0 at it, >0 after it. */
export type Probe<T> = (item: T) => number;

const CHUNK = 512;

export class SortedList<T> {
  private chunks: T[][] = [];
  /** The last (largest) item of each chunk. */
  private lasts: T[] = [];
  private count = 0;

  constructor(private readonly compare: Compare<T>) {}

  /** Builds the list from items already in order (bulk load after reading lease files). */
  static fromSorted<T>(compare: Compare<T>, items: readonly T[]): SortedList<T> {
    const list = new SortedList(compare);
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK);
      list.chunks.push(chunk);
      list.lasts.push(chunk[chunk.length - 1]!);
    }
    list.count = items.length;
    return list;
  }

  get size(): number {
    return this.count;
  }

  /** Index of the first chunk whose last item is not before the probe, or chunks.length. */
  private chunkFor(probe: Probe<T>): number {
    let low = 0;
    let high = this.lasts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (probe(this.lasts[mid]!) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private static position<T>(chunk: readonly T[], probe: Probe<T>): number {
    let low = 0;
    let high = chunk.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (probe(chunk[mid]!) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private probeOf(item: T): Probe<T> {
    return (other) => this.compare(other, item);
  }

  /** Adds an item; an item comparing equal to one already present replaces nothing and is added beside it. */
  insert(item: T): void {
    this.count++;
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      this.lasts.push(item);
      return;
    }
    const probe = this.probeOf(item);
    let c = this.chunkFor(probe);
    if (c === this.chunks.length) c--;
    const chunk = this.chunks[c]!;
    chunk.splice(SortedList.position(chunk, probe), 0, item);
    this.lasts[c] = chunk[chunk.length - 1]!;
    if (chunk.length > 2 * CHUNK) {
      const upper = chunk.splice(CHUNK);
      this.chunks.splice(c + 1, 0, upper);
      this.lasts.splice(c, 1, chunk[chunk.length - 1]!, upper[upper.length - 1]!);
    }
  }

  /** Removes the item comparing equal to this one; false when there is none. */
  delete(item: T): boolean {
    const probe = this.probeOf(item);
    const c = this.chunkFor(probe);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c]!;
    const at = SortedList.position(chunk, probe);
    if (at === chunk.length || this.compare(chunk[at]!, item) !== 0) return false;
    chunk.splice(at, 1);
    this.count--;
    if (chunk.length === 0) {
      this.chunks.splice(c, 1);
      this.lasts.splice(c, 1);
    } else {
      this.lasts[c] = chunk[chunk.length - 1]!;
    }
    return true;
  }

  /** Puts `next` in the place of the item comparing equal to `previous` (same position in the order). */
  replace(previous: T, next: T): boolean {
    const probe = this.probeOf(previous);
    const c = this.chunkFor(probe);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c]!;
    const at = SortedList.position(chunk, probe);
    if (at === chunk.length || this.compare(chunk[at]!, previous) !== 0) return false;
    chunk[at] = next;
    if (at === chunk.length - 1) this.lasts[c] = next;
    return true;
  }

  /**
   * Items in order, starting with the first one the probe does not place before the start
   * (probe(item) >= 0). Do not change the list while iterating.
   */
  *from(probe?: Probe<T>): Generator<T> {
    let c = probe ? this.chunkFor(probe) : 0;
    let at = probe && c < this.chunks.length ? SortedList.position(this.chunks[c]!, probe) : 0;
    for (; c < this.chunks.length; c++, at = 0) {
      const chunk = this.chunks[c]!;
      for (; at < chunk.length; at++) yield chunk[at]!;
    }
  }

  /** Up to `limit` items (0 = all) from the probe's position while `keep` holds. */
  take(probe: Probe<T> | undefined, limit: number, keep: (item: T) => boolean = () => true): T[] {
    const out: T[] = [];
    for (const item of this.from(probe)) {
      if (!keep(item) || (limit > 0 && out.length >= limit)) break;
      out.push(item);
    }
    return out;
  }
}
