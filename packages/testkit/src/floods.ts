/**
 * Clients that hold a control endpoint's connections the way a careless or hostile one does:
 * connected and silent, or sending a request a byte at a time. Each connection records what
 * the server sent and whether the server closed it, so a test can see which ones were evicted.
 */
import { connect as connectTcp, createConnection, type Socket } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';
import { TestkitError } from './errors.js';

/** Where to connect: a unix socket, a TCP port, or a TCP port spoken to over TLS. */
export type FloodTarget = { path: string } | { host: string; port: number; tls?: ConnectionOptions };

export interface FloodOptions {
  /** Sent once connected, one byte per `intervalMs` (a slowloris); without it the connection stays silent. */
  trickle?: { text: string; intervalMs: number };
  /** Bound on getting every connection connected. */
  timeoutMs?: number;
}

/** One held connection. */
export interface HeldConnection {
  readonly socket: Socket;
  /** What the server sent so far. */
  readonly received: () => string;
  /** Whether the server ended or reset the connection (our own close() does not count). */
  readonly closedByServer: () => boolean;
  /** Settles when the connection is gone, whoever closed it. */
  readonly gone: Promise<void>;
  /** Closes it from our side. */
  readonly close: () => void;
}

function open(target: FloodTarget): Socket {
  if ('path' in target) return createConnection(target.path);
  if (target.tls) return connectTls({ host: target.host, port: target.port, ...target.tls });
  return connectTcp(target.port, target.host);
}

function hold(target: FloodTarget, options: FloodOptions): Promise<HeldConnection> {
  return new Promise((resolve, reject) => {
    const socket = open(target);
    const chunks: Buffer[] = [];
    let byServer = false;
    let ours = false;
    let timer: NodeJS.Timeout | undefined;
    const gone = new Promise<void>((settle) => socket.once('close', () => settle()));
    const connected = 'tls' in target && target.tls ? 'secureConnect' : 'connect';
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      if (!ours) byServer = true;
      socket.destroy();
    });
    socket.on('error', (error) => {
      if (!ours) byServer = true;
      reject(error);
    });
    socket.on('close', () => {
      if (!ours) byServer = true;
      clearInterval(timer);
    });
    socket.once(connected, () => {
      const trickle = options.trickle;
      if (trickle) {
        let next = 0;
        timer = setInterval(() => {
          if (next >= trickle.text.length || socket.destroyed) {
            clearInterval(timer);
            return;
          }
          socket.write(trickle.text.charAt(next));
          next += 1;
        }, trickle.intervalMs);
      }
      resolve({
        socket,
        received: () => Buffer.concat(chunks).toString('utf8'),
        closedByServer: () => byServer,
        gone,
        close: () => {
          // Our own teardown is not the server's doing.
          if (!socket.destroyed) ours = true;
          socket.destroy();
        },
      });
    });
  });
}

/** `count` connections held open on one endpoint; `close()` tears every one down and waits for it. */
export class ConnectionFlood {
  private constructor(readonly connections: readonly HeldConnection[]) {}

  /**
   * Opens `count` connections one after another (so the server accepts them in that order:
   * the first is the oldest) and resolves once every one is connected. A failure closes the
   * ones already open before it is thrown.
   */
  static async open(
    target: FloodTarget,
    count: number,
    options: FloodOptions = {},
  ): Promise<ConnectionFlood> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const held: HeldConnection[] = [];
    const deadline = Date.now() + timeoutMs;
    try {
      for (let i = 0; i < count; i++) {
        const remaining = deadline - Date.now();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new TestkitError('TIMEOUT', `connection ${i + 1} of ${count} not made in ${timeoutMs} ms`),
              ),
            Math.max(0, remaining),
          );
        });
        try {
          held.push(await Promise.race([hold(target, options), late]));
        } finally {
          clearTimeout(timer);
        }
      }
    } catch (error) {
      await new ConnectionFlood(held).close();
      throw error;
    }
    return new ConnectionFlood(held);
  }

  /** Connections the server has closed so far. */
  closedByServer(): HeldConnection[] {
    return this.connections.filter((c) => c.closedByServer());
  }

  /** Connections still open. */
  stillOpen(): HeldConnection[] {
    return this.connections.filter((c) => !c.socket.destroyed);
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.close();
    await Promise.all(this.connections.map((c) => c.gone));
  }
}
