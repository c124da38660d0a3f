import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

/** Where a value starts in the configuration text. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

import type { JsonObject, JsonValue } from '@nestor/json';

export type { JsonObject, JsonValue } from '@nestor/json';

/**
 * Positions of the members of each parsed object or array, keyed by the container itself, so
 * that an error found later by JSON path can still name the file and line. Kept per container
 * rather than per path, and each position packed into one number (file index, line, column):
 * a configuration with hundreds of thousands of values then costs no object per value.
 */
export class SourceMap {
  /** Per container, member positions in insertion order (an object's are in Object.keys order). */
  private readonly members = new WeakMap<object, number[]>();
  /** Objects with integer-like keys, whose positions are kept by key. */
  private readonly keyed = new WeakMap<object, Map<string, number>>();
  /** Per container, the members whose value was written as a floating-point number. */
  private readonly floats = new WeakMap<object, Set<string | number>>();
  private readonly files: string[] = [];
  private readonly fileIndexes = new Map<string, number>();
  /** Position of the top-level value. */
  root: SourcePosition | undefined;

  /** Packs a position: 8 bits of file index, 28 of line, 17 of column (columns saturate). */
  pack(file: string, line: number, column: number): number {
    let index = this.fileIndexes.get(file);
    if (index === undefined) {
      index = this.files.length;
      this.files.push(file);
      this.fileIndexes.set(file, index);
    }
    return (index * 2 ** 28 + line) * 2 ** 17 + Math.min(column, 2 ** 17 - 1);
  }

  private unpack(packed: number): SourcePosition {
    const column = packed % 2 ** 17;
    const rest = (packed - column) / 2 ** 17;
    const line = rest % 2 ** 28;
    const index = (rest - line) / 2 ** 28;
    return { file: this.files[index] ?? '<unknown>', line, column };
  }

  record(container: object, key: string | number, position: SourcePosition): void {
    this.recordPacked(container, key, this.pack(position.file, position.line, position.column));
  }

  /**
   * Records the position of the next member of `container`: the next index of an array, or a
   * key just added to an object. A repeated key (the last one wins) replaces its position.
   */
  recordPacked(container: object, key: string | number, packed: number, repeated = false): void {
    if (typeof key === 'string' && (INDEX_LIKE.test(key) || this.keyed.has(container))) {
      // Object.keys lists integer-like keys first, so such an object keeps a map instead.
      let map = this.keyed.get(container);
      if (!map) {
        map = new Map();
        const list = this.members.get(container) ?? [];
        Object.keys(container).forEach((k, i) => {
          if (k !== key && list[i] !== undefined) map!.set(k, list[i]!);
        });
        this.keyed.set(container, map);
      }
      map.set(key, packed);
      return;
    }
    let list = this.members.get(container);
    if (!list) {
      list = [];
      this.members.set(container, list);
    }
    if (repeated && typeof key === 'string') list[Object.keys(container).indexOf(key)] = packed;
    else if (typeof key === 'number') list[key] = packed;
    else list.push(packed);
  }

  /** The (new, empty) position list of a container, for its parser to fill in member order. */
  listFor(container: object): number[] {
    const list: number[] = [];
    this.members.set(container, list);
    return list;
  }

  /**
   * Records whether a member's value was written as a floating-point number (`0.5`, `.5`, `5.`,
   * `+5`, `5e2`) rather than an integer (`5`, `-05`): Kea's grammar tells the two apart, and
   * JavaScript numbers cannot.
   */
  recordFloat(container: object, key: string | number, float: boolean): void {
    let set = this.floats.get(container);
    if (float) {
      if (!set) {
        set = new Set();
        this.floats.set(container, set);
      }
      set.add(key);
    } else {
      set?.delete(key);
    }
  }

  /** Whether the number at `container[key]` was written as a floating-point number. */
  isFloat(container: object, key: string | number): boolean {
    return this.floats.get(container)?.has(key) ?? false;
  }

  positionOf(container: object, key: string | number): SourcePosition | undefined {
    const keyed = this.keyed.get(container);
    if (keyed) {
      const packed = keyed.get(String(key));
      return packed === undefined ? undefined : this.unpack(packed);
    }
    const list = this.members.get(container);
    if (!list) return undefined;
    const index =
      typeof key === 'number' && Array.isArray(container) ? key : Object.keys(container).indexOf(String(key));
    const packed = index >= 0 ? list[index] : undefined;
    return packed === undefined ? undefined : this.unpack(packed);
  }

