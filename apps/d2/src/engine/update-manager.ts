import type { Logger } from '@nestor/daemon';
import { type BoundedQueue, dhcidToHex, type NameChangeRequest, ncrToText } from '@nestor/ncr';
import type { DnsTransport } from '../dns/transport.js';
import type { D2Statistics } from '../stats.js';
import { reverseName as reverseNameOf } from './domains.js';
import type { EngineRuntime } from './runtime.js';
import { type KeySelector, Transaction } from './transaction.js';

/** Kea's D2UpdateMgr::MAX_TRANSACTIONS_DEFAULT. */
export const MAX_TRANSACTIONS = 32;
const DBG_TRACE_DETAIL_DATA = 55;

export interface UpdateManagerOptions {
  queue: BoundedQueue<NameChangeRequest>;
  transport: DnsTransport;
  stats: D2Statistics;
  /** kea-dhcp-ddns.dhcp-to-d2: what happens to requests. */
  requestLog: Logger;
  /** kea-dhcp-ddns.d2-to-dns: what happens to updates. */
  dnsLog: Logger;
  maxTransactions?: number;
  /** select_key's callouts, asked only while a library has one there. */
  keySelector?: { present(): boolean; select: KeySelector };
}

/**
 * Takes requests from the queue into transactions, at most 32 at once, as Kea's update manager
 * does. A request waits in the queue while a transaction for the same client (DHCID) or the same
 * name is under way, so two updates of one name never interleave; the queue is scanned past it
 * for other work meanwhile. Every transaction is asynchronous: nothing here waits for DNS, so a
 * slow or dead server holds only its own requests.
 */
export class UpdateManager {
  private readonly active = new Set<string>();
  private running = 0;
  private runtime: EngineRuntime | undefined;
  private idle: (() => void)[] = [];
  private paused = false;

  constructor(private readonly options: UpdateManagerOptions) {}

  /** Transactions under way. */
  get transactionCount(): number {
    return this.running;
  }

  configure(runtime: EngineRuntime): void {
    this.runtime = runtime;
    this.sweep();
  }

  /** Stops taking new work from the queue (shutdown). */
  pause(): void {
    this.paused = true;
  }

  /** Starts what the queue allows; called for each request received and each one finished. */
  sweep(): void {
    const { queue } = this.options;
    const max = this.options.maxTransactions ?? MAX_TRANSACTIONS;
    while (!this.paused && this.runtime && queue.length > 0 && this.running < max) {
      let index = 0;
      for (; index < queue.length; index++) {
        const ncr = queue.peekAt(index)!;
        if (!this.active.has(dhcidKey(ncr)) && !this.active.has(nameKey(ncr))) break;
      }
      if (index === queue.length) {
        this.options.requestLog.debug(
          DBG_TRACE_DETAIL_DATA,
          'DHCP_DDNS_NO_ELIGIBLE_JOBS',
          `queued requests all wait for transactions of their clients, Queue count: ${queue.length}  Transaction count: ${this.running}`,
        );
        break;
      }
      this.start(queue.removeAt(index)!, this.runtime);
    }
    if (this.running === 0 && (queue.length === 0 || this.paused)) this.notifyIdle();
  }

  private start(ncr: NameChangeRequest, runtime: EngineRuntime): void {
    const { requestLog, stats } = this.options;
    const id = dhcidToHex(ncr.dhcid);
    let forward: ReturnType<EngineRuntime['forward']['match']>;
    let reverse: ReturnType<EngineRuntime['reverse']['match']>;
    let reverseText: string | undefined;
    if (ncr.forwardChange) {
      if (!runtime.forward.enabled) {
        requestLog.debug(
          DBG_TRACE_DETAIL_DATA,
          'DHCP_DDNS_FWD_REQUEST_IGNORED',
          `Request ID ${id}: no forward-ddns domains are configured, the forward part is ignored: ${ncrToText(ncr)}`,
        );
      } else {
        forward = runtime.forward.match(ncr.fqdn);
        if (!forward) {
          this.unmatched('DHCP_DDNS_NO_FWD_MATCH_ERROR', 'forward', id, ncr);
          return;
        }
      }
    }
    if (ncr.reverseChange) {
      if (!runtime.reverse.enabled) {
        requestLog.debug(
          DBG_TRACE_DETAIL_DATA,
          'DHCP_DDNS_REV_REQUEST_IGNORED',
          `Request ID ${id}: no reverse-ddns domains are configured, the reverse part is ignored: ${ncrToText(ncr)}`,
        );
      } else {
        // A reverse name D2 cannot make (a bad address) matches nothing.
        try {
          reverseText = reverseNameOf(ncr.ipAddress);
          reverse = runtime.reverse.match(reverseText);
        } catch {
          reverse = undefined;
        }
        if (!reverse) {
          this.unmatched('DHCP_DDNS_NO_REV_MATCH_ERROR', 'reverse', id, ncr);
          return;
        }
      }
    }
    if (!forward && !reverse) {
      requestLog.debug(
        DBG_TRACE_DETAIL_DATA,
        'DHCP_DDNS_REQUEST_DROPPED',
        `Request ID ${id}: nothing left to update, request dropped: ${ncrToText(ncr)}`,
      );
      return;
    }
    const keys = [dhcidKey(ncr), nameKey(ncr)];
    for (const key of keys) this.active.add(key);
    this.running++;
    const transaction = new Transaction(
      ncr,
      forward,
      reverse,
      {
        transport: this.options.transport,
        stats,
        log: this.options.dnsLog,
        timeoutMs: runtime.timeoutMs,
        selectKey: this.options.keySelector?.present() ? this.options.keySelector.select : undefined,
      },
      reverseText,
    );
    transaction
      .run()
      .catch((err) => {
        // A bug must cost one request, never the daemon.
        this.options.dnsLog.error(
          'DHCP_DDNS_STATE_MODEL_UNEXPECTED_ERROR',
          `Request ID ${id}: unexpected error: ${(err as Error).message}`,
        );
      })
      .finally(() => {
        for (const key of keys) this.active.delete(key);
        this.running--;
        this.sweep();
      });
  }

  private unmatched(msgId: string, direction: string, id: string, ncr: NameChangeRequest): void {
    // Kea drops the request with an error; Nestor also counts it, as ncr-error.
    this.options.stats.ncr('ncr-error');
    this.options.requestLog.error(
      msgId,
      `Request ID ${id}: no configured ${direction} DDNS domain matches this request, which is discarded: ${ncrToText(ncr)}`,
    );
  }

  /** Resolves once no transaction runs and (unless paused) nothing is queued. */
  whenIdle(): Promise<void> {
    if (this.running === 0 && (this.options.queue.length === 0 || this.paused || !this.runtime))
      return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private notifyIdle(): void {
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}

const dhcidKey = (ncr: NameChangeRequest) => `d:${dhcidToHex(ncr.dhcid)}`;
const nameKey = (ncr: NameChangeRequest) => `n:${ncr.fqdn.toLowerCase()}`;
