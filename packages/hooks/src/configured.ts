import { dirname } from 'node:path';
import type { JsonValue } from '@nestor/control';
import type { LibrarySpec } from './library.js';
import { HookLibraryError, HooksManager } from './manager.js';

/** A daemon's configuration section (Dhcp6, DhcpDdns), as written. */
export type ConfigSection = { [key: string]: JsonValue };

/** The `hooks-libraries` of a section (the schema has checked it: a list of {library, parameters}). */
export function librarySpecs(section: ConfigSection): LibrarySpec[] {
  const list = section['hooks-libraries'];
  if (!Array.isArray(list)) return [];
  return list.map((entry) => {
    const e = entry as { library: string; parameters?: { [key: string]: JsonValue } };
    return { library: e.library, ...(e.parameters !== undefined ? { parameters: e.parameters } : {}) };
  });
}

/** Where relative library paths are taken from: the configuration file's directory. */
export function libraryBaseDir(configFile: string): string {
  return dirname(configFile);
}

/** Library problems as configuration problems: their JSON path under `section` (Dhcp6...), and the message. */
export function libraryProblems(section: string, err: unknown): string[] | undefined {
  if (!(err instanceof HookLibraryError)) return undefined;
  return err.problems.map((p) => `${section}.hooks-libraries[${p.index}].${p.field}: ${p.message}`);
}

/** What a daemon's library check needs to know of it. */
export interface LibraryCheck {
  daemon: string;
  /** The section's name (Dhcp6, DhcpDdns), for the problems' paths. */
  section: string;
  hookPoints: readonly string[];
  keaBuiltins?: Readonly<Record<string, string>>;
}

/**
 * Checks a section's libraries as -t, config-test and config-set must (Kea's -t opens them too):
 * every problem, as configuration problems; an empty list when they would load. Nothing is
 * loaded: a library whose load() would fail shows at start or config-set.
 */
export async function checkLibraries(
  check: LibraryCheck,
  section: ConfigSection,
  configFile: string,
): Promise<string[]> {
  const silent = { error() {}, warn() {}, info() {}, debug() {} };
  const checker = new HooksManager<never>({
    daemon: check.daemon,
    hookPoints: check.hookPoints,
    server: undefined as never,
    log: silent,
    logger: () => silent,
    commands: { register() {}, unregister: () => false, has: () => false },
    ...(check.keaBuiltins ? { keaBuiltins: check.keaBuiltins } : {}),
  });
  try {
    await checker.prepare(librarySpecs(section), libraryBaseDir(configFile));
    return [];
  } catch (err) {
    const problems = libraryProblems(check.section, err);
    if (problems) return problems;
    throw err;
  }
}

/** A manager with no library, for daemons and tests that run without any. */
export function noHooks<Server>(daemon: string, hookPoints: readonly string[]): HooksManager<Server> {
  const silent = { error() {}, warn() {}, info() {}, debug() {} };
  return new HooksManager<Server>({
    daemon,
    hookPoints,
    server: undefined as never,
    log: silent,
    logger: () => silent,
    commands: { register() {}, unregister: () => false, has: () => false },
  });
}
