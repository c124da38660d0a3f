/**
 * A bounded FIFO of NCRs. D2 takes from anywhere in it (the first request whose client has no
 * update under way, as Kea's update manager does), so it offers peekAt / removeAt besides
 * push and shift. Sizes are Kea's (1024 by default), small enough for an array.
 */
export class BoundedQueue<T> {
  private items: T[] = [];

  constructor(private capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('queue capacity must be at least 1');
  }

  get length(): number {
    return this.items.length;
  }

  get maxSize(): number {
    return this.capacity;
  }

  get full(): boolean {
    return this.items.length >= this.capacity;
  }

  /** Adds at the tail; false (nothing added) when full. */
  push(item: T): boolean {
    if (this.full) return false;
    this.items.push(item);
    return true;
  }

  shift(): T | undefined {
    return this.items.shift();
  }

  peekAt(index: number): T | undefined {
    return this.items[index];
  }

  removeAt(index: number): T | undefined {
    if (index < 0 || index >= this.items.length) return undefined;
    return this.items.splice(index, 1)[0];
  }

  clear(): void {
    this.items = [];
  }

  /** A smaller capacity keeps what is queued; pushes fail until it drains below it. */
  resize(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('queue capacity must be at least 1');
    this.capacity = capacity;
  }
}
