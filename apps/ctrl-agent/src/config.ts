import {
  type CtrlAgentConfig,
  type JsonObject,
  type JsonValue,
  parseCtrlAgentConfig,
  type SourceMap,
} from '@nestor/config';
import {
  AGENT_DEFAULT_REALM,
  type BasicAuthConfig,
  isJsonObject,
  type PathPolicy,
  parseBasicAuth,
  pathProblems,
  resolveLogOutput,
  type TlsSettings,
} from '@nestor/control';
import {
  ConfigError,
  type LoggerConfig,
  PolicedConfigLoader,
  problemsOf,
  readSectionDocument,
} from '@nestor/daemon';

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

/** Reads a configuration file into a document (config-reload's first step). */
export function readConfigDocument(file: string): JsonObject {
  return readSectionDocument(file, SECTION).document;
}

/** kea-ctrl-agent's files (start-up, -t, SIGHUP, config-reload) under its sealed path policy. */
export class AgentConfigLoader extends PolicedConfigLoader<AgentConfig> {
  constructor(env: NodeJS.ProcessEnv = process.env) {
    super(SECTION, resolveAgentConfig, env);
  }
}
