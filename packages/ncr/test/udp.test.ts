import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { type NameChangeRequest, type NcrLogger, NcrReceiver, NcrSender } from '../src/index.js';

const ncr = (n: number): NameChangeRequest => ({
  changeType: 0,
  forwardChange: true,
  reverseChange: true,
  fqdn: `host${n}.example.com.`,
  ipAddress: `2001:db8::${n.toString(16)}`,
  dhcid: Uint8Array.of(0, 2, 1, n & 0xff),
  leaseExpiresOn: 1_800_000_000,
  leaseLength: 3600,
  conflictResolutionMode: 'check-with-dhcid',
});

const logged: string[] = [];
const logger: NcrLogger = { error: (id, text) => logged.push(`${id} ${text}`), debug: () => {} };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  logged.length = 0;
});

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('NCR sender and receiver over UDP', () => {
  it('carries requests from sender to receiver; a malformed datagram is counted, logged, dropped', async () => {
    const counts = { received: 0, invalid: 0 };
    const receiver = new NcrReceiver({
      ipAddress: '127.0.0.1',
      port: 0,
      logger,
      events: { received: () => counts.received++, invalid: () => counts.invalid++ },
    });
    await receiver.open();
    closers.push(() => receiver.close());
    const sender = new NcrSender({ serverIp: '127.0.0.1', serverPort: receiver.port, logger });
    await sender.open();
    closers.push(() => sender.close());
    for (let i = 1; i <= 5; i++) expect(sender.send(ncr(i))).toBe(true);
    const raw = createSocket('udp4');
    closers.push(() => new Promise((r) => raw.close(() => r())));
    raw.send(Buffer.from('\u0000\u0004nope'), receiver.port, '127.0.0.1');
    await until(() => counts.received === 5 && counts.invalid === 1);
    expect(receiver.queue.length).toBe(5);
    expect(receiver.queue.peekAt(0)).toEqual(ncr(1));
    expect(sender.counters).toEqual({ sent: 5, dropped: 0, errors: 0 });
    expect(logged.some((l) => l.startsWith('DHCP_DDNS_INVALID_NCR'))).toBe(true);
    expect(receiver.listening).toBe(true);
  });

  it('a full receive queue drops the request (counted, logged) and keeps listening', async () => {
    let dropped = 0;
    const receiver = new NcrReceiver({
      ipAddress: '127.0.0.1',
      port: 0,
      maxQueueSize: 2,
      logger,
      events: { dropped: () => dropped++ },
    });
    const from = { address: '127.0.0.1', family: 'IPv4' as const, port: 1, size: 0 };
    const { encodeNcr } = await import('../src/index.js');
    for (let i = 0; i < 4; i++) receiver.receive(encodeNcr(ncr(i)), from);
    expect(receiver.queue.length).toBe(2);
    expect(dropped).toBe(2);
    expect(logged.filter((l) => l.startsWith('DHCP_DDNS_QUEUE_MGR_QUEUE_FULL'))).toHaveLength(2);
  });

  it('a full send queue drops the request at once, without blocking the caller', async () => {
    const sender = new NcrSender({ serverIp: '127.0.0.1', serverPort: 9, maxQueueSize: 3, logger });
    await sender.open();
    closers.push(() => sender.close());
    const started = performance.now();
    const accepted = Array.from({ length: 10 }, (_, i) => sender.send(ncr(i)));
    expect(performance.now() - started).toBeLessThan(50);
    expect(accepted.filter(Boolean)).toHaveLength(3);
    expect(sender.counters.dropped).toBe(7);
    expect(logged.filter((l) => l.includes('send queue has reached maximum capacity: 3'))).toHaveLength(7);
    expect(logged[0]).toMatch(/^DHCPSRV_DHCP_DDNS_NCR_REJECTED /);
  });

  it('a sender not opened refuses and counts, it does not throw', () => {
    const sender = new NcrSender({ logger });
    expect(sender.send(ncr(1))).toBe(false);
    expect(sender.counters.dropped).toBe(1);
    expect(() => new NcrSender({ ncrProtocol: 'TCP' as 'UDP' })).toThrow(
      'Invalid NameChangeRequest protocol: TCP',
    );
  });
});
