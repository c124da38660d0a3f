import { createSocket } from 'node:dgram';
import { interfaceIndex, NativeUdpSocket, type ReceivedBatch } from '@nestor/udp-native';
import type { DatagramPath } from './datagram-path.js';

/** Kernel receive buffer asked for each socket: bursts of thousands of packets must not be dropped. */
export const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** One socket to bind: an address (scoped "fe80::1%eth0", global, or a group) and a port. */
export interface EndpointTarget {
  interfaceName: string;
  /** As bound: "ff02::1:2%eth0" for the group, the unicast address as planned otherwise. */
  bindAddress: string;
  port: number;
  /** Join the group (bindAddress without its scope) on interfaceName. */
  joinGroup: boolean;
}

export interface EndpointEvents {
  /** One datagram; the source address has no scope. */
  receive(data: Buffer, remoteAddress: string, remotePort: number): void;
  /** A send the kernel refused (EAGAIN included); the error's message names destination and port. */
  sendFailed(err: NodeJS.ErrnoException): void;
  /** Any other socket error. */
  error(err: NodeJS.ErrnoException): void;
}

/** A bound socket of either path. */
export interface Endpoint {
  /**
   * Sends without waiting; a refused send is reported to `sendFailed`. `onInterface`: the
   * destination is link-local and is to leave through the endpoint's interface (the socket's
   * own binding does not say so). Throws when the endpoint is closed.
   */
  send(bytes: Uint8Array, to: string, port: number, onInterface: boolean): void;
  close(): Promise<void>;
}

/** Binds one socket on the chosen path; rejects with the bind or group-join error. */
export function openEndpoint(
  path: DatagramPath,
  target: EndpointTarget,
  events: EndpointEvents,
): Promise<Endpoint> {
  return path === 'native' ? openNative(target, events) : openDgram(target, events);
}

function stripScope(address: string): string {
  const percent = address.indexOf('%');
  return percent < 0 ? address : address.slice(0, percent);
}

async function openNative(target: EndpointTarget, events: EndpointEvents): Promise<Endpoint> {
  const scoped = target.bindAddress.includes('%');
  // One if_nametoindex per socket at bind time; none per packet.
  const index = interfaceIndex(target.interfaceName);
  if (scoped && index === 0) {
    const err: NodeJS.ErrnoException = new Error(`bind ENODEV ${target.bindAddress}:${target.port}`);
    err.code = 'ENODEV';
    err.syscall = 'bind';
    throw err;
  }
  const onBatch = ({ data, meta, sources }: ReceivedBatch): void => {
    for (let i = 0; i < sources.length; i++) {
      const offset = meta[4 * i] as number;
      events.receive(
        data.subarray(offset, offset + (meta[4 * i + 1] as number)),
        sources[i] as string,
        meta[4 * i + 2] as number,
      );
    }
  };
  const socket = NativeUdpSocket.open(
    {
      address: stripScope(target.bindAddress),
      scopeId: scoped ? index : 0,
      port: target.port,
      joinGroup: target.joinGroup,
      receiveBufferBytes: RECEIVE_BUFFER_BYTES,
    },
    onBatch,
    (err) => events.error(err),
  );
  return {
    send(bytes, to, port, onInterface) {
      const failure = socket.send(bytes, to, port, onInterface ? index : 0);
      if (failure) events.sendFailed(failure);
    },
    async close() {
      socket.close();
    },
  };
}

function openDgram(target: EndpointTarget, events: EndpointEvents): Promise<Endpoint> {
  const socket = createSocket({ type: 'udp6', reuseAddr: true });
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => {
      try {
        socket.close();
      } catch {
        // never bound
      }
      reject(err);
    };
    socket.once('error', fail);
    socket.bind({ address: target.bindAddress, port: target.port, exclusive: false }, () => {
      socket.off('error', fail);
      try {
        if (target.joinGroup)
          socket.addMembership(stripScope(target.bindAddress), `::%${target.interfaceName}`);
        socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
      } catch (err) {
        // A receive buffer the kernel caps is not fatal; a failed group join is.
        if (target.joinGroup) return fail(err as Error);
      }
      socket.on('error', (err: NodeJS.ErrnoException) => {
        // A failed send arrives here (replies are sent without a callback); its message names
        // the destination address and port.
        if (err.syscall === 'send') events.sendFailed(err);
        else events.error(err);
      });
      socket.on('message', (data, rinfo) => events.receive(data, stripScope(rinfo.address), rinfo.port));
      const scope = `%${target.interfaceName}`;
      resolve({
        send(bytes, to, port, onInterface) {
          // No completion callback: the runtime then sends without a request object and a
          // callback per packet; a failed send surfaces as the socket's 'error' event.
          socket.send(bytes, port, onInterface ? `${to}${scope}` : to);
        },
        close: () =>
          new Promise<void>((done) => {
            try {
              socket.close(() => done());
            } catch {
              done();
            }
          }),
      });
    });
  });
}
