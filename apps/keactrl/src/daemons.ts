import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pidFilePath, processIsAlive } from '@nestor/daemon';
import type { ServerEntry } from './servers.js';

/**
 * Is this process running? A zombie (exited, not yet reaped: what a daemon becomes when its
 * parent is gone and nothing reaps it) is not.
 */
export function isRunning(pid: number): boolean {
  if (!processIsAlive(pid)) return false;
  try {
    // /proc/<pid>/stat: "pid (comm) S ...": the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

export interface PidInfo {
  pidFile: string;
  /** The pid the file names, when it names a running process. */
  pid: number | undefined;
}

/** The daemon's pid file (as the daemon names it) and the running process it names, if any. */
export function runningPid(server: ServerEntry, env: NodeJS.ProcessEnv = process.env): PidInfo {
  const pidFile = pidFilePath(server.configFile, server.processName, env);
  let pid: number | undefined;
  try {
    const value = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
    if (Number.isInteger(value) && value > 0 && isRunning(value)) pid = value;
  } catch {
    pid = undefined;
  }
  return { pidFile, pid };
}

export async function waitFor(check: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

export type StartOutcome = { ok: true; pid: number } | { ok: false; reason: string };

/** How long a daemon may take to write its pid file after being started. */
export const START_WAIT_MS = 15_000;
/** How long a daemon may take to stop after SIGTERM (its own graceful stop is bounded at 10 s). */
export const STOP_WAIT_MS = 15_000;

/**
 * Starts a daemon in the background, detached from keactrl, its console output appended to
 * `outputFile`, and waits until its pid file names a running process (or it exits).
 */
export async function startDaemon(
  server: ServerEntry,
  args: readonly string[],
  outputFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartOutcome> {
  mkdirSync(dirname(outputFile), { recursive: true, mode: 0o750 });
  const out = openSync(outputFile, 'a', 0o640);
  let exitCode: number | null | undefined;
  let spawnError: string | undefined;
  try {
    const child = spawn(server.binary, [...args], { detached: true, stdio: ['ignore', out, out], env });
    child.once('error', (err) => {
      spawnError = err.message;
    });
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : null);
    });
    child.unref();
  } finally {
    closeSync(out);
  }
  const started = await waitFor(
    () => spawnError !== undefined || exitCode !== undefined || runningPid(server, env).pid !== undefined,
    START_WAIT_MS,
  );
  const { pid } = runningPid(server, env);
  if (pid !== undefined) return { ok: true, pid };
  if (spawnError !== undefined) return { ok: false, reason: `could not be started: ${spawnError}` };
  if (exitCode !== undefined) return { ok: false, reason: `exited with code ${exitCode} while starting` };
  return {
    ok: false,
    reason: started ? 'did not start' : `wrote no pid file within ${START_WAIT_MS / 1000} s`,
  };
}

/** Sends SIGTERM and waits for the process to end. */
export async function stopDaemon(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return !isRunning(pid);
  }
  return waitFor(() => !isRunning(pid), STOP_WAIT_MS);
}

export function binaryExists(server: ServerEntry): boolean {
  return server.binary !== '' && existsSync(server.binary);
}
