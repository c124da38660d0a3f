import { availableParallelism } from 'node:os';
import type { Dhcp6Config, JsonObject } from '@nestor/config';
import type { Logger, Statistics } from '@nestor/daemon';
import type { Datagram } from './sockets.js';

/** The only queue type Kea 2.2's kea-dhcp6 registers (PacketQueueMgr6's default factory). */
export const KEA_RING6 = 'kea-ring6';

/** Nestor's statistic for the packets the ring discarded to make room (Kea 2.2 keeps none). */
export const QUEUE_DROP_STAT = 'pkt6-queue-full-drop';

/**
 * Datagrams the queue hands to the pipeline at once. Kea's single-threaded server works on one
 * packet at a time; Nestor overlaps a few so that one packet's lease write does not idle the
 * CPU. Past this many the server counts as behind, and the ring fills.
 */
export const QUEUE_WORKERS = 16;

/** How often, at most, the drops of an overload episode are logged (one line each time). */
const DROP_LOG_INTERVAL_MS = 1000;

/**
 * Datagrams waiting beyond those in flight when the lease database is MySQL or PostgreSQL and no
 * queue is configured (Kea's default ring capacity). See queueSettings.
 */
export const SQL_BACKLOG = 64;

export interface QueueSettings {
  enabled: boolean;
  /**
   * Not configured, but put in force by Nestor (the SQL backlog): nothing is logged at
   * configuration, and the drops are logged as the backlog's.
   */
  implicit?: boolean;
  /** Datagrams the ring holds (Infinity: no bound). */
  capacity: number;
  /** Datagrams worked on at once before the ring starts to fill. */
  workers: number;
}

/**
 * The queue between the sockets and the pipeline, from the configuration as Kea 2.2 reads it.
 * dhcp-queue-control: the ring is used when enable-queue is true and multi-threading is off (Kea's
 * DHCPQueueControlParser silently turns the queue off under multi-threading); queue-type is
 * checked at configuration time. multi-threading: Kea's thread pool takes packets from a queue of
 * packet-queue-size (0: unbounded) that discards its oldest when full (ThreadPool::addBack) and
 * works on thread-pool-size (0: one per core) at once; Nestor has no threads but keeps both
 * bounds: that many packets in flight on its event loop, the oldest beyond the queue discarded.
 */
export function queueSettings(
  config: Pick<Dhcp6Config, 'dhcpQueueControl' | 'multiThreading'> & {
    leaseDatabase?: Pick<Dhcp6Config['leaseDatabase'], 'type'>;
  },
): QueueSettings {
  const mt = config.multiThreading;
  if (mt.enabled)
    return {
      enabled: true,
      capacity: mt.packetQueueSize === 0 ? Number.POSITIVE_INFINITY : mt.packetQueueSize,
      workers: mt.threadPoolSize === 0 ? availableParallelism() : mt.threadPoolSize,
    };
  const raw: JsonObject = config.dhcpQueueControl;
  const enabled = raw['enable-queue'] === true;
  const type = config.leaseDatabase?.type;
  if (!enabled && (type === 'mysql' || type === 'postgresql'))
    // Kea's single thread reads a datagram only when it is done with the one before, so under
    // overload the socket's kernel buffer fills and the excess is lost there, while Kea goes on
    // answering at its own pace. Nestor reads every datagram at once; on a database each waits
    // for its round trips, and without a bound every one of them joins the pool's queue, all
    // answers arrive late, and the clients (perfdhcp: 63% of them at twice the sustainable rate)
    // have given up by then: the rate collapses instead of levelling off. So with a database
    // the packets beyond QUEUE_WORKERS in flight wait in a short drop-oldest backlog.
    return { enabled: true, implicit: true, capacity: SQL_BACKLOG, workers: QUEUE_WORKERS };
  return { enabled, capacity: Number(raw.capacity ?? 64), workers: QUEUE_WORKERS };
}

/** The one line at each configuration that says what Nestor makes of multi-threading. */
export function multiThreadingInfo(config: Pick<Dhcp6Config, 'multiThreading'>): string {
  const mt = config.multiThreading;
  if (!mt.enabled)
    return 'enabled: no, number of threads: 0, queue size: 0 (Nestor answers packets on one event loop, several in flight while they wait for the lease store)';
  const { capacity, workers } = queueSettings({ multiThreading: mt, dhcpQueueControl: {} });
  const queue = Number.isFinite(capacity) ? String(capacity) : 'unbounded';
  return `enabled: yes, number of threads: ${workers}, queue size: ${queue} (Nestor starts no threads: it answers at most ${workers} packets at once on one event loop, and of more waiting keeps the newest ${queue}, discarding the oldest as Kea's packet queue does; dhcp-queue-control is off, as in Kea)`;
}

