import type { AddressInfo, Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ControlError } from '../errors.js';
import { ConnectionLimiter, DEFAULT_MAX_CONNECTIONS } from '../limits/connection-limiter.js';
import { EvictionReport } from '../limits/eviction-report.js';
import { type ControlLogger, DBG_COMMAND, silentLogger } from '../logger.js';
import type { JsonValue } from '../protocol/answer.js';
import { decodeByteStrings } from '../protocol/byte-strings.js';
import { DEFAULT_MAX_REQUEST_BYTES } from '../protocol/json-feed.js';
import { toKeaJson } from '../protocol/kea-json.js';
import { authenticate, type BasicAuthConfig } from './auth.js';
import { ConnectionGuard } from './connection-guard.js';
import {
  createControlServer,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_HTTP_IDLE_TIMEOUT_MS,
  DEFAULT_HTTP_REQUEST_TIMEOUT_MS,
} from './server-factory.js';
import { REASONS, rawStockAnswer, stockBody } from './stock-answer.js';
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
  /** Largest request body (16 MiB); a larger one is answered 413. */
  bodyLimit?: number;
  /**
   * The request line and headers must have arrived this long (10 s) after the connection
   * opened, or after the first byte of a later request on a kept-alive connection; else 408.
   */
  headersTimeoutMs?: number;
  /** The whole request, headers and body, likewise (30 s); else 408. */
  requestTimeoutMs?: number;
  /** A kept-alive connection without a request is closed after this long (30 s, as Kea's agent). */
  idleTimeoutMs?: number;
  /** Connections open at once (256); at the bound the idlest or slowest is evicted. */
  maxConnections?: number;
}

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
    private readonly limiter: ConnectionLimiter,
    private readonly evictions: EvictionReport,
  ) {}

  /** Connections counted against the bound right now. */
  get connectionCount(): number {
    return this.limiter.open;
  }

  /** Connections closed to make room for new ones since the listener opened. */
  get evictionCount(): number {
    return this.evictions.count;
  }

  /** Bound address; the port is the real one when 0 was asked for. */
  get address(): { host: string; port: number } {
    const info = this.app.server.address() as AddressInfo;
    return { host: info.address, port: info.port };
  }

  static async open(options: HttpControlListenerOptions): Promise<HttpControlListener> {
    const log = options.logger ?? silentLogger;
    const https = options.tls ? loadTlsServerOptions(options.tls) : undefined;
    const timeouts = {
      headersTimeoutMs: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_HTTP_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_HTTP_IDLE_TIMEOUT_MS,
    };
    // Node refuses a headers deadline later than the whole request's.
    timeouts.headersTimeoutMs = Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs);
    // The bound port, once listening (0 asks for any).
    const where = (): string => {
      const bound = app.server.address() as AddressInfo | null;
      return `${formatHost(options.host)}:${bound?.port ?? options.port}`;
    };
    const limiter = new ConnectionLimiter({
      maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    });
    const evictions = new EvictionReport(
      log,
      'HTTP_CONNECTION_EVICTED',
      (count, total) =>
        `Closed ${count} idle or slow HTTP connection(s) on ${where()} to accept new ones at the limit of ` +
        `${limiter.maxConnections} connections (${total} evicted since the listener opened)`,
    );
    let guard: ConnectionGuard | undefined;
    const app = Fastify({
      logger: false,
      bodyLimit: options.bodyLimit ?? DEFAULT_MAX_REQUEST_BYTES,
      return503OnClosing: true,
      serverFactory: (handler) => createControlServer(handler, timeouts, https),
      // Node's own answers (a deadline passed, a request it cannot parse) in Kea's words.
      clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
        if (error.code === 'ECONNRESET' || socket.destroyed) return;
        const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
        if (status === 408) {
          log.debug(
            DBG_COMMAND,
            'HTTP_CLIENT_REQUEST_TIMEOUT_OCCURRED',
            `HTTP request timeout occurred when communicating with ${socket.remoteAddress}`,
          );
        }
        if (guard?.canAnswerRaw(socket) ?? socket.writable) socket.write(rawStockAnswer(status));
        socket.destroy();
      },
    }) as unknown as FastifyInstance;
    guard = new ConnectionGuard(app.server, app, limiter, evictions, https !== undefined);

    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    const scheme = options.tls ? 'https' : 'http';
    const stock = (reply: FastifyReply, status: number): FastifyReply => {
      for (const header of options.headers?.() ?? []) reply.header(header.name, header.value);
      return reply.code(status).type('application/json').send(stockBody(status));
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
      limiter,
      evictions,
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
      this.closed = this.app.close().finally(() => {
        clearTimeout(cutOff);
        this.evictions.close();
      });
    }
    if (options.wait !== false) return this.closed;
    // Fastify unbinds on its way to closing; wait (briefly) until it has.
    for (let i = 0; i < 100 && this.app.server.listening; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
