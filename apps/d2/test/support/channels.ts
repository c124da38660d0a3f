import { type ControlAnswer, sendControlCommand } from '@nestor/testkit';

/** One command over some control channel; resolves with the daemon's single answer. */
export type SendCommand = (command: string, args?: Record<string, unknown>) => Promise<ControlAnswer>;

/** Over a unix control socket, one command per connection. */
export function viaUnix(path: string): SendCommand {
  return (command, args) => sendControlCommand(path, command, args, 10_000);
}

export interface HttpReply {
  status: number;
  body: unknown;
}

/** One POST on loopback, bounded; the body is parsed when it is JSON. */
export async function postJson(url: string, body: unknown, auth?: string): Promise<HttpReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a 401 page, say): kept as text.
  }
  return { status: response.status, body: parsed };
}

/**
 * Over HTTP, to a daemon's own control socket (Kea 3) or through an agent: the answer comes as
 * a one-element list. `service` is added when given (an agent needs it).
 */
export function viaHttp(url: string, options: { auth?: string; service?: string[] } = {}): SendCommand {
  return async (command, args) => {
    const body = {
      command,
      ...(options.service ? { service: options.service } : {}),
      ...(args === undefined ? {} : { arguments: args }),
    };
    const reply = await postJson(url, body, options.auth);
    if (reply.status !== 200)
      throw new Error(`${command}: HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
    if (!Array.isArray(reply.body) || reply.body.length !== 1) {
      throw new Error(`${command}: expected a one-element list, got ${JSON.stringify(reply.body)}`);
    }
    return reply.body[0] as ControlAnswer;
  };
}
