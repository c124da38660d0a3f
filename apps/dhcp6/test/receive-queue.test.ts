/**
 * dhcp-queue-control's kea-ring6 receive queue in process: FIFO while the server keeps up, the
 * oldest waiting datagram discarded (counted, logged) when the ring is full, settings swapped on
 * reconfiguration, and the queue off under multi-threading as Kea 2.2 does. The wire-level effect
 * under overload is measured by `pnpm bench` (test-e2e/src/bench/overload.ts).
 */
import { availableParallelism } from 'node:os';
import { parseDhcp6Config } from '@nestor/config';
import { LogManager, Statistics } from '@nestor/daemon';
import { describe, expect, it, vi } from 'vitest';
import {
  multiThreadingInfo,
  QUEUE_DROP_STAT,
  QUEUE_WORKERS,
  queueSettings,
  ReceiveQueue,
  SQL_BACKLOG,
} from '../src/net/receive-queue.js';
import type { Datagram } from '../src/net/sockets.js';

const datagram = (n: number): Datagram =>
  ({ data: Buffer.from([n]), remoteAddress: 'fe80::1', remotePort: 546 }) as unknown as Datagram;

/** A server that answers only when told: each handled datagram waits for release(). */
function slowServer() {
  const handled: number[] = [];
  const pending: (() => void)[] = [];
  const handle = (d: Datagram): Promise<void> => {
    handled.push(d.data[0]!);
    return new Promise((resolve) => pending.push(resolve));
  };
  const release = async (): Promise<void> => {
    for (const done of pending.splice(0)) done();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { handled, handle, release };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('kea-ring6 receive queue', () => {
  it('passes datagrams straight through when disabled', () => {
    const server = slowServer();
    const q = new ReceiveQueue(server.handle, new Statistics(), new LogManager('t').get('t.dhcp6'));
    q.configure({ enabled: false, capacity: 64, workers: 1 });
    for (let i = 0; i < 10; i++) q.push(datagram(i));
    expect(server.handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps order while the server keeps up, and drops the oldest first when it falls behind', async () => {
    const server = slowServer();
    const stats = new Statistics();
    const log = new LogManager('t').get('t.dhcp6');
    const warn = vi.spyOn(log, 'warn');
    const q = new ReceiveQueue(server.handle, stats, log);
    q.configure({ enabled: true, capacity: 5, workers: 2 });
    for (let i = 0; i < 2; i++) q.push(datagram(i));
    await turn();
    expect(server.handled).toEqual([0, 1]);
    // Both workers busy: 10 more arrive; the ring keeps the newest 5 (5..11 minus the oldest).
    for (let i = 2; i < 12; i++) q.push(datagram(i));
    expect(q.length).toBe(5);
    expect(stats.get(QUEUE_DROP_STAT)).toBe(5);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe('DHCP6_PACKET_QUEUE_DROP');
    await server.release();
    expect(server.handled).toEqual([0, 1, 7, 8]);
    await server.release();
    await server.release();
    expect(server.handled).toEqual([0, 1, 7, 8, 9, 10, 11]);
    expect(q.length).toBe(0);
  });

  it('the SQL backlog bounds the packets in flight as the ring does, says so when it drops, and logs no queue at configuration', async () => {
    const server = slowServer();
    const stats = new Statistics();
    const log = new LogManager('t').get('t.dhcp6');
    const warn = vi.spyOn(log, 'warn');
    const info = vi.spyOn(log, 'info');
    const q = new ReceiveQueue(server.handle, stats, log);
    q.configure({ enabled: true, implicit: true, capacity: 3, workers: 2 });
    expect(info).not.toHaveBeenCalled();
    for (let i = 0; i < 7; i++) q.push(datagram(i));
    // Two in flight, the newest three waiting, the two oldest of those waiting discarded.
    expect(server.handled).toEqual([0, 1]);
    expect(q.length).toBe(3);
    expect(stats.get(QUEUE_DROP_STAT)).toBe(2);
    expect(warn.mock.calls[0]![1]).toMatch(/^behind the lease database: 2 packets in flight and 3 waiting/);
    await server.release();
    await server.release();
    await server.release();
    expect(server.handled).toEqual([0, 1, 4, 5, 6]);
  });

  it('capacity 0 holds nothing: every datagram is discarded, as a zero-capacity circular buffer does', () => {
    const server = slowServer();
    const stats = new Statistics();
    const q = new ReceiveQueue(server.handle, stats, new LogManager('t').get('t.dhcp6'));
    q.configure({ enabled: true, capacity: 0, workers: 1 });
    q.push(datagram(1));
    expect(stats.get(QUEUE_DROP_STAT)).toBe(1);
    expect(server.handled).toEqual([]);
  });

  it('a reconfiguration keeps what waits (up to the new capacity) or hands it on when the queue goes off', async () => {
    const server = slowServer();
    const stats = new Statistics();
    const q = new ReceiveQueue(server.handle, stats, new LogManager('t').get('t.dhcp6'));
    q.configure({ enabled: true, capacity: 8, workers: 1 });
    for (let i = 0; i < 6; i++) q.push(datagram(i));
    await turn();
    expect(server.handled).toEqual([0]);
    q.configure({ enabled: true, capacity: 3, workers: 1 });
    expect(q.length).toBe(3);
    expect(stats.get(QUEUE_DROP_STAT)).toBe(2);
    q.configure({ enabled: false, capacity: 3, workers: 1 });
    expect(q.length).toBe(0);
    expect(server.handled).toEqual([0, 3, 4, 5]);
  });

  it('reads the configuration as Kea 2.2: default off, capacity 64; off under multi-threading', () => {
    const parse = (extra: object) =>
      parseDhcp6Config({ Dhcp6: { 'interfaces-config': { interfaces: [] }, ...extra } }).model;
    expect(queueSettings(parse({}))).toEqual({ enabled: false, capacity: 64, workers: QUEUE_WORKERS });
    expect(
      queueSettings(parse({ 'dhcp-queue-control': { 'enable-queue': true, 'queue-type': 'kea-ring6' } })),
    ).toEqual({ enabled: true, capacity: 64, workers: QUEUE_WORKERS });
  });

  it('a MySQL or PostgreSQL lease database with no queue configured: 16 in flight, a backlog of 64 that drops the oldest', () => {
    const parse = (extra: object) =>
      parseDhcp6Config({ Dhcp6: { 'interfaces-config': { interfaces: [] }, ...extra } }).model;
    for (const type of ['mysql', 'postgresql'])
      expect(queueSettings(parse({ 'lease-database': { type, name: 'kea' } }))).toEqual({
        enabled: true,
        implicit: true,
        capacity: SQL_BACKLOG,
        workers: QUEUE_WORKERS,
      });
    // A ring the configuration asks for is that ring, whatever the backend.
    expect(
      queueSettings(
        parse({
          'lease-database': { type: 'postgresql', name: 'kea' },
          'dhcp-queue-control': { 'enable-queue': true, 'queue-type': 'kea-ring6', capacity: 9 },
        }),
      ),
    ).toEqual({ enabled: true, capacity: 9, workers: QUEUE_WORKERS });
  });

  it('multi-threading: thread-pool-size packets in flight, a drop-oldest queue of packet-queue-size; the ring off', () => {
    const parse = (extra: object) =>
      parseDhcp6Config({ Dhcp6: { 'interfaces-config': { interfaces: [] }, ...extra } }).model;
    const ring = { 'dhcp-queue-control': { 'enable-queue': true, 'queue-type': 'kea-ring6', capacity: 7 } };
    expect(
      queueSettings(
        parse({
          ...ring,
          'multi-threading': {
            'enable-multi-threading': true,
            'thread-pool-size': 3,
            'packet-queue-size': 9,
          },
        }),
      ),
    ).toEqual({ enabled: true, capacity: 9, workers: 3 });
    // Kea's defaults: as many threads as cores, a queue of 64; packet-queue-size 0 is unbounded.
    expect(queueSettings(parse({ 'multi-threading': { 'enable-multi-threading': true } }))).toEqual({
      enabled: true,
      capacity: 64,
      workers: availableParallelism(),
    });
    expect(
      queueSettings(parse({ 'multi-threading': { 'enable-multi-threading': true, 'packet-queue-size': 0 } }))
        .capacity,
    ).toBe(Number.POSITIVE_INFINITY);
    const info = multiThreadingInfo(
      parse({
        'multi-threading': { 'enable-multi-threading': true, 'thread-pool-size': 3, 'packet-queue-size': 9 },
      }),
    );
    expect(info).toMatch(/^enabled: yes, number of threads: 3, queue size: 9 \(Nestor starts no threads/);
    expect(multiThreadingInfo(parse({}))).toMatch(/^enabled: no/);
  });

  it('an unbounded queue (packet-queue-size 0) drops nothing', async () => {
    const server = slowServer();
    const stats = new Statistics();
    const q = new ReceiveQueue(server.handle, stats, new LogManager('t').get('t.dhcp6'));
    q.configure({ enabled: true, capacity: Number.POSITIVE_INFINITY, workers: 1 });
    for (let i = 0; i < 3000; i++) q.push(datagram(i % 256));
    // One is being answered, the rest wait.
    expect(q.length).toBe(2999);
    expect(stats.get(QUEUE_DROP_STAT)).toBeUndefined();
    for (let i = 0; i < 3000; i++) await server.release();
    expect(server.handled).toHaveLength(3000);
  });

  it('refuses a queue type kea-dhcp6 2.2 does not know, and a fractional capacity, only when the queue is on', () => {
    const parse = (qc: object, mt = false) =>
      parseDhcp6Config({
        Dhcp6: { 'dhcp-queue-control': qc, 'multi-threading': { 'enable-multi-threading': mt } },
      } as never);
    expect(() => parse({ 'enable-queue': true, 'queue-type': 'kea-ring4' })).toThrow(
      "The type of the packet queue: 'kea-ring4' is not supported",
    );
    expect(() => parse({ 'enable-queue': true, 'queue-type': 'kea-ring6', capacity: 2.5 })).toThrow(
      "'capacity' must be an integer",
    );
    expect(() => parse({ 'enable-queue': false, 'queue-type': 'kea-ring4' })).not.toThrow();
    expect(() => parse({ 'enable-queue': true, 'queue-type': 'kea-ring4' }, true)).not.toThrow();
  });
});
