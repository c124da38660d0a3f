/**
 * The positions Kea's argument errors cite are computed from toKeaJson's layout of the command
 * (what the control agents send). The differential tests check them against Kea on the commands
 * they send; this checks, for any JSON, that every position lands where toKeaJson put the
 * element, so that the two layouts cannot drift apart unnoticed.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ElementPath, type JsonValue, toKeaJson, WirePositions } from '../src/index.js';

/** Every element of a value with its path. */
function* elements(value: JsonValue, path: ElementPath): Generator<[ElementPath, JsonValue]> {
  yield [path, value];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* elements(item, [...path, i]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* elements(item, [...path, key]);
  }
}

/** The first character of the element's text in toKeaJson's output, found by its position. */
function textAt(wire: Buffer, position: string, container: boolean): string {
  const offset = Number(/^<wire>:0:(\d+)$/.exec(position)![1]) - (container ? 1 : 0);
  return wire.subarray(offset).toString('utf8');
}

describe('WirePositions', () => {
  it('places every element where toKeaJson writes it, counting bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (args, command) => {
        const request = { command, arguments: args as JsonValue };
        const wire = Buffer.from(toKeaJson(request), 'utf8');
        const positions = WirePositions.of(request);
        for (const [path, value] of elements(args as JsonValue, ['arguments'])) {
          const container = value !== null && typeof value === 'object';
          const expected = Array.isArray(value) ? '[' : container ? '{' : toKeaJson(value);
          expect(textAt(wire, positions.at(path), container).startsWith(expected)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives Kea's numbers for a forwarded command: a map after its brace, a scalar at its first byte", () => {
    const positions = WirePositions.of({ command: 'lease6-add', arguments: { hostname: 'é', iaid: 'x' } });
    // { "arguments": { "hostname": "é", "iaid": "x" }, "command": "lease6-add" }
    expect(positions.at(['arguments'])).toBe('<wire>:0:16');
    expect(positions.at(['arguments', 'hostname'])).toBe('<wire>:0:29');
    expect(positions.at(['arguments', 'iaid'])).toBe('<wire>:0:43');
  });

  it('counts a negative zero as the two bytes toKeaJson prints for it', () => {
    const positions = WirePositions.of({ command: 'x', arguments: { a: -0, b: 1 } });
    // { "arguments": { "a": -0, "b": 1 }, "command": "x" }
    expect(positions.at(['arguments', 'b'])).toBe('<wire>:0:31');
  });
});
