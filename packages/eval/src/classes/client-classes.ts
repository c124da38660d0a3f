/**
 * The classes of one packet: unique names in the order they were assigned (Kea's
 * ClientClasses keeps that order, and option selection walks classes in it).
 */
import type { ClassMembership } from '../runtime/packet.js';

export class ClientClasses implements ClassMembership, Iterable<string> {
  private readonly names = new Set<string>();

  constructor(names: Iterable<string> = []) {
    for (const name of names) this.names.add(name);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** Adds a class; a class already present keeps its original position. */
  add(name: string): void {
    this.names.add(name);
  }

  delete(name: string): boolean {
    return this.names.delete(name);
  }

  get size(): number {
    return this.names.size;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.names[Symbol.iterator]();
  }

  toArray(): string[] {
    return [...this.names];
  }

  /** Kea's ClientClasses::toText: names separated by ", " (as its log messages show them). */
  toString(): string {
    return this.toArray().join(', ');
  }
}
