import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { NcrMessageError } from '../errors.js';
import { type NcrLogger, silentNcrLogger } from '../logger.js';
import type { NameChangeRequest } from '../model.js';
import { BoundedQueue } from '../queue.js';
import { decodeNcr } from '../wire.js';

/** Kea's D2 queue size (D2QueueMgr::MAX_QUEUE_DEFAULT). */
export const DEFAULT_RECEIVE_QUEUE_SIZE = 1024;

export interface NcrReceiverEvents {
  /** A well-formed NCR was queued. */
  received?(ncr: NameChangeRequest, from: RemoteInfo): void;
  /** A datagram that is no NCR (Kea's ncr-invalid). */
  invalid?(error: NcrMessageError, from: RemoteInfo): void;
  /** A socket error (Kea's ncr-error). */
  error?(error: Error): void;
  /** A well-formed NCR dropped because the queue was full. */
  dropped?(ncr: NameChangeRequest, from: RemoteInfo): void;
}

export interface NcrReceiverOptions {
  ipAddress: string;
  port: number;
  maxQueueSize?: number;
  /** A queue to fill instead of a new one (a listener re-opened elsewhere keeps what is queued). */
  queue?: BoundedQueue<NameChangeRequest>;
  logger?: NcrLogger;
  events?: NcrReceiverEvents;
}

/**
 * Listens for NCRs on UDP (Kea's NameChangeUDPListener) into a bounded queue. Nothing it
 * receives can stop it: a malformed datagram is logged (DHCP_DDNS_INVALID_NCR) and dropped; a
 * full queue drops the request (DHCP_DDNS_QUEUE_MGR_QUEUE_FULL) rather than the listener
 * pausing, since a paused UDP listener loses datagrams in the kernel all the same, unseen.
 */
export class NcrReceiver {
  readonly queue: BoundedQueue<NameChangeRequest>;
  private socket: Socket | undefined;
  private readonly logger: NcrLogger;
  private readonly events: NcrReceiverEvents;
  /** Called after each queued NCR, for the consumer to take work. */
  onQueued: (() => void) | undefined;

  constructor(private readonly options: NcrReceiverOptions) {
    this.queue = options.queue ?? new BoundedQueue(options.maxQueueSize ?? DEFAULT_RECEIVE_QUEUE_SIZE);
    this.logger = options.logger ?? silentNcrLogger;
    this.events = options.events ?? {};
  }

  get listening(): boolean {
    return this.socket !== undefined;
  }

  /** The bound port (the configured one, or the kernel's pick for port 0). */
  get port(): number {
    return this.socket?.address().port ?? this.options.port;
  }

  async open(): Promise<void> {
    if (this.socket) throw new Error('NameChangeListener is already listening');
    const socket = createSocket({ type: isIPv6(this.options.ipAddress) ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port, this.options.ipAddress, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((err: Error) => {
      socket.close();
      throw new Error(`Open failed: ${err.message}`);
    });
    socket.on('message', (msg, from) => this.receive(msg, from));
    socket.on('error', (err) => {
      this.logger.error(
        'DHCP_DDNS_NCR_UDP_RECV_ERROR',
        `UDP socket receive error while listening for DNS Update requests: ${err.message}`,
      );
      this.events.error?.(err);
    });
    this.socket = socket;
  }

  /** Handles one datagram (public for tests that feed datagrams without a socket). */
  receive(datagram: Uint8Array, from: RemoteInfo): void {
    let ncr: NameChangeRequest;
    try {
      ncr = decodeNcr(datagram);
    } catch (err) {
      const error = err instanceof NcrMessageError ? err : new NcrMessageError(String(err));
      this.logger.error(
        'DHCP_DDNS_INVALID_NCR',
        `application received an invalid DNS update request: ${error.message}`,
      );
      this.events.invalid?.(error, from);
      return;
    }
    if (!this.queue.push(ncr)) {
      this.logger.error(
        'DHCP_DDNS_QUEUE_MGR_QUEUE_FULL',
        `application request queue has reached maximum number of entries ${this.queue.maxSize}`,
      );
      this.events.dropped?.(ncr, from);
      return;
    }
    this.events.received?.(ncr, from);
    this.onQueued?.();
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
