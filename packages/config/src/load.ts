import { ConfigError, ProblemCollector } from './errors.js';
import {
  type JsonObject,
  type JsonValue,
  KeaJsonSyntaxError,
  type ParsedKeaJson,
  parseKeaJson,
  readKeaJsonFile,
} from './kea-json.js';

/** The top-level objects a Kea configuration file may hold; each daemon reads its own. */
export const DAEMON_SECTIONS = ['Dhcp4', 'Dhcp6', 'DhcpDdns', 'Control-agent', 'Netconf'] as const;
export type DaemonSection = (typeof DAEMON_SECTIONS)[number];

/** A daemon's section of a configuration document, with where it came from. */
export interface LoadedSection {
  section: JsonObject;
  /** The whole document (other daemons' sections included), for error locations. */
  document: JsonValue;
  parsed: ParsedKeaJson;
}

function syntaxProblem(err: KeaJsonSyntaxError): ConfigError {
  return new ConfigError([{ path: '', message: err.reason, position: err.position }]);
}

/**
 * Extracts one daemon's section from a parsed document. Kea 2.2's daemons accept only their own
 * object at the top level (another daemon's section, or the old `Logging` object, is a syntax
 * error there), so anything else is refused.
 */
export function sectionOf(parsed: ParsedKeaJson, name: DaemonSection): LoadedSection {
  const { value } = parsed;
  const problems = new ProblemCollector(value, parsed.sources);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.add([], 'the configuration must be a JSON object');
    problems.throwIfAny();
  }
  const document = value as JsonObject;
  for (const key of Object.keys(document)) {
    if (key !== name) problems.add([key], `unsupported top-level object '${key}' (expected only ${name})`);
  }
  const section = document[name];
  if (section === undefined) problems.add([], `missing '${name}' object`);
  else if (section === null || typeof section !== 'object' || Array.isArray(section)) {
    problems.add([name], `'${name}' must be a JSON object`);
  }
  problems.throwIfAny();
  return { section: section as JsonObject, document, parsed };
}

/** Reads a configuration file and returns one daemon's section; syntax errors become ConfigErrors. */
export function loadSectionFromFile(file: string, name: DaemonSection): LoadedSection {
  try {
    return sectionOf(readKeaJsonFile(file), name);
  } catch (err) {
    if (err instanceof KeaJsonSyntaxError) throw syntaxProblem(err);
    throw err;
  }
}

/** As loadSectionFromFile, for text (config-set and tests). */
export function loadSectionFromText(text: string, name: DaemonSection, file = '<string>'): LoadedSection {
  try {
    return sectionOf(parseKeaJson(text, file), name);
  } catch (err) {
    if (err instanceof KeaJsonSyntaxError) throw syntaxProblem(err);
    throw err;
  }
}
