import { readFileSync, readlinkSync } from 'node:fs';
import { sleep } from './wait.js';

/**
 * True while `pid` exists and is not a zombie. A killed child of ours stays a zombie until
 * Node reaps it, and `kill -0` would still say it exists, so read its state from /proc.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) S ..." where comm may itself contain spaces and parentheses
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== '' && state !== 'Z' && state !== 'X';
}

/** The network namespace inode of a process ("net:[4026532301]" -> 4026532301), or undefined. */
export function netnsInodeOf(pid: number): number | undefined {
  try {
    const match = /^net:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/ns/net`));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a pid file: the first decimal number in it, or undefined when absent or empty. */
export function readPidFile(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const match = /\d+/.exec(text);
  const pid = match ? Number(match[0]) : Number.NaN;
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone (ESRCH): nothing to stop
  }
}

/**
 * Stops processes by pid: SIGTERM to each live one, a bounded wait for them all to go, then
 * SIGKILL to the survivors and another bounded wait. Returns the pids still alive at the end
 * (empty when everything stopped), so the caller can report rather than hang.
 */
export async function stopPids(pids: readonly number[], graceMs = 5_000): Promise<number[]> {
  const live = () => pids.filter(isAlive);
  if (live().length === 0) return [];
  for (const pid of live()) signal(pid, 'SIGTERM');
  const termDeadline = Date.now() + graceMs;
  while (live().length > 0 && Date.now() < termDeadline) await sleep(50);
  for (const pid of live()) signal(pid, 'SIGKILL');
  const killDeadline = Date.now() + 2_000;
  while (live().length > 0 && Date.now() < killDeadline) await sleep(25);
  return live();
}
