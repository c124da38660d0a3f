import type { JsonValue as ConfigJsonValue } from '@nestor/config';
import { loadSectionFromFile } from '@nestor/config';
import {
  ControlConfigError,
  type ControlledDaemon,
  DaemonControl,
  type JsonObject,
  type PathPolicy,
  type ReloadResult,
  registerStatisticCommands,
  restrictUmask,
  serialiser,
  trustConfiguredPaths,
} from '@nestor/control';
import {
  buildReport,
  type DaemonContext,
  defaultDirectories,
  extendedVersionText,
  type Logger,
  nestorVersion,
  type RunningService,
} from '@nestor/daemon';
import { HooksManager, type PreparedLibrary } from '@nestor/hooks';
import { loggersOf } from '../config.js';
import {
  DatabaseRecovery,
  recoverySettings,
  recoverySettingsOf,
  SharedServiceSwitch,
} from '../db-recovery.js';
import { Dhcp6Hooks } from '../hooks/dhcp6-hooks.js';
import {
  DHCP6_BUILTIN_LIBRARIES,
  DHCP6_KEA_BUILTINS,
  libraryBaseDir,
  libraryProblems,
  librarySpecs,
} from '../hooks/libraries.js';
import { DHCP6_HOOK_POINTS } from '../hooks/points.js';
import type { Dhcp6ServerApi } from '../hooks/server-api.js';
import { definitionsOf } from '../host-db/host-options.js';
import { Dhcp6Server } from '../server.js';
import {
  type ControlledConfiguration,
  parseControlledConfiguration,
  withCheckedLeaseFile,
} from './configuration.js';
import type { HostCommandTarget } from './hosts/host-model.js';
import type { LeaseCommandTarget } from './leases/lease-target.js';
import { NetworkState } from './network-state.js';
import { registerServerInfoCommands } from './server-info-commands.js';
import { registerServiceCommands } from './service-commands.js';

const SECTION = 'Dhcp6';

/** Checks and imports a configuration's hook libraries; a problem refuses it, with its path. */
async function prepareLibraries(
  hooks: HooksManager<Dhcp6ServerApi>,
  configuration: ControlledConfiguration,
  configFile: string,
): Promise<PreparedLibrary<Dhcp6ServerApi>[]> {
  try {
    return await hooks.prepare(librarySpecs(configuration.section), libraryBaseDir(configFile));
  } catch (err) {
    const problems = libraryProblems(err);
    if (problems) throw new ControlConfigError(problems);
    throw err;
  }
}

/**
 * What hook libraries reach of the server (LibraryHandle.server): lease changes through the
 * server, so that the pools' free slots and the statistics stay exact, as a client's change.
 */
function serverApi(server: () => Dhcp6Server, policy: PathPolicy): Dhcp6ServerApi {
  const leases: LeaseCommandTarget = {
    store: () => server().leaseStore,
    subnets: () => server().configurationInForce.model.subnets,
    addLease: (lease) => server().addLease(lease),
    replaceLease: (current, next) => server().replaceLease(current, next),
    removeLeases: (list) => server().removeLeases(list),
    queueNameChange: (change, lease) => server().queueNameChange(change, lease),
    ddnsEnabled: () => server().d2.enabled,
    get statistics() {
      return server().statistics;
    },
  };
  const hosts: HostCommandTarget = {
    config: () => server().configurationInForce.model,
    databases: () => server().hostDatabases,
    registry: () => definitionsOf(server().configurationInForce.model),
  };
  return {
    leases,
    hosts,
    get statistics() {
      return server().statistics;
    },
    configuration: () => server().configurationInForce,
    leaseFile: () => {
      const { parameters } = server().configurationInForce.model.leaseDatabase;
      return parameters.persist === false ? undefined : (parameters.name as string | undefined);
    },
    policy,
  };
}

/** kea-dhcp6's wording where it differs from the shared default. */
const DHCP6_TEXTS = {
  configTest:
    'Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.',
};

/**
 * kea-dhcp6 with its control channel: the DHCPv6 server plus the control sockets of its
 * configuration and every command Kea's DHCPv6 server answers (the shared ones, dhcp-disable /
 * -enable, leases-reclaim, statistic-*, the lease6-* of Kea's lease_cmds and stat-lease6-get of
 * its stat_cmds). Every new configuration (SIGHUP, config-reload, config-set) is checked against
 * the path policy the daemon started with, then applied to the control endpoints and the server
 * together.
 */
