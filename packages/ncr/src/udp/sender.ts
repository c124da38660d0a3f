import { createSocket, type Socket } from 'node:dgram';
import { isIP, isIPv6 } from 'node:net';
import type { NcrJsonDialect } from '../json.js';
import { type NcrLogger, silentNcrLogger } from '../logger.js';
import { type NameChangeRequest, ncrToText } from '../model.js';
import { encodeNcr } from '../wire.js';

/** Kea's dhcp-ddns parameters of a DHCP server, with Kea's defaults. */
export interface NcrSenderOptions {
  serverIp?: string;
  serverPort?: number;
  senderIp?: string;
  senderPort?: number;
  maxQueueSize?: number;
  ncrProtocol?: 'UDP';
  ncrFormat?: 'JSON';
  /** Which conflict member to write; Kea 2.2's use-conflict-resolution by default. */
  dialect?: NcrJsonDialect;
  logger?: NcrLogger;
  /** Told of each request's fate as it happens (statistics). */
  events?: NcrSenderEvents;
}

/** What became of each request: its datagram left, it was dropped before, or the socket failed. */
export interface NcrSenderEvents {
  sent?(ncr: NameChangeRequest): void;
  dropped?(ncr: NameChangeRequest, reason: string): void;
  error?(err: Error): void;
}

export interface NcrSenderCounters {
  /** Handed to the socket and sent. */
  sent: number;
  /** Refused because the queue was full. */
  dropped: number;
  /** The socket failed to send them. */
  errors: number;
}

/**
 * Sends NCRs to kea-dhcp-ddns over UDP (Kea's NameChangeUDPSender). send() never waits and never
 * throws for a full queue: the DHCP exchange that produced the request goes on, the request is
 * dropped, counted and logged (DHCPSRV_DHCP_DDNS_NCR_REJECTED, Kea's words). The queue holds the
 * requests whose datagram has not left yet.
 */
export class NcrSender {
  readonly counters: NcrSenderCounters = { sent: 0, dropped: 0, errors: 0 };
  private socket: Socket | undefined;
  private pending = 0;
  private readonly serverIp: string;
  private readonly serverPort: number;
  private readonly maxQueueSize: number;
  private readonly logger: NcrLogger;

  constructor(private readonly options: NcrSenderOptions = {}) {
    this.serverIp = options.serverIp ?? '127.0.0.1';
    this.serverPort = options.serverPort ?? 53001;
    this.maxQueueSize = options.maxQueueSize ?? 1024;
    this.logger = options.logger ?? silentNcrLogger;
    if (isIP(this.serverIp) === 0) throw new Error(`invalid server-ip: ${this.serverIp}`);
    if (options.ncrProtocol !== undefined && options.ncrProtocol !== 'UDP')
      throw new Error(`Invalid NameChangeRequest protocol: ${options.ncrProtocol}`);
    if (options.ncrFormat !== undefined && options.ncrFormat !== 'JSON')
      throw new Error(`Invalid NameChangeRequest format: ${options.ncrFormat}`);
  }

  /** Requests accepted whose datagram has not left yet. */
  get queueSize(): number {
    return this.pending;
  }

  async open(): Promise<void> {
    if (this.socket) throw new Error('NameChangeSender is already sending');
    const v6 = isIPv6(this.serverIp);
    let senderIp = this.options.senderIp ?? (v6 ? '::' : '0.0.0.0');
    // Kea's default sender-ip is 0.0.0.0 whatever the server's family: bind the matching "any".
    if (v6 && senderIp === '0.0.0.0') senderIp = '::';
    const socket = createSocket({ type: v6 ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.senderPort ?? 0, senderIp, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((err: Error) => {
      socket.close();
      throw new Error(`Open failed: ${err.message}`);
    });
    // A send error is reported to the send callback; anything else is logged, never thrown.
    socket.on('error', (err) => this.sendError(err));
    this.socket = socket;
  }

  /** Queues one request; false when it was dropped (queue full, sender closed, unencodable). */
  send(ncr: NameChangeRequest): boolean {
    const socket = this.socket;
    if (!socket) {
      this.reject('sender is not ready to send', ncr);
      return false;
    }
    if (this.pending >= this.maxQueueSize) {
      this.reject(`send queue has reached maximum capacity: ${this.maxQueueSize}`, ncr);
      return false;
    }
    let datagram: Buffer;
    try {
      datagram = encodeNcr(ncr, this.options.dialect);
    } catch (err) {
      this.reject((err as Error).message, ncr);
      return false;
    }
    this.pending++;
    socket.send(datagram, this.serverPort, this.serverIp, (err) => {
      this.pending--;
      if (err) this.sendError(err);
      else {
        this.counters.sent++;
        this.options.events?.sent?.(ncr);
      }
    });
    return true;
  }

  private reject(reason: string, ncr: NameChangeRequest): void {
    this.counters.dropped++;
    this.options.events?.dropped?.(ncr, reason);
    this.logger.error(
      'DHCPSRV_DHCP_DDNS_NCR_REJECTED',
      `NameChangeRequest rejected by the sender: ${reason}, ncr: ${ncrToText(ncr)}`,
    );
  }

  private sendError(err: Error): void {
    this.counters.errors++;
    this.options.events?.error?.(err);
    this.logger.error(
      'DHCP_DDNS_NCR_UDP_SEND_ERROR',
      `UDP socket send error while sending a DNS Update request: ${err.message}`,
    );
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
