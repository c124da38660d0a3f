/**
 * What the property tests that feed outside input to a parser share: how many runs (small in
 * CI, larger on demand), and mutations of valid JSON documents and texts, so that the input
 * stays close enough to valid to reach the checks behind the schema, not only the schema.
 */
import fc from 'fast-check';

/**
 * Scales a property's run count: `NESTOR_FUZZ_SCALE=20 pnpm vitest run fuzz` runs twenty times
 * as many cases as CI does. CI keeps the base counts, tuned to a few seconds per test file.
 */
export function fuzzRuns(base: number): number {
  const scale = Number(process.env.NESTOR_FUZZ_SCALE ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** The time a scaled run may take, for tests whose timeout must grow with their run count. */
export function fuzzTimeout(baseMs: number): number {
  const scale = Number(process.env.NESTOR_FUZZ_SCALE ?? '1');
  return baseMs * Math.max(1, Number.isFinite(scale) ? scale : 1);
}

export type FuzzJson = null | boolean | number | string | FuzzJson[] | { [key: string]: FuzzJson };

/** Values that sit on the edges parsers trip over: sizes, signs, addresses, empty and huge text. */
const edgeValue: fc.Arbitrary<FuzzJson> = fc.constantFrom<FuzzJson>(
  0,
  -1,
  1,
  255,
  256,
  65535,
  65536,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53,
  -(2 ** 63),
  1.5,
  1e308,
  '',
  ' ',
  '0',
  '-1',
  'true',
  'null',
  '::',
  '::1',
  'fe80::1%lo',
  '2001:db8::',
  '2001:db8::/64',
  '2001:db8::/129',
  '2001:db8:1::10-2001:db8:1::1',
  '2001:db8:1::-2001:db8:2::ffff',
  '192.0.2.1',
  '0.0.0.0/0',
  '::/0',
  '01:02:03:04:05:06',
  '0x1234',
  'lo',
  '*',
  'all',
  'memfile',
  'mysql',
  'unix',
  'stdout',
  '/dev/null',
  '../../../etc/passwd',
  'HMAC-SHA256',
  'member("ALL")',
  'option[1].hex == 0x01',
  "substring(option[1].hex, 0, 'all')",
  'x'.repeat(1000),
  '\u0000',
  'é😀',
  [],
  {},
  [null],
  { '': null },
);

/** A JSON value of any shape, edge values mixed in. */
export const fuzzJsonValue: fc.Arbitrary<FuzzJson> = fc.oneof(
  { weight: 3, arbitrary: edgeValue },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<FuzzJson> },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

/** One change to a JSON document, at the node `pick` selects among all nodes (modulo their count). */
export type JsonMutation =
  | { kind: 'replace'; pick: number; value: FuzzJson }
  | { kind: 'delete'; pick: number }
  | { kind: 'add-key'; pick: number; key: string; value: FuzzJson }
  | { kind: 'duplicate'; pick: number }
  | { kind: 'wrap'; pick: number };

/**
 * Mutations whose new keys come from `keys` (the vocabulary of the configurations mutated, so
 * that an added key is often a known one in the wrong place) or are random.
 */
export function jsonMutation(keys: readonly string[]): fc.Arbitrary<JsonMutation> {
  const key =
    keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 })) : fc.string();
  const pick = fc.nat();
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant('replace' as const), pick, value: fuzzJsonValue }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('add-key' as const), pick, key, value: fuzzJsonValue }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), pick }) },
  );
}

interface NodeRef {
  parent: FuzzJson[] | { [key: string]: FuzzJson } | undefined;
  key: string | number;
  value: FuzzJson;
}

function nodesOf(root: FuzzJson): NodeRef[] {
  const out: NodeRef[] = [{ parent: undefined, key: '', value: root }];
  for (let i = 0; i < out.length; i++) {
    const { value } = out[i]!;
    if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) out.push({ parent: value, key: k, value: value[k]! });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) out.push({ parent: value, key: k, value: v });
    }
  }
  return out;
}

/** Applies the mutations to a deep copy of `document`, in order; the copy is returned. */
export function mutateJson(document: FuzzJson, mutations: readonly JsonMutation[]): FuzzJson {
  let root = structuredClone(document);
  for (const m of mutations) {
    const nodes = nodesOf(root);
    const node = nodes[m.pick % nodes.length]!;
    const set = (value: FuzzJson): void => {
      if (node.parent === undefined) root = value;
      else if (Array.isArray(node.parent)) node.parent[node.key as number] = value;
      else node.parent[node.key as string] = value;
    };
    switch (m.kind) {
      case 'replace':
        set(structuredClone(m.value));
        break;
      case 'delete':
        if (Array.isArray(node.parent)) node.parent.splice(node.key as number, 1);
        else if (node.parent) delete node.parent[node.key as string];
        break;
      case 'add-key':
        if (node.value !== null && typeof node.value === 'object' && !Array.isArray(node.value)) {
          node.value[m.key] = structuredClone(m.value);
        } else if (Array.isArray(node.value)) node.value.push(structuredClone(m.value));
        break;
      case 'duplicate':
        if (Array.isArray(node.parent))
          node.parent.splice(node.key as number, 0, structuredClone(node.value));
        else if (Array.isArray(node.value) && node.value.length > 0)
          node.value.push(structuredClone(node.value[0]!));
        break;
      case 'wrap':
        set([node.value]);
        break;
    }
  }
  return root;
}

/** Every object key in a document, sorted: the vocabulary for `jsonMutation`. */
export function keysOf(...documents: FuzzJson[]): string[] {
  const keys = new Set<string>();
  for (const document of documents) {
    for (const node of nodesOf(document))
      if (typeof node.key === 'string' && node.key !== '') keys.add(node.key);
  }
  return [...keys].sort();
}

/** One change to a text: a character set, a cut, an insertion of a token, a deletion. */
export type TextMutation =
  | { kind: 'set'; at: number; char: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; count: number };

/** Tokens of JSON and of Kea's dialect (comments, includes) that change how the rest is read. */
const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '/*',
  '*/',
  '//',
  '#',
  '\n',
  '<?include "',
  '<?include "missing.json"?>',
  '?>',
  '-',
  '0x',
  '1e999',
  '00',
  '.',
  'true',
  'null',
  '\u0000',
  '\uffff',
  '😀',
];

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    char: fc.string({ minLength: 1, maxLength: 1 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
);

/** Applies text mutations in order. */
export function mutateText(text: string, mutations: readonly TextMutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === 'set') out = out.slice(0, at) + m.char + out.slice(at + 1);
    else if (m.kind === 'truncate') out = out.slice(0, at);
    else if (m.kind === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else out = out.slice(0, at) + out.slice(at + m.count);
  }
  return out;
}