  /**
   * The position of the value at `path` (keys and indexes from the root) or, when that value
   * does not exist, of its nearest existing ancestor.
   */
  locate(root: JsonValue, path: readonly (string | number)[]): SourcePosition | undefined {
    let best = this.root;
    let node: JsonValue | undefined = root;
    for (const key of path) {
      if (node === null || typeof node !== 'object') break;
      const position = this.positionOf(node, key);
      if (!position) break;
      best = position;
      node = (node as Record<string | number, JsonValue>)[key];
    }
    return best;
  }
}

/** Keys that JavaScript orders before the others in Object.keys. */
const INDEX_LIKE = /^(?:0|[1-9]\d{0,9})$/;

/** A syntax error in Kea's JSON dialect, with the file, line and column where it was found. */
export class KeaJsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: SourcePosition,
  ) {
    super(`${position.file}:${position.line}:${position.column}: ${reason}`);
    this.name = 'KeaJsonSyntaxError';
  }
}

export interface ParsedKeaJson {
  value: JsonValue;
  sources: SourceMap;
}

/** Guards against a file that includes itself, directly or not. */
const MAX_INCLUDE_DEPTH = 16;

/**
 * Numbers as the lexers of kea-dhcp6, kea-dhcp-ddns and kea-ctrl-agent 2.2 read them (all
 * three alike): an integer is `-?[0-9]+` and a floating-point number
 * `[-+]?[0-9]*\.?[0-9]*([eE][-+]?[0-9]+)?`; the longer match wins and the integer a tie. So
 * leading zeros, `.5`, `5.`, `+5` and `-.5e1` are numbers, while hexadecimal, `inf` and `nan` are
 * not. An integer must fit 64 signed bits, a floating-point number must have a digit before
 * its exponent and stay finite (one too small becomes 0, as in Kea).
 */
const INTEGER_TOKEN = /-?[0-9]+/y;
const FLOAT_TOKEN = /[-+]?[0-9]*\.?[0-9]*(?:[eE][-+]?[0-9]+)?/y;
const HEX_TOKEN = /-?0[xX][0-9a-fA-F]*/y;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function tokenLength(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.exec(text)?.[0].length ?? 0;
}

interface Source {
  text: string;
  file: string;
  pos: number;
  line: number;
  lineStart: number;
}

/**
 * Parser for Kea's JSON dialect: standard JSON plus `#`, `//` and `/* *\/` comments,
 * `<?include "file"?>` directives wherever whitespace may stand, and Kea's number forms. Duplicate keys are allowed and
 * the last one wins, as Kea documents. Relative include paths are tried against the working
 * directory first (Kea's rule) and then against the including file's directory.
 */
class KeaJsonParser {
  private stack: Source[] = [];
  private src!: Source;
  readonly sources = new SourceMap();
  /** Whether the value parseValue returned last was a floating-point number. */
  private lastWasFloat = false;

  constructor(
    text: string,
    file: string,
    private readonly readInclude: (path: string) => string,
  ) {
    this.push(text, file);
  }

  parseDocument(): JsonValue {
    this.skipSpace();
    this.sources.root = this.position();
    const value = this.parseValue();
    this.skipSpace();
    if (this.src.pos < this.src.text.length || this.stack.length > 0)
      this.fail('unexpected text after the value');
    return value;
  }

  private push(text: string, file: string): void {
    if (this.src) this.stack.push(this.src);
    this.src = { text, file, pos: 0, line: 1, lineStart: 0 };
  }

  private position(): SourcePosition {
    const s = this.src;
    return { file: s.file, line: s.line, column: s.pos - s.lineStart + 1 };
  }

  private packedPosition(): number {
    const s = this.src;
    return this.sources.pack(s.file, s.line, s.pos - s.lineStart + 1);
  }

  private fail(reason: string): never {
    throw new KeaJsonSyntaxError(reason, this.position());
  }