/**
 * Kea's kea-ring6 receive queue: datagrams read from the sockets wait in a ring of `capacity`
 * before the server works on them; when the server is behind and the ring is full, the oldest
 * waiting datagram is discarded to make room for the newest (boost::circular_buffer's
 * push_back), so under overload the server answers fresh packets instead of ones their clients
 * have given up on. Each discarded datagram is counted (QUEUE_DROP_STAT) and the episode
 * logged at most once a second. With the queue off, datagrams go straight to the pipeline.
 */
export class ReceiveQueue {
  /** Waiting datagrams from `head` on, oldest first; compacted now and then. */
  private waiting: (Datagram | undefined)[] = [];
  private head = 0;
  private busy = 0;
  private pumpScheduled = false;
  private settings: QueueSettings = { enabled: false, capacity: 64, workers: QUEUE_WORKERS };
  private dropsSinceLog = 0;
  private lastDropLog = 0;

  constructor(
    private readonly handle: (datagram: Datagram) => Promise<void>,
    private readonly stats: Statistics,
    private readonly log: Logger,
  ) {}

  /** Puts new settings in force (at start and on every reconfiguration). */
  configure(next: QueueSettings): void {
    const waiting = this.drainAll();
    const changed = next.enabled !== this.settings.enabled || next.capacity !== this.settings.capacity;
    this.settings = next;
    if (changed && next.enabled && !next.implicit && Number.isFinite(next.capacity))
      this.log.info(
        'DHCP6_CONFIG_PACKET_QUEUE',
        `DHCPv6 packet queue info after configuration: ${JSON.stringify({ capacity: next.capacity, 'queue-type': KEA_RING6, size: 0 })}`,
      );
    // What waited under the old settings is not lost: it goes on under the new ones.
    for (const datagram of waiting) this.push(datagram);
  }

  /** Packets waiting now. */
  get length(): number {
    return this.waiting.length - this.head;
  }

  /** Entry point for every datagram the sockets read. */
  push(datagram: Datagram): void {
    if (!this.settings.enabled) {
      void this.handle(datagram);
      return;
    }
    if (this.settings.capacity === 0) {
      // A ring of capacity 0 holds nothing: Kea's circular buffer then discards every push.
      this.dropped();
      return;
    }
    if (this.busy < this.settings.workers && this.length === 0) {
      // The server keeps up: nothing waits, as Kea's main thread takes at once what its
      // receiver thread queues.
      this.start(datagram);
      return;
    }
    this.waiting.push(datagram);
    if (this.length > this.settings.capacity) {
      // Full: the oldest makes room.
      this.waiting[this.head++] = undefined;
      this.dropped();
    }
    this.schedule();
  }

  private dropped(): void {
    this.stats.add(QUEUE_DROP_STAT);
    this.dropsSinceLog++;
    const now = Date.now();
    if (now - this.lastDropLog >= DROP_LOG_INTERVAL_MS) {
      this.log.warn(
        'DHCP6_PACKET_QUEUE_DROP',
        this.settings.implicit
          ? `behind the lease database: ${this.settings.workers} packets in flight and ${this.settings.capacity} waiting; discarded the ${this.dropsSinceLog} oldest waiting packet(s) to make room`
          : `receive queue full (capacity ${this.settings.capacity}): discarded the ${this.dropsSinceLog} oldest waiting packet(s) to make room`,
      );
      this.dropsSinceLog = 0;
      this.lastDropLog = now;
    }
  }

  private take(): Datagram | undefined {
    if (this.length === 0) return undefined;
    const datagram = this.waiting[this.head];
    this.waiting[this.head++] = undefined;
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    return datagram;
  }

  private drainAll(): Datagram[] {
    const out: Datagram[] = [];
    for (let d = this.take(); d; d = this.take()) out.push(d);
    return out;
  }

  /**
   * The pump runs from setImmediate, after the event loop's poll phase: the sockets are read
   * (into the queue, dropping the oldest when full) between the packets the server works on.
   */
  private schedule(): void {
    if (this.pumpScheduled || this.busy >= this.settings.workers || this.length === 0) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.busy < this.settings.workers) {
      const datagram = this.take();
      if (!datagram) return;
      this.start(datagram);
    }
  }

  private start(datagram: Datagram): void {
    this.busy++;
    void this.handle(datagram).finally(() => {
      this.busy--;
      this.schedule();
    });
  }
}
