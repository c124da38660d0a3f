/**
 * What the server does when one of its databases goes away, as Kea 2.2 documents the parameters
 * on-fail, max-reconnect-tries and reconnect-wait-time, per backend, for lease-database and for
 * each hosts database (one DatabaseRecovery per database, each with its own settings):
 * - stop-retry-exit (the default): DHCP service is disabled while the server tries to reconnect,
 *   enabled again when it succeeds; the server exits when the tries run out.
 * - serve-retry-exit: the server keeps serving while it tries; it exits when the tries run out.
 * - serve-retry-continue: the server keeps serving while it tries, and goes on serving after the
 *   tries run out.
 * With max-reconnect-tries or reconnect-wait-time 0, reconnection is disabled: the two *-exit
 * modes exit at once. Each try probes the database with one statement; the pool replaces broken
 * connections on its own, so a probe that succeeds means statements succeed again.
 */
import type { Dhcp6Config } from '@nestor/config';
import type { Logger } from '@nestor/daemon';

export type OnFail = 'stop-retry-exit' | 'serve-retry-exit' | 'serve-retry-continue';

export interface RecoverySettings {
  onFail: OnFail;
  maxReconnectTries: number;
  /** Milliseconds between tries. */
  reconnectWaitTime: number;
}

/** The lease database's settings. */
export function recoverySettings(config: Dhcp6Config): RecoverySettings {
  return recoverySettingsOf(config.leaseDatabase.parameters);
}

/** The settings of one database entry; Kea's defaults: stop-retry-exit, 0 tries, 0 ms. */
export function recoverySettingsOf(p: Readonly<Record<string, unknown>>): RecoverySettings {
  return {
    onFail: (p['on-fail'] as OnFail | undefined) ?? 'stop-retry-exit',
    maxReconnectTries: (p['max-reconnect-tries'] as number | undefined) ?? 0,
    reconnectWaitTime: (p['reconnect-wait-time'] as number | undefined) ?? 0,
  };
}

export interface RecoveryActions {
  /** Resolves when the database answers again. */
  probe(): Promise<void>;
  disableService(): void;
  enableService(): void;
  /** Stops the server with a failure exit code. */
  exit(reason: string): void;
  log: Logger;
}

/**
 * One service switch shared by the recoveries of several databases (the lease database and each
 * hosts database may be lost at once; Kea counts its db-connection disables): the service goes
 * off at the first loss and on again only when the last lost database is back.
 */
export class SharedServiceSwitch {
  private held = 0;

  constructor(
    private readonly disable: () => void,
    private readonly enable: () => void,
  ) {}

  /** The disableService / enableService of one database's RecoveryActions. */
  actions(): Pick<RecoveryActions, 'disableService' | 'enableService'> {
    return {
      disableService: () => {
        if (this.held++ === 0) this.disable();
      },
      enableService: () => {
        if (this.held > 0 && --this.held === 0) this.enable();
      },
    };
  }
}

export class DatabaseRecovery {
  private recovering = false;
  private serviceDisabled = false;
  private triesLeft = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly settingsNow: () => RecoverySettings,
    private readonly actions: RecoveryActions,
    /** The database in log lines and the exit reason ("lease database", "hosts database 1"). */
    private readonly what = 'lease database',
  ) {}

  /** Whether a reconnection is under way. */
  get active(): boolean {
    return this.recovering;
  }

  /** A statement found the database out of reach (later reports during the same loss are ignored). */
  lost(err: Error): void {
    if (this.recovering || this.stopped) return;
    this.recovering = true;
    const settings = this.settingsNow();
    const { log } = this.actions;
    if (settings.onFail === 'stop-retry-exit') {
      this.actions.disableService();
      this.serviceDisabled = true;
    }
    log.info('DHCP6_DB_RECONNECT_LOST_CONNECTION', `${this.what} connection lost: ${err.message}`);
    if (settings.maxReconnectTries === 0 || settings.reconnectWaitTime === 0) {
      log.info(
        'DHCP6_DB_RECONNECT_DISABLED',
        `database reconnect is disabled: retries left: ${settings.maxReconnectTries}, reconnect wait time: ${settings.reconnectWaitTime}`,
      );
      this.giveUp(settings);
      return;
    }
    this.triesLeft = settings.maxReconnectTries;
    this.schedule(settings);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(settings: RecoverySettings): void {
    this.timer = setTimeout(() => void this.attempt(settings), settings.reconnectWaitTime);
    this.timer.unref();
  }

  private async attempt(settings: RecoverySettings): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    this.triesLeft--;
    const { log } = this.actions;
    try {
      await this.actions.probe();
    } catch (err) {
      log.debug(
        40,
        'DHCP6_DB_RECONNECT_ATTEMPT',
        `reconnecting to the ${this.what} failed (${(err as Error).message}); tries left: ${this.triesLeft}`,
      );
      if (this.stopped) return;
      if (this.triesLeft > 0) this.schedule(settings);
      else {
        log.error(
          'DHCP6_DB_RECONNECT_FAILED',
          `maximum number of database reconnect attempts: ${settings.maxReconnectTries}, has been exhausted without success`,
        );
        this.giveUp(settings);
      }
      return;
    }
    if (this.stopped) return;
    this.recovering = false;
    if (this.serviceDisabled) {
      this.serviceDisabled = false;
      this.actions.enableService();
    }
    log.info('DHCP6_DB_RECONNECT_SUCCEEDED', `${this.what} connection recovered.`);
  }

  /** Reconnection ended without success: exit, or (serve-retry-continue) serve on. */
  private giveUp(settings: RecoverySettings): void {
    if (settings.onFail === 'serve-retry-continue') {
      this.recovering = false;
      return;
    }
    this.actions.exit(`the ${this.what} is lost (on-fail ${settings.onFail})`);
  }
}
