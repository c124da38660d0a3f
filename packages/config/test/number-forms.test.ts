/**
 * Numbers as Kea 2.2 reads them: which written forms its lexers accept (leading '.', '+',
 * leading zeros, trailing '.', exponents; not hexadecimal, inf or nan), the values they stand
 * for, and its grammar's split between integer and floating-point parameters, which goes by
 * the written form. Each form is also given, as written, to Kea's own -t of each daemon.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadCtrlAgentConfigFile,
  loadD2ConfigFile,
  loadDhcp6ConfigFile,
  parseKeaJson,
} from '../src/index.js';
import { lineOf, tempDir } from './helpers.js';
import { KEA_BINARIES, keaAvailable, keaCheckFile } from './kea-oracle.js';

/** Forms Kea reads, with the value each stands for and whether it is a floating-point token. */
const READ: [text: string, value: number, float: boolean][] = [
  ['4000', 4000, false],
  ['0004000', 4000, false],
  ['-0', 0, false],
  ['-007', -7, false],
  // The int64 bounds, as near as a JavaScript number comes to them.
  ['9223372036854775807', 2 ** 63, false],
  ['-9223372036854775808', -(2 ** 63), false],
  ['4000.0', 4000, true],
  ['+4000', 4000, true],
  ['+0', 0, true],
  ['4e3', 4000, true],
  ['.5', 0.5, true],
  ['+.5', 0.5, true],
  ['-.5', -0.5, true],
  ['5.', 5, true],
  ['0.', 0, true],
  ['00.5', 0.5, true],
  ['5e-1', 0.5, true],
  ['5E-1', 0.5, true],
  ['.5e0', 0.5, true],
  ['-.5e1', -5, true],
  ['1.e5', 100000, true],
  ['1e+05', 100000, true],
  ['1e308', 1e308, true],
  // Too small for a double: 0, as Kea's conversion gives.
  ['1e-400', 0, true],
];

/** Forms Kea refuses, with what Nestor's message must say. */
const REFUSED: [text: string, message: RegExp][] = [
  ['9223372036854775808', /integer 9223372036854775808 is out of range/],
  ['-9223372036854775809', /out of range/],
  ['99999999999999999999', /out of range/],
  ['1e400', /1e400 is out of the range of a floating-point number/],
  ['-1.8e308', /out of the range/],
  ['.', /'\.' is not a number/],
  ['+', /'\+' is not a number/],
  ['-', /'-' is not a number/],
  ['.e1', /'\.e1' is not a number/],
  ['--1', /'-' is not a number/],
  ['+-1', /'\+' is not a number/],
  ['0x10', /hexadecimal number 0x10 is not allowed/],
  ['-0x1f', /hexadecimal number -0x1f is not allowed/],
  ['inf', /unexpected character 'i'/],
  ['nan', /unexpected/],
  ['e5', /unexpected character 'e'/],
  ['1e', /expected ','/],
  ['0.5.1', /expected ','/],
  ['1..2', /expected ','/],
];

const work = tempDir('number-forms-');
afterAll(() => work.cleanup());

type Section = keyof typeof KEA_BINARIES;
const LOADERS: Record<Section, (file: string) => unknown> = {
  Dhcp6: loadDhcp6ConfigFile,
  DhcpDdns: loadD2ConfigFile,
  'Control-agent': loadCtrlAgentConfigFile,
};

/** A document with `number` as a parameter's value, one member per line (for the line checks). */
function documentWith(section: Section, member: string, number: string): string {
  const extra = section === 'Dhcp6' ? '\n    "calculate-tee-times": true,' : '';
  return `{\n  "${section}": {${extra}\n    "${member}": ${number}\n  }\n}\n`;
}

function nestorVerdict(section: Section, file: string): { accepted: boolean; problems: string[] } {
  try {
    LOADERS[section](file);
    return { accepted: true, problems: [] };
  } catch (err) {
    if (err instanceof ConfigError) return { accepted: false, problems: [...err.problems] };
    throw err;
  }
}

