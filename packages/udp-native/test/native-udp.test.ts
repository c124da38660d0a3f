/** The addon on loopback: batched reads, sends, errors as errno codes, and close. */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { interfaceIndex, NativeUdpSocket, nativeUdpStatus, type ReceivedBatch } from '../src/index.js';

const status = nativeUdpStatus();
if (!status.available) console.warn(`native-udp: skipped (${status.reason})`);

const open: { close(): void }[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function client(): Promise<Socket> {
  const socket = createSocket('udp6');
  open.push(socket);
  return new Promise((resolve) => socket.bind(0, '::1', () => resolve(socket)));
}

function listen(
  onBatch: (batch: ReceivedBatch) => void,
  errors: Error[] = [],
): { socket: NativeUdpSocket; port: number } {
  // A free port: bind node:dgram to port 0, take its number, close it.
  for (let attempt = 0; ; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    try {
      const socket = NativeUdpSocket.open(
        { address: '::1', scopeId: 0, port, joinGroup: false, receiveBufferBytes: 1 << 20 },
        onBatch,
        (err) => errors.push(err),
      );
      open.push(socket);
      return { socket, port };
    } catch (err) {
      if (attempt > 20) throw err;
    }
  }
}

describe.skipIf(!status.available)('native UDP socket', () => {
  it('hands a burst to JS in batches with offsets, lengths, source address and port', async () => {
    const batches: ReceivedBatch[] = [];
    const { port } = listen((b) => batches.push(b));
    const sender = await client();
    const from = sender.address().port;
    for (let i = 0; i < 100; i++) sender.send(Buffer.from(`datagram ${i}`), port, '::1');
    await expect.poll(() => batches.reduce((n, b) => n + b.sources.length, 0)).toBe(100);
    const texts = batches.flatMap((b) =>
      b.sources.map((source, i) => {
        expect(source).toBe('::1');
        expect(b.meta[4 * i + 2]).toBe(from);
        const offset = b.meta[4 * i] as number;
        return b.data.subarray(offset, offset + (b.meta[4 * i + 1] as number)).toString();
      }),
    );
    expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => `datagram ${i}`));
    // Fewer callbacks than datagrams: each wakeup read all that was waiting (up to 64).
    expect(batches.length).toBeLessThan(100);
    expect(Math.max(...batches.map((b) => b.sources.length))).toBeLessThanOrEqual(64);
  });

  it('sends without blocking, and returns a refused send as an errno error', async () => {
    const { socket } = listen(() => {});
    const receiver = await client();
    const got = new Promise<string>((resolve) => receiver.once('message', (m) => resolve(m.toString())));
    expect(socket.send(Buffer.from('reply'), '::1', receiver.address().port)).toBeUndefined();
    expect(await got).toBe('reply');
    // An address that is not one is refused before any system call.
    const failure = socket.send(Buffer.from('x'), 'fe80::zz', 546);
    expect(failure?.code).toBe('EINVAL');
    expect(failure?.syscall).toBe('send');
    expect(failure?.message).toBe('send EINVAL fe80::zz:546');
    // A scope given by name is looked up (the server passes indexes, so this is rare).
    expect(socket.send(Buffer.from('x'), '::1%lo', receiver.address().port)).toBeUndefined();
  });

  it('throws bind errors with their errno code, naming address and port', () => {
    expect(() =>
      NativeUdpSocket.open(
        { address: '2001:db8::99', scopeId: 0, port: 5547, joinGroup: false, receiveBufferBytes: 0 },
        () => {},
        () => {},
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'EADDRNOTAVAIL',
        syscall: 'bind',
        message: 'bind EADDRNOTAVAIL 2001:db8::99:5547',
      }),
    );
  });

  it('runs no callback after close, and refuses to send', async () => {
    let received = 0;
    const { socket, port } = listen(() => received++);
    socket.close();
    expect(socket.closed).toBe(true);
    const sender = await client();
    sender.send('late', port, '::1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toBe(0);
    expect(() => socket.send(Buffer.from('x'), '::1', port)).toThrow('Not running');
    socket.close();
  });

  it('closing from inside the batch callback is safe', async () => {
    let batches = 0;
    const holder: { socket?: NativeUdpSocket } = {};
    const { socket, port } = listen(() => {
      batches++;
      holder.socket?.close();
    });
    holder.socket = socket;
    const sender = await client();
    sender.send('one', port, '::1');
    await expect.poll(() => batches).toBe(1);
    sender.send('two', port, '::1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(batches).toBe(1);
  });

  it('names interfaces by index without a per-packet lookup', () => {
    expect(interfaceIndex('lo')).toBeGreaterThan(0);
    expect(interfaceIndex('no-such-if0')).toBe(0);
  });
});
