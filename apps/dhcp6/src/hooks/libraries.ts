import { dirname } from 'node:path';
import type { JsonValue } from '@nestor/control';
import { HookLibraryError, HooksManager, type LibrarySpec } from '@nestor/hooks';
import { leaseCmdsLibrary } from './builtin/lease-cmds.js';
import { statCmdsLibrary } from './builtin/stat-cmds.js';
import { DHCP6_HOOK_POINTS } from './points.js';
import type { Dhcp6ServerApi } from './server-api.js';

/** kea-dhcp6's built-in libraries, loaded before the configured ones. */
export const DHCP6_BUILTIN_LIBRARIES = [leaseCmdsLibrary, statCmdsLibrary];

/** Kea's C++ libraries that stand for a built-in one. */
export const DHCP6_KEA_BUILTINS: Readonly<Record<string, string>> = {
  'libdhcp_lease_cmds.so': 'lease_cmds',
  'libdhcp_stat_cmds.so': 'stat_cmds',
};

/** The `hooks-libraries` of a Dhcp6 section (checked by the schema: a list of {library, parameters}). */
export function librarySpecs(section: { [key: string]: JsonValue }): LibrarySpec[] {
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

/** A library problem as a configuration problem: its JSON path under Dhcp6, and the message. */
export function libraryProblems(err: unknown): string[] | undefined {
  if (!(err instanceof HookLibraryError)) return undefined;
  return err.problems.map((p) => `Dhcp6.hooks-libraries[${p.index}].${p.field}: ${p.message}`);
}

/**
 * Checks a section's libraries as -t, config-test and config-set must (Kea's -t opens them too):
 * every problem, as configuration problems; an empty list when they would load.
 */
export async function checkLibraries(
  section: { [key: string]: JsonValue },
  configFile: string,
): Promise<string[]> {
  const silent = { error() {}, warn() {}, info() {}, debug() {} };
  const checker = new HooksManager<Dhcp6ServerApi>({
    daemon: 'kea-dhcp6',
    hookPoints: DHCP6_HOOK_POINTS,
    server: undefined as never,
    log: silent,
    logger: () => silent,
    commands: { register() {}, unregister: () => false, has: () => false },
    keaBuiltins: DHCP6_KEA_BUILTINS,
  });
  try {
    await checker.prepare(librarySpecs(section), libraryBaseDir(configFile));
    return [];
  } catch (err) {
    const problems = libraryProblems(err);
    if (problems) return problems;
    throw err;
  }
}
