/**
 * `loggers` as each Kea 2.2 daemon takes them. Types and known keys hold everywhere; Kea's file
 * grammar (no empty list or map) holds for files only, since commands reach Kea through its
 * JSON parser; its logger parser (name and severity present, debuglevel 0..99, an output per
 * output_options entry) runs in kea-dhcp-ddns's and kea-ctrl-agent's -t, but kea-dhcp6's -t and
 * config-test leave it out: kea-dhcp6 -t accepts a logger without severity (Kea's own
 * kea6/comments.json has one) that kea-dhcp6 refuses when it loads the configuration. A severity
 * Kea does not know is taken as INFO. The -t verdicts are compared with the daemons'.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  type JsonValue,
  parseCtrlAgentConfig,
  parseD2Config,
  parseDhcp6Config,
  parseKeaJson,
  type SourceMap,
} from '../src/index.js';
import { tempDir } from './helpers.js';
import { type KEA_BINARIES, keaAvailable, keaCheck } from './kea-oracle.js';

type Section = keyof typeof KEA_BINARIES;

const work = tempDir('loggers-');
afterAll(() => work.cleanup());

type Parser = (document: JsonValue, sources?: SourceMap) => { warnings: readonly string[]; raw: JsonValue };
const PARSERS: Record<Section, Parser> = {
  Dhcp6: (document, sources) => parseDhcp6Config(document, sources),
  DhcpDdns: (document, sources) => parseD2Config(document, sources),
  'Control-agent': (document, sources) => parseCtrlAgentConfig(document, sources),
};

/** A document as a file gives it: with a source map. */
function fromFile(document: JsonValue): { value: JsonValue; sources: SourceMap } {
  return parseKeaJson(JSON.stringify(document, null, 2), 'loggers.json');
}

function verdict(run: () => { warnings: readonly string[] }): {
  accepted: boolean;
  lines: readonly string[];
} {
  try {
    return { accepted: true, lines: run().warnings };
  } catch (err) {
    if (err instanceof ConfigError) return { accepted: false, lines: err.problems };
    throw err;
  }
}

/** Logger lists and whether Kea's logger parser (load, and -t but kea-dhcp6's) takes them. */
interface Case {
  name: string;
  loggers: JsonValue;
  /** Whether the types are right (the schema). */
  types?: boolean;
  /** Whether Kea's file grammar takes it. */
  grammar: boolean;
  /** Whether Kea's logger parser takes it. */
  parser: boolean;
  /** What Nestor says (a problem or a warning); /^$/ for nothing. */
  message: RegExp;
}

const CASES: Case[] = [
  {
    name: 'a complete entry',
    loggers: [{ name: 'x', severity: 'info' }],
    parser: true,
    grammar: true,
    message: /^$/,
  },
  {
    name: 'no severity',
    loggers: [{ name: 'x', comment: 'A logger' }],
    parser: false,
    grammar: true,
    message: /loggers\[0\].*: missing parameter 'severity'/,
  },
  {
    name: 'no name',
    loggers: [{ severity: 'INFO' }],
    parser: false,
    grammar: true,
    message: /loggers\[0\].*: missing parameter 'name'/,
  },
  {
    name: 'a debuglevel over 99',
    loggers: [{ name: 'x', severity: 'DEBUG', debuglevel: 150 }],
    parser: false,
    grammar: true,
    message: /'debuglevel' is out of range, expected 0\.\.99/,
  },
  {
    name: 'an output entry without output',
    loggers: [{ name: 'x', severity: 'INFO', output_options: [{ flush: true }] }],
    parser: false,
    grammar: true,
    message: /output_options\[0\].*: missing parameter 'output'/,
  },
  {
    name: 'an unknown severity (taken as INFO)',
    loggers: [{ name: 'x', severity: 'LOUD' }],
    parser: true,
    grammar: true,
    message: /unknown severity 'LOUD' taken as INFO/,
  },
  {
    name: 'an empty list',
    loggers: [],
    parser: true,
    grammar: false,
    message: /'loggers' must not be an empty list/,
  },
  {
    name: 'an empty entry',
    loggers: [{}],
    parser: false,
    grammar: false,
    message: /must not be an empty map/,
  },
  {
    name: 'an empty output_options list',
    loggers: [{ name: 'x', severity: 'INFO', output_options: [] }],
    parser: true,
    grammar: false,
    message: /'output_options' must not be an empty list/,
  },
  {
    name: 'a severity that is not a string',
    loggers: [{ name: 'x', severity: 3 }],
    types: false,
    parser: true,
    grammar: true,
    message: /'severity' must be a string/,
  },
];

const SECTIONS: Section[] = ['Dhcp6', 'DhcpDdns', 'Control-agent'];

describe.each(SECTIONS)('%s loggers', (section) => {
  it.each(CASES)('$name', ({ loggers, types = true, parser, grammar, message }) => {
    const lines = (v: { lines: readonly string[] }) => v.lines.join('\n');
    const { value, sources } = fromFile({ [section]: { loggers } });
    const file = verdict(() => PARSERS[section](value, sources));
    expect(file.accepted, lines(file)).toBe(types && grammar && parser);
    if (message.source !== '^$') expect(lines(file)).toMatch(message);
    const command = verdict(() => PARSERS[section]({ [section]: { loggers } }));
    expect(command.accepted, lines(command)).toBe(types && parser);
    if (section === 'Dhcp6') {
      // -t: what only the logger parser refuses passes, with a warning.
      const checked = verdict(() => parseDhcp6Config(value, sources, { checkOnly: true }));
      expect(checked.accepted, lines(checked)).toBe(types && grammar);
      if (message.source !== '^$') expect(lines(checked)).toMatch(message);
      if (types && grammar && !parser) expect(lines(checked)).toMatch(/kea-dhcp6 refuses this when it loads/);
    }
  });

  it('config-get shows the severity as Kea took it', () => {
    const { raw } = PARSERS[section]({
      [section]: {
        loggers: [
          { name: 'a', severity: 'info' },
          { name: 'b', severity: 'Warn', debuglevel: 3 },
          { name: 'c', severity: 'LOUD' },
        ],
      },
    });
    expect((raw as { loggers: JsonValue }).loggers).toEqual([
      { name: 'a', severity: 'INFO', debuglevel: 0 },
      { name: 'b', severity: 'WARN', debuglevel: 3 },
      { name: 'c', severity: 'INFO', debuglevel: 0 },
    ]);
  });
});

const allKea = SECTIONS.every(keaAvailable);
if (!allKea) console.warn('ISC Kea 2.2 is not installed: the logger verdicts are not compared with its -t');

describe.skipIf(!allKea)("the same -t verdicts as Kea 2.2's daemons", () => {
  const rows = SECTIONS.flatMap((section) => CASES.map((c) => [section, c.name, c] as const));
  it.each(rows)('%s: %s', (section, _, { loggers, types = true, parser, grammar }) => {
    const kea = keaCheck(section, JSON.stringify({ [section]: { loggers } }), work.dir, `${section}-${_}`);
    // kea-dhcp6's -t checks the grammar only; the others' run the logger parser too.
    expect(kea.accepted, kea.output).toBe(types && grammar && (section === 'Dhcp6' || parser));
  });
});
