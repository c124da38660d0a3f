/**
 * Property tests of everything that reads a configuration an operator (or a config-set
 * command) hands over: Kea's JSON dialect with comments and <?include?>, the ajv schemas and the
 * semantic checks of Dhcp6, DhcpDdns and Control-agent. Whatever the input — random text,
 * damaged copies of the shipped files in etc/kea and of the documentation's examples, random
 * JSON, valid documents with parts replaced, removed, duplicated — the outcome is a
 * configuration or a ConfigError whose every problem has a path and a message; never another
 * exception. `NESTOR_FUZZ_SCALE=N` runs N times as many cases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type FuzzJson,
  fuzzJsonValue,
  fuzzRuns,
  fuzzTimeout,
  jsonMutation,
  keysOf,
  mutateJson,
  mutateText,
  textMutation,
} from '@nestor/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  type DaemonSection,
  type JsonValue,
  KeaJsonSyntaxError,
  loadSectionFromText,
  parseCtrlAgentConfig,
  parseD2Config,
  parseDhcp6Config,
  parseKeaJson,
} from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');

function jsonFiles(...parts: string[]): string[] {
  const dir = join(here, 'fixtures', ...parts);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
}

const shipped = (name: string): string => join(repo, 'etc', 'kea', name);

interface Daemon {
  section: DaemonSection;
  parse(document: JsonValue): unknown;
  files: string[];
}

const DAEMONS: Daemon[] = [
  {
    section: 'Dhcp6',
    parse: (document) => parseDhcp6Config(document),
    files: [
      shipped('kea-dhcp6.conf'),
      ...jsonFiles('dhcp6', 'examples'),
      ...jsonFiles('dhcp6', 'arm'),
      ...jsonFiles('dhcp6', 'arm-elided'),
    ],
  },
  {
    section: 'DhcpDdns',
    parse: (document) => parseD2Config(document),
    files: [shipped('kea-dhcp-ddns.conf'), ...jsonFiles('d2')],
  },
  {
    section: 'Control-agent',
    parse: (document) => parseCtrlAgentConfig(document),
    files: [shipped('kea-ctrl-agent.conf'), ...jsonFiles('ctrl-agent')],
  },
];

/** The texts and parsed documents of each daemon's valid configurations. */
const corpus = DAEMONS.map((daemon) => {
  const texts = daemon.files.map((file) => readFileSync(file, 'utf8'));
  const documents = texts.map((text) => parseKeaJson(text).value as FuzzJson);
  return { daemon, texts, documents, keys: keysOf(...documents) };
});

/** Checks the only refusal allowed: a ConfigError listing problems that each say where and why. */
function expectConfigErrorOnly(run: () => unknown): 'accepted' | 'refused' {
  try {
    run();
    return 'accepted';
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    expect(err.details.length).toBeGreaterThan(0);
    for (const problem of err.details) {
      expect(typeof problem.path).toBe('string');
      expect(problem.message.length).toBeGreaterThan(0);
    }
    return 'refused';
  }
}

