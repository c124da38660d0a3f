import { chmodSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { ControlError } from '../errors.js';
import { ConnectionLimiter, DEFAULT_MAX_CONNECTIONS } from '../limits/connection-limiter.js';
import { EvictionReport } from '../limits/eviction-report.js';
import { type ControlLogger, DBG_COMMAND, silentLogger } from '../logger.js';
import { answer, CONTROL_RESULT } from '../protocol/answer.js';
import { DEFAULT_MAX_REQUEST_BYTES } from '../protocol/json-feed.js';
import { toKeaJson } from '../protocol/kea-json.js';
import type { CommandRegistry } from '../registry.js';
import { CommandExchange, type ExchangeSettings, LINGER_MS } from './exchange.js';
import { sendAndClose } from './send.js';
import { prepareSocketPath } from './socket-file.js';

/**
 * Kea's connection timeout: a client may stay silent this long, the timer restarting with each
 * chunk it sends (and, while it is answered, with each piece it takes).
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** How long a stop waits for commands already running to answer. */
const STOP_GRACE_MS = 2_000;

export interface UnixControlServerOptions {
  path: string;
  registry: CommandRegistry;
  logger?: ControlLogger;
  /** Largest command accepted (16 MiB); a larger one is answered with result 1 and closed. */
  maxRequestBytes?: number;
  /** See DEFAULT_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  /** Connections open at once (256); at the bound the idlest or slowest is evicted. */
  maxConnections?: number;
}

/**
 * The unix stream socket of Kea's control channel: each connection carries one JSON command,
 * gets one answer, and is closed. The socket file is owner-only; a stale one is replaced. The
 * connection bound never locks clients out: at the bound, the connection idle longest or
 * sending slowest is closed to accept the new one (see ConnectionLimiter).
 */
export class UnixControlServer {
  private readonly connections = new Map<Socket, CommandExchange | undefined>();
  private readonly log: ControlLogger;
  private readonly limiter: ConnectionLimiter;
  private readonly evictions: EvictionReport;
  private readonly settings: ExchangeSettings;
  private identity: { dev: number; ino: number } | undefined;
  private closing = false;
  /** Settles once every connection is gone after close(). */
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: UnixControlServerOptions,
  ) {
    this.log = options.logger ?? silentLogger;
    this.limiter = new ConnectionLimiter({
      maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    });
    const limit = this.limiter.maxConnections;
    this.evictions = new EvictionReport(
      this.log,
      'COMMAND_SOCKET_CONNECTION_EVICTED',
      (count, total) =>
        `Closed ${count} idle or slow connection(s) over socket ${options.path} to accept new ones ` +
        `at the limit of ${limit} connections (${total} evicted since the socket opened)`,
    );
    this.settings = {
      path: options.path,
      registry: options.registry,
      log: this.log,
      maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      idleTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      limiter: this.limiter,
    };
  }

  get path(): string {
    return this.options.path;
  }

  /** Connections open right now (for tests and status). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Connections closed to make room for new ones since the socket opened. */
  get evictionCount(): number {
    return this.evictions.count;
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
    this.connections.set(socket, undefined);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.connections.delete(socket);
      this.log.debug(
        DBG_COMMAND,
        'COMMAND_SOCKET_CONNECTION_CLOSED',
        `Closed socket ${this.options.path} for existing command connection`,
      );
    });
    if (this.closing) {
      this.refuse(socket, 'server is shutting down');
      return;
    }
    const exchange = new CommandExchange(socket, this.settings);
    const slot = this.limiter.admit(() => {
      this.evictions.record();
      exchange.evict();
    });
    if (!slot) {
      // Every connection is running a command: those are never cut, so this one waits its turn.
      this.refuse(socket, `too many connections (limit ${this.limiter.maxConnections})`);
      return;
    }
    this.connections.set(socket, exchange);
    exchange.start(slot);
  }

  private refuse(socket: Socket, text: string): void {
    sendAndClose(socket, toKeaJson(answer(CONTROL_RESULT.ERROR, text)), {
      stallMs: this.settings.idleTimeoutMs,
      lingerMs: LINGER_MS,
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
      for (const [socket, exchange] of this.connections) if (!exchange?.inCommand) socket.destroy();
      const cutOff = setTimeout(() => {
        for (const socket of this.connections.keys()) socket.destroy();
      }, STOP_GRACE_MS);
      cutOff.unref();
      this.closed = listenerClosed.then(() => {
        clearTimeout(cutOff);
        this.evictions.close();
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
