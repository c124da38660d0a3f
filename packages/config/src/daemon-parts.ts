import type { ProblemCollector } from './errors.js';
import type { JsonObject, JsonValue } from './kea-json.js';

/** Parts every Kea daemon's configuration shares: control-socket, loggers, hooks-libraries. */

type Path = readonly (string | number)[];

export interface ControlSocketConfig {
  socketType: 'unix';
  socketName: string;
}

export interface LoggerOutput {
  output: string;
  flush: boolean;
  maxsize: number;
  maxver: number;
  pattern: string;
}

export interface LoggerConfigEntry {
  name: string;
  severity: string;
  debuglevel: number;
  outputOptions: LoggerOutput[];
}

export interface HookLibrary {
  library: string;
  parameters?: JsonObject;
}

const num = (raw: JsonObject | undefined, key: string, fallback: number): number =>
  (raw?.[key] as number | undefined) ?? fallback;
const bool = (raw: JsonObject | undefined, key: string, fallback: boolean): boolean =>
  (raw?.[key] as boolean | undefined) ?? fallback;
const str = (raw: JsonObject | undefined, key: string, fallback: string): string =>
  (raw?.[key] as string | undefined) ?? fallback;

export function buildControlSocket(
  raw: JsonObject | undefined,
  path: Path,
  problems: ProblemCollector,
): ControlSocketConfig | undefined {
  if (!raw) return undefined;
  const type = str(raw, 'socket-type', 'unix');
  if (type !== 'unix') {
    problems.add(
      [...path, 'socket-type'],
      `Invalid 'socket-type' parameter value ${type}: only 'unix' is supported`,
    );
  }
  return { socketType: 'unix', socketName: raw['socket-name'] as string };
}

/** The severities Kea's logging knows, in any letter case. */
const SEVERITIES = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'NONE'] as const;

/** A logger's severity as Kea takes it: a known one in capitals, anything else INFO. */
function severityOf(raw: JsonObject): string {
  const written = String(raw.severity ?? 'INFO').toUpperCase();
  return (SEVERITIES as readonly string[]).includes(written) ? written : 'INFO';
}

export interface LoggerCheckOptions {
  /**
   * Report what Kea's logger parser would refuse as warnings ending with this note, instead of
   * refusing: kea-dhcp6 2.2's -t and config-test do not run that parser.
   */
  skippedNote?: string;
}

/**
 * What Kea's grammar refuses in the loggers of a configuration file, besides wrong types: an
 * empty list, entry, output_options list or output entry. Commands (config-set, config-test)
 * reach Kea through its JSON parser, which has no such rule, so only a document read from a
 * file (one with a source map) is held to it.
 */
function checkLoggerGrammar(
  list: readonly JsonObject[] | undefined,
  path: Path,
  problems: ProblemCollector,
): void {
  if (!problems.sources || list === undefined) return;
  if (list.length === 0) problems.add(path, "'loggers' must not be an empty list");
  list.forEach((logger, i) => {
    if (Object.keys(logger).length === 0)
      problems.add([...path, i], "a 'loggers' entry must not be an empty map");
    const outputs = logger.output_options as JsonObject[] | undefined;
    if (outputs?.length === 0)
      problems.add([...path, i, 'output_options'], "'output_options' must not be an empty list");
    outputs?.forEach((output, j) => {
      if (Object.keys(output).length === 0)
        problems.add([...path, i, 'output_options', j], "an 'output_options' entry must not be an empty map");
    });
  });
}

/**
 * What Kea checks in `loggers` when a daemon takes a configuration (the schema has checked the
 * types): in a file, the grammar's rules (checkLoggerGrammar); then its logger parser's, every
 * entry with a name and a severity, debuglevel 0..99, every output_options entry with an
 * output. A severity Kea does not know is taken as INFO and only reported, as Kea logs it and
 * carries on. Nestor also refuses an empty name or output and negative rotation sizes, which it
 * could not act on.
 */
