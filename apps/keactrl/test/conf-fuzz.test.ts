/**
 * keactrl.conf and keactrl's command line under fuzzing. keactrl.conf is outside input (an
 * operator's, or Kea's own file reused): random text, damaged copies of etc/kea/keactrl.conf
 * and random lines end in variables or a KeactrlConfError naming the line, never another
 * exception. Lines drawn from the shell subset the reader supports are also sourced by
 * /bin/sh: every variable must come out as the shell sets it. `NESTOR_FUZZ_SCALE=N` runs N
 * times as many cases.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzRuns, fuzzTimeout, mutateText, repoRoot, textMutation } from '@nestor/testkit';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { KeactrlConfError, loadKeactrlSettings, parseKeactrlArgs, parseKeactrlConf } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'keactrl-conf-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shipped = readFileSync(join(repoRoot, 'etc', 'kea', 'keactrl.conf'), 'utf8');

/** Variables or a KeactrlConfError with a line of the text; anything else fails the property. */
function readsOrRefuses(text: string): Map<string, string> | KeactrlConfError {
  try {
    return parseKeactrlConf(text, 'keactrl.conf', { prefix: '/opt/nestor' }, {});
  } catch (err) {
    if (!(err instanceof KeactrlConfError)) throw err;
    expect(err.line).toBeGreaterThanOrEqual(1);
    expect(err.line).toBeLessThanOrEqual(text.split('\n').length);
    expect(err.reason.length).toBeGreaterThan(0);
    return err;
  }
}

const NAMES = ['a', 'b', 'prefix', 'dhcp6', 'dhcp6_srv', 'kea_verbose', 'x_1'];

/** Pieces of a shell word in the subset the reader supports: bare text, quotes, expansions. */
const wordPart = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_./:,+@%=-]{1,8}$/),
  fc.stringMatching(/^[^'\n]{0,8}$/).map((t) => `'${t}'`),
  fc
    .array(
      fc.oneof(
        fc.stringMatching(/^[A-Za-z0-9 _./#;|&<>()'-]{1,6}$/),
        fc.constantFrom(...NAMES).map((n) => `\${${n}}`),
        fc.constantFrom(...NAMES).map((n) => `$${n}`),
        fc.constantFrom('\\"', '\\\\', '\\$', '\\`', '\\n'),
      ),
      { maxLength: 4 },
    )
    .map((parts) => `"${parts.join('')}"`),
  fc.constantFrom(...NAMES).map((n) => `\${${n}}`),
  fc.constantFrom(...NAMES).map((n) => `$${n}`),
  fc.constantFrom('\\ ', '\\#', '\\;', '\\$', '$', '$1x'),
);

const assignment = fc
  .record({
    exported: fc.boolean(),
    name: fc.constantFrom(...NAMES),
    value: fc.array(wordPart, { maxLength: 4 }).map((parts) => parts.join('')),
    comment: fc.option(fc.stringMatching(/^[^\n]{0,10}$/), { nil: undefined }),
    indent: fc.constantFrom('', ' ', '\t'),
  })
  .map(
    ({ exported, name, value, comment, indent }) =>
      `${indent}${exported ? 'export ' : ''}${name}=${value}${comment === undefined ? '' : ` #${comment}`}`,
  );
const line = fc.oneof(
  { weight: 6, arbitrary: assignment },
  { weight: 1, arbitrary: fc.stringMatching(/^[^\n]{0,12}$/).map((t) => `# ${t}`) },
  { weight: 1, arbitrary: fc.constant('') },
);

/** What /bin/sh sets each name to when it sources the text, with only `prefix` preset. */
function sourcedByShell(text: string): Record<string, string> {
  const file = join(dir, 'sourced.conf');
  writeFileSync(file, text);
  const print = NAMES.map((n) => `printf '%s\\0' "\${${n}-}"`).join('; ');
  const out = execFileSync('/bin/sh', ['-c', `prefix=/opt/nestor; . "$1"; ${print}`, 'sh', file], {
    env: {},
    encoding: 'utf8',
  });
  const values = out.split('\0');
  return Object.fromEntries(NAMES.map((n, i) => [n, values[i] ?? '']));
}

describe('keactrl.conf under fuzzing', () => {
  it('reads random text as variables or a KeactrlConfError naming its line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        readsOrRefuses(text);
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it('reads damaged copies of the shipped keactrl.conf the same way, and loads them as settings or that error', () => {
    fc.assert(
      fc.property(fc.array(textMutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const text = mutateText(shipped, mutations);
        readsOrRefuses(text);
        const file = join(dir, 'damaged.conf');
        writeFileSync(file, text);
        try {
          const settings = loadKeactrlSettings(file, {});
          expect(settings.servers.length).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(KeactrlConfError);
        }
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it(
    'sets every variable as /bin/sh does for lines of the supported shell subset',
    () => {
      fc.assert(
        fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
          const text = `${lines.join('\n')}\n`;
          const ours = readsOrRefuses(text);
          // What the reader leaves out of its subset it refuses, saying so; the rest must match.
          if (ours instanceof KeactrlConfError) {
            expect(ours.reason, text).toMatch(/not supported|unsupported|unterminated/);
            return;
          }
          let shell: Record<string, string>;
          try {
            shell = sourcedByShell(text);
          } catch {
            throw new Error(`the reader accepted what /bin/sh refuses:\n${text}`);
          }
          const vars = ours;
          for (const name of NAMES) expect(vars.get(name) ?? '', `${name} in:\n${text}`).toBe(shell[name]);
        }),
        { numRuns: fuzzRuns(250) },
      );
    },
    fuzzTimeout(30_000),
  );
});

describe("keactrl's command line under fuzzing", () => {
  it('parses any arguments to a command, the version, or an error with a message', () => {
    const word = fc.oneof(
      fc.constantFrom(
        'start',
        'stop',
        'reload',
        'status',
        'version',
        '-v',
        '--version',
        '-c',
        '--ctrl-config',
      ),
      fc.constantFrom('-s', '--server', 'all', 'dhcp6,d2', 'dhcp4,,', ',', 'dhcp6,bogus', ''),
      fc.string({ maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (argv) => {
        const parsed = parseKeactrlArgs(argv);
        if (parsed.kind === 'error') expect(parsed.message.length).toBeGreaterThan(0);
        else expect(['run', 'print-version']).toContain(parsed.kind);
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });
});
