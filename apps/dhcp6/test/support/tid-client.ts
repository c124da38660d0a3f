/**
 * A DHCPv6 client on ::1 that runs many exchanges at once: one UDP socket at the server's -P
 * port, each message sent with its own transaction id and its answer matched by that id, every
 * wait bounded. Enough for a load of SOLICIT / REQUEST / RENEW from many DUIDs while a test
 * changes the server under it.
 */
import { createSocket, type Socket } from 'node:dgram';
import {
  type ClientServerMessage,
  decodeMessage,
  findOption,
  findOptions,
  findRawOption,
  MessageType,
} from '@nestor/codec';
import { clientMessage } from './harness.js';

/** One exchange that did not end as expected, with when it happened. */
export interface ExchangeFailure {
  at: number;
  what: string;
}

export class TidClient {
  private readonly waiting = new Map<number, (reply: ClientServerMessage) => void>();
  private nextTid = 1;

  private constructor(
    private readonly socket: Socket,
    private readonly serverPort: number,
    private readonly timeoutMs: number,
  ) {
    socket.on('message', (data: Buffer) => {
      const message = decodeMessage(new Uint8Array(data));
      if (message.kind !== 'client-server') return;
      this.waiting.get(message.transactionId)?.(message);
    });
  }

  /** `timeoutMs`: how long each message waits for its answer. */
  static open(clientPort: number, serverPort: number, timeoutMs = 3_000): Promise<TidClient> {
    return new Promise((resolve, reject) => {
      const socket = createSocket({ type: 'udp6', reuseAddr: true });
      socket.once('error', reject);
      socket.bind(clientPort, '::1', () => {
        socket.off('error', reject);
        resolve(new TidClient(socket, serverPort, timeoutMs));
      });
    });
  }

  /** Sends one message (built with a fresh transaction id) and waits for its answer, or fails. */
  exchange(build: (tid: number) => Uint8Array, timeoutMs = this.timeoutMs): Promise<ClientServerMessage> {
    const tid = this.nextTid++ & 0xffffff;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(tid);
        reject(new Error(`no answer in ${timeoutMs} ms (transaction ${tid})`));
      }, timeoutMs);
      this.waiting.set(tid, (reply) => {
        clearTimeout(timer);
        this.waiting.delete(tid);
        resolve(reply);
      });
      this.socket.send(build(tid), this.serverPort, '::1');
    });
  }

  /** SOLICIT then REQUEST for one IA_NA: the address leased, or an error saying what went wrong. */
  async lease(duid: Uint8Array, iaid = 1): Promise<{ address: string; serverId: Uint8Array }> {
    const advertise = await this.exchange((tid) =>
      clientMessage({ type: MessageType.SOLICIT, clientId: duid, iaNa: [{ iaid }], tid }),
    );
    const address = addressesOf(advertise)[0];
    if (advertise.msgType !== MessageType.ADVERTISE || !address)
      throw new Error(`SOLICIT: message ${advertise.msgType}, status ${statusOf(advertise)}`);
    const serverId = findRawOption(advertise.options, 2)!.data;
    const reply = await this.exchange((tid) =>
      clientMessage({
        type: MessageType.REQUEST,
        clientId: duid,
        serverId,
        iaNa: [{ iaid, addresses: [{ address }] }],
        tid,
      }),
    );
    if (reply.msgType !== MessageType.REPLY || addressesOf(reply)[0] !== address)
      throw new Error(`REQUEST for ${address}: message ${reply.msgType}, status ${statusOf(reply)}`);
    return { address, serverId };
  }

  /** RENEW of a binding: the REPLY's address and valid lifetime. */
  async renew(
    duid: Uint8Array,
    serverId: Uint8Array,
    address: string,
    iaid = 1,
  ): Promise<{ address: string | undefined; valid: number | undefined }> {
    const reply = await this.exchange((tid) =>
      clientMessage({
        type: MessageType.RENEW,
        clientId: duid,
        serverId,
        iaNa: [{ iaid, addresses: [{ address }] }],
        tid,
      }),
    );
    if (reply.msgType !== MessageType.REPLY) throw new Error(`RENEW of ${address}: message ${reply.msgType}`);
    const ia = findOption(reply.options, 3);
    const iaAddress = ia ? findOptions(ia.options, 5).find((a) => a.validLifetime > 0) : undefined;
    return { address: iaAddress?.address, valid: iaAddress?.validLifetime };
  }

  /** Closes the socket; exchanges still waiting end by their own timeout. */
  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

function addressesOf(reply: ClientServerMessage): string[] {
  return findOptions(reply.options, 3).flatMap((ia) => findOptions(ia.options, 5).map((a) => a.address));
}

function statusOf(reply: ClientServerMessage): number | undefined {
  const ia = findOption(reply.options, 3);
  return (ia ? findOption(ia.options, 13) : findOption(reply.options, 13))?.status;
}
