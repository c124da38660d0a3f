import { createConnection } from 'node:net';
import { TestkitError } from './errors.js';

/** A control-channel answer: result 0 success, 1 error, 2 unsupported, 3 empty, 4 conflict. */
export interface ControlAnswer {
  result: number;
  text?: string;
  arguments?: unknown;
}

function asAnswer(text: string): ControlAnswer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  // a daemon may answer with a one-element array (as the agent does); take the element
  const answer = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : parsed;
  if (typeof answer !== 'object' || answer === null || typeof (answer as ControlAnswer).result !== 'number')
    throw new TestkitError('CONTROL', `control answer has no numeric "result": ${text.slice(0, 300)}`);
  return answer as ControlAnswer;
}

/**
 * Sends one command over a daemon's unix control socket ("control-socket" in Kea's config)
 * and returns its answer: one JSON command per connection, the answer read until it parses or
 * the daemon closes the connection. Bounded by `timeoutMs`; failures are CONTROL errors.
 */
export function sendControlCommand(
  socketPath: string,
  command: string,
  args?: Record<string, unknown>,
  timeoutMs = 5_000,
): Promise<ControlAnswer> {
  return new Promise((resolve, reject) => {
    let received = '';
    let settled = false;
    const socket = createConnection(socketPath);
    const finish = (error: Error | undefined, answer?: ControlAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    const timer = setTimeout(
      () =>
        finish(
          new TestkitError('CONTROL', `${command}: no complete answer from ${socketPath} in ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    const tryAnswer = (final: boolean) => {
      try {
        const answer = asAnswer(received);
        if (answer) finish(undefined, answer);
        else if (final)
          finish(
            new TestkitError(
              'CONTROL',
              `${command}: answer is not JSON: ${received.slice(0, 300) || '(empty)'}`,
            ),
          );
      } catch (error) {
        finish(error as Error);
      }
    };
    socket.on('connect', () => {
      socket.write(JSON.stringify(args === undefined ? { command } : { command, arguments: args }));
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      tryAnswer(false);
    });
    socket.on('end', () => tryAnswer(true));
    socket.on('error', (error) =>
      finish(new TestkitError('CONTROL', `${command} via ${socketPath}: ${error.message}`, { cause: error })),
    );
  });
}
