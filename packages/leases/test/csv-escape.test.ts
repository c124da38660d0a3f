import { describe, expect, it } from 'vitest';
import { escapeField, keaJsonStringify, parseUserContext, unescapeField } from '../src/index.js';
import { unescapeBytes } from '../src/memfile/csv-escape.js';

/** Files are read one byte per character; this is how a UTF-8 field looks at that point. */
const asRead = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

describe('CSV field escaping (&#xNN)', () => {
  it('escapes the separator and the escape character as Kea 2.2 writes them', () => {
    expect(escapeField('a,b&c.example.')).toBe('a&#x2cb&#x26c.example.');
  });

  it('escapes control characters so a row can never be split', () => {
    expect(escapeField('x\ny\rz\u0000\u007f')).toBe('x&#x0ay&#x0dz&#x00&#x7f');
  });

  it('leaves plain and non-ASCII text alone', () => {
    expect(escapeField('host-1.example.org')).toBe('host-1.example.org');
    expect(escapeField('hôte')).toBe('hôte');
  });

  it('reads back what it writes, and text that merely looks like an escape', () => {
    for (const text of ['a,b&c', '&#x2c', 'x\ny', 'a&#', '&#xzz', 'end&#x4', 'hôte,ü']) {
      expect(unescapeField(asRead(escapeField(text)))).toBe(text);
    }
  });

  it('keeps a leading U+FEFF (a decoder would drop it as a byte-order mark)', () => {
    expect(unescapeField(asRead('\uFEFFhost'))).toBe('\uFEFFhost');
    expect(parseUserContext(asRead('{ "\uFEFF": 1 }'))).toEqual({ ok: true, value: { '\uFEFF': 1 } });
  });

  it('writes a negative zero in user context as -0, so it reads back unchanged', () => {
    const read = parseUserContext(asRead('{ "a": -2.5e-987 }'));
    expect(read).toEqual({ ok: true, value: { a: -0 } });
    if (!read.ok) return;
    const text = keaJsonStringify(read.value);
    expect(text).toBe('{ "a": -0 }');
    const again = parseUserContext(text);
    expect(again.ok && Object.is(again.value.a, -0)).toBe(true);
  });

  it('keeps a tag not followed by two hex digits', () => {
    expect(unescapeBytes('a&#xzz&#x&#x2C')).toBe('a&#xzz&#x,');
  });

  it('decodes UTF-8 bytes, and keeps bytes that are not UTF-8 as Latin-1 text', () => {
    expect(unescapeField(asRead('é'))).toBe('é');
    expect(unescapeField('h\u00e9')).toBe('hé'); // a lone 0xE9 byte, as Kea writes "\u00e9" input
    expect(unescapeField('&#xc3&#xa9')).toBe('é');
  });
});

describe("user context in Kea's JSON style", () => {
  it('prints maps with sorted keys and lists with inner spaces, as Kea', () => {
    const value = { b: [1, 2, 'x,y'], a: 1, c: { f: 'q"t\n', e: 1.5, d: null } };
    expect(keaJsonStringify(value)).toBe(
      '{ "a": 1, "b": [ 1, 2, "x,y" ], "c": { "d": null, "e": 1.5, "f": "q\\"t\\n" } }',
    );
    expect(keaJsonStringify({})).toBe('{  }');
    expect(keaJsonStringify({ l: [], t: true, f: false })).toBe('{ "f": false, "l": [  ], "t": true }');
  });

  it('writes non-ASCII as escaped UTF-8 bytes, as Kea does, and reads them back as text', () => {
    const text = keaJsonStringify({ name: 'é€', clé: 'v' });
    expect(text).toBe('{ "cl\\u00c3\\u00a9": "v", "name": "\\u00c3\\u00a9\\u00e2\\u0082\\u00ac" }');
    expect(parseUserContext(text)).toEqual({ ok: true, value: { name: 'é€', clé: 'v' } });
  });

  it('refuses what is not a JSON object', () => {
    expect(parseUserContext('[1]')).toEqual({ ok: false, error: "user context '[1]' is not a JSON map" });
    expect(parseUserContext('null').ok).toBe(false);
    expect(parseUserContext('{a:1}').ok).toBe(false);
    expect(parseUserContext('{ "big": [ 1e999 ] }')).toEqual({
      ok: false,
      error: expect.stringMatching(/out of range/),
    });
  });

  it('keeps a "__proto__" key as data', () => {
    const parsed = parseUserContext('{ "__proto__": { "x": 1 } }');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
      expect(Object.keys(parsed.value)).toEqual(['__proto__']);
    }
  });
});
