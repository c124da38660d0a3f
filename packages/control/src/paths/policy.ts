import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ControlError } from '../errors.js';

/** The kinds of files a daemon creates on its configuration's say-so. */
export type PathKind = 'socket' | 'log' | 'data' | 'config';

/** The environment variables that move each directory, as Kea 2.6.3+ reads them. */
export const PATH_ENVIRONMENT: Record<Exclude<PathKind, 'config'>, string> = {
  socket: 'KEA_CONTROL_SOCKET_DIR',
  log: 'KEA_LOG_FILE_DIR',
  data: 'KEA_DHCP_DATA_DIR',
};

export interface PathPolicyOptions {
  /** The configuration file the daemon was started with (`-c`). */
  configFile: string;
  /** Compiled-in directories (the daemon's `defaultDirectories()`). */
  defaults: { socket: string; log: string; data: string };
  env?: NodeJS.ProcessEnv;
}

/** Resolves a directory through symlinks when it exists, so `/a/../b` and links compare equal. */
function canonicalDirectory(dir: string): string {
  const absolute = resolve(dir);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/**
 * No file name holds a NUL byte: the system calls would stop reading there, so Node refuses
 * such a path with a TypeError; it is refused here first, in the policy's own words.
 */
function refuseNul(path: string): void {
  if (path.includes('\0')) {
    throw new ControlError(
      'path-not-allowed',
      `path: '${path.replaceAll('\0', '\\0')}' contains a NUL character`,
    );
  }
}

/**
 * Where a daemon may create files: the hardening of Kea's 2025 fixes (CVE-2025-32801/32803).
 * Each kind has its directory (the environment variable, else the compiled-in default; the
 * configuration file's own directory for configs), plus the directories the operator's
 * configuration file named at start-up. Once sealed after start-up, nothing a command sends
 * (config-set, config-write, config-reload) can add to them.
 */
export class PathPolicy {
  readonly configFile: string;
  private readonly primary: Record<PathKind, string>;
  private readonly allowed: Record<PathKind, Set<string>>;
  private isSealed = false;

  constructor(options: PathPolicyOptions) {
    const env = options.env ?? process.env;
    const pick = (kind: Exclude<PathKind, 'config'>): string => {
      const fromEnv = env[PATH_ENVIRONMENT[kind]];
      return resolve(fromEnv !== undefined && fromEnv !== '' ? fromEnv : options.defaults[kind]);
    };
    this.configFile = resolve(options.configFile);
    this.primary = {
      socket: pick('socket'),
      log: pick('log'),
      data: pick('data'),
      config: dirname(this.configFile),
    };
    this.allowed = {
      socket: new Set([canonicalDirectory(this.primary.socket)]),
      log: new Set([canonicalDirectory(this.primary.log)]),
      data: new Set([canonicalDirectory(this.primary.data)]),
      config: new Set([canonicalDirectory(this.primary.config)]),
    };
  }

  get sealed(): boolean {
    return this.isSealed;
  }

  /** The directory a bare file name of this kind lands in. */
  directory(kind: PathKind): string {
    return this.primary[kind];
  }

  /** Every directory a file of this kind may be created in. */
  directories(kind: PathKind): string[] {
    return [...this.allowed[kind]];
  }

  /**
   * Start-up only: accepts the directory of a path the start-up configuration file names
   * (the operator wrote it and passed it with -c). Ignored once sealed.
   */
  trust(kind: PathKind, path: string): void {
    if (this.isSealed) return;
    const trimmed = path.trim();
    if (trimmed === '' || !trimmed.includes('/')) return;
    this.allowed[kind].add(canonicalDirectory(dirname(resolve(trimmed))));
  }

  /** Ends start-up: from now on only the directories known so far are accepted. */
  seal(): void {
    this.isSealed = true;
  }

  /** The reason a path is refused, or undefined when it is allowed. */
  problem(kind: PathKind, path: string): string | undefined {
    try {
      this.resolve(kind, path);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /**
   * The absolute path to create: a bare name goes into the kind's directory; a path with a
   * directory must sit directly in an allowed one. Throws ControlError('path-not-allowed').
   */
  resolve(kind: PathKind, path: string): string {
    const trimmed = path.trim();
    refuseNul(trimmed);
    if (trimmed === '' || trimmed.endsWith('/') || basename(trimmed) === '.' || basename(trimmed) === '..') {
      throw new ControlError('path-not-allowed', `path: '${trimmed}' has no filename`);
    }
    if (!trimmed.includes('/')) return join(this.primary[kind], trimmed);
    const absolute = resolve(trimmed);
    const parent = dirname(absolute);
    if (!this.allowed[kind].has(canonicalDirectory(parent))) {
      throw new ControlError(
        'path-not-allowed',
        `invalid path specified: '${parent}', supported path is '${this.directories(kind).join("' or '")}'`,
      );
    }
    return absolute;
  }

  /** A directory setting (such as data-directory) must be one of the allowed directories. */
  resolveDirectory(kind: PathKind, dir: string): string {
    refuseNul(dir);
    const absolute = resolve(this.primary[kind], dir.trim());
    if (!this.allowed[kind].has(canonicalDirectory(absolute))) {
      throw new ControlError(
        'path-not-allowed',
        `invalid path specified: '${absolute}', supported path is '${this.directories(kind).join("' or '")}'`,
      );
    }
    return absolute;
  }

  /**
   * config-write's target: the configuration file itself by default, else a file in the
   * configuration file's directory (a bare name is put there), as Kea's checkWriteConfigFile.
   */
  resolveConfigWrite(filename: string | undefined): string {
    if (filename === undefined || filename.trim() === '') return this.configFile;
    return this.resolve('config', filename);
  }
}

/**
 * Files this process creates are never group- or world-writable, and others get no access:
 * adds 027 to the umask (Kea's setUmask), keeping any stricter bits already set.
 */
export function restrictUmask(): number {
  const current = process.umask();
  process.umask(current | 0o027);
  return current | 0o027;
}