export class Dhcp6Service implements RunningService<ControlledConfiguration>, ControlledDaemon {
  readonly section = SECTION;
  readonly texts = DHCP6_TEXTS;
  readonly startedAt = Date.now();
  readonly network: NetworkState;
  /** The on-fail policy of the lease database (reconnect, stop serving meanwhile, exit). */
  readonly recovery: DatabaseRecovery;
  /** The on-fail policy of each hosts database, by its index in search order (made at its first loss). */
  private readonly hostRecoveries = new Map<number, DatabaseRecovery>();
  /** The service off while any database is lost under stop-retry-exit. */
  private readonly dbConnection: SharedServiceSwitch;
  private appliedAt = this.startedAt;
  private readonly exclusive = serialiser();
  private readonly log: Logger;

  private constructor(
    private readonly server: Dhcp6Server,
    private configuration: ControlledConfiguration,
    readonly control: DaemonControl,
    private readonly context: DaemonContext,
    private readonly hooks: HooksManager<Dhcp6ServerApi>,
  ) {
    this.log = context.logs.get('kea-dhcp6.commands');
    this.network = new NetworkState((enabled) => {
      server.packets.enabled = enabled;
    }, this.log);
    this.dbConnection = new SharedServiceSwitch(
      () => this.network.disable('db-connection'),
      () => this.network.enable('db-connection'),
    );
    this.recovery = new DatabaseRecovery(() => recoverySettings(server.configurationInForce.model), {
      probe: () => server.probeLeaseDatabase(),
      ...this.dbConnection.actions(),
      exit: (reason) => context.requestShutdown(reason, 1),
      log: context.logs.get('kea-dhcp6.dhcp6'),
    });
    server.onLeaseDatabaseLost = (err) => this.recovery.lost(err);
    server.onHostDatabaseLost = (index, err) => this.hostRecovery(index).lost(err);
  }

  /** The recovery of the hosts database at `index`, with that entry's on-fail settings. */
  private hostRecovery(index: number): DatabaseRecovery {
    let recovery = this.hostRecoveries.get(index);
    if (!recovery) {
      const settings = () => {
        const entry = this.server.configurationInForce.model.hostsDatabases[index];
        return recoverySettingsOf(entry?.parameters ?? {});
      };
      recovery = new DatabaseRecovery(
        settings,
        {
          probe: () => this.server.probeHostDatabase(index),
          ...this.dbConnection.actions(),
          exit: (reason) => this.context.requestShutdown(reason, 1),
          log: this.context.logs.get('kea-dhcp6.dhcp6'),
        },
        `hosts database ${index + 1}`,
      );
      this.hostRecoveries.set(index, recovery);
    }
    return recovery;
  }

  static async start(configuration: ControlledConfiguration, context: DaemonContext): Promise<Dhcp6Service> {
    restrictUmask();
    const dirs = defaultDirectories();
    const control = new DaemonControl({
      service: 'dhcp6',
      section: SECTION,
      configFile: context.configFile,
      defaults: { socket: dirs.runStateDir, log: dirs.logDir, data: dirs.dataDir },
      logger: context.logs.get('kea-dhcp6.commands'),
    });
    // The operator's own file names the directories the daemon may write to; nothing a
    // command sends later can add to them.
    trustConfiguredPaths(control.policy, configuration.section, SECTION);
    control.policy.seal();
    // The hook libraries: the built-in lease and statistics commands, then the configured
    // ones. Their handle reaches the server through the API below, once it runs.
    let running: Dhcp6Server | undefined;
    const server = (): Dhcp6Server => {
      if (!running) throw new Error('the server is not running yet');
      return running;
    };
    const hooks = new HooksManager<Dhcp6ServerApi>({
      daemon: 'kea-dhcp6',
      hookPoints: DHCP6_HOOK_POINTS,
      server: serverApi(server, control.policy),
      log: context.logs.get('kea-dhcp6.hooks'),
      logger: (name) => context.logs.get(`kea-dhcp6.${name}`),
      commands: control.registry,
      builtins: DHCP6_BUILTIN_LIBRARIES,
      keaBuiltins: DHCP6_KEA_BUILTINS,
      onCalloutFailure: () => running?.statistics.add('pkt6-hook-callout-failed'),
    });
    const libraries = await prepareLibraries(hooks, configuration, context.configFile);
    running = await Dhcp6Server.start(
      withCheckedLeaseFile(configuration, control.policy),
      context,
      new Dhcp6Hooks(hooks),
    );
    const service = new Dhcp6Service(running, configuration, control, context, hooks);
    service.registerCommands();
    try {
      await hooks.activate(libraries);
      await control.start(configuration.section);
    } catch (err) {
      await control.close();
      await hooks.unloadAll();
      await running.stop();
      throw err;
    }
    await service.configured();
    return service;
  }

  get policy(): PathPolicy {
    return this.control.policy;
  }

  /** The running server (tests and hooks). */
  get dhcp6(): Dhcp6Server {
    return this.server;
  }

