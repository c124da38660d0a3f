import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ControlError } from '../errors.js';
import { type ControlLogger, DBG_COMMAND, silentLogger } from '../logger.js';
import type { JsonValue } from '../protocol/answer.js';
import { decodeByteStrings } from '../protocol/byte-strings.js';
import { DEFAULT_MAX_REQUEST_BYTES } from '../protocol/json-feed.js';
import { toKeaJson } from '../protocol/kea-json.js';
import { authenticate, type BasicAuthConfig } from './auth.js';
import { loadTlsServerOptions, type TlsSettings } from './tls.js';

/** An extra header every answer carries (Kea 3's `http-headers`). */
export interface HttpHeader {
  name: string;
  value: string;
}

/** Who sent a request that passed authentication. */
export interface HttpRequestMeta {
  channel: string;
  remoteAddress: string;
  user?: string;
}

export interface HttpControlListenerOptions {
  host: string;
  port: number;
  tls?: TlsSettings;
  /** Read on every request, so a configuration change applies without re-binding. */
  auth?: () => BasicAuthConfig | undefined;
  headers?: () => readonly HttpHeader[];
  /** Turns a decoded JSON body into the JSON to answer with (always a list for Kea clients). */
  handle(body: unknown, meta: HttpRequestMeta): Promise<JsonValue>;
  logger?: ControlLogger;
  bodyLimit?: number;
  /** Bound on receiving a whole request, as Kea's HTTP request timeout. */
  requestTimeoutMs?: number;
}

/** Reason phrases for the stock answers, as Kea words its `{ "result": code, "text": ... }` body. */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** How long requests under way may run on after close(). */
const CLOSE_GRACE_MS = 2_000;

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Kea's HTTP(S) control channel: `POST` of a JSON command on any path, optional basic
 * authentication (401 with a WWW-Authenticate challenge) and TLS with optional client
 * certificates. Shared by kea-ctrl-agent and by every daemon's Kea 3 style `control-sockets`.
 */
export class HttpControlListener {
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly app: FastifyInstance,
    readonly options: HttpControlListenerOptions,
    readonly url: string,
    private readonly state: { closing: boolean },
  ) {}

  /** Bound address; the port is the real one when 0 was asked for. */
  get address(): { host: string; port: number } {
    const info = this.app.server.address() as AddressInfo;
    return { host: info.address, port: info.port };
  }

  static async open(options: HttpControlListenerOptions): Promise<HttpControlListener> {
    const log = options.logger ?? silentLogger;
    const https = options.tls ? loadTlsServerOptions(options.tls) : undefined;
    const app = Fastify({
      logger: false,
      bodyLimit: options.bodyLimit ?? DEFAULT_MAX_REQUEST_BYTES,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      return503OnClosing: true,
      ...(https ? { https } : {}),
    }) as unknown as FastifyInstance;

    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    const scheme = options.tls ? 'https' : 'http';
    const stock = (reply: FastifyReply, status: number): FastifyReply => {
      for (const header of options.headers?.() ?? []) reply.header(header.name, header.value);
      return reply
        .code(status)
        .type('application/json')
        .send(toKeaJson({ result: status, text: REASONS[status] ?? 'Error' }));
    };

    const state = { closing: false };
    // A request under way when close() is called still gets its answer, and the client is told
    // not to reuse the connection: keep-alive would bring it back to a listener that is gone.
    app.addHook('onSend', async (_request, reply, payload) => {
      if (state.closing) reply.header('connection', 'close');
      return payload;
    });
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      // Kea checks the request itself before the credentials: a malformed one is a 400.
      if (request.method !== 'POST' || !isJsonContentType(request.headers['content-type'])) {
        return stock(reply, 400);
      }
      const raw = request.body instanceof Buffer ? request.body.toString('utf8') : '';
      let body: unknown;
      try {
        body = decodeByteStrings(JSON.parse(raw));
      } catch {
        return stock(reply, 400);
      }
      const meta: HttpRequestMeta = {
        channel: `${scheme}://${formatHost(options.host)}`,
        remoteAddress: request.ip,
      };
      const auth = options.auth?.();
      if (auth) {
        const header = request.headers.authorization;
        const user = authenticate(auth, header);
        if (user === undefined) {
          if (header === undefined) {
            log.info(
              'HTTP_CLIENT_REQUEST_NO_AUTH_HEADER',
              `Missing 'Authorization' header from ${request.ip}`,
            );
          } else {
            log.info(
              'HTTP_CLIENT_REQUEST_NOT_AUTHORIZED',
              `HTTP request from ${request.ip} is not authorized`,
            );
          }
          reply.header('WWW-Authenticate', `Basic realm="${auth.realm}"`);
          return stock(reply, 401);
        }
        meta.user = user;
        log.debug(
          DBG_COMMAND,
          'HTTP_CLIENT_REQUEST_AUTHORIZED',
          `received HTTP request authorized for '${user}'`,
        );
      }
      const result = await options.handle(body, meta);
      for (const header of options.headers?.() ?? []) reply.header(header.name, header.value);
      return reply.code(200).type('application/json').send(toKeaJson(result));
    };

    app.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
      url: '*',
      handler,
    });
    app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
      const status = error.statusCode && REASONS[error.statusCode] ? error.statusCode : 500;
      if (status === 500) log.error('COMMAND_HTTP_ERROR', `HTTP control request failed: ${error.message}`);
      return stock(reply, status);
    });

    try {
      await app.listen({ host: options.host, port: options.port });
    } catch (err) {
      await app.close().catch(() => undefined);
      throw new ControlError(
        'listen-failed',
        `cannot listen on ${formatHost(options.host)}:${options.port}: ${(err as Error).message}`,
      );
    }
    const info = app.server.address() as AddressInfo;
    return new HttpControlListener(
      app,
      options,
      `${scheme}://${formatHost(options.host)}:${info.port}/`,
      state,
    );
  }

  /**
   * Stops listening at once (the address is free when this returns with `wait: false`);
   * requests under way finish, within a grace period, before the close completes.
   */
  async close(options: { wait?: boolean } = {}): Promise<void> {
    if (!this.closed) {
      this.state.closing = true;
      const cutOff = setTimeout(() => this.app.server.closeAllConnections(), CLOSE_GRACE_MS);
      cutOff.unref();
      this.closed = this.app.close().finally(() => clearTimeout(cutOff));
    }
    if (options.wait !== false) return this.closed;
    // Fastify unbinds on its way to closing; wait (briefly) until it has.
    for (let i = 0; i < 100 && this.app.server.listening; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
