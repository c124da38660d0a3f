import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/**
 * UDP exchanges with DNS servers: one socket per address family, opened on first use, answers
 * matched to their request by message id and by the server's address and port (anything else
 * arriving is ignored, as a stray or spoofed datagram must not complete an update). Ids are
 * random and never reused while their exchange is open.
 */

export type ExchangeResult =
  | { status: 'SUCCESS'; wire: Buffer }
  | { status: 'TIMEOUT' }
  | { status: 'OTHER'; reason: string };

interface Pending {
  address: string;
  port: number;
  done: (result: ExchangeResult) => void;
  timer: NodeJS.Timeout;
}

/** Kea refuses a dns-server-timeout past INT_MAX ms; Node's timers stop at 2^31 - 1 too. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class DnsTransport {
  private readonly sockets = new Map<'udp4' | 'udp6', Promise<Socket>>();
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  /** Open exchanges (each holds an id). */
  get inFlight(): number {
    return this.pending.size;
  }

  /** A fresh random id for a message to this family's socket. */
  allocateId(server: string): number {
    const family = isIPv6(server) ? 'udp6' : 'udp4';
    for (;;) {
      const id = Math.floor(Math.random() * 0x10000);
      if (!this.pending.has(`${family}:${id}`)) return id;
    }
  }

  /** Sends one message and waits for its answer or the timeout; never rejects. */
  async exchange(address: string, port: number, wire: Buffer, timeoutMs: number): Promise<ExchangeResult> {
    if (this.closed) return { status: 'OTHER', reason: 'transport closed' };
    const family = isIPv6(address) ? 'udp6' : 'udp4';
    const key = `${family}:${wire.readUInt16BE(0)}`;
    if (this.pending.has(key)) return { status: 'OTHER', reason: 'message id already in use' };
    let socket: Socket;
    try {
      socket = await this.socket(family);
    } catch (err) {
      return { status: 'OTHER', reason: (err as Error).message };
    }
    return new Promise<ExchangeResult>((resolve) => {
      const finish = (result: ExchangeResult) => {
        const entry = this.pending.get(key);
        if (!entry) return;
        clearTimeout(entry.timer);
        this.pending.delete(key);
        resolve(result);
      };
      const timer = setTimeout(
        () => finish({ status: 'TIMEOUT' }),
        Math.min(Math.max(timeoutMs, 1), MAX_TIMEOUT_MS),
      );
      this.pending.set(key, { address, port, done: finish, timer });
      socket.send(wire, port, address, (err) => {
        if (err) finish({ status: 'OTHER', reason: err.message });
      });
    });
  }

  private socket(family: 'udp4' | 'udp6'): Promise<Socket> {
    let opening = this.sockets.get(family);
    if (!opening) {
      opening = new Promise<Socket>((resolve, reject) => {
        const socket = createSocket({ type: family });
        socket.once('error', reject);
        socket.bind(0, family === 'udp6' ? '::' : '0.0.0.0', () => {
          socket.off('error', reject);
          // Errors after binding (ICMP unreachable reported on some systems) only cost a timeout.
          socket.on('error', () => {});
          socket.on('message', (msg, from) => this.answer(family, msg, from));
          resolve(socket);
        });
      });
      this.sockets.set(family, opening);
      opening.catch(() => this.sockets.delete(family));
    }
    return opening;
  }

  private answer(family: string, msg: Buffer, from: RemoteInfo): void {
    if (msg.length < 12) return;
    const entry = this.pending.get(`${family}:${msg.readUInt16BE(0)}`);
    if (!entry || entry.port !== from.port || !sameAddress(entry.address, from.address)) return;
    entry.done({ status: 'SUCCESS', wire: msg });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of [...this.pending.values()])
      entry.done({ status: 'OTHER', reason: 'transport closed' });
    const sockets = [...this.sockets.values()];
    this.sockets.clear();
    for (const opening of sockets) {
      try {
        const socket = await opening;
        await new Promise<void>((resolve) => socket.close(() => resolve()));
      } catch {
        // never opened
      }
    }
  }
}

function sameAddress(configured: string, seen: string): boolean {
  if (configured === seen) return true;
  // "::1" may be written in several forms; compare the normalised ones.
  return normalise(configured) === normalise(seen);
}

function normalise(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname;
  } catch {
    return address.toLowerCase();
  }
}