  /** Skips whitespace, comments and include directives; an exhausted included file returns to its includer. */
  private skipSpace(): void {
    outer: for (;;) {
      const s = this.src;
      const { text } = s;
      while (s.pos < text.length) {
        const c = text.charCodeAt(s.pos);
        if (c === 0x0a) {
          s.pos++;
          s.line++;
          s.lineStart = s.pos;
        } else if (c === 0x20 || c === 0x09 || c === 0x0d) {
          s.pos++;
        } else if (c === 0x23 /* # */ || (c === 0x2f /* / */ && text.charCodeAt(s.pos + 1) === 0x2f)) {
          while (s.pos < text.length && text.charCodeAt(s.pos) !== 0x0a) s.pos++;
        } else if (c === 0x2f && text.charCodeAt(s.pos + 1) === 0x2a /* * */) {
          const end = text.indexOf('*/', s.pos + 2);
          if (end < 0) this.fail('unterminated /* comment');
          this.advanceTo(end + 2);
        } else if (c === 0x3c /* < */ && text.startsWith('<?include', s.pos)) {
          this.include();
          continue outer; // now reading the included file
        } else {
          return;
        }
      }
      if (this.stack.length === 0) return;
      // End of an included file: its text stands where the directive was.
      this.src = this.stack.pop()!;
    }
  }

  /** Moves to `end`, counting the newlines passed. */
  private advanceTo(end: number): void {
    const s = this.src;
    for (let i = s.pos; i < end; i++) {
      if (s.text.charCodeAt(i) === 0x0a) {
        s.line++;
        s.lineStart = i + 1;
      }
    }
    s.pos = end;
  }

