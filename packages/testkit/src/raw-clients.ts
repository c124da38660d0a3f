/**
 * Clients that show what a control endpoint really does on the wire: raw bytes over a unix
 * socket (partial, malformed or half-closed requests) and HTTP(S) POSTs with any body, headers
 * and TLS material, answered with status, headers and body as received.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createConnection } from 'node:net';

/** What a raw unix-socket exchange produced: the bytes answered and whether the server closed. */
export interface RawExchange {
  text: string;
  closedByServer: boolean;
  elapsedMs: number;
}

/**
 * Sends raw bytes (or nothing) over a unix socket and collects everything until the server
 * closes or `waitMs` passes. `halfClose` ends our side after sending.
 */
export function rawExchange(
  path: string,
  payload: Buffer | string | undefined,
  options: { waitMs?: number; halfClose?: boolean } = {},
): Promise<RawExchange> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = createConnection(path);
    const finish = (closedByServer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({
        text: Buffer.concat(chunks).toString('utf8'),
        closedByServer,
        elapsedMs: Date.now() - started,
      });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 5000);
    socket.on('connect', () => {
      if (payload !== undefined) socket.write(payload);
      if (options.halfClose) socket.end();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface PostOptions {
  method?: string;
  contentType?: string | null;
  auth?: string;
  ca?: string;
  cert?: string;
  key?: string;
  path?: string;
}

/** One HTTP(S) request with node's client (fetch cannot present client certificates). */
export function post(url: string, body: string, options: PostOptions = {}): Promise<HttpAnswer> {
  const target = new URL(options.path ?? '/', url);
  const headers: Record<string, string> = {};
  if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.auth) headers.authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: options.method ?? 'POST',
        headers,
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.cert ? { cert: options.cert, key: options.key } : {}),
        timeout: 20_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.end(body);
  });
}