  private registerCommands(): void {
    const { registry } = this.control;
    const server = this.server;
    this.control.registerShared(this);
    registerServiceCommands(
      registry,
      { network: this.network, reclaimNow: (remove) => server.reclaimNow(remove) },
      this.log,
    );
    registerStatisticCommands(registry, server.statistics);
    registerServerInfoCommands(registry, {
      serverTag: () => this.configuration.model.serverTag,
      reloadLibraries: () =>
        server.packets.between(() => this.hooks.reload(libraryBaseDir(this.context.configFile))),
    });
  }

  /** dhcp6_srv_configured, once a configuration is in force. */
  private configured(): Promise<void> {
    if (!this.server.hooks.present('dhcp6_srv_configured')) return Promise.resolve();
    return this.server.hooks.srvConfigured(this.configuration.raw, this.configuration.model);
  }

  // RunningService: the scaffolding's start-up, SIGHUP / config-reload and stop.

  reconfigure(next: ControlledConfiguration): Promise<void> {
    return this.exclusive(() => this.switchTo(next));
  }

  stop(): Promise<void> {
    return this.exclusive(async () => {
      this.network.close();
      this.recovery.stop();
      for (const recovery of this.hostRecoveries.values()) recovery.stop();
      await this.control.close();
      await this.server.stop();
      await this.hooks.unloadAll();
    });
  }

  /**
   * Moves to a checked configuration: refused as a whole (nothing changed) when a path lies
   * outside the allowed directories or a control socket cannot be configured; the control
   * endpoints move first and go back when the server refuses its part.
   */
  private async switchTo(next: ControlledConfiguration): Promise<void> {
    const problems = this.control.check(next.section);
    if (problems.length > 0) throw new ControlConfigError(problems);
    const resolved = withCheckedLeaseFile(next, this.control.policy);
    const libraries = await prepareLibraries(this.hooks, next, this.context.configFile);
    const previous = this.configuration;
    let swapped = false;
    await this.control.apply(next.section);
    try {
      // Kea reloads the hook libraries with every configuration; a load() that fails refuses it.
      await this.server.reconfigure(resolved, async () => {
        try {
          await this.hooks.activate(libraries);
        } catch (err) {
          // A load() that failed: the configuration is refused with the entry's path.
          const problems = libraryProblems(err);
          throw problems ? new ControlConfigError(problems) : err;
        }
        swapped = true;
      });
    } catch (err) {
      if (swapped)
        await prepareLibraries(this.hooks, previous, this.context.configFile)
          .then((back) => this.server.packets.between(() => this.hooks.activate(back)))
          .catch((restoreErr: Error) => this.log.error('HOOKS_LOAD_ERROR', restoreErr.message));
      await this.control
        .apply(previous.section)
        .catch((restoreErr: Error) =>
          this.log.error('DHCP6_CONTROL_SOCKET_RESTORE_FAIL', restoreErr.message),
        );
      throw err;
    }
    this.configuration = next;
    this.appliedAt = Date.now();
    await this.configured();
  }

  // ControlledDaemon: what the shared commands ask of kea-dhcp6.

  configuredAt(): number {
    return this.appliedAt;
  }

  currentConfig(): JsonObject {
    return { [SECTION]: this.configuration.raw as JsonObject };
  }

  async testConfig(document: JsonObject): Promise<void> {
    const next = parseControlledConfiguration(document as ConfigJsonValue, undefined, { checkOnly: true });
    const problems = this.control.check(next.section);
    if (problems.length > 0) throw new ControlConfigError(problems);
    withCheckedLeaseFile(next, this.control.policy);
    await prepareLibraries(this.hooks, next, this.context.configFile);
  }

  async applyConfig(document: JsonObject): Promise<void> {
    const next = parseControlledConfiguration(document as ConfigJsonValue);
    await this.exclusive(() => this.switchTo(next));
    this.context.logs.configure(loggersOf(next), { debug: this.context.commandLine.debug });
    this.context.log.info('DHCP6_CONFIG_COMPLETE', 'configuration set by the config-set command is in force');
  }

  async readConfigFile(): Promise<JsonObject> {
    return loadSectionFromFile(this.context.configFile, SECTION).document as JsonObject;
  }

  reloadConfigFile(): Promise<ReloadResult> {
    return this.context.reloadConfigFile();
  }

  shutdown(reason: string, exitValue?: number): void {
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

  statusExtras(): JsonObject {
    const interfaces = this.configuration.model.interfacesConfig.interfaces;
    const ready = interfaces.length === 0 || this.server.openSocketCount > 0;
    return {
      // Nestor serves from one thread whatever multi-threading asks for.
      'multi-threading-enabled': false,
      sockets: ready ? { status: 'ready' } : { status: 'failed', errors: ['no service socket is open'] },
    };
  }
}
