import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this module lives in packages/testkit/dist or src). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The repository's bin/ folder, where every Nestor program is launched from. */
export const binDir = join(repoRoot, 'bin');
export const binPath = (name: string): string => join(binDir, name);

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to completion (bounded by `timeoutMs`, then SIGKILL by pid). `input` is written
 * to its stdin, which is then closed; without it stdin is /dev/null.
 */
export function runToEnd(
  program: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 15_000,
  input?: string,
): Promise<Finished> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, {
      env: { ...process.env, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    // A program that exits without reading all of its input must not fail the run (EPIPE).
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** A daemon started in the background, with its output collected for assertions. */
export class RunningProgram {
  output = '';
  readonly exited: Promise<Finished>;
  private readonly child: ChildProcess;
  private stdout = '';
  private stderr = '';

  constructor(program: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => {
      this.stdout += d;
      this.output += d;
    });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d;
      this.output += d;
    });
    this.exited = new Promise((resolvePromise) => {
      this.child.on('close', (code, signal) =>
        resolvePromise({ code, signal, stdout: this.stdout, stderr: this.stderr }),
      );
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) process.kill(this.pid, signal);
  }

  /** Waits until `check` holds for the output so far (polled), or fails after `timeoutMs`. */
  async waitFor(check: RegExp | ((output: string) => boolean), timeoutMs = 10_000): Promise<void> {
    const test = typeof check === 'function' ? check : (o: string) => check.test(o);
    const deadline = Date.now() + timeoutMs;
    while (!test(this.output)) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${check}; output so far:\n${this.output}`);
      if (!this.running)
        throw new Error(`process exited while waiting for ${check}; output:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Stops the process by pid (SIGTERM, then SIGKILL after `graceMs`) and waits for it. */
  async stop(graceMs = 5_000): Promise<Finished> {
    if (this.running) {
      this.signal('SIGTERM');
      const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
      const finished = await this.exited;
      clearTimeout(timer);
      return finished;
    }
    return this.exited;
  }
}
