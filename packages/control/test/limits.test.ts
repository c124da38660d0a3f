import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionLimiter, EvictionReport, type HeapItem, MinHeap, type Slot } from '../src/index.js';
import { recordingLogger } from './support/recording-logger.js';

/** A limiter on a clock the test moves, with every connection named and its eviction recorded. */
function harness(maxConnections: number, paceBytesPerSecond = 1000) {
  let now = 0;
  const limiter = new ConnectionLimiter({ maxConnections, paceBytesPerSecond, clock: () => now });
  const evicted: string[] = [];
  const slots = new Map<string, Slot>();
  return {
    limiter,
    evicted,
    tick: (ms: number) => {
      now += ms;
    },
    open(name: string): Slot | undefined {
      const slot = limiter.admit(() => evicted.push(name));
      if (slot) slots.set(name, slot);
      return slot;
    },
    slot: (name: string) => slots.get(name) as Slot,
  };
}

describe('ConnectionLimiter', () => {
  it('admits up to the bound, then evicts the connection idle longest to admit the next', () => {
    const h = harness(3);
    for (const name of ['a', 'b', 'c']) {
      expect(h.open(name)).toBeDefined();
      h.tick(100);
    }
    expect(h.evicted).toEqual([]);
    expect(h.open('d')).toBeDefined();
    expect(h.evicted).toEqual(['a']);
    expect(h.open('e')).toBeDefined();
    expect(h.evicted).toEqual(['a', 'b']);
    expect(h.limiter.open).toBe(3);
    expect(h.limiter.evicted).toBe(2);
  });

  it('spares an older connection that sends over a newer idle one, and evicts a trickling sender', () => {
    const h = harness(2, 1000);
    h.open('sender');
    h.tick(1000);
    // 5 KB at 1 KB/s is 5 s of credit: far ahead of a connection opened a second later.
    h.limiter.progress(h.slot('sender'), 5000);
    h.open('idle');
    h.tick(10);
    h.open('new');
    expect(h.evicted).toEqual(['idle']);

    const t = harness(2, 1000);
    t.open('trickle');
    for (let i = 0; i < 20; i++) {
      t.tick(100);
      t.limiter.progress(t.slot('trickle'), 1); // 10 bytes a second: 10 ms of credit a second
    }
    t.open('idle');
    t.tick(10);
    t.open('new');
    expect(t.evicted).toEqual(['trickle']);
  });

  it('never evicts a busy connection; refuses only when every connection is busy', () => {
    const h = harness(2);
    h.open('running');
    h.limiter.busy(h.slot('running'));
    for (let i = 0; i < 5; i++) {
      h.tick(100);
      expect(h.open(`idle${i}`)).toBeDefined();
    }
    expect(h.evicted).toEqual(['idle0', 'idle1', 'idle2', 'idle3']);
    h.limiter.busy(h.slot('idle4'));
    expect(h.open('refused')).toBeUndefined();
    expect(h.limiter.open).toBe(2);
    // Once one of them is answered, it goes first: it only waits for its client to close.
    h.limiter.done(h.slot('running'));
    expect(h.open('next')).toBeDefined();
    expect(h.evicted.at(-1)).toBe('running');
  });

  it('evicts answered connections before any receiving one, the earliest answered first', () => {
    const h = harness(3);
    h.open('receiving');
    h.tick(10_000);
    h.open('answered-first');
    h.open('answered-later');
    h.limiter.busy(h.slot('answered-first'));
    h.limiter.done(h.slot('answered-first'));
    h.tick(5);
    h.limiter.busy(h.slot('answered-later'));
    h.limiter.done(h.slot('answered-later'));
    h.open('x');
    h.open('y');
    expect(h.evicted).toEqual(['answered-first', 'answered-later']);
  });

  it('counts a released connection out, once, and ignores events for it', () => {
    const h = harness(1);
    const slot = h.open('a') as Slot;
    h.limiter.release(slot);
    h.limiter.release(slot);
    h.limiter.progress(slot, 10);
    h.limiter.done(slot);
    expect(h.limiter.open).toBe(0);
    expect(h.open('b')).toBeDefined();
    expect(h.evicted).toEqual([]);
  });

  it('always evicts a connection furthest behind, and counts as a model does (model check)', () => {
    type Op =
      | { kind: 'open' }
      | { kind: 'tick'; ms: number }
      | { kind: 'bytes'; which: number; bytes: number }
      | { kind: 'busy' | 'done' | 'receiving' | 'close'; which: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ kind: 'open' as const }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 2000 }) }),
      fc.record({
        kind: fc.constant('bytes' as const),
        which: fc.nat(),
        bytes: fc.integer({ min: 1, max: 5000 }),
      }),
      fc.record({
        kind: fc.constantFrom('busy' as const, 'done' as const, 'receiving' as const, 'close' as const),
        which: fc.nat(),
      }),
    );
    interface Model {
      slot: Slot | undefined;
      state: 'receiving' | 'busy' | 'done';
      since: number;
      bytes: number;
      open: boolean;
      evicted: boolean;
    }
    // At 1000 bytes/s a byte is worth a millisecond; answered connections rank before all others.
    const rank = (m: Model): number => (m.state === 'done' ? m.since - 1e14 : m.since + m.bytes);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 200 }), (bound, ops) => {
        let now = 0;
        const limiter = new ConnectionLimiter({
          maxConnections: bound,
          paceBytesPerSecond: 1000,
          clock: () => now,
        });
        const models: Model[] = [];
        const live = (): Model[] => models.filter((m) => m.open);
        for (const o of ops) {
          if (o.kind === 'tick') {
            now += o.ms;
          } else if (o.kind === 'open') {
            const candidates = live().filter((m) => m.state !== 'busy');
            const full = live().length >= bound;
            const best = Math.min(...candidates.map(rank));
            const model: Model = {
              slot: undefined,
              state: 'receiving',
              since: now,
              bytes: 0,
              open: true,
              evicted: false,
            };
            // Each connection's callback marks its own model: the one marked is the victim.
            model.slot = limiter.admit(() => {
              model.evicted = true;
            });
            const victims = models.filter((m) => m.evicted && m.open);
            if (full && candidates.length === 0) {
              expect(model.slot).toBeUndefined();
              expect(victims).toEqual([]);
              continue;
            }
            expect(model.slot).toBeDefined();
            expect(victims).toHaveLength(full ? 1 : 0);
            for (const victim of victims) {
              expect(rank(victim)).toBe(best);
              victim.open = false;
            }
            models.push(model);
          } else {
            const open = live();
            const m = open[o.which % Math.max(1, open.length)];
            if (!m?.slot) continue;
            if (o.kind === 'bytes') {
              limiter.progress(m.slot, o.bytes);
              if (m.state === 'receiving') m.bytes += o.bytes;
            } else if (o.kind === 'busy') {
              limiter.busy(m.slot);
              m.state = 'busy';
            } else if (o.kind === 'done') {
              limiter.done(m.slot);
              m.state = 'done';
              m.since = now;
            } else if (o.kind === 'receiving') {
              limiter.receiving(m.slot);
              m.state = 'receiving';
              m.since = now;
              m.bytes = 0;
            } else {
              limiter.release(m.slot);
              m.open = false;
            }
          }
          expect(limiter.open).toBe(live().length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('MinHeap', () => {
  interface Item extends HeapItem {
    key: number;
  }
  it('keeps its minimum through pushes, removals and re-keying (model check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('push' as const), key: fc.integer({ min: -50, max: 50 }) }),
            fc.record({ kind: fc.constant('remove' as const), which: fc.nat() }),
            fc.record({
              kind: fc.constant('update' as const),
              which: fc.nat(),
              key: fc.integer({ min: -50, max: 50 }),
            }),
          ),
          { maxLength: 300 },
        ),
        (ops) => {
          const heap = new MinHeap<Item>((a, b) => a.key < b.key);
          const inside: Item[] = [];
          for (const o of ops) {
            if (o.kind === 'push') {
              const item = { heapIndex: -1, key: o.key };
              heap.push(item);
              inside.push(item);
            } else if (inside.length > 0) {
              const item = inside[o.which % inside.length] as Item;
              if (o.kind === 'remove') {
                heap.remove(item);
                inside.splice(inside.indexOf(item), 1);
                expect(heap.has(item)).toBe(false);
              } else {
                item.key = o.key;
                heap.update(item);
              }
            }
            expect(heap.size).toBe(inside.length);
            const min = inside.length > 0 ? Math.min(...inside.map((i) => i.key)) : undefined;
            expect(heap.peek()?.key).toBe(min);
          }
        },
      ),
    );
  });
});

describe('EvictionReport', () => {
  it('logs the first eviction at once, then one line per interval with the count and total', () => {
    vi.useFakeTimers();
    try {
      const log = recordingLogger();
      const lines = log.lines;
      const report = new EvictionReport(log, 'X_EVICTED', (n, total) => `${n} now, ${total} in all`, 1000);
      report.record();
      expect(lines).toEqual(['WARN X_EVICTED 1 now, 1 in all']);
      for (let i = 0; i < 41; i++) report.record();
      expect(lines).toHaveLength(1);
      vi.advanceTimersByTime(1000);
      expect(lines).toEqual(['WARN X_EVICTED 1 now, 1 in all', 'WARN X_EVICTED 41 now, 42 in all']);
      // A quiet interval ends the round: the next eviction is logged at once again.
      vi.advanceTimersByTime(1000);
      report.record();
      expect(lines.at(-1)).toBe('WARN X_EVICTED 1 now, 43 in all');
      report.record();
      report.close();
      expect(lines.at(-1)).toBe('WARN X_EVICTED 1 now, 44 in all');
      expect(report.count).toBe(44);
    } finally {
      vi.useRealTimers();
    }
  });
});
