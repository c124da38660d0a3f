import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze, isJsonObject, type JsonObject, setOwn, toKeaJson } from '../src/index.js';

/** JSON values without -0 (JSON.parse cannot tell it from 0 once printed by JSON.stringify). */
const jsonValue = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)));

describe('toKeaJson', () => {
  it("prints Kea's layout: sorted keys, spaces inside brackets and after separators", () => {
    expect(toKeaJson({ text: 'ok', result: 0, arguments: { b: [1, 2], a: null } })).toBe(
      '{ "arguments": { "a": null, "b": [ 1, 2 ] }, "result": 0, "text": "ok" }',
    );
    expect(toKeaJson([])).toBe('[  ]');
    expect(toKeaJson({})).toBe('{  }');
  });

  it('reads back to the same value in both string spellings', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(JSON.parse(toKeaJson(value))).toEqual(value);
        const bytes = toKeaJson(value, { strings: 'bytes' });
        expect(/[^\x20-\x7e]/.test(bytes)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("escapes each byte of non-ASCII text on its own in 'bytes' spelling, as Kea's lease files do", () => {
    expect(toKeaJson({ 'h\u00e9': 'caf\u00e9\n"' }, { strings: 'bytes' })).toBe(
      '{ "h\\u00c3\\u00a9": "caf\\u00c3\\u00a9\\n\\"" }',
    );
    expect(toKeaJson({ h: 'caf\u00e9' })).toBe('{ "h": "caf\u00e9" }');
  });

  it('prints -0 as Kea prints the double, non-finite numbers and undefined as null, leaves out undefined members', () => {
    expect(toKeaJson(-0)).toBe('-0');
    expect(toKeaJson([Number.NaN, Number.POSITIVE_INFINITY, undefined])).toBe('[ null, null, null ]');
    expect(toKeaJson({ a: undefined, b: 1n })).toBe('{ "b": 1 }');
  });
});

describe('JSON value helpers', () => {
  it('isJsonObject is true for maps only', () => {
    expect([{}, [], null, 'x', 1].map(isJsonObject)).toEqual([true, false, false, false, false]);
  });

  it('setOwn keeps "__proto__" as a key and deepFreeze freezes every level', () => {
    const value: JsonObject = {};
    setOwn(value, '__proto__', { inner: [1] });
    expect(Object.keys(value)).toEqual(['__proto__']);
    deepFreeze(value);
    const stored = Object.entries(value)[0]![1] as JsonObject;
    const inner = stored.inner as number[];
    expect(Object.isFrozen(value) && Object.isFrozen(inner)).toBe(true);
  });
});
