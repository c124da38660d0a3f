import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';

/** Where the outcome of each run goes (the library's logger and the server's statistics). */
export interface ScriptReport {
  failed(text: string): void;
  finished?(hook: string, code: number): void;
}

/**
 * Kea's ProcessSpawn checks of the `name` parameter, with its words: the file must exist and be
 * executable. Throws otherwise.
 */
export function checkExecutable(path: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new Error(`File not found: ${path}`);
  }
  // Kea tests the owner's execute bit; access(X_OK) also says whether this user may run it.
  if ((mode & 0o100) === 0) throw new Error(`File not executable: ${path}`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`File not executable: ${path}`);
  }
}

/**
 * Runs the script once, in the background: argument 1 is the hook point's name, the environment
 * is exactly `env` (Kea execs the script with its variables and nothing else), standard streams
 * go nowhere. Returns at once; the packet never waits for the script. A script that cannot be
 * started, exits non-zero or dies of a signal is reported as a failure.
 */
export function runScript(
  path: string,
  hook: string,
  env: Record<string, string>,
  report: ScriptReport,
): void {
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(path, [hook], { env, stdio: 'ignore' });
  } catch (err) {
    report.failed(`${path} ${hook} could not be started: ${(err as Error).message}`);
    return;
  }
  // 'exit' may or may not follow an 'error': report each run once.
  let reported = false;
  child.once('error', (err) => {
    if (reported) return;
    reported = true;
    report.failed(`${path} ${hook} could not be started: ${err.message}`);
  });
  child.once('exit', (code, signal) => {
    if (reported) return;
    reported = true;
    if (signal) report.failed(`${path} ${hook} was killed by ${signal}`);
    else if (code !== 0) report.failed(`${path} ${hook} exited with status ${code}`);
    else report.finished?.(hook, 0);
  });
}
