/**
 * Nestor's run_script hook library: Kea 2.2's libdhcp_run_script.so for kea-dhcp6, in
 * JavaScript. On each of Kea's lease events (lease6_renew, lease6_rebind, lease6_expire,
 * lease6_recover, leases6_committed, lease6_release, lease6_decline) it starts the script named
 * by the `name` parameter with the hook point's name as its only argument and Kea's variables
 * (QUERY6_*, LEASE6_*, LEASES6_*, DELETED_LEASES6_*, PKT6_IA_*, REMOVE_LEASE) as its whole
 * environment, and does not wait for it (Kea 2.2 parses `sync` but always runs asynchronously;
 * so does this library). A script that fails is logged (RUN_SCRIPT_FAILED) and counted in the
 * server's `run-script-failed` statistic.
 *
 * Load it by path (hooks-libraries: {"library": ".../hooks/run-script/dist/index.js",
 * "parameters": {"name": "/path/to/script.sh"}}), or keep Kea's libdhcp_run_script.so entry:
 * Nestor loads this library in its place, with the same parameters.
 */
import { asProcessEnv } from './environment.js';
import { type ArgumentSource, environmentFor, RUN_SCRIPT_EVENTS } from './events.js';
import { checkExecutable, runScript } from './script.js';

export { asProcessEnv, type Environment } from './environment.js';
export { environmentFor, RUN_SCRIPT_EVENTS } from './events.js';

/** The part of Nestor's LibraryHandle this library uses. */
interface Handle {
  getParameter(name: string): unknown;
  logger(name?: string): Logger;
  registerCallout(hook: string, callout: (h: Callout) => unknown): void;
  readonly server?: { statistics?: { add(name: string, delta?: number): void } };
}
interface Logger {
  error(id: string, text: string): void;
  info(id: string, text: string): void;
  debug(level: number, id: string, text: string): void;
}
interface Callout extends ArgumentSource {
  getStatus(): number;
}

/** Kea's next steps that mean "nothing happens here": SKIP (1) and DROP (2). */
const SKIP = 1;
const DROP = 2;

/** Nestor's own statistic of scripts that could not run or failed (Kea keeps none). */
export const FAILED_STATISTIC = 'run-script-failed';

export function version(): number {
  return 20200;
}

export function multi_threading_compatible(): number {
  return 1;
}

let log: Logger | undefined;

export function load(handle: Handle): number {
  log = handle.logger('run-script-hooks');
  const logger = log;
  try {
    const name = handle.getParameter('name');
    if (name === undefined) throw new Error("The 'name' parameter is mandatory");
    if (typeof name !== 'string') throw new Error("The 'name' parameter must be a string");
    try {
      checkExecutable(name);
    } catch (err) {
      throw new Error(`Invalid 'name' parameter: ${(err as Error).message}`);
    }
    const sync = handle.getParameter('sync');
    if (sync !== undefined && typeof sync !== 'boolean')
      throw new Error("The 'sync' parameter must be a boolean");
    // The server's statistics are asked for when a run fails: they follow the server's state.
    const server = handle.server;
    const report = {
      failed(text: string) {
        logger.error('RUN_SCRIPT_FAILED', text);
        server?.statistics?.add(FAILED_STATISTIC);
      },
    };
    for (const hook of Object.keys(RUN_SCRIPT_EVENTS))
      handle.registerCallout(hook, (h) => {
        // As Kea's callouts: an earlier library's SKIP or DROP means the event did not happen.
        const status = h.getStatus();
        if (status === SKIP || status === DROP) return 0;
        logger.debug(50, 'RUN_SCRIPT_RUN', `running ${name} ${hook}`);
        runScript(name, hook, asProcessEnv(environmentFor(hook, h)), report);
        return 0;
      });
  } catch (err) {
    logger.error('RUN_SCRIPT_LOAD_ERROR', `Run Script hooks library failed: ${(err as Error).message}`);
    throw err;
  }
  logger.info('RUN_SCRIPT_LOAD', 'Run Script hooks library has been loaded');
  return 0;
}

export function unload(): number {
  log?.info('RUN_SCRIPT_UNLOAD', 'Run Script hooks library has been unloaded');
  log = undefined;
  return 0;
}
