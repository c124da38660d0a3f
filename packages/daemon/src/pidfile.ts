import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Is a process with this pid alive? EPERM means it exists but belongs to someone else. A zombie
 * (exited, not yet reaped: common where pid 1 does not reap) is not alive.
 */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/**
 * The pid file that stops a second copy of a daemon from running on the same configuration.
 * A file naming a live process other than ours refuses the start; a stale one is taken over.
 */
export class PidFile {
  constructor(readonly path: string) {}

  /** The pid of a live process named by the file, or undefined when there is none (or it is us). */
  livePid(): number | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return undefined;
    }
    const pid = Number.parseInt(text.trim(), 10);
    if (pid === process.pid) return undefined;
    return processIsAlive(pid) ? pid : undefined;
  }

  /** Writes our pid atomically (temporary file + rename), creating the directory when missing. */
  write(pid: number = process.pid): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o750 });
    const temporary = `${this.path}.${pid}.tmp`;
    writeFileSync(temporary, `${pid}\n`, { mode: 0o644 });
    renameSync(temporary, this.path);
  }

  /** Removes the file if it still names us; a successor's file is left alone. */
  remove(pid: number = process.pid): void {
    try {
      if (Number.parseInt(readFileSync(this.path, 'utf8').trim(), 10) !== pid) return;
      rmSync(this.path, { force: true });
    } catch {
      // Already gone: nothing to do.
    }
  }
}
