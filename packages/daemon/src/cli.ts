import { type ParseArgsConfig, parseArgs } from 'node:util';

/** What a daemon's command line may carry besides Kea's common flags. */
export interface CommandLineSpec {
  /** Binary name as operators type it, e.g. `kea-dhcp6`. */
  binary: string;
  /** `-p` (server port) and `-P` (client port) exist on the DHCP servers only. */
  portFlags?: boolean;
}

export type CommandLine =
  | { kind: 'run'; configFile: string; debug: boolean; serverPort?: number; clientPort?: number }
  | { kind: 'check'; configFile: string; debug: boolean }
  | { kind: 'version' }
  | { kind: 'extended-version' }
  | { kind: 'build-report' }
  | { kind: 'usage-error'; message: string };

/** The usage text, worded after Kea's so that operators recognise every flag. */
export function usageText(spec: CommandLineSpec): string {
  const ports = spec.portFlags ? ' [-p number] [-P number]' : '';
  const lines = [
    `Usage: ${spec.binary} -[v|V|W] [-d] [-{c|t} cfgfile]${ports}`,
    '  -v: print version number and exit',
    '  -V: print extended version and exit',
    '  -W: display the configuration report and exit',
    '  -d: debug mode with extra verbosity (severity DEBUG, debuglevel 99)',
    '  -c file: specify configuration file',
    '  -t file: check the configuration file syntax and exit',
  ];
  if (spec.portFlags) {
    lines.push('  -p number: specify non-standard server port number 1-65535 (useful for testing only)');
    lines.push('  -P number: specify non-standard client port number 1-65535 (useful for testing only)');
  }
  return `${lines.join('\n')}\n`;
}

function parsePort(flag: string, text: string): number | string {
  if (!/^\d+$/.test(text)) return `-${flag} ${text}: port number must be an integer 1-65535`;
  const port = Number(text);
  if (port < 1 || port > 65535) return `-${flag} ${text}: port number must be between 1 and 65535`;
  return port;
}

/**
 * Parses argv the way Kea's getopt string "dvVWc:t:p:P:" does: clustered flags (`-dc file`),
 * attached values (`-cfile`), the last -c/-t winning. Anything else is a usage error.
 */
export function parseCommandLine(argv: readonly string[], spec: CommandLineSpec): CommandLine {
  const options: NonNullable<ParseArgsConfig['options']> = {
    d: { type: 'boolean', short: 'd' },
    v: { type: 'boolean', short: 'v' },
    V: { type: 'boolean', short: 'V' },
    W: { type: 'boolean', short: 'W' },
    c: { type: 'string', short: 'c', multiple: true },
    t: { type: 'string', short: 't', multiple: true },
  };
  if (spec.portFlags) {
    options.p = { type: 'string', short: 'p', multiple: true };
    options.P = { type: 'string', short: 'P', multiple: true };
  }
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true }));
  } catch (err) {
    // Node's messages carry advice about '--' that does not apply here: keep the first sentence.
    const message = (err as Error).message;
    return { kind: 'usage-error', message: message.replace(/^(Unknown option '[^']*')\..*$/s, '$1') };
  }
  if (positionals.length > 0) {
    return { kind: 'usage-error', message: `extraneous command line information: ${positionals.join(' ')}` };
  }
  if (values.v) return { kind: 'version' };
  if (values.V) return { kind: 'extended-version' };
  if (values.W) return { kind: 'build-report' };

  const last = (key: string): string | undefined => {
    const list = values[key] as string[] | undefined;
    return list?.[list.length - 1];
  };
  const debug = values.d === true;
  const checkFile = last('t');
  const configFile = last('c');
  if (checkFile !== undefined) {
    if (checkFile === '')
      return { kind: 'usage-error', message: 'configuration file name must not be empty' };
    return { kind: 'check', configFile: checkFile, debug };
  }
  if (configFile === undefined || configFile === '') {
    return { kind: 'usage-error', message: 'configuration file name not specified (-c file)' };
  }
  const run: CommandLine = { kind: 'run', configFile, debug };
  for (const [flag, key] of [
    ['p', 'serverPort'],
    ['P', 'clientPort'],
  ] as const) {
    const text = last(flag);
    if (text === undefined) continue;
    const port = parsePort(flag, text);
    if (typeof port === 'string') return { kind: 'usage-error', message: port };
    run[key] = port;
  }
  return run;
}
