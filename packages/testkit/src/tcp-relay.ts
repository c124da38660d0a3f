/**
 * A TCP relay on 127.0.0.1 in front of a server (a test database): a client configured with the
 * relay's port reaches the server through it, and the test can cut the link (every connection
 * closed, new ones refused) and restore it, to make the server vanish for that client alone
 * while other tests keep using the server.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private listenPort: number,
  ) {}

  /** Listens on a free port (or `port`) of 127.0.0.1, relaying to targetHost:targetPort. */
  static async start(targetHost: string, targetPort: number, port = 0): Promise<TcpRelay> {
    const relay = new TcpRelay(targetHost, targetPort, port);
    await relay.restore();
    return relay;
  }

  get port(): number {
    return this.listenPort;
  }

  /** Whether the link is up. */
  get open(): boolean {
    return this.server !== undefined;
  }

  /** Listens again on the same port. */
  restore(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        if (address && typeof address === 'object') this.listenPort = address.port;
        resolve();
      });
    });
  }

  /** Closes every relayed connection and stops listening: connecting is refused until restore(). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  close(): Promise<void> {
    return this.cut();
  }
}
