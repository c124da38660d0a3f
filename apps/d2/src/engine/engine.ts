import type { D2Config } from '@nestor/config';
import type { Logger, LogManager, Statistics } from '@nestor/daemon';
import { BoundedQueue, DEFAULT_RECEIVE_QUEUE_SIZE, type NameChangeRequest, NcrReceiver } from '@nestor/ncr';
import { DnsTransport } from '../dns/transport.js';
import { D2Statistics } from '../stats.js';
import { buildRuntime } from './runtime.js';
import { UpdateManager, type UpdateManagerOptions } from './update-manager.js';

/** Kea D2's shutdown types: stop now, finish the transactions under way, or drain the queue too. */
export type ShutdownType = 'normal' | 'drain_first' | 'now';

/** How long a graceful stop waits for DNS before giving up on what is left. */
const STOP_GRACE_MS = 10_000;

/**
 * The working part of kea-dhcp-ddns: the NCR listener on ip-address / port, the queue, the
 * update manager and the DNS transport, with the statistics they keep. A listener that cannot
 * be opened is logged (DHCP_DDNS_QUEUE_MGR_START_ERROR) and leaves the daemon running, so its
 * control channel can take a corrected configuration.
 */
export class D2Engine {
  readonly stats: D2Statistics;
  private receiver: NcrReceiver | undefined;
  private readonly transport = new DnsTransport();
  private readonly manager: UpdateManager;
  private readonly requestLog: Logger;
  /** Outlives listeners: a reconfiguration that moves the listener keeps what is queued. */
  private readonly queue = new BoundedQueue<NameChangeRequest>(DEFAULT_RECEIVE_QUEUE_SIZE);
  private endpoint = '';

  constructor(statistics: Statistics, logs: LogManager, keySelector?: UpdateManagerOptions['keySelector']) {
    this.stats = new D2Statistics(statistics);
    this.requestLog = logs.get(`${logs.root}.dhcp-to-d2`);
    this.manager = new UpdateManager({
      queue: this.queue,
      transport: this.transport,
      stats: this.stats,
      requestLog: this.requestLog,
      dnsLog: logs.get(`${logs.root}.d2-to-dns`),
      ...(keySelector ? { keySelector } : {}),
    });
  }

  /** Requests waiting for a transaction. */
  get queueSize(): number {
    return this.queue.length;
  }

  /** The listener's port (for tests binding port 0), undefined when not listening. */
  get listeningPort(): number | undefined {
    return this.receiver?.listening ? this.receiver.port : undefined;
  }

  async apply(config: D2Config): Promise<void> {
    const runtime = buildRuntime(config);
    this.stats.setKeys(runtime.keyNames);
    this.manager.configure(runtime);
    const endpoint = `${config.ipAddress}#${config.port}`;
    if (endpoint !== this.endpoint || !this.receiver?.listening) {
      await this.receiver?.close();
      this.receiver = undefined;
      this.endpoint = endpoint;
      await this.listen(config.ipAddress, config.port);
    }
  }

  private async listen(ipAddress: string, port: number): Promise<void> {
    const receiver = new NcrReceiver({
      ipAddress,
      port,
      queue: this.queue,
      logger: this.requestLog,
      events: {
        received: () => this.stats.ncr('ncr-received'),
        invalid: () => this.stats.ncr('ncr-invalid'),
        error: () => this.stats.ncr('ncr-error'),
        // Kea stops listening while full (the kernel then drops unseen); Nestor counts the drop.
        dropped: () => this.stats.ncr('ncr-error'),
      },
    });
    receiver.onQueued = () => this.manager.sweep();
    try {
      await receiver.open();
      this.receiver = receiver;
      this.requestLog.debug(
        0,
        'DHCP_DDNS_QUEUE_MGR_STARTED',
        `listening for NameChangeRequests on ${ipAddress} port ${receiver.port} (UDP)`,
      );
    } catch (err) {
      this.requestLog.error(
        'DHCP_DDNS_QUEUE_MGR_START_ERROR',
        `the NameChangeRequest listener on ${ipAddress} port ${port} could not start: ${(err as Error).message}`,
      );
    }
  }

  async stop(type: ShutdownType): Promise<void> {
    await this.receiver?.close();
    this.receiver = undefined;
    if (type !== 'drain_first') this.manager.pause();
    if (type !== 'now') {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.manager.whenIdle(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, STOP_GRACE_MS);
        }),
      ]);
      clearTimeout(timer);
    }
    this.manager.pause();
    await this.transport.close();
  }
}
