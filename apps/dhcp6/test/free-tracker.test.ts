import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFreeTracker, DENSE_LIMIT, WholeNumberSet } from '../src/alloc/free-tracker.js';

describe('free slot trackers', () => {
  it.each([
    ['dense', 5000n],
    ['sparse', DENSE_LIMIT * 4n],
  ])('%s: hands out free slots in order from the cursor, wrapping, never a used one', (_kind, size) => {
    const t = createFreeTracker(size);
    t.markUsed(0n);
    t.markUsed(2n);
    expect(t.next()).toBe(1n);
    expect(t.next()).toBe(3n);
    t.markFree(0n);
    expect(t.next()).toBe(4n);
    expect(t.isUsed(2n)).toBe(true);
    expect(t.used).toBe(1);
  });

  it('finds the last free slot of a 99%-full /112 and reports a full pool', () => {
    const t = createFreeTracker(65536n);
    for (let i = 0n; i < 65536n; i++) if (i !== 40000n) t.markUsed(i);
    expect(t.used).toBe(65535);
    expect(t.next()).toBe(40000n);
    t.markUsed(40000n);
    expect(t.next()).toBeUndefined();
  });

  it('dense tracker agrees with a plain set under random operations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.array(fc.tuple(fc.constantFrom('use', 'free', 'next'), fc.nat()), { maxLength: 300 }),
        (size, ops) => {
          const t = createFreeTracker(BigInt(size));
          const used = new Set<number>();
          for (const [op, n] of ops) {
            const slot = n % size;
            if (op === 'use') {
              t.markUsed(BigInt(slot));
              used.add(slot);
            } else if (op === 'free') {
              t.markFree(BigInt(slot));
              used.delete(slot);
            } else {
              const got = t.next();
              if (used.size === size) expect(got).toBeUndefined();
              else {
                expect(got).toBeDefined();
                expect(used.has(Number(got))).toBe(false);
              }
            }
            expect(t.used).toBe(used.size);
          }
        },
      ),
    );
  });

  it("sparse tracker's number set agrees with a Set through growth, collisions and deletions", () => {
    // values from a small range (long probe runs, deletions inside them) and near 2^53
    const value = fc.oneof(
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: Number.MAX_SAFE_INTEGER - 200, max: Number.MAX_SAFE_INTEGER }),
      fc.nat(),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('add', 'delete', 'has'), value), { maxLength: 600 }),
        (ops) => {
          const set = new WholeNumberSet();
          const model = new Set<number>();
          for (const [op, v] of ops) {
            if (op === 'add') {
              set.add(v);
              model.add(v);
            } else if (op === 'delete') {
              set.delete(v);
              model.delete(v);
            } else expect(set.has(v)).toBe(model.has(v));
            expect(set.size).toBe(model.size);
          }
          for (const v of model) expect(set.has(v)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