  private include(): void {
    const s = this.src;
    const match = /^<\?include\s+"([^"]*)"\s*\?>/.exec(s.text.slice(s.pos, s.pos + 4200));
    if (!match) this.fail('malformed <?include "file"?> directive');
    const name = match[1]!;
    if (this.stack.length + 1 >= MAX_INCLUDE_DEPTH)
      this.fail(`includes nested deeper than ${MAX_INCLUDE_DEPTH}`);
    const path = resolveInclude(name, s.file);
    let text: string;
    try {
      text = this.readInclude(path);
    } catch (err) {
      this.fail(`cannot include "${name}": ${(err as Error).message}`);
    }
    this.advanceTo(s.pos + match[0].length);
    this.push(text, path);
  }

  private parseValue(): JsonValue {
    const s = this.src;
    const c = s.text.charCodeAt(s.pos);
    switch (c) {
      case 0x7b:
        return this.parseObject();
      case 0x5b:
        return this.parseArray();
      case 0x22:
        return this.parseString();
      case 0x74:
        return this.parseWord('true', true);
      case 0x66:
        return this.parseWord('false', false);
      case 0x6e:
        return this.parseWord('null', null);
      default:
        if (c === 0x2d /* - */ || c === 0x2b /* + */ || c === 0x2e /* . */ || (c >= 0x30 && c <= 0x39))
          return this.parseNumber();
        if (Number.isNaN(c)) this.fail('unexpected end of input');
        this.fail(`unexpected character '${s.text[s.pos]}'`);
    }
  }

  private parseWord<T extends JsonValue>(word: string, value: T): T {
    if (!this.src.text.startsWith(word, this.src.pos)) this.fail(`unexpected token, expected ${word}`);
    this.src.pos += word.length;
    return value;
  }

  private parseNumber(): number {
    const s = this.src;
    const integerLength = tokenLength(INTEGER_TOKEN, s.text, s.pos);
    const floatLength = tokenLength(FLOAT_TOKEN, s.text, s.pos);
    const float = floatLength > integerLength;
    const text = s.text.slice(s.pos, s.pos + (float ? floatLength : integerLength));
    let value: number;
    if (!float) {
      const big = BigInt(text);
      if (big < INT64_MIN || big > INT64_MAX)
        this.fail(`integer ${text} is out of range (Kea reads integers as 64-bit signed numbers)`);
      // -0 is the integer 0.
      value = Number(text) + 0;
    } else {
      if (!/[0-9]/.test(text.replace(/[eE].*/, ''))) this.fail(`'${text}' is not a number`);
      value = Number(text);
      if (!Number.isFinite(value)) this.fail(`${text} is out of the range of a floating-point number`);
    }
    if (!float && /^-?0$/.test(text)) {
      HEX_TOKEN.lastIndex = s.pos;
      const hex = HEX_TOKEN.exec(s.text);
      if (hex) this.fail(`hexadecimal number ${hex[0]} is not allowed: Kea reads numbers in decimal only`);
    }
    s.pos += text.length;
    this.lastWasFloat = float;
    return value;
  }

  private parseString(): string {
    const s = this.src;
    const start = s.pos + 1;
    let end = start;
    let simple = true;
    for (;;) {
      const c = s.text.charCodeAt(end);
      if (Number.isNaN(c) || c === 0x0a) this.fail('unterminated string');
      if (c === 0x22) break;
      if (c === 0x5c) {
        simple = false;
        end += 2;
        continue;
      }
      end++;
    }
    const raw = s.text.slice(start, end);
    s.pos = end + 1;
    if (simple) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      s.pos = start;
      this.fail('invalid escape sequence in string');
    }
  }

  private parseObject(): JsonObject {
    const object: JsonObject = {};
    // Member positions go straight into the container's list, without a lookup per member.
    let positions: number[] | undefined;
    let slow = false;
    this.src.pos++;
    this.skipSpace();
    if (this.src.text.charCodeAt(this.src.pos) === 0x7d) {
      this.src.pos++;
      return object;
    }
    for (;;) {
      this.skipSpace();
      if (this.src.text.charCodeAt(this.src.pos) === 0x7d) {
        // Kea accepts trailing (even repeated) commas after a member.
        this.src.pos++;
        return object;
      }
      if (this.src.text.charCodeAt(this.src.pos) !== 0x22) this.fail('expected a quoted member name');
      const keyPosition = this.packedPosition();
      const key = this.parseString();
      this.skipSpace();
      if (this.src.text.charCodeAt(this.src.pos) !== 0x3a) this.fail("expected ':' after member name");
      this.src.pos++;
      this.skipSpace();
      const value = this.parseValue();
      // Duplicate keys: the last one wins, as Kea documents.
      const repeated = Object.hasOwn(object, key);
      const float = typeof value === 'number' && this.lastWasFloat;
      if (float || repeated) this.sources.recordFloat(object, key, float);
      if (key === '__proto__') {
        // A plain assignment would replace the object's prototype.
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        object[key] = value;
      }
      const first = key.charCodeAt(0);
      if (slow || repeated || (first >= 0x30 && first <= 0x39 && INDEX_LIKE.test(key))) {
        // Rare cases (repeated or integer-like keys) go through the general path.
        slow = true;
        this.sources.recordPacked(object, key, keyPosition, repeated);
      } else {
        positions ??= this.sources.listFor(object);
        positions.push(keyPosition);
      }
      this.skipSpace();
      const c = this.src.text.charCodeAt(this.src.pos);
      this.src.pos++;
      if (c === 0x2c) {
        this.skipExtraCommas();
        continue;
      }
      if (c === 0x7d) return object;
      this.src.pos--;
      this.fail("expected ',' or '}'");
    }
  }

  /** Kea's grammar lets a list or map repeat the comma after an element: `[1,,2]`, `{"a": 1,,}`. */
  private skipExtraCommas(): void {
    for (;;) {
      this.skipSpace();
      if (this.src.text.charCodeAt(this.src.pos) !== 0x2c) return;
      this.src.pos++;
    }
  }

  private parseArray(): JsonValue[] {
    const array: JsonValue[] = [];
    let positions: number[] | undefined;
    this.src.pos++;
    this.skipSpace();
    if (this.src.text.charCodeAt(this.src.pos) === 0x5d) {
      this.src.pos++;
      return array;
    }
    for (;;) {
      this.skipSpace();
      if (this.src.text.charCodeAt(this.src.pos) === 0x5d) {
        this.src.pos++;
        return array;
      }
      positions ??= this.sources.listFor(array);
      positions.push(this.packedPosition());
      array.push(this.parseValue());
      if (this.lastWasFloat && typeof array[array.length - 1] === 'number')
        this.sources.recordFloat(array, array.length - 1, true);
      this.skipSpace();
      const c = this.src.text.charCodeAt(this.src.pos);
      this.src.pos++;
      if (c === 0x2c) {
        this.skipExtraCommas();
        continue;
      }
      if (c === 0x5d) return array;
      this.src.pos--;
      this.fail("expected ',' or ']'");
    }
  }
}

function resolveInclude(name: string, includingFile: string): string {
  if (isAbsolute(name)) return name;
  const fromCwd = resolve(name);
  if (existsSync(fromCwd)) return fromCwd;
  return resolve(dirname(includingFile), name);
}

/** Parses text in Kea's JSON dialect. `file` names the source in errors and anchors includes. */
export function parseKeaJson(
  text: string,
  file = '<string>',
  readInclude: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ParsedKeaJson {
  const parser = new KeaJsonParser(text, file, readInclude);
  const value = parser.parseDocument();
  return { value, sources: parser.sources };
}

/** Reads and parses a configuration file in Kea's JSON dialect. */
export function readKeaJsonFile(file: string): ParsedKeaJson {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeaJsonSyntaxError(`cannot read file: ${(err as Error).message}`, { file, line: 0, column: 0 });
  }
  return parseKeaJson(text, resolve(file));
}
