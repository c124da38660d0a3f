import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedList } from '../src/memfile/sorted-list.js';

const compare = (a: number, b: number) => a - b;

describe('SortedList', () => {
  it('behaves as a sorted set under any sequence of inserts and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3000 })), { maxLength: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        (operations, start) => {
          const list = new SortedList(compare);
          const model = new Set<number>();
          for (const [insert, value] of operations) {
            if (insert && !model.has(value)) {
              list.insert(value);
              model.add(value);
            } else if (!insert) {
              expect(list.delete(value)).toBe(model.delete(value));
            }
          }
          const sorted = [...model].sort(compare);
          expect(list.size).toBe(sorted.length);
          expect([...list.from()]).toEqual(sorted);
          expect([...list.from((v) => v - start)]).toEqual(sorted.filter((v) => v >= start));
          expect(list.take(undefined, 5, (v) => v < start)).toEqual(
            sorted.filter((v) => v < start).slice(0, 5),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps order across chunk splits when built in bulk and then changed', () => {
    const items = Array.from({ length: 5000 }, (_, i) => i * 2);
    const list = SortedList.fromSorted(compare, items);
    for (let i = 0; i < 5000; i++) list.insert(i * 2 + 1);
    for (let i = 0; i < 10_000; i += 3) expect(list.delete(i)).toBe(true);
    const expected = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 3 !== 0);
    expect([...list.from()]).toEqual(expected);
    expect(list.delete(3)).toBe(false);
  });

  it('replaces an item in place, the last of a chunk included', () => {
    type Item = { key: number; tag: string };
    const byKey = (a: Item, b: Item) => a.key - b.key;
    const items = Array.from({ length: 2000 }, (_, key) => ({ key, tag: 'old' }));
    const list = SortedList.fromSorted(byKey, items);
    for (const key of [0, 511, 512, 1999])
      expect(list.replace({ key, tag: '' }, { key, tag: 'new' })).toBe(true);
    expect(list.replace({ key: 5000, tag: '' }, { key: 5000, tag: 'x' })).toBe(false);
    const tags = [...list.from()].filter((i) => i.tag === 'new').map((i) => i.key);
    expect(tags).toEqual([0, 511, 512, 1999]);
    list.insert({ key: 2000, tag: 'after' });
    expect([...list.from((i) => i.key - 1999)].map((i) => i.tag)).toEqual(['new', 'after']);
  });
});
