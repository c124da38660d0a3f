import { chmodSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { ControlError } from '../errors.js';
import { type ControlLogger, DBG_COMMAND, silentLogger } from '../logger.js';
import { answer, CONTROL_RESULT, type ControlAnswer } from '../protocol/answer.js';
import { DEFAULT_MAX_REQUEST_BYTES, JsonFeed } from '../protocol/json-feed.js';
import { toKeaJson } from '../protocol/kea-json.js';
import type { CommandRegistry } from '../registry.js';
import { prepareSocketPath } from './socket-file.js';

/** Kea gives a client 10 seconds to send its whole command. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONNECTIONS = 256;
/** How long an answered connection may stay open waiting for the client to close it. */
const LINGER_MS = 1_000;
/** How long a stop waits for commands already running to answer. */
const STOP_GRACE_MS = 2_000;

export interface UnixControlServerOptions {
  path: string;
  registry: CommandRegistry;
  logger?: ControlLogger;
  maxRequestBytes?: number;
  requestTimeoutMs?: number;
  maxConnections?: number;
}

/**
 * The unix stream socket of Kea's control channel: each connection carries one JSON command,
 * gets one answer, and is closed. The socket file is owner-only; a stale one is replaced.
 */
export class UnixControlServer {
  private readonly connections = new Set<Socket>();
  /** Connections whose command is running or whose answer is being written. */
  private readonly busy = new Set<Socket>();
  private readonly log: ControlLogger;
  private identity: { dev: number; ino: number } | undefined;
  private closing = false;
  /** Settles once every connection is gone after close(). */
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: UnixControlServerOptions,
  ) {
    this.log = options.logger ?? silentLogger;
  }

  get path(): string {
    return this.options.path;
  }

  /** Connections open right now (for tests and status). */
  get connectionCount(): number {
    return this.connections.size;
  }

  static async open(options: UnixControlServerOptions): Promise<UnixControlServer> {
    await prepareSocketPath(options.path);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: false });
    const control = new UnixControlServer(server, options);
    server.on('connection', (socket) => control.accept(socket));
    await control.listen();
    control.log.info(
      'COMMAND_ACCEPTOR_START',
      `Starting to accept connections via unix domain socket bound to ${options.path}`,
    );
    return control;
  }

  private listen(): Promise<void> {
    const { path } = this.options;
    return new Promise((resolve, reject) => {
      // bind() creates the file under the process umask; narrow it for that one call so the
      // socket is never reachable by group or others, even for an instant.
      const previous = process.umask(0o177);
      const onError = (err: Error): void => {
        reject(new ControlError('listen-failed', `cannot listen on ${path}: ${err.message}`));
      };
      this.server.once('error', onError);
      try {
        this.server.listen(path, () => {
          this.server.off('error', onError);
          try {
            chmodSync(path, 0o600);
            const stat = statSync(path);
            this.identity = { dev: stat.dev, ino: stat.ino };
          } catch (err) {
            this.server.close();
            reject(new ControlError('listen-failed', `cannot secure ${path}: ${(err as Error).message}`));
            return;
          }
          this.server.on('error', (err) =>
            this.log.error('COMMAND_SOCKET_ERROR', `control socket ${path} error: ${err.message}`),
          );
          resolve();
        });
      } finally {
        process.umask(previous);
      }
    });
  }

  private accept(socket: Socket): void {
    const limit = this.options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    const refusal = this.closing
      ? 'server is shutting down'
      : this.connections.size >= limit
        ? `too many connections (limit ${limit})`
        : undefined;
    this.connections.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.connections.delete(socket);
      this.busy.delete(socket);
      this.log.debug(
        DBG_COMMAND,
        'COMMAND_SOCKET_CONNECTION_CLOSED',
        `Closed socket for existing command connection on ${this.options.path}`,
      );
    });
    if (refusal !== undefined) {
      this.answerAndClose(socket, answer(CONTROL_RESULT.ERROR, refusal));
      return;
    }
    this.log.debug(
      DBG_COMMAND,
      'COMMAND_SOCKET_CONNECTION_OPENED',
      `Opened socket ${this.options.path} for incoming command`,
    );
    const feed = new JsonFeed(this.options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
    let answered = false;

    const respond = (reply: ControlAnswer): void => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      socket.removeListener('data', onData);
      this.answerAndClose(socket, reply);
    };

    const timer = setTimeout(() => {
      const partial = feed.started ? `, discarded partial command of ${feed.bytesReceived} bytes` : '';
      this.log.info(
        'COMMAND_SOCKET_CONNECTION_TIMEOUT',
        `Timeout occurred for connection over socket ${this.options.path}`,
      );
      respond(answer(CONTROL_RESULT.ERROR, `Connection over control channel timed out${partial}`));
    }, this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    timer.unref();

    const onData = (chunk: Buffer): void => {
      const state = feed.push(chunk);
      if (state === 'error') {
        this.log.warn(
          'COMMAND_SOCKET_READ_FAIL',
          `Encountered error ${feed.error} while reading from socket ${this.options.path}`,
        );
        respond(answer(CONTROL_RESULT.ERROR, feed.error));
      } else if (state === 'complete') {
        clearTimeout(timer);
        socket.removeListener('data', onData);
        socket.pause();
        this.busy.add(socket);
        this.options.registry
          .handleText(feed.text(), { channel: `unix:${this.options.path}` })
          .then(respond, (err: unknown) =>
            respond(answer(CONTROL_RESULT.ERROR, `Error during command processing: ${String(err)}`)),
          );
      }
    };
    socket.on('data', onData);
    socket.on('end', () => {
      // The client stopped sending before its command was complete.
      if (feed.state === 'need-more') {
        const text = feed.started
          ? `connection closed before a complete command was received (${feed.bytesReceived} bytes)`
          : 'connection closed without a command';
        respond(answer(CONTROL_RESULT.ERROR, text));
      }
    });
    socket.on('close', () => clearTimeout(timer));
  }

  /**
   * Writes the one answer and ends our side. Reading goes on (data dropped) so the client's
   * close is seen; a client that never closes is cut off shortly after the answer has left.
   */
  private answerAndClose(socket: Socket, reply: ControlAnswer): void {
    if (socket.destroyed || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.on('data', () => undefined);
    socket.resume();
    socket.end(toKeaJson(reply), () => {
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    });
  }

  /**
   * Stops accepting at once and removes the socket file (when it is still the one this server
   * created). Clients still sending are cut off; commands already running may answer, within
   * a grace period. With `wait: false` it returns without waiting for them: a command that
   * replaces the very socket it came in on (config-set) must be able to answer.
   */
  close(options: { wait?: boolean } = {}): Promise<void> {
    if (!this.closed) {
      this.closing = true;
      const listenerClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.removeSocketFile();
      for (const socket of this.connections) if (!this.busy.has(socket)) socket.destroy();
      const cutOff = setTimeout(() => {
        for (const socket of this.connections) socket.destroy();
      }, STOP_GRACE_MS);
      cutOff.unref();
      this.closed = listenerClosed.then(() => {
        clearTimeout(cutOff);
        this.log.info(
          'COMMAND_ACCEPTOR_STOP',
          `Stopped accepting connections on unix domain socket ${this.options.path}`,
        );
      });
    }
    return options.wait === false ? Promise.resolve() : this.closed;
  }

  private removeSocketFile(): void {
    try {
      const stat = statSync(this.options.path);
      if (this.identity && stat.dev === this.identity.dev && stat.ino === this.identity.ino) {
        rmSync(this.options.path, { force: true });
      }
    } catch {
      // Already gone (node removes it on close): nothing to do.
    }
  }
}
