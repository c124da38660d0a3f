/** What a heap keeps on each of its items: the item's place, so that removal and re-keying are O(log n). */
export interface HeapItem {
  /** Position in the heap's array; -1 while the item is not in a heap. */
  heapIndex: number;
}

/**
 * A binary min-heap whose items know their own position: push, remove and update (after an
 * item's key changed, in either direction) cost O(log n), peek O(1). An item is in at most one
 * heap at a time.
 */
export class MinHeap<T extends HeapItem> {
  private readonly items: T[] = [];

  /** `less(a, b)`: does `a` come out before `b`? */
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  /** The smallest item, left in place. */
  peek(): T | undefined {
    return this.items[0];
  }

  has(item: T): boolean {
    return item.heapIndex >= 0 && this.items[item.heapIndex] === item;
  }

  push(item: T): void {
    if (this.has(item)) {
      this.update(item);
      return;
    }
    item.heapIndex = this.items.length;
    this.items.push(item);
    this.up(item.heapIndex);
  }

  /** Takes the item out; does nothing when it is not in this heap. */
  remove(item: T): void {
    if (!this.has(item)) return;
    const index = item.heapIndex;
    const last = this.items.pop() as T;
    item.heapIndex = -1;
    if (last === item) return;
    this.items[index] = last;
    last.heapIndex = index;
    this.down(this.up(index));
  }

  /** Restores the order after the item's key changed. */
  update(item: T): void {
    if (!this.has(item)) return;
    this.down(this.up(item.heapIndex));
  }

  /** Moves the item at `index` towards the root while it is smaller than its parent; returns where it ends. */
  private up(index: number): number {
    const item = this.items[index] as T;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.items[parentIndex] as T;
      if (!this.less(item, parent)) break;
      this.place(parent, index);
      index = parentIndex;
    }
    this.place(item, index);
    return index;
  }

  private down(index: number): void {
    const item = this.items[index] as T;
    const count = this.items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= count) break;
      const right = left + 1;
      const smaller =
        right < count && this.less(this.items[right] as T, this.items[left] as T) ? right : left;
      const child = this.items[smaller] as T;
      if (!this.less(child, item)) break;
      this.place(child, index);
      index = smaller;
    }
    this.place(item, index);
  }

  private place(item: T, index: number): void {
    this.items[index] = item;
    item.heapIndex = index;
  }
}
