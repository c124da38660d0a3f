import { createSocket, type Socket } from 'node:dgram';
import { type ClientServerMessage, safeDecodeMessage } from '@nestor/codec';

export interface ClientOptions {
  /** Where requests go: ff02::1:2%eth0 (the default with `iface`), or a server's address. */
  server: string;
  /** Server port (547). */
  port?: number;
  /** Local port to bind and receive replies on (546). */
  localPort?: number;
  /** How long to wait for each reply. */
  timeoutMs?: number;
}

/**
 * A DHCPv6 client socket that matches replies to requests by transaction id, so many exchanges
 * can be in flight at once.
 */
export class Dhcp6TestClient {
  private readonly pending = new Map<number, (reply: ClientServerMessage | undefined) => void>();
  private nextTid = 1 + Math.floor(Math.random() * 0xfff000);

  private constructor(
    private readonly socket: Socket,
    private readonly options: Required<ClientOptions>,
  ) {
    socket.on('message', (data) => {
      const decoded = safeDecodeMessage(data);
      if (!decoded.ok || decoded.message.kind !== 'client-server') return;
      const resolve = this.pending.get(decoded.message.transactionId);
      if (resolve) {
        this.pending.delete(decoded.message.transactionId);
        resolve(decoded.message);
      }
    });
  }

  static open(options: ClientOptions): Promise<Dhcp6TestClient> {
    const full = { port: 547, localPort: 546, timeoutMs: 2000, ...options };
    const socket = createSocket({ type: 'udp6', reuseAddr: true });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port: full.localPort }, () => {
        socket.off('error', reject);
        socket.setRecvBufferSize(4 * 1024 * 1024);
        resolve(new Dhcp6TestClient(socket, full));
      });
    });
  }

  /** A fresh 24-bit transaction id. */
  transactionId(): number {
    this.nextTid = (this.nextTid + 1) & 0xffffff || 1;
    return this.nextTid;
  }

  /** Sends a message with transaction id `tid`; resolves with the reply, or undefined on timeout. */
  exchange(bytes: Uint8Array, tid: number): Promise<ClientServerMessage | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(tid);
        resolve(undefined);
      }, this.options.timeoutMs);
      this.pending.set(tid, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.socket.send(bytes, this.options.port, this.options.server);
    });
  }

  /** Sends bytes expecting nothing back (fuzzing). */
  fire(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve) =>
      this.socket.send(bytes, this.options.port, this.options.server, () => resolve()),
    );
  }

  close(): void {
    for (const resolve of this.pending.values()) resolve(undefined);
    this.pending.clear();
    this.socket.close();
  }
}