let sequence = 0;
function verdicts(section: Section, member: string, number: string) {
  sequence += 1;
  const text = documentWith(section, member, number);
  const file = work.write(`doc-${sequence}.json`, text);
  return {
    text,
    nestor: nestorVerdict(section, file),
    kea: keaAvailable(section) ? keaCheckFile(section, file, work.dir) : undefined,
  };
}

describe('the reader', () => {
  it.each(READ)('reads %s as %d', (text, value, float) => {
    const { value: doc, sources } = parseKeaJson(`{"a": ${text}, "b": [${text}]}`);
    const object = doc as { a: number; b: number[] };
    expect(object.a).toBe(value);
    expect(object.b[0]).toBe(value);
    expect(sources.isFloat(object, 'a')).toBe(float);
    expect(sources.isFloat(object.b, 0)).toBe(float);
  });

  it.each(REFUSED)('refuses %s, naming file and line', (text, message) => {
    const file = work.write(
      `refused-${text.replace(/[^A-Za-z0-9]/g, '_')}.json`,
      documentWith('Dhcp6', 'user-context', `{ "x": ${text} }`),
    );
    const { problems } = nestorVerdict('Dhcp6', file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toContain(`${file}:4`);
  });

  it('forgets a floating-point form when a repeated key takes an integer', () => {
    const { value, sources } = parseKeaJson('{"a": 1.5, "a": 2, "b": 3, "b": 3.0}');
    expect(sources.isFloat(value as object, 'a')).toBe(false);
    expect(sources.isFloat(value as object, 'b')).toBe(true);
  });
});

describe('integer and floating-point parameters', () => {
  it('refuses a floating-point form where an integer is due, naming the parameter and its line', () => {
    const { text, nestor } = verdicts('Dhcp6', 'valid-lifetime', '4000.0');
    expect(nestor.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Dhcp6\\.valid-lifetime \\(.*:${lineOf(text, 'valid-lifetime')}\\): 'valid-lifetime' must be an integer`,
        ),
      ),
    ]);
  });

  it('refuses an integer form where a floating-point number is due', () => {
    const { nestor } = verdicts('Dhcp6', 't1-percent', '1');
    expect(nestor.problems).toEqual([
      expect.stringMatching(/'t1-percent' must be a floating-point number: write 1 as 1\.0/),
    ]);
  });

  it('takes either form in user-context, as Kea does', () => {
    expect(verdicts('Dhcp6', 'user-context', '{ "a": [1, 1.0, +1, .5] }').nestor.accepted).toBe(true);
  });
});

const ORACLE_CASES: [Section, string, string][] = [
  ...[...READ.map(([t]) => t), ...REFUSED.map(([t]) => t)].flatMap((form): [Section, string, string][] => [
    ['Dhcp6', 'user-context', `{ "x": ${form} }`],
    // Kea 2.2's -t checks the range of decline-probation-period (not of the lifetimes).
    ['Dhcp6', 'decline-probation-period', form],
    ['Dhcp6', 't1-percent', form],
    ['DhcpDdns', 'port', form],
    ['Control-agent', 'http-port', form],
  ]),
];

const allKea = Object.keys(KEA_BINARIES).every((s) => keaAvailable(s as Section));
if (!allKea) console.warn('ISC Kea 2.2 is not installed: the number forms are not compared with its -t');

describe.skipIf(!allKea)('the same verdict as Kea 2.2 -t, for every form at every kind of parameter', () => {
  it.each(ORACLE_CASES)('%s %s: %s', (section, member, number) => {
    const { nestor, kea } = verdicts(section, member, number);
    expect(nestor.accepted, `Kea: ${kea?.output}\nNestor: ${nestor.problems.join('\n')}`).toBe(kea?.accepted);
  });
});
