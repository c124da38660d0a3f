import {
  ConfigError as ConfigFileError,
  type CtrlAgentConfig,
  type JsonObject,
  type JsonValue,
  parseCtrlAgentConfig,
  readKeaJsonFile,
  type SourceMap,
} from '@nestor/config';
import {
  AGENT_DEFAULT_REALM,
  type BasicAuthConfig,
  isJsonObject,
  PathPolicy,
  parseBasicAuth,
  pathProblems,
  resolveLogOutput,
  type TlsSettings,
  trustConfiguredPaths,
} from '@nestor/control';
import { ConfigError, defaultDirectories, type LoggerConfig } from '@nestor/daemon';

export const SECTION = 'Control-agent';

/** What the agent runs on, checked and resolved. */
export interface AgentConfig {
  /** The whole document as config-get returns it: `{ "Control-agent": { ... } }`, defaults filled in. */
  document: JsonObject;
  host: string;
  port: number;
  tls: TlsSettings | undefined;
  /** Credentials read (files included); undefined when authentication is off. */
  auth: BasicAuthConfig | undefined;
  /** Service name (dhcp4, dhcp6, d2) to the unix socket path the agent forwards to. */
  services: ReadonlyMap<string, string>;
  /** Kea's loggers list, log file outputs resolved into the allowed log directories. */
  loggers: LoggerConfig[];
  /** What the check let pass with a word (-t prints them). */
  warnings: readonly string[];
}

function problemsOf(err: unknown): string[] {
  if (err instanceof ConfigFileError || err instanceof ConfigError) return [...err.problems];
  return [err instanceof Error ? err.message : String(err)];
}

/** Where the agent may create files; made from the start-up file, then sealed. */
export function makePolicy(configFile: string, env: NodeJS.ProcessEnv = process.env): PathPolicy {
  const dirs = defaultDirectories();
  return new PathPolicy({
    configFile,
    defaults: { socket: dirs.runStateDir, log: dirs.logDir, data: dirs.dataDir },
    env,
  });
}

/**
 * Checks a document holding a `Control-agent` object (a file's content or config-set's
 * argument) and resolves it: schema and model from @nestor/config, credentials read from
 * their files, log files held to the path policy, bare socket names put in the socket
 * directory. Throws ConfigError listing every problem; with the file's `sources`, each names its
 * file line.
 */
export function resolveAgentConfig(
  document: JsonValue,
  policy: PathPolicy,
  sources?: SourceMap,
): AgentConfig {
  let model: CtrlAgentConfig;
  let raw: JsonObject;
  let warnings: readonly string[];
  try {
    ({ model, raw, warnings } = parseCtrlAgentConfig(document, sources));
  } catch (err) {
    throw new ConfigError(problemsOf(err));
  }
  const problems = pathProblems(policy, raw, SECTION);
  if (model.hooksLibraries.length > 0) {
    // Refused rather than ignored: such a library may be what guards the agent (RBAC).
    problems.push(`${SECTION}.hooks-libraries: kea-ctrl-agent hook libraries are not supported by Nestor`);
  }

  let auth: BasicAuthConfig | undefined;
  if (raw.authentication !== undefined) {
    const parsed = parseBasicAuth(raw.authentication, `${SECTION}.authentication`, AGENT_DEFAULT_REALM);
    if (parsed.ok) auth = parsed.config;
    else problems.push(...parsed.problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const services = new Map<string, string>();
  for (const [service, socket] of Object.entries(model.controlSockets)) {
    if (!socket) continue;
    const name = socket.socketName.trim();
    // A bare name is a socket in the control socket directory, as the daemons resolve it.
    services.set(service, name.includes('/') ? name : `${policy.directory('socket')}/${name}`);
  }

  const loggers: LoggerConfig[] = [];
  for (const entry of Array.isArray(raw.loggers) ? raw.loggers : []) {
    if (!isJsonObject(entry)) continue;
    const copy = structuredClone(entry) as unknown as LoggerConfig & Record<string, unknown>;
    for (const key of ['output_options', 'output-options'] as const) {
      const outputs = copy[key] as { output?: string }[] | undefined;
      for (const output of outputs ?? []) {
        if (typeof output.output === 'string') output.output = resolveLogOutput(policy, output.output);
      }
    }
    loggers.push(copy);
  }

  return {
    document: { [SECTION]: raw },
    host: model.httpHost,
    port: model.httpPort,
    tls: model.tls,
    auth,
    services,
    loggers,
    warnings,
  };
}

/** Reads a configuration file: the document and where its values stand; syntax errors become ConfigErrors. */
function readConfigFile(file: string): { document: JsonObject; sources: SourceMap } {
  let parsed: ReturnType<typeof readKeaJsonFile>;
  try {
    parsed = readKeaJsonFile(file);
  } catch (err) {
    throw new ConfigError(problemsOf(err));
  }
  if (!isJsonObject(parsed.value)) throw new ConfigError(['the configuration must be a JSON object']);
  return { document: parsed.value as JsonObject, sources: parsed.sources };
}

/** Reads a configuration file into a document; syntax errors become ConfigErrors. */
export function readConfigDocument(file: string): JsonObject {
  return readConfigFile(file).document;
}

/**
 * Loads configuration files for the daemon scaffolding. The first load (start-up) trusts the
 * directories its file names and seals the policy; later loads (SIGHUP, config-reload) are
 * held to it.
 */
export class AgentConfigLoader {
  private current: PathPolicy | undefined;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get policy(): PathPolicy {
    if (!this.current) throw new Error('no configuration loaded yet');
    return this.current;
  }

  async load(file: string): Promise<AgentConfig> {
    const { document, sources } = readConfigFile(file);
    if (!this.current) {
      const policy = makePolicy(file, this.env);
      trustConfiguredPaths(policy, document[SECTION] ?? null, SECTION);
      policy.seal();
      this.current = policy;
    }
    return resolveAgentConfig(document, this.current, sources);
  }
}
