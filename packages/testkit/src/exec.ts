import { TestkitError, tail } from './errors.js';
import { type Finished, runToEnd } from './process.js';

/** Runs a helper program to its end (bounded) and throws COMMAND_FAILED unless it exits 0. */
export async function runChecked(
  program: string,
  args: readonly string[],
  timeoutMs = 15_000,
): Promise<Finished> {
  let finished: Finished;
  try {
    finished = await runToEnd(program, args, {}, timeoutMs);
  } catch (cause) {
    throw new TestkitError('COMMAND_FAILED', `${program} could not be started: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (finished.code !== 0) {
    const how = finished.signal ? `was killed by ${finished.signal}` : `exited ${finished.code}`;
    throw new TestkitError(
      'COMMAND_FAILED',
      `${program} ${args.join(' ')} ${how}${finished.stderr ? `:\n${tail(finished.stderr)}` : ''}`,
    );
  }
  return finished;
}

/** Network namespaces, veth pairs and the real clients all need root. */
export function requireRoot(what = 'network namespaces'): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    throw new TestkitError('NOT_ROOT', `${what} need root (run the tests as root, as CI does)`);
}
