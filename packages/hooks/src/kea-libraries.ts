import { createRequire } from 'node:module';
import { basename } from 'node:path';

/** What Nestor does with a Kea C++ hook library named in a configuration. */
export type KeaLibraryVerdict =
  /** Nestor has it built in: the entry is accepted and stands for the built-in library. */
  | { kind: 'builtin'; builtin: string }
  /** Nestor ships a JavaScript library in its place: loaded from `path` with the entry's parameters. */
  | { kind: 'shipped'; builtin: string; path: string }
  /** Nestor has no equivalent: the configuration is refused with this message. */
  | { kind: 'refused'; message: string };

/** A Kea library: its file name as Debian and ISC ship it, and what Nestor makes of it. */
export interface KeaLibraryRule {
  /** Built-in library name it maps to. */
  builtin?: string;
  /** A library shipped with Nestor that takes its place: its name and its package. */
  shipped?: { name: string; module: string };
  /** Otherwise, what Nestor offers instead (appended to the refusal). */
  instead?: string;
}

const WRITING_A_HOOK = "write a JavaScript hook library instead (README, 'Writing a hook')";

/**
 * Kea's hook libraries by file name (any directory: /usr/lib/x86_64-linux-gnu/kea/hooks,
 * /opt/lib/kea/hooks, ...), for every daemon. A daemon passes the names it has built in.
 */
const KEA_LIBRARIES: Record<string, KeaLibraryRule> = {
  'libdhcp_lease_cmds.so': { instead: 'the lease commands are built in' },
  'libdhcp_stat_cmds.so': { instead: 'stat-lease6-get is built in' },
  'libdhcp_host_cmds.so': {
    instead: 'the reservation commands are not available yet (they come with the host database backends)',
  },
  'libdhcp_run_script.so': { shipped: { name: 'run_script', module: '@nestor/hook-run-script' } },
  'libdhcp_ha.so': {
    instead:
      'there is no high-availability hook: run several servers on one MySQL or PostgreSQL lease database',
  },
  'libdhcp_flex_option.so': { instead: `there is no flex_option yet: ${WRITING_A_HOOK}` },
  'libdhcp_flex_id.so': { instead: `there is no flex_id: ${WRITING_A_HOOK}` },
  'libdhcp_bootp.so': { instead: 'BOOTP is DHCPv4 only' },
  'libdhcp_mysql_cb.so': { instead: 'configuration backends are not supported' },
  'libdhcp_pgsql_cb.so': { instead: 'configuration backends are not supported' },
  'libdhcp_cb_cmds.so': { instead: 'configuration backends are not supported' },
  'libddns_gss_tsig.so': { instead: 'GSS-TSIG is not supported; TSIG keys are' },
  'libca_rbac.so': { instead: 'role-based access control is not supported; basic authentication is' },
};

/** Whether a `library` names a Kea C++ library (a shared object) rather than a JavaScript module. */
export function isSharedObject(library: string): boolean {
  return /\.so(\.\d+)*$/.test(library);
}

/** Where a library shipped with Nestor lies (a workspace package this one depends on). */
function shippedPath(module: string): string {
  // require.resolve follows the package's "exports" ("default" condition) as import would.
  return createRequire(import.meta.url).resolve(module);
}

/**
 * What becomes of a Kea C++ library in this daemon: mapped to one of `builtins` (the daemon's
 * built-in libraries, by Kea file name), or refused with a message that names it and says what
 * Nestor offers instead.
 */
export function keaLibraryVerdict(
  library: string,
  builtins: Readonly<Record<string, string>>,
): KeaLibraryVerdict {
  const file = basename(library).replace(/\.so(\.\d+)*$/, '.so');
  const builtin = builtins[file];
  if (builtin) return { kind: 'builtin', builtin };
  const rule = KEA_LIBRARIES[file];
  if (rule?.shipped)
    return { kind: 'shipped', builtin: rule.shipped.name, path: shippedPath(rule.shipped.module) };
  const what = `${library} is a Kea C++ hook library, which Nestor cannot load (it loads JavaScript hook libraries, .js or .mjs)`;
  return {
    kind: 'refused',
    message: rule?.instead ? `${what}: ${rule.instead}` : `${what}; ${WRITING_A_HOOK}`,
  };
}
