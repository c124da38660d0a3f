import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  KeaJsonSyntaxError,
  loadSectionFromFile,
  loadSectionFromText,
  parseKeaJson,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kea-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Kea JSON dialect', () => {
  it('accepts #, // and /* */ comments outside strings and keeps them inside', () => {
    const { value } = parseKeaJson(`# leading
      { // line
        "a": "x # not a comment // nor this /* nor this */", /* block
        over lines */ "b": [1, 2.5, -3e2, true, false, null] # trailing
      }`);
    expect(value).toEqual({
      a: 'x # not a comment // nor this /* nor this */',
      b: [1, 2.5, -300, true, false, null],
    });
  });

  it('accepts trailing and repeated commas after an element, as Kea 2.2 does', () => {
    expect(parseKeaJson('{"a": [1, 2,], "b": [3,, 4], "c": {"d": 1,},,}').value).toEqual({
      a: [1, 2],
      b: [3, 4],
      c: { d: 1 },
    });
  });

  it('locates members of objects with integer-like keys, repeated keys and __proto__', () => {
    const text = '{\n"b": 1,\n"2": 2,\n"b": 3,\n"__proto__": {"x": 1},\n"a": 4}';
    const { value, sources } = parseKeaJson(text, 'k.json');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ x: 1 });
    expect(sources.locate(value, ['b'])?.line).toBe(4);
    expect(sources.locate(value, ['2'])?.line).toBe(3);
    expect(sources.locate(value, ['__proto__'])?.line).toBe(5);
    expect(sources.locate(value, ['a'])?.line).toBe(6);
    const plain = parseKeaJson('{\n"x": 1,\n"y": 2,\n"x": 5}', 'p.json');
    expect(plain.sources.locate(plain.value, ['x'])?.line).toBe(4);
    expect(plain.sources.locate(plain.value, ['y'])?.line).toBe(3);
  });

  it('lets the last of duplicate keys win', () => {
    expect(parseKeaJson('{"a": 1, "a": 2}').value).toEqual({ a: 2 });
  });

  it('decodes string escapes', () => {
    expect(parseKeaJson('{"a": "q\\"\\\\\\u0041\\n"}').value).toEqual({ a: 'q"\\A\n' });
  });

  it('splices <?include?> files, even inside arrays, and locates values in them', () => {
    const sub = join(dir, 'subnets.json');
    writeFileSync(sub, '// included\n{ "id": 1 },\n{ "id": 2 }\n');
    const { value, sources } = parseKeaJson(
      `{"subnet6": [\n<?include "${sub}"?>\n]}`,
      join(dir, 'main.json'),
    );
    expect(value).toEqual({ subnet6: [{ id: 1 }, { id: 2 }] });
    expect(sources.locate(value, ['subnet6', 1, 'id'])).toEqual({ file: sub, line: 3, column: 3 });
    expect(sources.locate(value, ['subnet6'])).toMatchObject({ file: join(dir, 'main.json'), line: 1 });
  });

  it('resolves a relative include against the including file when the working directory lacks it', () => {
    writeFileSync(join(dir, 'part.json'), '"v"');
    const main = join(dir, 'rel.json');
    writeFileSync(main, '{"k": <?include "part.json"?>}');
    expect(loadSectionFromText('{"Dhcp6": {}}', 'Dhcp6').section).toEqual({});
    expect(parseKeaJson('{"k": <?include "part.json"?>}', main).value).toEqual({ k: 'v' });
  });

  it('refuses an include loop with a clear error', () => {
    const loop = join(dir, 'loop.json');
    writeFileSync(loop, `<?include "${loop}"?>`);
    expect(() => parseKeaJson(`<?include "${loop}"?>`, join(dir, 'x.json'))).toThrow(/nested deeper/);
  });

  it.each([
    ['{, "a": 1}', 1, 2, /expected a quoted member name/],
    ['[, 1]', 1, 2, /unexpected character ','/],
    ['{\n  "a": tru\n}', 2, 8, /expected true/],
    ['{"a": "open\n}', 1, 7, /unterminated string/],
    ['{"a": 1} x', 1, 10, /unexpected text after the value/],
    ['/* never closed', 1, 1, /unterminated \/\* comment/],
    ['{"a": [1 2]}', 1, 10, /expected ',' or ']'/],
  ])('reports %j at line %i column %i', (text, line, column, reason) => {
    let error: unknown;
    try {
      parseKeaJson(text, 'f.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KeaJsonSyntaxError);
    const e = error as KeaJsonSyntaxError;
    expect(e.reason).toMatch(reason);
    expect(e.position).toEqual({ file: 'f.json', line, column });
  });
});

describe('daemon sections', () => {
  it('returns the daemon section', () => {
    const { section } = loadSectionFromText('{"Dhcp6": {"valid-lifetime": 4000}}', 'Dhcp6');
    expect(section).toEqual({ 'valid-lifetime': 4000 });
  });

  it("refuses other daemons' sections beside the daemon's own, as Kea 2.2 does", () => {
    expect(() => loadSectionFromText('{"Dhcp6": {"valid-lifetime": 4000}, "DhcpDdns": {}}', 'Dhcp6')).toThrow(
      /DhcpDdns .*unsupported top-level object 'DhcpDdns' \(expected only Dhcp6\)/,
    );
  });

  it('refuses unknown top-level objects and a missing section, naming both', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "Dhcp66": {}\n}\n');
    try {
      loadSectionFromFile(file, 'Dhcp6');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const { problems } = err as ConfigError;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toBe(
        `Dhcp66 (${file}:2): unsupported top-level object 'Dhcp66' (expected only Dhcp6)`,
      );
      expect(problems[1]).toMatch(/missing 'Dhcp6' object/);
    }
  });

  it('turns a syntax error into a ConfigError with file and line', () => {
    const file = join(dir, 'syntax.json');
    writeFileSync(file, '{\n "Dhcp6": {\n  "a": 1\n  "b": 2 }\n}');
    expect(() => loadSectionFromFile(file, 'Dhcp6')).toThrow(`(${file}:4): expected ',' or '}'`);
  });
});
