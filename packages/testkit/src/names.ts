import { TestkitError } from './errors.js';

/** Linux interface names are at most 15 bytes (IFNAMSIZ - 1). */
const INTERFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
/** Namespace names become file names under /run/netns; the kit keeps them short and plain. */
const NAMESPACE_PART = /^[a-z0-9][a-z0-9-]{0,23}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

export function checkInterfaceName(name: string): string {
  if (!INTERFACE_NAME.test(name))
    throw new TestkitError(
      'BAD_INPUT',
      `bad interface name ${JSON.stringify(name)} (1-15 of [A-Za-z0-9_.-])`,
    );
  return name;
}

export function checkNamePart(part: string, what: string): string {
  if (!NAMESPACE_PART.test(part))
    throw new TestkitError('BAD_INPUT', `bad ${what} ${JSON.stringify(part)} (1-24 of [a-z0-9-])`);
  return part;
}

export function checkMac(mac: string): string {
  if (!MAC.test(mac)) throw new TestkitError('BAD_INPUT', `bad MAC address ${JSON.stringify(mac)}`);
  return mac.toLowerCase();
}

/** Every namespace the kit makes starts with this, then the run id. */
export const NAMESPACE_PREFIX = 'nst-';

/**
 * The run id groups the namespaces of one test run (all workers of one `vitest run`), so a final
 * check can find any left behind. A global setup exports NESTOR_NETNS_RUN; otherwise each
 * process is its own run.
 */
export function currentRunId(): string {
  const fromEnv = process.env['NESTOR_NETNS_RUN'];
  if (fromEnv !== undefined && fromEnv !== '') return checkNamePart(fromEnv, 'run id');
  return process.pid.toString(36);
}

/** A fresh random run id (6 base-36 characters). */
export function newRunId(): string {
  return Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
}

/** The prefix shared by every namespace of a run: what a leftover check looks for. */
export function runNamespacePrefix(runId: string = currentRunId()): string {
  return `${NAMESPACE_PREFIX}${checkNamePart(runId, 'run id')}-`;
}
