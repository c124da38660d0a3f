import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { installPrefix } from './paths.js';

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Nestor's release version, from the root package.json. */
export function nestorVersion(): string {
  const version = readJson(join(installPrefix, 'package.json'))?.version;
  return typeof version === 'string' ? version : 'unknown';
}

/**
 * The installed version of a dependency, resolved from the module that depends on it
 * (pass its import.meta.url), or "not installed".
 */
export function dependencyVersion(name: string, fromUrl: string): string {
  const require = createRequire(fromUrl);
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return 'not installed';
  }
  // Walk up from the entry point to the package's own package.json.
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = readJson(join(dir, 'package.json'));
    if (pkg?.name === name && typeof pkg.version === 'string') return pkg.version;
  }
  return 'unknown';
}

/** Lines of `-V` common to every daemon: the runtime and the logging library. */
export function runtimeVersionLines(): string[] {
  return [`Node.js ${process.version}`, `pino ${dependencyVersion('pino', import.meta.url)}`];
}

/** `-V` (and version-get's `extended`): the version, then what this daemon is linked with. */
export function extendedVersionText(extra: readonly string[] = []): string {
  return [nestorVersion(), 'nestor', 'linked with:', ...runtimeVersionLines(), ...extra].join('\n');
}

/** `-W`: how this copy was built and where it looks for its files. */
export function buildReport(extra: readonly string[] = []): string {
  const lines = [
    'Nestor build report',
    '',
    `Version:        ${nestorVersion()}`,
    `Install prefix: ${installPrefix}`,
    `Runtime:        Node.js ${process.version} (${process.platform}/${process.arch})`,
    `V8:             ${process.versions.v8}`,
    `OpenSSL:        ${process.versions.openssl}`,
    ...extra,
  ];
  return `${lines.join('\n')}\n`;
}
