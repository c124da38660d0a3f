import { createConnection } from 'node:net';
import { type ControlAnswer, isControlAnswer } from '../protocol/answer.js';
import type { ControlCommand } from '../protocol/command.js';
import { DEFAULT_MAX_REQUEST_BYTES, JsonFeed } from '../protocol/json-feed.js';
import { toKeaJson } from '../protocol/kea-json.js';

export type ControlClientErrorCode = 'unreachable' | 'timeout' | 'closed' | 'bad-answer';

/** A command that got no usable answer: the daemon is down, hung, or answered garbage. */
export class ControlClientError extends Error {
  constructor(
    readonly code: ControlClientErrorCode,
    message: string,
    /** The system error code when the socket could not be reached (ENOENT, ECONNREFUSED...). */
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'ControlClientError';
  }
}

/** Words for the socket errors an operator meets, as strerror(3) words them. */
const SYSTEM_ERROR_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ECONNREFUSED: 'Connection refused',
  EACCES: 'Permission denied',
  ENOTSOCK: 'Socket operation on non-socket',
  ECONNRESET: 'Connection reset by peer',
  EPIPE: 'Broken pipe',
  ETIMEDOUT: 'Connection timed out',
  EINVAL: 'Invalid argument',
};

export function systemErrorText(err: NodeJS.ErrnoException): string {
  return (err.code && SYSTEM_ERROR_TEXT[err.code]) ?? err.message;
}

export interface SendCommandOptions {
  /** Bound on the whole exchange; Kea's agent waits 10 s for a daemon. */
  timeoutMs?: number;
  maxAnswerBytes?: number;
}

/**
 * Sends one command over a unix control socket and reads the one answer, as Kea's agent does.
 * The answer ends when its JSON is complete (the server need not close first).
 */
export function sendUnixCommand(
  path: string,
  command: ControlCommand | string,
  options: SendCommandOptions = {},
): Promise<ControlAnswer> {
  const text = typeof command === 'string' ? command : toKeaJson(command);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const feed = new JsonFeed(options.maxAnswerBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      fn();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new ControlClientError('timeout', `no answer within ${timeoutMs} ms`, 'ETIMEDOUT')),
        ),
      timeoutMs,
    );
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      socket.write(text);
    });
    socket.on('data', (chunk: Buffer) => {
      const state = feed.push(chunk);
      if (state === 'error') {
        settle(() => reject(new ControlClientError('bad-answer', `unreadable answer: ${feed.error}`)));
      } else if (state === 'complete') {
        settle(() => {
          let value: unknown;
          try {
            value = JSON.parse(feed.text());
          } catch (err) {
            reject(new ControlClientError('bad-answer', `unreadable answer: ${(err as Error).message}`));
            return;
          }
          if (isControlAnswer(value)) resolve(value);
          else reject(new ControlClientError('bad-answer', 'answer is not a {"result", "text"} map'));
        });
      }
    });
    socket.on('end', () =>
      settle(() =>
        reject(
          new ControlClientError(
            'closed',
            feed.started
              ? 'connection closed in the middle of the answer'
              : 'connection closed without an answer',
          ),
        ),
      ),
    );
    socket.on('error', (err: NodeJS.ErrnoException) =>
      settle(() =>
        reject(new ControlClientError(connected ? 'closed' : 'unreachable', systemErrorText(err), err.code)),
      ),
    );
  });
}
