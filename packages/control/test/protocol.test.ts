import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRequest, JsonFeed, keaTypeName, parseCommand, toKeaJson } from '../src/index.js';

/** Feeds text in the given chunk sizes and returns the final state and text. */
function feedInChunks(
  text: string,
  sizes: number[],
  max?: number,
): { state: string; text: string; feed: JsonFeed } {
  const feed = new JsonFeed(max);
  const bytes = Buffer.from(text);
  let at = 0;
  let i = 0;
  while (at < bytes.length && feed.state === 'need-more') {
    const size = Math.max(1, sizes[i++ % Math.max(sizes.length, 1)] ?? 1);
    feed.push(bytes.subarray(at, at + size));
    at += size;
  }
  return { state: feed.state, text: feed.text(), feed };
}

describe('JsonFeed', () => {
  it('completes on the closing bracket and ignores what follows', () => {
    const { state, text } = feedInChunks('  {"command": "a"} {"command": "b"}', [100]);
    expect(state).toBe('complete');
    expect(JSON.parse(text)).toEqual({ command: 'a' });
  });

  it('is not fooled by brackets inside strings or escaped quotes', () => {
    const input = '{"command": "x", "arguments": {"s": "}]\\"{[", "t": "\\\\"}}';
    const { state, text } = feedInChunks(input, [1]);
    expect(state).toBe('complete');
    expect(JSON.parse(text)).toEqual({ command: 'x', arguments: { s: '}]"{[', t: '\\' } });
  });

  it('blanks #, // and /* */ comments, before and inside the value', () => {
    const input =
      '# leading\n// also\n/* block */ {\n "command": /* here */ "c", # tail\n "arguments": {} // end\n}';
    const { state, text } = feedInChunks(input, [3]);
    expect(state).toBe('complete');
    expect(JSON.parse(text)).toEqual({ command: 'c', arguments: {} });
  });

  it('refuses a first character that cannot start a command, naming it', () => {
    expect(feedInChunks('garbage', [7]).feed.error).toBe('invalid first character g');
    expect(feedInChunks('\x01', [1]).feed.error).toBe('invalid first character 0x01');
    expect(feedInChunks('/x', [2]).feed.error).toBe('invalid first character /');
  });

  it('fails past the size limit instead of buffering without end', () => {
    const feed = new JsonFeed(64);
    feed.push(`{"command": "${'a'.repeat(40)}`);
    expect(feed.state).toBe('need-more');
    feed.push('b'.repeat(40));
    expect(feed.state).toBe('error');
    expect(feed.error).toMatch(/larger than the limit of 64 bytes/);
  });

  it('keeps multi-byte characters split across chunks intact', () => {
    const { state, text } = feedInChunks('{"command": "é😀ü"}', [1]);
    expect(state).toBe('complete');
    expect(JSON.parse(text)).toEqual({ command: 'é😀ü' });
  });

  it('finds the end of any JSON object or array, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue())),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 8 }),
        fc.string(),
        (value, sizes, trailer) => {
          const input = JSON.stringify(value);
          const { state, text, feed } = feedInChunks(input + trailer, sizes);
          expect(state).toBe('complete');
          expect(JSON.parse(text)).toEqual(JSON.parse(input));
          expect(feed.bytesReceived).toBeGreaterThanOrEqual(Buffer.byteLength(input));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws and always ends in one of its three states on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }),
        (bytes, sizes) => {
          const feed = new JsonFeed(200);
          let at = 0;
          let i = 0;
          while (at < bytes.length) {
            const size = sizes[i++ % sizes.length] ?? 1;
            expect(() => feed.push(Buffer.from(bytes.subarray(at, at + size)))).not.toThrow();
            at += size;
          }
          expect(['need-more', 'complete', 'error']).toContain(feed.state);
          if (feed.state === 'error') expect(feed.error.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseCommand', () => {
  it('accepts command with arguments, service and remote-address', () => {
    const parsed = parseCommand({
      command: 'x',
      arguments: { a: 1 },
      service: ['dhcp6'],
      'remote-address': '::1',
    });
    expect(parsed).toEqual({
      ok: true,
      command: { command: 'x', arguments: { a: 1 }, service: ['dhcp6'], 'remote-address': '::1' },
    });
  });

  it("refuses what Kea's parseCommand refuses, saying why", () => {
    expect(parseCommand([1, 2])).toEqual({
      ok: false,
      error: 'invalid command: expected toplevel entry to be a map, got list instead',
    });
    expect(parseCommand({ arguments: {} })).toEqual({
      ok: false,
      error: "invalid command: does not contain mandatory 'command'",
    });
    expect(parseCommand({ command: 'x', extra: 1 })).toEqual({
      ok: false,
      error: "invalid command: unsupported parameter 'extra'",
    });
    expect(parseCommand({ command: 5 })).toEqual({
      ok: false,
      error: "invalid command: expected 'command' to be a string, got integer instead",
    });
  });

  it('names JSON types as Kea does', () => {
    expect([null, true, 1, 1.5, 's', [], {}].map(keaTypeName)).toEqual([
      'null',
      'boolean',
      'integer',
      'real',
      'string',
      'list',
      'map',
    ]);
  });
});

describe('toKeaJson', () => {
  it('prints like Kea: sorted keys, spaces inside brackets, empty containers with two spaces', () => {
    expect(toKeaJson({ text: 'x', result: 0, arguments: { b: [1, 'two'], a: {}, c: [] } })).toBe(
      '{ "arguments": { "a": {  }, "b": [ 1, "two" ], "c": [  ] }, "result": 0, "text": "x" }',
    );
  });
});

describe('decodeRequest', () => {
  it("reads Kea's per-byte escapes of UTF-8 (as ISC's agent forwards them) as the text they encode", () => {
    const relayed =
      '{ "command": "lease6-add", "arguments": { "hostname": "h\\u00c3\\u00a9te", "\\u00c3\\u00bc": [ "\\u00e2\\u0082\\u00ac" ] } }';
    expect(decodeRequest(relayed)).toEqual({
      ok: true,
      value: { command: 'lease6-add', arguments: { hostname: 'héte', ü: ['€'] } },
    });
  });

  it('keeps text that is not such a byte string: plain UTF-8, a lone Latin-1 letter, ASCII', () => {
    const value = { a: 'hôte', b: '\u00e9', c: 'plain', d: 'Ã' };
    expect(decodeRequest(JSON.stringify(value))).toEqual({ ok: true, value });
  });

  it('answers invalid JSON as an error, never throwing', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const decoded = decodeRequest(text);
        expect(typeof decoded.ok).toBe('boolean');
      }),
    );
  });
});
