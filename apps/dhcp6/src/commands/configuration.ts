import {
  type JsonObject as ConfigJsonObject,
  type JsonValue as ConfigJsonValue,
  loadSectionFromFile,
  parseDhcp6Config,
  readSystemInterfaces,
  type SourceMap,
} from '@nestor/config';
import {
  ControlConfigError,
  checkLeaseFilePath,
  isJsonObject,
  type JsonObject,
  type PathPolicy,
  parseControlSockets,
} from '@nestor/control';
import { ConfigError } from '@nestor/daemon';
import { type Dhcp6Configuration, defaultDataDirectory } from '../config.js';
import { checkLibraries } from '../hooks/libraries.js';

/** A configuration as the controlled daemon runs it: the model, raw, and the section as written. */
export interface ControlledConfiguration extends Dhcp6Configuration {
  /** The Dhcp6 section as given (control sockets included): what the path policy and the control channel read. */
  section: JsonObject;
  /** What the check let pass with a word (-t prints them). */
  warnings: readonly string[];
}

/** How a document is checked: to be run (start-up, reload, config-set) or only checked (-t, config-test). */
export interface CheckMode {
  /** Kea 2.2's kea-dhcp6 checks less when it only checks: its logger parser is left out. */
  checkOnly?: boolean;
}

/**
 * Kea 2.2's Dhcp6 schema knows only a unix `control-socket`; Kea 3's `control-sockets` list and
 * HTTP(S) control sockets are the control channel's own business. They are taken out before the
 * schema check and checked by @nestor/control instead, then shown again in config-get. Only
 * then is the section copied (the copy's members lose their file lines in error messages, so a
 * plain Kea 2 section is passed on untouched).
 */
function splitControlMembers(section: JsonObject): { schemaPart: JsonObject; controlPart: JsonObject } {
  const controlPart: JsonObject = {};
  if (section['control-sockets'] !== undefined) controlPart['control-sockets'] = section['control-sockets'];
  const single = section['control-socket'];
  if (isJsonObject(single) && single['socket-type'] !== undefined && single['socket-type'] !== 'unix') {
    controlPart['control-socket'] = single;
  }
  if (Object.keys(controlPart).length === 0) return { schemaPart: section, controlPart };
  const schemaPart = { ...section };
  for (const key of Object.keys(controlPart)) delete schemaPart[key];
  return { schemaPart, controlPart };
}

function problemsOf(err: unknown): string[] {
  const problems = (err as { problems?: unknown })?.problems;
  if (Array.isArray(problems) && problems.every((p) => typeof p === 'string')) return [...problems];
  return [err instanceof Error ? err.message : String(err)];
}

/**
 * Checks and resolves a configuration document (`{"Dhcp6": {...}}`, what config-set and
 * config-test receive, or a file's contents with its source map). Throws an error with a
 * `problems` list naming every problem: the Dhcp6 schema's and the control sockets' together.
 */
export function parseControlledConfiguration(
  document: ConfigJsonValue,
  sources?: SourceMap,
  mode: CheckMode = {},
): ControlledConfiguration {
  // Checked against this machine as Kea checks (interfaces present, unicast addresses
  // assigned), read afresh for every document: -t is how an operator learns whether a
  // configuration will load here.
  const options = {
    defaultDataDirectory: defaultDataDirectory(),
    checkOnly: mode.checkOnly ?? false,
    system: readSystemInterfaces(),
  };
  if (!isJsonObject(document) || !isJsonObject(document.Dhcp6)) {
    // Let the configuration parser word the refusal (missing or misplaced Dhcp6).
    parseDhcp6Config(document, sources, options);
    throw new ConfigError(["missing 'Dhcp6' object"]);
  }
  const section = document.Dhcp6 as JsonObject;
  const { schemaPart, controlPart } = splitControlMembers(section);
  let controlProblems: string[] = [];
  if (Object.keys(controlPart).length > 0) {
    try {
      parseControlSockets(controlPart, 'Dhcp6');
    } catch (err) {
      controlProblems = problemsOf(err);
    }
  }
  let loaded: ReturnType<typeof parseDhcp6Config>;
  try {
    const schemaDocument =
      schemaPart === section ? document : { ...document, Dhcp6: schemaPart as ConfigJsonObject };
    loaded = parseDhcp6Config(schemaDocument, sources, options);
  } catch (err) {
    if (controlProblems.length === 0) throw err;
    throw new ConfigError([...problemsOf(err), ...controlProblems]);
  }
  if (controlProblems.length > 0) throw new ControlConfigError(controlProblems);
  if (Object.keys(controlPart).length === 0)
    return {
      model: loaded.model,
      section,
      warnings: loaded.warnings,
      get raw() {
        return loaded.raw;
      },
    };
  let raw: ConfigJsonObject | undefined;
  return {
    model: loaded.model,
    section,
    warnings: loaded.warnings,
    // Built on first config-get, as the parser's own raw is.
    get raw(): ConfigJsonObject {
      raw ??= { ...loaded.raw, ...(controlPart as ConfigJsonObject) };
      return raw;
    },
  };
}

/** Reads and checks a configuration file (start-up, -t, SIGHUP and config-reload). */
export async function loadControlledConfiguration(
  file: string,
  mode: CheckMode = {},
): Promise<ControlledConfiguration> {
  const { document, parsed } = loadSectionFromFile(file, 'Dhcp6');
  const config = parseControlledConfiguration(document, parsed.sources, mode);
  // Kea's -t opens the hook libraries too: one that would not load refuses the file.
  const problems = await checkLibraries(config.section, file);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * The configuration with its memfile lease file resolved through the path policy: a bare name
 * goes into the data directory, a path must sit in a directory the daemon started with. What
 * is checked here is exactly what the lease store opens. Throws ControlConfigError.
 */
export function withCheckedLeaseFile(
  config: ControlledConfiguration,
  policy: PathPolicy,
): ControlledConfiguration {
  const { leaseDatabase } = config.model;
  const name = leaseDatabase.parameters.name;
  if (leaseDatabase.type !== 'memfile' || typeof name !== 'string') return config;
  let resolved: string;
  try {
    resolved = checkLeaseFilePath(policy, name);
  } catch (err) {
    throw new ControlConfigError([`Dhcp6.lease-database.name: ${(err as Error).message}`]);
  }
  if (resolved === name) return config;
  return {
    model: {
      ...config.model,
      leaseDatabase: { ...leaseDatabase, parameters: { ...leaseDatabase.parameters, name: resolved } },
    },
    section: config.section,
    warnings: config.warnings,
    get raw() {
      return config.raw;
    },
  };
}
