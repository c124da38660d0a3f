import {
  buildHooksLibraries,
  buildLoggers,
  checkLoggers,
  foldComments,
  loggersRaw,
} from '../daemon-parts.js';
import { ProblemCollector } from '../errors.js';
import { type JsonObject, type JsonValue, SourceMap } from '../kea-json.js';
import { withLazyRaw } from '../lazy-raw.js';
import { loadSectionFromFile, sectionOf } from '../load.js';
import { isIpAddress } from '../net/ip.js';
import { ctrlAgentSchema } from '../schema/ctrl-agent.js';
import { validateSection } from '../schema/validate.js';
import type { AgentAuthentication, AgentClient, AgentService, CtrlAgentConfig } from './model.js';

type Path = readonly (string | number)[];

export interface LoadedCtrlAgentConfig {
  model: CtrlAgentConfig;
  raw: JsonObject;
  /** What was accepted with a word (file and line like problems). */
  warnings: readonly string[];
}

const DEFAULT_REALM = 'kea-control-agent';
const TLS_KEYS = ['trust-anchor', 'cert-file', 'key-file'] as const;

function buildAuthentication(raw: JsonObject, path: Path, problems: ProblemCollector): AgentAuthentication {
  const clients: AgentClient[] = [];
  ((raw.clients as JsonObject[] | undefined) ?? []).forEach((entry, i) => {
    const at = [...path, 'clients', i];
    const user = entry.user as string | undefined;
    const userFile = entry['user-file'] as string | undefined;
    const password = entry.password as string | undefined;
    const passwordFile = entry['password-file'] as string | undefined;
    if (user !== undefined && userFile !== undefined) {
      problems.add([...at, 'user-file'], 'user and user-file are mutually exclusive');
      return;
    }
    if (password !== undefined && passwordFile !== undefined) {
      problems.add([...at, 'password-file'], 'password and password-file are mutually exclusive');
      return;
    }
    if (user === undefined && userFile === undefined && passwordFile === undefined) {
      problems.add(at, 'user is required in clients items');
      return;
    }
    if (user !== undefined && user === '') {
      problems.add([...at, 'user'], 'user must not be empty');
      return;
    }
    if (user?.includes(':')) {
      problems.add([...at, 'user'], `user must not contain a ':': '${user}'`);
      return;
    }
    const client: AgentClient = {};
    if (user !== undefined) client.user = user;
    if (userFile !== undefined) client.userFile = userFile;
    if (password !== undefined) client.password = password;
    if (passwordFile !== undefined) client.passwordFile = passwordFile;
    if (entry['user-context'] !== undefined) client.userContext = entry['user-context'] as JsonObject;
    clients.push(client);
  });
  return {
    type: 'basic',
    realm: (raw.realm as string | undefined) ?? DEFAULT_REALM,
    directory: (raw.directory as string | undefined) ?? '',
    clients,
  };
}

function buildModel(section: JsonObject, problems: ProblemCollector): CtrlAgentConfig {
  const root: Path = ['Control-agent'];
  checkLoggers(section.loggers as JsonObject[] | undefined, [...root, 'loggers'], problems);
  const httpHost = (section['http-host'] as string | undefined) ?? '127.0.0.1';
  if (!isIpAddress(httpHost))
    problems.add([...root, 'http-host'], `Failed to convert '${httpHost}' to address`);
  const model: CtrlAgentConfig = {
    httpHost,
    httpPort: (section['http-port'] as number | undefined) ?? 8000,
    controlSockets: {},
    hooksLibraries: buildHooksLibraries(section['hooks-libraries'] as JsonObject[] | undefined),
    loggers: buildLoggers(section.loggers as JsonObject[] | undefined),
  };
  const given = TLS_KEYS.filter((key) => typeof section[key] === 'string' && section[key] !== '');
  if (given.length > 0 && given.length < TLS_KEYS.length) {
    const missing = TLS_KEYS.find((key) => !given.includes(key))!;
    problems.add(
      [...root, given[0]!],
      `${missing} parameter is missing or empty: all or none of TLS parameters must be set`,
    );
  } else if (given.length === TLS_KEYS.length) {
    model.tls = {
      trustAnchor: section['trust-anchor'] as string,
      certFile: section['cert-file'] as string,
      keyFile: section['key-file'] as string,
      certRequired: (section['cert-required'] as boolean | undefined) ?? true,
    };
  }
  const auth = section.authentication as JsonObject | undefined;
  if (auth) model.authentication = buildAuthentication(auth, [...root, 'authentication'], problems);
  const sockets = (section['control-sockets'] as JsonObject | undefined) ?? {};
  for (const [service, raw] of Object.entries(sockets) as [AgentService, JsonObject][]) {
    model.controlSockets[service] = { socketType: 'unix', socketName: raw['socket-name'] as string };
  }
  if (section['user-context'] !== undefined) model.userContext = section['user-context'] as JsonObject;
  return model;
}

function rawWithDefaults(section: JsonObject): JsonObject {
  const sockets = (section['control-sockets'] as JsonObject | undefined) ?? {};
  const raw: JsonObject = {
    'http-host': '127.0.0.1',
    'http-port': 8000,
    'hooks-libraries': [],
    ...section,
    'control-sockets': Object.fromEntries(
      Object.entries(sockets).map(([service, s]) => [
        service,
        { 'socket-type': 'unix', ...(s as JsonObject) },
      ]),
    ),
  };
  const loggers = loggersRaw(section.loggers as JsonObject[] | undefined);
  if (loggers) raw.loggers = loggers;
  else delete raw.loggers;
  const auth = section.authentication as JsonObject | undefined;
  if (auth) raw.authentication = { realm: DEFAULT_REALM, directory: '', clients: [], ...auth };
  return raw;
}

/** Checks and resolves a document holding a `Control-agent` object (config-set's form). */
export function parseCtrlAgentConfig(document: JsonValue, sources?: SourceMap): LoadedCtrlAgentConfig {
  const { section } = sectionOf({ value: document, sources: sources ?? new SourceMap() }, 'Control-agent');
  const problems = new ProblemCollector(document, sources);
  if (!validateSection(ctrlAgentSchema, section, ['Control-agent'], problems)) problems.throwIfAny();
  const model = buildModel(section, problems);
  problems.throwIfAny();
  return withLazyRaw(
    model,
    () => foldComments(rawWithDefaults(section)) as JsonObject,
    problems.formattedWarnings(),
  );
}

/** Reads, checks and resolves a kea-ctrl-agent configuration file. */
export function loadCtrlAgentConfigFile(file: string): LoadedCtrlAgentConfig {
  const { document, parsed } = loadSectionFromFile(file, 'Control-agent');
  return parseCtrlAgentConfig(document, parsed.sources);
}
