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

export function buildLoggers(list: readonly JsonObject[] | undefined): LoggerConfigEntry[] {
  return (list ?? []).map((raw) => ({
    name: raw.name as string,
    severity: str(raw, 'severity', 'INFO').toUpperCase(),
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
 * `loggers` as config-get shows them: Kea's defaults filled into each entry and output. Only a
 * file output shows `maxsize` and `maxver`; Kea drops them from the others even when given.
 */
export function loggersRaw(list: readonly JsonObject[] | undefined): JsonObject[] {
  return (list ?? []).map((logger) => {
    const filled: JsonObject = { debuglevel: 0, ...logger };
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
