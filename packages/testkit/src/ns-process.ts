import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { TestkitError, tail } from './errors.js';
import { isAlive, stopPids } from './pids.js';
import { waitUntil } from './wait.js';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A program started inside a network namespace (through `ip netns exec`, which execs it, so the
 * pid is the program's own). Its stdout and stderr go straight to a log file rather than a pipe:
 * daemons that fork (dhclient) would otherwise hold the pipe open, and the file survives for a
 * look after a failure. Exit is tracked with the 'exit' event, not stream closure.
 */
export class NsProcess {
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  private status: ExitStatus | undefined;

  constructor(
    readonly label: string,
    readonly namespace: string,
    readonly argv: readonly string[],
    readonly logPath: string,
    env: NodeJS.ProcessEnv = {},
  ) {
    const fd = openSync(logPath, 'a');
    try {
      const child = spawn('ip', ['netns', 'exec', namespace, ...argv], {
        env: { ...process.env, ...env },
        stdio: ['ignore', fd, fd],
      });
      if (child.pid === undefined) {
        // spawn of `ip` itself failed synchronously (ENOENT): report it as a typed error
        throw new TestkitError('COMMAND_FAILED', `could not start ${label}: ip not found`);
      }
      this.pid = child.pid;
      this.exited = new Promise((resolve) => {
        child.on('exit', (code, signal) => {
          this.status = { code, signal };
          resolve(this.status);
        });
      });
      child.on('error', () => {
        /* reported through 'exit' */
      });
    } finally {
      closeSync(fd);
    }
  }

  get running(): boolean {
    return this.status === undefined && isAlive(this.pid);
  }

  get exitStatus(): ExitStatus | undefined {
    return this.status;
  }

  /** Everything the program printed so far. */
  output(): string {
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  /** Sends a signal by pid if the program still runs. */
  signal(sig: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(this.pid, sig);
    } catch {
      // gone in between
    }
  }

  /** Waits (bounded) for output matching `pattern`; fails at once if the program exits first. */
  async waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    return waitUntil(() => pattern.exec(this.output()) ?? undefined, {
      timeoutMs,
      what: `${this.label} to print ${pattern}`,
      abortIf: () => (this.running ? undefined : `${this.label} exited; output:\n${tail(this.output())}`),
    });
  }

  /** Waits (bounded) for the program to exit by itself; on timeout stops it and throws TIMEOUT. */
  async waitForExit(timeoutMs: number): Promise<ExitStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      await this.stop(1_000);
      throw new TestkitError('TIMEOUT', `${this.label} did not finish within ${timeoutMs} ms; stopped it`);
    }
    return result;
  }

  /** Stops the program by pid: SIGTERM, bounded wait, SIGKILL. Resolves when it is gone. */
  async stop(graceMs = 5_000): Promise<ExitStatus | undefined> {
    if (this.status) return this.status;
    await stopPids([this.pid], graceMs);
    // the 'exit' event follows the reap within a tick or two; do not wait forever for it
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 1_000))]);
    return this.status;
  }
}
