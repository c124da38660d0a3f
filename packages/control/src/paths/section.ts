import { isJsonObject, type JsonValue } from '../protocol/answer.js';
import type { PathKind, PathPolicy } from './policy.js';

/** A file path found in a daemon's configuration section, with where it was found. */
export interface ConfiguredPath {
  kind: PathKind;
  path: string;
  /** Kea-style JSON path, e.g. `Dhcp6.loggers[0].output_options[1].output`. */
  where: string;
  /** A directory setting rather than a file. */
  directory?: boolean;
}

/** Logger outputs that are not files. */
export function isFileOutput(output: string): boolean {
  return !(output === 'stdout' || output === 'stderr' || output === 'syslog' || output.startsWith('syslog:'));
}

/**
 * The paths in a section that make a daemon create files: unix control sockets
 * (`control-socket`, Kea 3's `control-sockets` list), log files (`loggers`), the memfile
 * lease file (`lease-database.name`) and `data-directory`. The agent's own `control-sockets`
 * map names sockets it connects to, not ones it creates, so it is not listed.
 */
export function configuredPaths(section: JsonValue, sectionName: string): ConfiguredPath[] {
  const found: ConfiguredPath[] = [];
  if (!isJsonObject(section)) return found;

  const socketEntry = (entry: JsonValue, where: string): void => {
    if (!isJsonObject(entry)) return;
    const type = entry['socket-type'] ?? 'unix';
    if (type === 'unix' && typeof entry['socket-name'] === 'string') {
      found.push({ kind: 'socket', path: entry['socket-name'], where: `${where}.socket-name` });
    }
  };
  socketEntry(section['control-socket'] ?? null, `${sectionName}.control-socket`);
  const list = section['control-sockets'];
  if (Array.isArray(list)) {
    for (const [i, entry] of list.entries()) socketEntry(entry, `${sectionName}.control-sockets[${i}]`);
  }

  const loggers = section.loggers;
  if (Array.isArray(loggers)) {
    loggers.forEach((logger, i) => {
      if (!isJsonObject(logger)) return;
      for (const key of ['output_options', 'output-options']) {
        const outputs = logger[key];
        if (!Array.isArray(outputs)) continue;
        outputs.forEach((output, j) => {
          if (isJsonObject(output) && typeof output.output === 'string' && isFileOutput(output.output)) {
            found.push({
              kind: 'log',
              path: output.output,
              where: `${sectionName}.loggers[${i}].${key}[${j}].output`,
            });
          }
        });
      }
    });
  }

  const leases = section['lease-database'];
  if (isJsonObject(leases) && (leases.type ?? 'memfile') === 'memfile' && typeof leases.name === 'string') {
    found.push({ kind: 'data', path: leases.name, where: `${sectionName}.lease-database.name` });
  }
  if (typeof section['data-directory'] === 'string') {
    found.push({
      kind: 'data',
      path: section['data-directory'],
      where: `${sectionName}.data-directory`,
      directory: true,
    });
  }
  return found;
}

/** Problems (one line each, `where: reason`) with the paths of a section under a policy. */
export function pathProblems(policy: PathPolicy, section: JsonValue, sectionName: string): string[] {
  const problems: string[] = [];
  for (const entry of configuredPaths(section, sectionName)) {
    try {
      if (entry.directory) policy.resolveDirectory(entry.kind, entry.path);
      else policy.resolve(entry.kind, entry.path);
    } catch (err) {
      problems.push(`${entry.where}: ${(err as Error).message}`);
    }
  }
  return problems;
}

/** Start-up: accept the directories the operator's own configuration file names. */
export function trustConfiguredPaths(policy: PathPolicy, section: JsonValue, sectionName: string): void {
  for (const entry of configuredPaths(section, sectionName)) {
    if (entry.directory) policy.trust(entry.kind, `${entry.path.replace(/\/+$/, '')}/x`);
    else policy.trust(entry.kind, entry.path);
  }
}

/** A lease file path for the server: absolute, inside an allowed data directory, or a thrown ControlError. */
export function checkLeaseFilePath(policy: PathPolicy, name: string): string {
  return policy.resolve('data', name);
}

/** A log output for the logging set-up: file outputs resolved (bare names into the log directory). */
export function resolveLogOutput(policy: PathPolicy, output: string): string {
  return isFileOutput(output) ? policy.resolve('log', output) : output;
}
