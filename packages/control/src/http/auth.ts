import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isJsonObject, type JsonValue } from '../protocol/answer.js';

/** One client allowed in, with its credentials already read from files when configured so. */
export interface BasicAuthClient {
  user: string;
  password: string;
}

export interface BasicAuthConfig {
  realm: string;
  clients: BasicAuthClient[];
}

/** The agent's realm when the configuration names none. */
export const AGENT_DEFAULT_REALM = 'kea-control-agent';

/**
 * Reads a credential file as Kea does: the first white-space separated word, so a trailing
 * newline from an editor does not become part of the password.
 */
function readCredentialFile(directory: string, file: string): string {
  const path = isAbsolute(file) || directory === '' ? file : join(directory, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(
      `cannot read '${path}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return text.trim().split(/\s+/)[0] ?? '';
}

/**
 * Checks an `authentication` map (type basic, realm, directory, clients with user / password
 * or user-file / password-file, or a password-file holding `user:password`). Returns the
 * config or the problems, each prefixed with its JSON path.
 */
export function parseBasicAuth(
  value: JsonValue,
  where: string,
  defaultRealm: string,
): { ok: true; config: BasicAuthConfig } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (!isJsonObject(value)) return { ok: false, problems: [`${where}: must be a map`] };
  for (const key of Object.keys(value)) {
    if (!['type', 'realm', 'directory', 'clients', 'user-context', 'comment'].includes(key)) {
      problems.push(`${where}.${key}: unsupported parameter`);
    }
  }
  const type = value.type ?? 'basic';
  if (type !== 'basic')
    problems.push(`${where}.type: unsupported authentication type '${String(type)}' (only 'basic')`);
  const realm = value.realm ?? defaultRealm;
  if (typeof realm !== 'string') problems.push(`${where}.realm: must be a string`);
  const directory = value.directory ?? '';
  if (typeof directory !== 'string') problems.push(`${where}.directory: must be a string`);
  const list = value.clients ?? [];
  if (!Array.isArray(list)) problems.push(`${where}.clients: must be a list`);
  const clients: BasicAuthClient[] = [];
  if (Array.isArray(list) && typeof directory === 'string') {
    list.forEach((entry, i) => {
      const at = `${where}.clients[${i}]`;
      try {
        clients.push(parseClient(entry, directory));
      } catch (err) {
        problems.push(`${at}: ${(err as Error).message}`);
      }
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { realm: realm as string, clients } };
}

function parseClient(entry: JsonValue, directory: string): BasicAuthClient {
  if (!isJsonObject(entry)) throw new Error('must be a map');
  for (const key of Object.keys(entry)) {
    if (!['user', 'password', 'user-file', 'password-file', 'user-context', 'comment'].includes(key)) {
      throw new Error(`unsupported parameter '${key}'`);
    }
  }
  const text = (key: string): string | undefined => {
    const v = entry[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new Error(`${key} must be a string`);
    return v;
  };
  let user = text('user');
  const userFile = text('user-file');
  let password = text('password');
  const passwordFile = text('password-file');
  if (user !== undefined && userFile !== undefined)
    throw new Error('user and user-file are mutually exclusive');
  if (password !== undefined && passwordFile !== undefined) {
    throw new Error('password and password-file are mutually exclusive');
  }
  if (userFile !== undefined) user = readCredentialFile(directory, userFile);
  if (passwordFile !== undefined) {
    const secret = readCredentialFile(directory, passwordFile);
    if (user === undefined) {
      // A password file alone holds "user:password".
      const colon = secret.indexOf(':');
      if (colon < 0)
        throw new Error(`password-file '${passwordFile}' holds no 'user:password' and no user is given`);
      user = secret.slice(0, colon);
      password = secret.slice(colon + 1);
    } else {
      password = secret;
    }
  }
  if (user === undefined) throw new Error('user is required');
  if (user === '') throw new Error('user must not be empty');
  if (user.includes(':')) throw new Error(`user must not contain a ':': '${user}'`);
  return { user, password: password ?? '' };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The user an `Authorization: Basic ...` header proves, or undefined when it proves none.
 * Every client is compared, in constant time per comparison.
 */
export function authenticate(config: BasicAuthConfig, header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  let found: string | undefined;
  for (const client of config.clients) {
    const userMatches = sameText(client.user, user);
    const passwordMatches = sameText(client.password, password);
    if (userMatches && passwordMatches && found === undefined) found = client.user;
  }
  return found;
}
