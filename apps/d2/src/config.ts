import {
  type JsonObject as ConfigJsonObject,
  type JsonValue as ConfigJsonValue,
  type D2Config,
  parseD2Config,
  type SourceMap,
} from '@nestor/config';
import {
  isJsonObject,
  type JsonObject,
  type PathPolicy,
  parseControlSockets,
  pathProblems,
  resolveLogOutput,
  splitControlMembers,
} from '@nestor/control';
import {
  ConfigError,
  type LoggerConfig,
  PolicedConfigLoader,
  problemsOf,
  readSectionDocument,
} from '@nestor/daemon';
import { checkLibraries } from '@nestor/hooks';
import { D2_HOOK_POINTS } from './hooks/points.js';

export const SECTION = 'DhcpDdns';

/** A DhcpDdns configuration as kea-dhcp-ddns runs it, checked and resolved. */
export interface D2Configuration {
  /** The typed model from @nestor/config. */
  model: D2Config;
  /** The section as config-get shows it: Kea's defaults filled in, control sockets as written. */
  readonly raw: JsonObject;
  /** The section as written: what the control channel and the path policy read. */
  section: JsonObject;
  /** Kea's `loggers`, file outputs resolved into the allowed log directories. */
  loggers: LoggerConfig[];
  /** What the check let pass with a word (-t prints them). */
  warnings: readonly string[];
}

/** The model's loggers in the logging manager's terms, each file output placed by the policy. */
function loggersOf(model: D2Config, policy: PathPolicy): LoggerConfig[] {
  return model.loggers.map((logger) => ({
    name: logger.name,
    severity: logger.severity,
    debuglevel: logger.debuglevel,
    // An empty pattern means Kea's default layout, which the logging manager applies when absent.
    output_options: logger.outputOptions.map(({ pattern, output, ...rest }) => ({
      ...rest,
      output: resolveLogOutput(policy, output),
      ...(pattern ? { pattern } : {}),
    })),
  }));
}

/**
 * Checks and resolves a document holding a `DhcpDdns` object (a file's content with its source
 * map, or what config-set and config-test receive) under a path policy. The Kea 2.2 schema and
 * model of @nestor/config check the section; Kea 3's control members are checked by
 * @nestor/control. Throws a ConfigError listing every problem.
 */
export function resolveD2Document(
  document: ConfigJsonValue,
  policy: PathPolicy,
  sources?: SourceMap,
): D2Configuration {
  if (!isJsonObject(document) || !isJsonObject(document[SECTION])) {
    // The configuration package words the refusal (missing or misplaced DhcpDdns).
    parseD2Config(document, sources);
    throw new ConfigError([`missing '${SECTION}' object`]);
  }
  const section = document[SECTION] as JsonObject;
  const { schemaPart, controlPart } = splitControlMembers(section);
  const problems: string[] = [];

  let loaded: ReturnType<typeof parseD2Config> | undefined;
  try {
    // Kea 2.2 refuses an empty DhcpDdns map; one that held only Kea 3's control sockets is not
    // empty, so the schema sees it with a parameter at its default value, which changes nothing.
    const schemaSection =
      Object.keys(schemaPart).length === 0 && Object.keys(section).length > 0
        ? { 'ncr-protocol': 'UDP' }
        : schemaPart;
    const schemaDocument =
      schemaSection === section ? document : { ...document, [SECTION]: schemaSection as ConfigJsonObject };
    loaded = parseD2Config(schemaDocument, sources);
  } catch (err) {
    problems.push(...problemsOf(err));
  }
  if (Object.keys(controlPart).length > 0) {
    try {
      parseControlSockets(controlPart, SECTION);
    } catch (err) {
      problems.push(...problemsOf(err));
    }
  }
  problems.push(...pathProblems(policy, section, SECTION));
  if (problems.length > 0 || !loaded) throw new ConfigError(problems);

  const { model } = loaded;
  const parsed = loaded;
  let raw: JsonObject | undefined;
  return {
    model,
    section,
    loggers: loggersOf(model, policy),
    warnings: loaded.warnings,
    // Built on first config-get only, as the configuration package builds its own.
    get raw(): JsonObject {
      raw ??= { ...(parsed.raw as JsonObject), ...controlPart };
      return raw;
    },
  };
}

/** Reads a configuration file into a document (config-reload's first step). */
export function readD2Document(file: string): JsonObject {
  return readSectionDocument(file, SECTION).document;
}

/** kea-dhcp-ddns's files (start-up, -t, SIGHUP, config-reload) under its sealed path policy. */
export class D2ConfigLoader extends PolicedConfigLoader<D2Configuration> {
  constructor(env: NodeJS.ProcessEnv = process.env) {
    super(SECTION, resolveD2Document, env);
  }

  override async load(file: string): Promise<D2Configuration> {
    const config = await super.load(file);
    // As Kea's -t, the hook libraries are opened too: one that would not load refuses the file.
    const problems = await checkD2Libraries(config.section, file);
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
  }
}

/** Checks a DhcpDdns section's hook libraries (imported, not loaded): their problems, if any. */
export function checkD2Libraries(section: JsonObject, configFile: string): Promise<string[]> {
  return checkLibraries(
    { daemon: 'kea-dhcp-ddns', section: SECTION, hookPoints: D2_HOOK_POINTS },
    section,
    configFile,
  );
}