export function checkLoggers(
  list: readonly JsonObject[] | undefined,
  path: Path,
  problems: ProblemCollector,
  options: LoggerCheckOptions = {},
): void {
  checkLoggerGrammar(list, path, problems);
  const { skippedNote } = options;
  const refuse = (at: Path, message: string) =>
    skippedNote === undefined ? problems.add(at, message) : problems.warn(at, `${message} (${skippedNote})`);
  (list ?? []).forEach((logger, i) => {
    const at = [...path, i];
    if (logger.name === undefined) refuse(at, "missing parameter 'name'");
    else if (logger.name === '') refuse([...at, 'name'], "'name' must not be empty");
    if (logger.severity === undefined) refuse(at, "missing parameter 'severity'");
    else if (severityOf(logger) !== String(logger.severity).toUpperCase())
      problems.warn(
        [...at, 'severity'],
        `unknown severity '${String(logger.severity)}' taken as INFO (known: ${SEVERITIES.join(', ')})`,
      );
    const level = logger.debuglevel;
    if (typeof level === 'number' && (level < 0 || level > 99))
      refuse([...at, 'debuglevel'], `value ${level} of 'debuglevel' is out of range, expected 0..99`);
    ((logger.output_options as JsonObject[] | undefined) ?? []).forEach((output, j) => {
      const outputAt = [...at, 'output_options', j];
      if (output.output === undefined) refuse(outputAt, "missing parameter 'output'");
      else if (output.output === '') refuse([...outputAt, 'output'], "'output' must not be empty");
      for (const key of ['maxsize', 'maxver']) {
        const value = output[key];
        if (typeof value === 'number' && value < 0)
          refuse([...outputAt, key], `value ${value} of '${key}' is out of range, expected at least 0`);
      }
    });
  });
}

export function buildLoggers(list: readonly JsonObject[] | undefined): LoggerConfigEntry[] {
  return (list ?? []).map((raw) => ({
    name: raw.name as string,
    severity: severityOf(raw),
    debuglevel: num(raw, 'debuglevel', 0),
    outputOptions: ((raw.output_options as JsonObject[] | undefined) ?? [{ output: 'stdout' }]).map((o) => ({
      output: o.output as string,
      flush: bool(o, 'flush', true),
      maxsize: num(o, 'maxsize', 10240000),
      maxver: num(o, 'maxver', 1),
      pattern: str(o, 'pattern', ''),
    })),
  }));
}

export function buildHooksLibraries(list: readonly JsonObject[] | undefined): HookLibrary[] {
  return (list ?? []).map((raw) => {
    const library: HookLibrary = { library: raw.library as string };
    if (raw.parameters !== undefined) library.parameters = raw.parameters as JsonObject;
    return library;
  });
}

/** Console and syslog outputs: Kea 2.2's config-get shows no rotation settings for them. */
const isConsoleOrSyslog = (output: JsonValue | undefined): boolean =>
  output === 'stdout' ||
  output === 'stderr' ||
  output === 'syslog' ||
  (typeof output === 'string' && output.startsWith('syslog:'));

/**
 * `loggers` as config-get shows them: Kea's defaults filled into each entry and output, the
 * severity as Kea took it (in capitals; INFO for one it does not know). Only a file output
 * shows `maxsize` and `maxver`; Kea drops them from the others even when given.
 */
export function loggersRaw(list: readonly JsonObject[] | undefined): JsonObject[] | undefined {
  // Kea's config-get shows no loggers list when none is configured (nor for an empty one).
  if (list === undefined || list.length === 0) return undefined;
  return list.map((logger) => {
    const filled: JsonObject = { debuglevel: 0, ...logger, severity: severityOf(logger) };
    const outputs = logger.output_options as JsonObject[] | undefined;
    if (outputs) {
      filled.output_options = outputs.map((o) => {
        if (!isConsoleOrSyslog(o.output))
          return { flush: true, maxsize: 10240000, maxver: 1, pattern: '', ...o };
        const { maxsize: _maxsize, maxver: _maxver, ...rest } = o;
        return { flush: true, pattern: '', ...rest };
      });
    }
    return filled;
  });
}

/**
 * Kea turns each `comment` parameter into a `comment` entry of the map's user-context, and
 * config-get shows it there. Returns a copy; user-context and hook parameters are left as they are.
 */
export function foldComments(value: JsonValue): JsonValue {
  // Copies only the maps on the way to a comment: the rest is shared, unchanged.
  if (Array.isArray(value)) {
    let copy: JsonValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const folded = foldComments(value[i]!);
      if (folded !== value[i]) {
        copy ??= value.slice();
        copy[i] = folded;
      }
    }
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  let copy: JsonObject | undefined;
  for (const key in value) {
    if (key === 'user-context' || key === 'parameters') continue;
    const child = value[key]!;
    if (child === null || typeof child !== 'object') continue;
    const folded = foldComments(child);
    if (folded !== child) {
      copy ??= { ...value };
      copy[key] = folded;
    }
  }
  if (typeof value.comment === 'string') {
    copy ??= { ...value };
    delete copy.comment;
    copy['user-context'] = {
      ...((value['user-context'] as JsonObject | undefined) ?? {}),
      comment: value.comment,
    };
  }
  return copy ?? value;
}
