import type { JsonValue as ConfigJsonValue } from '@nestor/config';
import {
  ControlConfigError,
  type ControlledDaemon,
  DaemonControl,
  type JsonObject,
  type PathPolicy,
  type ReloadResult,
  reasonOf,
  restrictUmask,
  serialiser,
} from '@nestor/control';
import {
  buildReport,
  type DaemonContext,
  defaultDirectories,
  extendedVersionText,
  type Logger,
  nestorVersion,
  type RunningService,
  Statistics,
} from '@nestor/daemon';
import { d2ShutdownHandler } from './commands/shutdown.js';
import { registerD2StatisticCommands } from './commands/statistics.js';
import {
  type D2ConfigLoader,
  type D2Configuration,
  readD2Document,
  resolveD2Document,
  SECTION,
} from './config.js';
import { D2Engine, type ShutdownType } from './engine/engine.js';
import { D2_MESSAGES, DBG_CONFIG } from './messages.js';

/** Kea's D2 words its success answers as its controller does, not as the DHCP servers. */
const D2_TEXTS = {
  configSet: 'Configuration applied successfully.',
  configReload: 'Configuration applied successfully.',
  configTest: 'Configuration check successful',
};

/**
 * kea-dhcp-ddns: its configuration, its control channel (Kea 2's `control-socket`, Kea 3's
 * `control-sockets`) with the commands every Kea daemon answers and D2's statistics commands,
 * and the engine that receives NameChangeRequests and updates DNS.
 */
export class D2Service implements RunningService<D2Configuration>, ControlledDaemon {
  readonly section = SECTION;
  readonly texts = D2_TEXTS;
  readonly startedAt = Date.now();
  private appliedAt = this.startedAt;
  private readonly exclusive = serialiser();
  /** Kea logs D2's process events on `kea-dhcp-ddns.dctl`, its other events on `.dhcpddns`. */
  private readonly dctl: Logger;
  readonly statistics = new Statistics();
  readonly engine: D2Engine;
  private shutdownType: ShutdownType = 'normal';

  private constructor(
    private configuration: D2Configuration,
    readonly control: DaemonControl,
    private readonly context: DaemonContext,
  ) {
    this.dctl = context.logs.get(`${context.logs.root}.dctl`);
    this.engine = new D2Engine(this.statistics, context.logs);
  }

  static async start(
    configuration: D2Configuration,
    context: DaemonContext,
    loader: D2ConfigLoader,
  ): Promise<D2Service> {
    restrictUmask();
    const dirs = defaultDirectories();
    const control = new DaemonControl({
      service: 'd2',
      section: SECTION,
      configFile: context.configFile,
      defaults: { socket: dirs.runStateDir, log: dirs.logDir, data: dirs.dataDir },
      // The loader's policy, already sealed on the start-up file: logs and sockets share it.
      policy: loader.policy,
      logger: context.logs.get(`${context.logs.root}.commands`),
    });
    const service = new D2Service(configuration, control, context);
    control.registerShared(service);
    control.registry.register(
      'shutdown',
      d2ShutdownHandler((type, exitValue) => {
        service.shutdownType = type as ShutdownType;
        service.shutdown(`shutdown command, type ${type}`, exitValue);
      }),
      { replace: true },
    );
    registerD2StatisticCommands(control.registry, service.statistics);
    try {
      await control.start(configuration.section);
    } catch (err) {
      await control.close();
      throw err;
    }
    await service.engine.apply(configuration.model);
    service.configComplete();
    return service;
  }

  get policy(): PathPolicy {
    return this.control.policy;
  }

  private configComplete(): void {
    const sockets = this.control.endpoints.describe();
    this.dctl.info(
      D2_MESSAGES.configComplete,
      `server has completed configuration: control channel on ${sockets.length > 0 ? sockets.join(', ') : 'no socket'}`,
    );
  }

  /** A refused re-read of the file, in Kea's words; the scaffolding logs its own line too. */
  reloadRefused(err: unknown): void {
    this.dctl.error(
      D2_MESSAGES.reloadError,
      `configuration reload failed: ${reasonOf(err)}, reverting to current configuration.`,
    );
  }

  /**
   * Moves to a checked configuration: refused as a whole (nothing changed) when a path lies
   * outside the allowed directories or a control endpoint cannot be configured or opened.
   */
  private async switchTo(next: D2Configuration): Promise<void> {
    const problems = this.control.check(next.section);
    if (problems.length > 0) throw new ControlConfigError(problems);
    await this.control.apply(next.section);
    await this.engine.apply(next.model);
    this.configuration = next;
    this.appliedAt = Date.now();
    this.configComplete();
  }

  /** Parses a document received over the control channel, held to the start-up policy. */
  private resolve(document: JsonObject): D2Configuration {
    return resolveD2Document(document as ConfigJsonValue, this.policy);
  }

  // RunningService: the scaffolding's SIGHUP / config-reload and stop.

  async reconfigure(next: D2Configuration): Promise<void> {
    try {
      await this.exclusive(() => this.switchTo(next));
    } catch (err) {
      this.reloadRefused(err);
      throw err;
    }
  }

  stop(): Promise<void> {
    return this.exclusive(async () => {
      await this.engine.stop(this.shutdownType);
      await this.control.close();
    });
  }

  // ControlledDaemon: what the shared commands ask of kea-dhcp-ddns.

  configuredAt(): number {
    return this.appliedAt;
  }

  currentConfig(): JsonObject {
    return { [SECTION]: this.configuration.raw };
  }

  async testConfig(document: JsonObject): Promise<void> {
    this.context.log.debug(DBG_CONFIG, D2_MESSAGES.configure, 'configuration check received');
    try {
      const next = this.resolve(document);
      const problems = this.control.check(next.section);
      if (problems.length > 0) throw new ControlConfigError(problems);
    } catch (err) {
      this.context.log.error(
        D2_MESSAGES.configCheckFail,
        `DHCP-DDNS server configuration check failed: ${reasonOf(err)}`,
      );
      throw err;
    }
  }

  async applyConfig(document: JsonObject): Promise<void> {
    this.context.log.debug(DBG_CONFIG, D2_MESSAGES.configure, 'configuration update received');
    try {
      const next = this.resolve(document);
      await this.exclusive(() => this.switchTo(next));
      this.context.logs.configure(next.loggers, { debug: this.context.commandLine.debug });
    } catch (err) {
      this.context.log.error(
        D2_MESSAGES.configFail,
        `DHCP-DDNS server configuration failed: ${reasonOf(err)}`,
      );
      throw err;
    }
  }

  async readConfigFile(): Promise<JsonObject> {
    return readD2Document(this.context.configFile);
  }

  reloadConfigFile(): Promise<ReloadResult> {
    return this.context.reloadConfigFile();
  }

  shutdown(reason: string, exitValue?: number): void {
    this.context.log.info(D2_MESSAGES.shutdownCommand, `application received ${reason}`);
    this.context.requestShutdown(reason, exitValue);
  }

  version(): string {
    return nestorVersion();
  }

  extendedVersion(): string {
    return extendedVersionText();
  }

  buildReport(): string {
    return buildReport([]);
  }
}
