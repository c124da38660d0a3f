/**
 * Property tests: encode/decode round trips on generated valid messages, and decoding random
 * and mutated bytes never throws anything but a CodecError (and never hangs: each run is bounded).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError, decodeMessage, encodeMessage, safeDecodeMessage } from '../src/index.js';
import { anyMessage } from './helpers/arbitraries.js';

const RUNS = 400;

/** Byte-level mutations of a valid packet: flips, truncation, insertions, length corruptions. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = Array.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === 'set' && out.length > 0) out[at % out.length] = m.value;
    else if (m.kind === 'truncate') out = out.slice(0, at);
    else if (m.kind === 'insert') out.splice(at, 0, ...m.bytes);
    else if (m.kind === 'delete') out.splice(at, m.count);
  }
  return Uint8Array.from(out);
}

function decodesOrFailsTyped(bytes: Uint8Array): void {
  const result = safeDecodeMessage(bytes);
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(CodecError);
    return;
  }
  // Whatever decodes re-encodes to bytes that are a fixpoint of decode+encode.
  const once = encodeMessage(result.message);
  expect(encodeMessage(decodeMessage(once))).toEqual(once);
}

describe('codec properties', () => {
  it('decode(encode(m)) equals m, and encode(decode(x)) equals x, for valid messages', () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        const bytes = encodeMessage(message);
        const decoded = decodeMessage(bytes);
        expect(decoded).toEqual(message);
        expect(encodeMessage(decoded)).toEqual(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it('decodes random bytes or fails with a CodecError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodesOrFailsTyped(bytes)),
      { numRuns: RUNS * 2 },
    );
  });

  it('decodes random bytes behind every message-type octet', () => {
    fc.assert(
      fc.property(fc.nat({ max: 255 }), fc.uint8Array({ maxLength: 120 }), (type, rest) =>
        decodesOrFailsTyped(Uint8Array.from([type, ...rest])),
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('decodes mutated valid packets or fails with a CodecError', () => {
    fc.assert(
      fc.property(anyMessage, fc.array(mutation, { minLength: 1, maxLength: 4 }), (message, mutations) =>
        decodesOrFailsTyped(mutate(encodeMessage(message), mutations)),
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('handles a maximum-size packet of nested relay headers without a stack overflow', () => {
    // 2000 nested RELAY-FORW headers: refused at layer 33, long before recursion could hurt.
    let bytes: Uint8Array = Uint8Array.from([1, 0, 0, 1]);
    for (let i = 0; i < 2000; i++) {
      const next = new Uint8Array(34 + 4 + bytes.length);
      next[0] = 12;
      next.set([0, 9, (bytes.length >> 8) & 0xff, bytes.length & 0xff], 34);
      next.set(bytes, 38);
      bytes = next.length > 65000 ? bytes : next;
    }
    const result = safeDecodeMessage(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('RELAY_HOPS_EXCEEDED');
  });
});
