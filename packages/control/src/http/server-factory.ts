import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TlsServerOptions } from './tls.js';

/** The time limits of an HTTP control listener (see HttpControlListenerOptions). */
export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
}

/** The request line and headers take a client one packet; 10 s is Kea's whole request timeout. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Headers and body: room for a 16 MiB config-set at ~600 KB/s. */
export const DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 30_000;
/** Kea's agent closes a kept-alive connection idle for 30 s. */
export const DEFAULT_HTTP_IDLE_TIMEOUT_MS = 30_000;
/** Node's default: the request line and headers together. */
export const MAX_HEADER_BYTES = 16 * 1024;
/**
 * How often node checks the headers and request deadlines of open connections: the deadlines
 * hold to within this much. Node's default (30 s) would let a slow client stay three times
 * its time.
 */
const DEADLINE_CHECK_MS = 1_000;

/**
 * The node server under an HTTP(S) control listener, with its time limits set: headers and
 * request deadlines (node answers their expiry through the server's 'clientError'), the
 * kept-alive idle time, and for TLS a handshake bounded like the headers. No inactivity timeout
 * on the socket itself: it would also cut a command that takes long to run.
 */
export function createControlServer(
  handler: RequestListener,
  timeouts: HttpTimeouts,
  tls: TlsServerOptions | undefined,
): Server {
  const options = {
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    connectionsCheckingInterval: DEADLINE_CHECK_MS,
    maxHeaderSize: MAX_HEADER_BYTES,
  };
  const server = tls
    ? createHttpsServer({ ...tls, ...options, handshakeTimeout: timeouts.headersTimeoutMs }, handler)
    : createHttpServer(options, handler);
  server.keepAliveTimeout = timeouts.idleTimeoutMs;
  server.setTimeout(0);
  return server;
}
