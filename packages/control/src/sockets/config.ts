import { isIP } from 'node:net';
import { ControlConfigError } from '../errors.js';
import { type BasicAuthConfig, parseBasicAuth } from '../http/auth.js';
import type { HttpHeader } from '../http/listener.js';
import { parseTlsSettings, type TlsSettings } from '../http/tls.js';
import type { PathPolicy } from '../paths/policy.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/answer.js';

/** Kea 3's defaults for an HTTP control socket. */
export const DEFAULT_HTTP_ADDRESS = '127.0.0.1';
export const DEFAULT_HTTP_PORT = 8000;

export interface UnixSocketConfig {
  type: 'unix';
  /** As configured. */
  name: string;
  /** Absolute, checked against the path policy. */
  path: string;
}

export interface HttpSocketConfig {
  type: 'http' | 'https';
  address: string;
  port: number;
  auth?: BasicAuthConfig;
  tls?: TlsSettings;
  headers: HttpHeader[];
}

export type ControlSocketConfig = UnixSocketConfig | HttpSocketConfig;

export interface ParseControlSocketsOptions {
  /** Where unix socket paths must live; without one, paths are taken as given. */
  policy?: PathPolicy;
  /**
   * Kea 3 refuses an HTTP control socket with neither authentication nor TLS; set to accept
   * one anyway (it is then only logged as insecure by the caller).
   */
  allowUnsecuredHttp?: boolean;
}

const UNIX_KEYS = new Set(['socket-type', 'socket-name', 'user-context', 'comment']);
const HTTP_KEYS = new Set([
  'socket-type',
  'socket-address',
  'socket-port',
  'authentication',
  'trust-anchor',
  'cert-file',
  'key-file',
  'cert-required',
  'http-headers',
  'user-context',
  'comment',
]);

/**
 * The control endpoints a daemon section asks for: Kea 2's `control-socket` map or Kea 3's
 * `control-sockets` list, each unix, http or https. Every problem is collected (one line
 * each, prefixed with its JSON path) and thrown together as a ControlConfigError.
 */
export function parseControlSockets(
  section: JsonObject,
  sectionName: string,
  options: ParseControlSocketsOptions = {},
): ControlSocketConfig[] {
  const problems: string[] = [];
  const single = section['control-socket'];
  const list = section['control-sockets'];
  const entries: [JsonValue, string][] = [];
  if (single !== undefined && list !== undefined) {
    problems.push(`${sectionName}: only one of 'control-socket' and 'control-sockets' may be given`);
  }
  if (single !== undefined) entries.push([single, `${sectionName}.control-socket`]);
  if (list !== undefined) {
    if (!Array.isArray(list)) problems.push(`${sectionName}.control-sockets: must be a list`);
    else
      list.forEach((entry, i) => {
        entries.push([entry, `${sectionName}.control-sockets[${i}]`]);
      });
  }

  const configs: ControlSocketConfig[] = [];
  for (const [entry, where] of entries) {
    const parsed = parseEntry(entry, where, options, problems);
    if (parsed) configs.push(parsed);
  }

  const seen = new Set<string>();
  for (const config of configs) {
    const key = config.type === 'unix' ? config.path : `${config.address}:${config.port}`;
    if (seen.has(key)) problems.push(`${sectionName}: control socket ${key} is configured twice`);
    seen.add(key);
  }
  if (problems.length > 0) throw new ControlConfigError(problems);
  return configs;
}

function parseEntry(
  entry: JsonValue,
  where: string,
  options: ParseControlSocketsOptions,
  problems: string[],
): ControlSocketConfig | undefined {
  if (!isJsonObject(entry)) {
    problems.push(`${where}: must be a map`);
    return undefined;
  }
  const type = entry['socket-type'] ?? 'unix';
  if (type === 'unix') return parseUnix(entry, where, options, problems);
  if (type === 'http' || type === 'https') return parseHttp(entry, type, where, options, problems);
  problems.push(`${where}.socket-type: unsupported socket type '${String(type)}' (unix, http or https)`);
  return undefined;
}

