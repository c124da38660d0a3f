import type { JsonValue } from '@nestor/control';
import {
  checkLibraries as checkSectionLibraries,
  libraryProblems as sectionLibraryProblems,
} from '@nestor/hooks';
import { hostCmdsLibrary } from './builtin/host-cmds.js';
import { leaseCmdsLibrary } from './builtin/lease-cmds.js';
import { statCmdsLibrary } from './builtin/stat-cmds.js';
import { DHCP6_HOOK_POINTS } from './points.js';

export { libraryBaseDir, librarySpecs } from '@nestor/hooks';

/** kea-dhcp6's built-in libraries, loaded before the configured ones. */
export const DHCP6_BUILTIN_LIBRARIES = [leaseCmdsLibrary, statCmdsLibrary, hostCmdsLibrary];

/** Kea's C++ libraries that stand for a built-in one. */
export const DHCP6_KEA_BUILTINS: Readonly<Record<string, string>> = {
  'libdhcp_lease_cmds.so': 'lease_cmds',
  'libdhcp_stat_cmds.so': 'stat_cmds',
  'libdhcp_host_cmds.so': 'host_cmds',
};

/** A library problem as a configuration problem: its JSON path under Dhcp6, and the message. */
export function libraryProblems(err: unknown): string[] | undefined {
  return sectionLibraryProblems('Dhcp6', err);
}

/** Checks a Dhcp6 section's libraries as -t, config-test and config-set must (@nestor/hooks). */
export function checkLibraries(section: { [key: string]: JsonValue }, configFile: string): Promise<string[]> {
  return checkSectionLibraries(
    { daemon: 'kea-dhcp6', section: 'Dhcp6', hookPoints: DHCP6_HOOK_POINTS, keaBuiltins: DHCP6_KEA_BUILTINS },
    section,
    configFile,
  );
}
