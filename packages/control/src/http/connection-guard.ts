import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { Transform } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import type { ConnectionLimiter, Slot } from '../limits/connection-limiter.js';
import type { EvictionReport } from '../limits/eviction-report.js';
import { rawStockAnswer } from './stock-answer.js';

/** What the request line and headers weighed, as the limiter's progress: they came before the request event. */
function headBytes(request: IncomingMessage): number {
  let bytes = (request.method?.length ?? 0) + (request.url?.length ?? 0) + 12;
  for (const part of request.rawHeaders) bytes += part.length + 2;
  return bytes;
}

function addressKey(socket: Socket): string {
  return `${socket.remoteAddress}|${socket.remotePort}`;
}

/**
 * Keeps an HTTP(S) server's connections within the limiter's bound by evicting, not refusing:
 * every accepted connection takes a slot (before any TLS handshake), the bytes of each request
 * move it ahead, a request whose body is complete makes it busy (its command runs: never
 * evicted) until its response has left, and then the next request's wait begins.
 */
export class ConnectionGuard {
  private readonly slots = new WeakMap<Socket, Slot>();
  /** TLS: the raw connection's slot, until the TLS socket made over it says hello. */
  private readonly handshaking = new Map<string, Slot>();
  /** The response of each socket's current request: a client error must not write into one begun. */
  private readonly responses = new WeakMap<Socket, ServerResponse>();

  constructor(
    server: Server | HttpsServer,
    app: FastifyInstance,
    private readonly limiter: ConnectionLimiter,
    private readonly report: EvictionReport,
    tls: boolean,
  ) {
    server.on('connection', (socket: Socket) => this.admit(socket, tls));
    if (tls) server.on('secureConnection', (socket: TLSSocket) => this.secured(socket));
    server.on('request', (request: IncomingMessage, response: ServerResponse) =>
      this.request(request, response),
    );
    app.addHook('preParsing', async (request, _reply, payload) => {
      const slot = this.slots.get(request.raw.socket);
      if (!slot) return payload;
      return countBytes(payload, (bytes) => this.limiter.progress(slot, bytes));
    });
    app.addHook('preHandler', async (request) => {
      const slot = this.slots.get(request.raw.socket);
      if (slot) this.limiter.busy(slot);
    });
  }

  /** Whether an answer may be written raw on the socket: no response has begun on it. */
  canAnswerRaw(socket: Socket): boolean {
    return socket.writable && !this.responses.get(socket)?.headersSent;
  }

  private admit(socket: Socket, tls: boolean): void {
    const slot = this.limiter.admit(() => {
      this.report.record();
      socket.destroy();
    });
    if (!slot) {
      // Every connection runs a command: those are never cut, so this one is turned away.
      if (tls) socket.destroy();
      else socket.end(rawStockAnswer(503), () => socket.destroy());
      return;
    }
    this.slots.set(socket, slot);
    socket.on('close', () => this.limiter.release(slot));
    if (tls) {
      const key = addressKey(socket);
      this.handshaking.set(key, slot);
      socket.on('close', () => {
        if (this.handshaking.get(key) === slot) this.handshaking.delete(key);
      });
    }
  }

  private secured(socket: TLSSocket): void {
    const key = addressKey(socket);
    const slot = this.handshaking.get(key);
    if (!slot) return;
    this.handshaking.delete(key);
    this.slots.set(socket, slot);
  }

  private request(request: IncomingMessage, response: ServerResponse): void {
    const socket = request.socket;
    const slot = this.slots.get(socket);
    if (!slot) return;
    this.limiter.progress(slot, headBytes(request));
    this.responses.set(socket, response);
    response.once('finish', () => {
      this.responses.delete(socket);
      // The next request on a kept-alive connection: its wait starts now.
      this.limiter.receiving(slot);
    });
  }
}

/** Passes a request body through unchanged, telling `onBytes` what arrives as it arrives. */
function countBytes(source: NodeJS.ReadableStream, onBytes: (bytes: number) => void): Transform {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
  source.on('error', (err) => counter.destroy(err));
  source.pipe(counter);
  return counter;
}
