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
import {
  HooksManager,
  libraryBaseDir,
  libraryProblems,
  librarySpecs,
  type PreparedLibrary,
} from '@nestor/hooks';
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
import { D2Hooks } from './hooks/d2-hooks.js';
import { D2_HOOK_POINTS } from './hooks/points.js';
import type { D2ServerApi } from './hooks/server-api.js';
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
  /** The hook libraries of the configuration in force (d2_srv_configured, select_key). */
  readonly hooks: D2Hooks;
  private shutdownType: ShutdownType = 'normal';

  private constructor(
    private configuration: D2Configuration,
    readonly control: DaemonControl,
    private readonly context: DaemonContext,
  ) {
    this.dctl = context.logs.get(`${context.logs.root}.dctl`);
    const root = context.logs.root;
    let inForce: D2Configuration | undefined;
    const server: D2ServerApi = {
      statistics: this.statistics,
      configuration: () => inForce?.model,
    };
    this.markInForce = (c) => {
      inForce = c;
    };
    this.hooks = new D2Hooks(
      new HooksManager<D2ServerApi>({
        daemon: root,
        hookPoints: D2_HOOK_POINTS,
        server,
        log: context.logs.get(`${root}.hooks`),
        logger: (name) => context.logs.get(`${root}.${name}`),
        commands: control.registry,
      }),
    );
    const hooks = this.hooks;
    this.engine = new D2Engine(this.statistics, context.logs, {
      present: () => hooks.present('select_key'),
      select: (s) => hooks.selectKey(s),
    });
  }

  private readonly markInForce: (configuration: D2Configuration) => void;

  private get libraries(): HooksManager<D2ServerApi> {
    return this.hooks.manager;
  }

  /** Checks and imports a configuration's hook libraries; a problem refuses it, with its path. */
  private async prepareLibraries(configuration: D2Configuration): Promise<PreparedLibrary<D2ServerApi>[]> {
    try {
      return await this.libraries.prepare(
        librarySpecs(configuration.section),
        libraryBaseDir(this.context.configFile),
      );
    } catch (err) {
      const problems = libraryProblems(SECTION, err);
      if (problems) throw new ControlConfigError(problems);
      throw err;
    }
  }

  /** Puts a prepared set of libraries in force; a load() that fails refuses the configuration. */
  private async activateLibraries(prepared: PreparedLibrary<D2ServerApi>[]): Promise<void> {
    try {
      await this.libraries.activate(prepared);
    } catch (err) {
      const problems = libraryProblems(SECTION, err);
      throw problems ? new ControlConfigError(problems) : err;
    }
  }

  /**
   * d2_srv_configured, before the new configuration takes effect (Kea calls it before its queue
   * manager moves to the new one): a DROP refuses the configuration with the callout's error,
   * logged as DHCP_DDNS_CONFIGURED_CALLOUT_DROP.
   */
  private async configuredCallouts(next: D2Configuration): Promise<void> {
    if (!this.hooks.present('d2_srv_configured')) return;
    const error = await this.hooks.srvConfigured(next.raw, next.model);
    if (error === undefined) return;
    this.context.log.error(
      'DHCP_DDNS_CONFIGURED_CALLOUT_DROP',
      `configuration was rejected because a callout set the next step to 'drop': ${error}`,
    );
    throw new ControlConfigError([error]);
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
      // Kea's D2 loads the libraries with the configuration, then calls d2_srv_configured.
      await service.activateLibraries(await service.prepareLibraries(configuration));
      await service.configuredCallouts(configuration);
      await control.start(configuration.section);
    } catch (err) {
      await control.close();
      await service.libraries.unloadAll();
      throw err;
    }
    service.markInForce(configuration);
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
    const libraries = await this.prepareLibraries(next);
    const previous = this.configuration;
    await this.control.apply(next.section);
    let swapped = false;
    try {
      // Kea reloads the hook libraries with every configuration (D2 2.2 has no libreload).
      await this.activateLibraries(libraries);
      swapped = true;
      await this.configuredCallouts(next);
    } catch (err) {
      if (swapped)
        await this.prepareLibraries(previous)
          .then((back) => this.libraries.activate(back))
          .catch((restoreErr: Error) => this.dctl.error('HOOKS_LOAD_ERROR', restoreErr.message));
      await this.control
        .apply(previous.section)
        .catch((restoreErr: Error) =>
          this.dctl.error('DCTL_CONTROL_SOCKET_RESTORE_FAIL', restoreErr.message),
        );
      throw err;
    }
    this.markInForce(next);
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
      await this.libraries.unloadAll();
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
      await this.prepareLibraries(next);
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
