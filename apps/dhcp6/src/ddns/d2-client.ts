import { isDeepStrictEqual } from 'node:util';
import type { DhcpDdnsClient } from '@nestor/config';
import type { Logger, Statistics } from '@nestor/daemon';
import { type NameChangeRequest, type NcrJsonDialect, NcrSender, ncrToText } from '@nestor/ncr';

/** Debug levels of Kea's dhcpsrv library for the sender's messages. */
const DBG_TRACE_DETAIL = 50;

/**
 * Nestor's statistics of the NCR sender (Kea 2.2's kea-dhcp6 keeps none): requests whose
 * datagram left, requests dropped because the queue was full (or the sender closed), and
 * datagrams the socket failed to send.
 */
export const NCR_STATISTICS = {
  sent: 'ncr-sent',
  dropped: 'ncr-dropped',
  error: 'ncr-send-error',
} as const;

/**
 * The server's link to kea-dhcp-ddns (Kea's D2ClientMgr): with dhcp-ddns enable-updates the
 * UDP sender is open, and every NameChangeRequest the server decides on is queued to it. The
 * DHCP exchange never waits for it: a request that cannot be queued is dropped, counted and
 * logged, and the lease goes out regardless. Unlike Kea 2.2, which turns DDNS off for good
 * (DHCPSRV_DHCP_DDNS_SUSPEND_UPDATES) after the first request it cannot queue or send, the
 * sender stays on: the next request may well get through.
 */
export class D2Client {
  private sender: NcrSender | undefined;
  private settings: DhcpDdnsClient | undefined;
  private dialect: NcrJsonDialect = 'kea-2.2';

  constructor(
    private readonly log: Logger,
    private readonly stats: Statistics,
  ) {}

  /** Whether updates are enabled (dhcp-ddns enable-updates). */
  get enabled(): boolean {
    return this.settings?.enableUpdates === true && this.sender !== undefined;
  }

  /** Requests queued whose datagram has not left. */
  get queueSize(): number {
    return this.sender?.queueSize ?? 0;
  }

  /**
   * Puts a dhcp-ddns configuration in force: the sender is reopened only when its parameters
   * changed. Throws when the sender cannot open (its address taken, say); the caller refuses
   * the configuration then.
   */
  async configure(settings: DhcpDdnsClient, dialect: NcrJsonDialect = 'kea-2.2'): Promise<void> {
    if (
      this.settings &&
      isDeepStrictEqual(this.settings, settings) &&
      this.dialect === dialect &&
      (this.sender || !settings.enableUpdates)
    )
      return;
    await this.stop();
    this.settings = settings;
    this.dialect = dialect;
    if (!settings.enableUpdates) {
      this.log.debug(
        40,
        'DHCPSRV_CFGMGR_CFG_DHCP_DDNS',
        'Setting DHCP-DDNS configuration to: DHCP-DDNS updates disabled',
      );
      return;
    }
    for (const name of Object.values(NCR_STATISTICS)) if (!this.stats.has(name)) this.stats.set(name, 0);
    const sender = new NcrSender({
      serverIp: settings.serverIp,
      serverPort: settings.serverPort,
      senderIp: settings.senderIp,
      senderPort: settings.senderPort,
      maxQueueSize: settings.maxQueueSize,
      ncrProtocol: 'UDP',
      ncrFormat: settings.ncrFormat,
      dialect,
      logger: this.log,
      events: {
        sent: (ncr) => {
          this.stats.add(NCR_STATISTICS.sent);
          if (this.log.isDebugEnabled(DBG_TRACE_DETAIL))
            this.log.debug(
              DBG_TRACE_DETAIL,
              'DHCPSRV_DHCP_DDNS_NCR_SENT',
              `NameChangeRequest sent to kea-dhcp-ddns: ${ncrToText(ncr)}`,
            );
        },
        dropped: () => this.stats.add(NCR_STATISTICS.dropped),
        error: () => this.stats.add(NCR_STATISTICS.error),
      },
    });
    await sender.open();
    this.sender = sender;
    this.log.info(
      'DHCPSRV_DHCP_DDNS_SENDER_STARTED',
      `NameChangeRequest sender has been started: ${describe(settings)}`,
    );
  }

  /** Queues a request; never waits, never throws. */
  send(ncr: NameChangeRequest): void {
    if (!this.sender) return;
    this.sender.send(ncr);
  }

  async stop(): Promise<void> {
    const sender = this.sender;
    this.sender = undefined;
    if (sender) {
      await sender.close();
      this.log.info('DHCPSRV_DHCP_DDNS_SENDER_STOPPED', 'NameChangeRequest sender has been stopped.');
    }
  }
}

/** The dhcp-ddns parameters as Kea's D2ClientConfig::toText lists them. */
function describe(s: DhcpDdnsClient): string {
  return (
    `enable_updates: yes, server-ip: ${s.serverIp}, server-port: ${s.serverPort}, ` +
    `sender-ip: ${s.senderIp}, sender-port: ${s.senderPort}, max-queue-size: ${s.maxQueueSize}, ` +
    `ncr-protocol: ${s.ncrProtocol}, ncr-format: ${s.ncrFormat}`
  );
}