/** Loads text as the daemon loads a file: dialect, section, schema, model, checks. */
function loadText(
  daemon: Daemon,
  text: string,
  includes: Record<string, string> = {},
): 'accepted' | 'refused' {
  return expectConfigErrorOnly(() => {
    let parsed: ReturnType<typeof parseKeaJson>;
    try {
      parsed = parseKeaJson(text, '/fuzz/config.json', (path) => {
        const included = includes[path];
        if (included === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
        return included;
      });
    } catch (err) {
      if (!(err instanceof KeaJsonSyntaxError)) throw err;
      // The same text through the loader that the daemons use must give a ConfigError.
      return loadSectionFromText(text, daemon.section);
    }
    const { document } = loadSectionFromText(JSON.stringify(parsed.value), daemon.section);
    return daemon.parse(document);
  });
}

describe("Kea's JSON dialect under fuzzing", () => {
  it('has the shipped configurations and examples to mutate', () => {
    for (const { daemon, documents } of corpus) {
      expect(documents.length, daemon.section).toBeGreaterThan(2);
      // Every file of the corpus is valid as it is, so mutations start from what passes.
      for (const document of documents) expect(loadText(daemon, JSON.stringify(document))).toBe('accepted');
    }
  });

  it('reads random text as a value or a KeaJsonSyntaxError with a position', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        try {
          parseKeaJson(text);
        } catch (err) {
          expect(err).toBeInstanceOf(KeaJsonSyntaxError);
          expect((err as KeaJsonSyntaxError).position.line).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it('reads any JSON.stringify output back to the same value, or refuses an integer past 64 bits', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        try {
          expect(parseKeaJson(text).value).toEqual(JSON.parse(text));
        } catch (err) {
          if (!(err instanceof KeaJsonSyntaxError)) throw err;
          expect(err.reason).toMatch(/is out of range/);
        }
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it(
    'follows random include graphs (self, cycles, missing, damaged files) to a value or a syntax error',
    () => {
      const name = fc.constantFrom(
        '/fuzz/a.json',
        '/fuzz/b.json',
        '/fuzz/c.json',
        '/fuzz/config.json',
        'missing',
      );
      const directive = name.map((n) => `<?include "${n}"?>`);
      const fragment = fc.oneof(
        directive,
        fc.constantFrom(
          '{',
          '}',
          '[',
          ']',
          '1',
          ',',
          '"x": ',
          '"s"',
          '# c\n',
          '/* c */',
          '// c\n',
          '\n',
          ' ',
        ),
      );
      const fileText = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
      fc.assert(
        fc.property(fileText, fileText, fileText, fileText, (main, a, b, c) => {
          const files: Record<string, string> = { '/fuzz/a.json': a, '/fuzz/b.json': b, '/fuzz/c.json': c };
          files['/fuzz/config.json'] = main;
          try {
            parseKeaJson(main, '/fuzz/config.json', (path) => {
              const text = files[path];
              if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
              return text;
            });
          } catch (err) {
            expect(err).toBeInstanceOf(KeaJsonSyntaxError);
          }
        }),
        { numRuns: fuzzRuns(1500) },
      );
    },
    fuzzTimeout(30_000),
  );
});

describe.each(corpus)('$daemon.section configuration under fuzzing', ({ daemon, texts, documents, keys }) => {
  it(
    'loads damaged copies of the shipped and documented files to a config or a ConfigError',
    () => {
      fc.assert(
        fc.property(
          fc.nat({ max: texts.length - 1 }),
          fc.array(textMutation, { minLength: 1, maxLength: 6 }),
          (which, mutations) => {
            loadText(daemon, mutateText(texts[which]!, mutations));
          },
        ),
        { numRuns: fuzzRuns(400) },
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'checks valid documents with parts replaced, removed, added or duplicated',
    () => {
      let refused = 0;
      let accepted = 0;
      fc.assert(
        fc.property(
          fc.nat({ max: documents.length - 1 }),
          fc.array(jsonMutation(keys), { minLength: 1, maxLength: 4 }),
          (which, mutations) => {
            const document = mutateJson(documents[which]!, mutations) as JsonValue;
            if (expectConfigErrorOnly(() => daemon.parse(document)) === 'accepted') accepted++;
            else refused++;
          },
        ),
        { numRuns: fuzzRuns(daemon.section === 'Dhcp6' ? 1500 : 800) },
      );
      // Mutations that keep a document valid reach the model and its checks, not only the schema.
      expect(accepted).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    },
    fuzzTimeout(30_000),
  );

  it('refuses random JSON in place of the section, or of a whole document, with a ConfigError', () => {
    fc.assert(
      fc.property(fuzzJsonValue, fc.boolean(), (value, wrapped) => {
        const document = (wrapped ? { [daemon.section]: value } : value) as JsonValue;
        expectConfigErrorOnly(() => daemon.parse(document));
      }),
      { numRuns: fuzzRuns(400) },
    );
  });

  it('checks random values under every key the section knows', () => {
    const section = (documents[0] as Record<string, Record<string, FuzzJson>>)[daemon.section]!;
    fc.assert(
      fc.property(fc.constantFrom(...keys), fuzzJsonValue, (key, value) => {
        const document = { [daemon.section]: { ...section, [key]: value } } as JsonValue;
        expectConfigErrorOnly(() => daemon.parse(document));
      }),
      { numRuns: fuzzRuns(600) },
    );
  });
});
