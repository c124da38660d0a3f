import { lstatSync, mkdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { ControlError } from '../errors.js';

/** sun_path holds 108 bytes on Linux, one of them the terminating NUL. */
export const MAX_UNIX_PATH_BYTES = 107;

/** Does something accept connections on this unix socket path? */
export function socketIsLive(path: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    const done = (live: boolean): void => {
      clearTimeout(timer);
      probe.destroy();
      resolve(live);
    };
    // A listener that accepts but is too slow to do so still counts as live: never steal it.
    const timer = setTimeout(() => done(true), timeoutMs);
    probe.once('connect', () => done(true));
    probe.once('error', () => done(false));
  });
}

/**
 * Makes `path` ready for a new listening socket: creates the directory (owner and group only),
 * removes a stale socket left by a crashed process, and refuses to touch a live socket or
 * anything that is not a socket.
 */
export async function prepareSocketPath(path: string): Promise<void> {
  if (Buffer.byteLength(path) > MAX_UNIX_PATH_BYTES) {
    throw new ControlError(
      'path-too-long',
      `control socket path ${path} is longer than ${MAX_UNIX_PATH_BYTES} bytes`,
    );
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ControlError('listen-failed', `cannot inspect ${path}: ${(err as Error).message}`);
  }
  if (!isSocket) {
    throw new ControlError('not-a-socket', `${path} exists and is not a socket; refusing to replace it`);
  }
  if (await socketIsLive(path)) {
    throw new ControlError('socket-in-use', `control socket ${path} is in use by another process`);
  }
  rmSync(path, { force: true });
}
