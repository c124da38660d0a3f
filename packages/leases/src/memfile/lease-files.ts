/**
 * The files around one lease file, named as Kea names them, and the facts the server and the
 * cleaner need about them.
 */
import { readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';

export interface LeaseFileSet {
  /** The file the server appends to. */
  readonly current: string;
  /** `.2`: the result of the previous cleanup. */
  readonly previous: string;
  /** `.1`: the server's file moved aside for the cleanup. */
  readonly copy: string;
  /** `.output`: the cleanup's file while it is being written. */
  readonly output: string;
  /** `.completed`: the cleanup's finished file, before it becomes `.2`. */
  readonly finish: string;
  /** `.pid`: the running cleanup's pid file. */
  readonly pid: string;
}

/** Kea's default lease file when the configuration names none: `<data-directory>/kea-leases6.csv`. */
export function defaultLeaseFile(dataDirectory: string): string {
  return join(dataDirectory, 'kea-leases6.csv');
}

export function leaseFileSet(name: string): LeaseFileSet {
  return {
    current: name,
    previous: `${name}.2`,
    copy: `${name}.1`,
    output: `${name}.output`,
    finish: `${name}.completed`,
    pid: `${name}.pid`,
  };
}

/**
 * The arguments the server starts kea-lfc with (Kea passes a configuration path the cleaner
 * does not read).
 */
export function cleanupArguments(name: string, configFile = 'ignored-path'): string[] {
  const files = leaseFileSet(name);
  return [
    '-6',
    '-x',
    files.previous,
    '-i',
    files.copy,
    '-o',
    files.output,
    '-f',
    files.finish,
    '-p',
    files.pid,
    '-c',
    configFile,
  ];
}

/** Does the pid file name a live process? (EPERM: alive, but someone else's.) */
export function pidFileNamesLiveProcess(pidFile: string): boolean {
  let text: string;
  try {
    text = readFileSync(pidFile, 'utf8');
  } catch {
    return false;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