function parseUnix(
  entry: JsonObject,
  where: string,
  options: ParseControlSocketsOptions,
  problems: string[],
): UnixSocketConfig | undefined {
  const before = problems.length;
  for (const key of Object.keys(entry)) {
    if (!UNIX_KEYS.has(key)) problems.push(`${where}.${key}: not a parameter of a unix control socket`);
  }
  const name = entry['socket-name'];
  if (typeof name !== 'string' || name.trim() === '') {
    problems.push(`${where}.socket-name: a unix control socket needs a non-empty socket-name`);
    return undefined;
  }
  let path = name;
  if (options.policy) {
    try {
      path = options.policy.resolve('socket', name);
    } catch (err) {
      problems.push(`${where}.socket-name: ${(err as Error).message}`);
    }
  }
  return problems.length === before ? { type: 'unix', name, path } : undefined;
}

function parseHttp(
  entry: JsonObject,
  type: 'http' | 'https',
  where: string,
  options: ParseControlSocketsOptions,
  problems: string[],
): HttpSocketConfig | undefined {
  const before = problems.length;
  for (const key of Object.keys(entry)) {
    if (key === 'socket-name') {
      problems.push(`${where}.socket-name: not supported by ${type.toUpperCase()} control sockets`);
    } else if (!HTTP_KEYS.has(key)) {
      problems.push(`${where}.${key}: not a parameter of an ${type} control socket`);
    }
  }
  const address = entry['socket-address'] ?? DEFAULT_HTTP_ADDRESS;
  if (typeof address !== 'string' || isIP(address) === 0) {
    problems.push(`${where}.socket-address: must be an IPv4 or IPv6 address`);
  }
  const port = entry['socket-port'] ?? DEFAULT_HTTP_PORT;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`${where}.socket-port: must be an integer from 0 to 65535`);
  }
  let auth: BasicAuthConfig | undefined;
  if (entry.authentication !== undefined) {
    const parsed = parseBasicAuth(entry.authentication, `${where}.authentication`, '');
    if (parsed.ok) auth = parsed.config;
    else problems.push(...parsed.problems);
  }
  const tls = parseTlsSettings(entry, where);
  if (!tls.ok) problems.push(...tls.problems);
  else if (type === 'https' && !tls.tls) problems.push(`${where}: no TLS setup for a HTTPS control socket`);
  const headers = parseHeaders(entry['http-headers'], `${where}.http-headers`, problems);
  if (type === 'http' && tls.ok && !tls.tls && !auth && !options.allowUnsecuredHttp) {
    problems.push(`${where}: unsecured HTTP control channel (configure authentication or TLS)`);
  }
  if (problems.length > before) return undefined;
  return {
    type,
    address: address as string,
    port: port as number,
    headers,
    ...(auth ? { auth } : {}),
    ...(tls.ok && tls.tls ? { tls: tls.tls } : {}),
  };
}

function parseHeaders(value: JsonValue | undefined, where: string, problems: string[]): HttpHeader[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${where}: must be a list`);
    return [];
  }
  const headers: HttpHeader[] = [];
  value.forEach((item, i) => {
    if (
      !isJsonObject(item) ||
      typeof item.name !== 'string' ||
      typeof item.value !== 'string' ||
      item.name === ''
    ) {
      problems.push(`${where}[${i}]: must be a map with a non-empty 'name' and a 'value' string`);
      return;
    }
    headers.push({ name: item.name, value: item.value });
  });
  return headers;
}

/**
 * Kea 2.2's section schemas know only a unix `control-socket`; Kea 3's `control-sockets` list
 * and an HTTP(S) `control-socket` are this package's to check (parseControlSockets). Separates
 * those members so that a daemon can give the rest to its Kea 2.2 schema. `schemaPart` is the
 * section itself (same object) when there is nothing to take out, so that a configuration
 * loader can still place its problems in the file.
 */
export function splitControlMembers(section: JsonObject): {
  schemaPart: JsonObject;
  controlPart: JsonObject;
} {
  const controlPart: JsonObject = {};
  if (section['control-sockets'] !== undefined) controlPart['control-sockets'] = section['control-sockets'];
  const single = section['control-socket'];
  if (isJsonObject(single) && (single['socket-type'] ?? 'unix') !== 'unix') {
    controlPart['control-socket'] = single;
  }
  if (Object.keys(controlPart).length === 0) return { schemaPart: section, controlPart };
  const schemaPart: JsonObject = { ...section };
  for (const key of Object.keys(controlPart)) delete schemaPart[key];
  return { schemaPart, controlPart };
}
