import { createRequire } from 'node:module';

/**
 * One wakeup's datagrams: datagram i is `data[meta[4i], meta[4i] + meta[4i+1])`, from
 * `sources[i]` (no scope) port `meta[4i+2]`, the source's scope id (its interface index, for a
 * link-local source) `meta[4i+3]`.
 */
export interface ReceivedBatch {
  data: Buffer;
  meta: Uint32Array;
  sources: string[];
}

/** The addon's functions (native/udp_native.c says what each does). */
interface Binding {
  open(
    address: string,
    scopeId: number,
    port: number,
    joinGroup: boolean,
    receiveBufferBytes: number,
    onBatch: (data: Buffer, meta: Uint32Array, sources: string[]) => void,
    onError: (code: string, syscall: string) => void,
  ): object;
  send(handle: object, bytes: Uint8Array, address: string, scopeId: number, port: number): number;
  close(handle: object): void;
  ifIndex(name: string): number;
  errName(errno: number): string;
}

export type NativeUdpStatus = { available: true } | { available: false; reason: string };

let binding: Binding | undefined;
let status: NativeUdpStatus | undefined;

/** Loads the addon once; says why not when it was not built or does not load. */
export function nativeUdpStatus(): NativeUdpStatus {
  if (status) return status;
  try {
    binding = createRequire(import.meta.url)('../build/udp_native.node') as Binding;
    status = { available: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    status = {
      available: false,
      reason:
        code === 'MODULE_NOT_FOUND'
          ? 'the addon was not built at install'
          : `the addon does not load: ${(err as Error).message}`,
    };
  }
  return status;
}

function loaded(): Binding {
  const state = nativeUdpStatus();
  if (!state.available) throw new Error(`@nestor/udp-native: ${state.reason}`);
  return binding as Binding;
}

/** The interface index of a name, 0 when there is none (one if_nametoindex). */
export function interfaceIndex(name: string): number {
  return loaded().ifIndex(name);
}

export interface NativeUdpOptions {
  /** The address to bind, without scope: "fe80::1", "2001:db8::1", "ff02::1:2". */
  address: string;
  /** The interface a link-local or multicast address belongs to (0: none). */
  scopeId: number;
  port: number;
  /** Join `address` as a multicast group on interface `scopeId`. */
  joinGroup: boolean;
  /** SO_RCVBUF asked for; a kernel cap below it is not an error. */
  receiveBufferBytes: number;
}

/** An errno-style error as node:dgram gives them: code, syscall, and a message naming both. */
function socketError(code: string, syscall: string, detail?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${syscall} ${code}${detail ? ` ${detail}` : ''}`);
  error.code = code;
  error.syscall = syscall;
  return error;
}

/**
 * A bound UDP/IPv6 socket polled on Node's event loop. Every wakeup reads up to 64 datagrams
 * with one recvmmsg and hands them to `onBatch` at once; sends never block (a full send buffer
 * is an EAGAIN failure, returned).
 */
export class NativeUdpSocket {
  private handle: object | undefined;

  private constructor(handle: object) {
    this.handle = handle;
  }

  /** Binds and starts reading; throws a bind/addMembership error with its errno code. */
  static open(
    options: NativeUdpOptions,
    onBatch: (batch: ReceivedBatch) => void,
    onError: (err: NodeJS.ErrnoException) => void,
  ): NativeUdpSocket {
    const native = loaded();
    try {
      const handle = native.open(
        options.address,
        options.scopeId,
        options.port,
        options.joinGroup,
        options.receiveBufferBytes,
        (data, meta, sources) => onBatch({ data, meta, sources }),
        (code, syscall) => onError(socketError(code, syscall)),
      );
      return new NativeUdpSocket(handle);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (typeof e.code === 'string' && typeof e.syscall === 'string')
        throw socketError(e.code, e.syscall, `${options.address}:${options.port}`);
      throw err;
    }
  }

  get closed(): boolean {
    return this.handle === undefined;
  }

  /**
   * Sends one datagram to `address` (a scope in the text, "%eth0", wins over `scopeId`).
   * Returns undefined when the kernel took it, else the failure (EAGAIN, ENETUNREACH ...).
   * Throws when the socket is closed, as node:dgram's send does.
   */
  send(bytes: Uint8Array, address: string, port: number, scopeId = 0): NodeJS.ErrnoException | undefined {
    if (this.handle === undefined) throw socketError('ERR_SOCKET_DGRAM_NOT_RUNNING', 'send', 'Not running');
    const errno = loaded().send(this.handle, bytes, address, scopeId, port);
    if (errno === 0) return undefined;
    return socketError(loaded().errName(errno), 'send', `${address}:${port}`);
  }

  /** Stops reading and closes the descriptor; no callback runs after this. */
  close(): void {
    if (this.handle === undefined) return;
    loaded().close(this.handle);
    this.handle = undefined;
  }
}
