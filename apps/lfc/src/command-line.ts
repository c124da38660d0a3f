/**
 * kea-lfc's command line, as Kea's getopt string ":46dvVWp:x:i:o:c:f:" (and -h) reads it:
 * `kea-lfc -6 -x <previous> -i <copy> -o <output> -f <finish> -p <pid file> -c <config> [-d]`.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

export interface CleanupRun {
  kind: 'run';
  protocol: 4 | 6;
  previous: string;
  copy: string;
  output: string;
  finish: string;
  pidFile: string;
  /** Required, as Kea requires it, but not read: every setting comes from the command line. */
  configFile: string;
  debug: boolean;
}

export type LfcCommandLine =
  | CleanupRun
  | { kind: 'version' }
  | { kind: 'extended-version' }
  | { kind: 'build-report' }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

export const USAGE = [
  'Usage: kea-lfc',
  ' [-4|-6] -p file -x file -i file -o file -f file -c file',
  '   -4 or -6 clean a set of v4 or v6 lease files',
  '   -p <file>: PID file',
  '   -x <file>: previous or ex lease file',
  '   -i <file>: copy of lease file',
  '   -o <file>: output lease file',
  '   -f <file>: finish file',
  '   -c <file>: configuration file',
  '   -v: print version number and exit',
  '   -V: print extended version information and exit',
  '   -W: display the configuration report and exit',
  '   -d: optional, verbose output ',
  '   -h: print this message ',
  '',
].join('\n');

const FILES = [
  ['p', 'pidFile', 'PID file'],
  ['x', 'previous', 'Previous file'],
  ['i', 'copy', 'Copy file'],
  ['o', 'output', 'Output file'],
  ['f', 'finish', 'Finish file'],
  ['c', 'configFile', 'Config file'],
] as const;

export function parseLfcCommandLine(argv: readonly string[]): LfcCommandLine {
  const options: NonNullable<ParseArgsConfig['options']> = {
    '4': { type: 'boolean', short: '4', multiple: true },
    '6': { type: 'boolean', short: '6', multiple: true },
    d: { type: 'boolean', short: 'd' },
    v: { type: 'boolean', short: 'v' },
    V: { type: 'boolean', short: 'V' },
    W: { type: 'boolean', short: 'W' },
    h: { type: 'boolean', short: 'h' },
  };
  for (const [flag] of FILES) options[flag] = { type: 'string', short: flag, multiple: true };
  let values: Record<string, unknown>;
  let positionals: string[];
  let tokens: { kind: string; name?: string }[];
  try {
    const parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      tokens: true,
      options,
    });
    values = parsed.values;
    positionals = parsed.positionals;
    tokens = parsed.tokens;
  } catch (err) {
    const code = (err as { code?: string }).code;
    return {
      kind: 'usage-error',
      message:
        code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? 'Missing option argument' : 'Unknown argument',
    };
  }
  if (values.h) return { kind: 'help' };
  if (values.v) return { kind: 'version' };
  if (values.V) return { kind: 'extended-version' };
  if (values.W) return { kind: 'build-report' };
  if (positionals.length > 0) return { kind: 'usage-error', message: 'Extraneous parameters.' };

  // As getopt, the last of -4 and -6 wins.
  const versions = tokens.filter((t) => t.kind === 'option' && (t.name === '4' || t.name === '6'));
  const last = versions[versions.length - 1]?.name;
  if (last === undefined) return { kind: 'usage-error', message: 'DHCP version required' };
  const protocol = last === '4' ? 4 : 6;

  const run: Partial<CleanupRun> = { kind: 'run', protocol, debug: values.d === true };
  for (const [flag, key, label] of FILES) {
    const list = values[flag] as string[] | undefined;
    const value = list?.[list.length - 1];
    if (value === undefined || value === '')
      return { kind: 'usage-error', message: `${label} not specified` };
    run[key] = value;
  }
  return run as CleanupRun;
}
