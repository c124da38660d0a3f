import type { JsonValue as ConfigJsonValue } from '@nestor/config';
import { loadSectionFromFile } from '@nestor/config';
import {
  ControlConfigError,
  type ControlledDaemon,
  DaemonControl,
  type JsonObject,
  type PathPolicy,
  type ReloadResult,
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
import { loggersOf } from '../config.js';
import { Dhcp6Server } from '../server.js';
import {
  type ControlledConfiguration,
  parseControlledConfiguration,
  withCheckedLeaseFile,
} from './configuration.js';
import { type LeaseCommandTarget, registerLeaseCommands } from './leases/lease-commands.js';
import { registerLeaseWriteCommand } from './leases/lease-write.js';
import { NetworkState } from './network-state.js';
import { registerServerInfoCommands } from './server-info-commands.js';
import { registerServiceCommands } from './service-commands.js';
import { registerStatLeaseCommands } from './stat-leases/stat-lease-commands.js';
import { registerStatisticCommands } from './statistic-commands.js';

const SECTION = 'Dhcp6';

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
  private appliedAt = this.startedAt;
  private readonly exclusive = serialiser();
  private readonly log: Logger;

  private constructor(
    private readonly server: Dhcp6Server,
    private configuration: ControlledConfiguration,
    readonly control: DaemonControl,
    private readonly context: DaemonContext,
  ) {
    this.log = context.logs.get('kea-dhcp6.commands');
    this.network = new NetworkState((enabled) => {
      server.packets.enabled = enabled;
    }, this.log);
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
    const server = await Dhcp6Server.start(withCheckedLeaseFile(configuration, control.policy), context);
    const service = new Dhcp6Service(server, configuration, control, context);
    service.registerCommands();
    try {
      await control.start(configuration.section);
    } catch (err) {
      await control.close();
      await server.stop();
      throw err;
    }
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
    registerServerInfoCommands(registry, { serverTag: () => this.configuration.model.serverTag });
    const leases: LeaseCommandTarget = {
      store: () => server.leaseStore,
      subnets: () => server.configurationInForce.model.subnets,
      addLease: (lease) => server.addLease(lease),
      replaceLease: (current, next) => server.replaceLease(current, next),
      removeLeases: (leases) => server.removeLeases(leases),
      statistics: server.statistics,
    };
    registerLeaseCommands(registry, leases, this.context.logs.get('kea-dhcp6.lease-cmds-hooks'));
    registerStatLeaseCommands(registry, leases, this.context.logs.get('kea-dhcp6.stat-cmds-hooks'));
    registerLeaseWriteCommand(
      registry,
      {
        store: () => server.leaseStore,
        backend: () => server.configurationInForce.model.leaseDatabase.type,
        leaseFile: () => {
          const { parameters } = server.configurationInForce.model.leaseDatabase;
          return parameters.persist === false ? undefined : (parameters.name as string | undefined);
        },
        policy: this.control.policy,
      },
      this.context.logs.get('kea-dhcp6.lease-cmds-hooks'),
    );
  }

  // RunningService: the scaffolding's start-up, SIGHUP / config-reload and stop.

  reconfigure(next: ControlledConfiguration): Promise<void> {
    return this.exclusive(() => this.switchTo(next));
  }

  stop(): Promise<void> {
    return this.exclusive(async () => {
      this.network.close();
      await this.control.close();
      await this.server.stop();
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
    const previous = this.configuration;
    await this.control.apply(next.section);
    try {
      await this.server.reconfigure(resolved);
    } catch (err) {
      await this.control
        .apply(previous.section)
        .catch((restoreErr: Error) =>
          this.log.error('DHCP6_CONTROL_SOCKET_RESTORE_FAIL', restoreErr.message),
        );
      throw err;
    }
    this.configuration = next;
    this.appliedAt = Date.now();
  }

  // ControlledDaemon: what the shared commands ask of kea-dhcp6.

  configuredAt(): number {
    return this.appliedAt;
  }

  currentConfig(): JsonObject {
    return { [SECTION]: this.configuration.raw as JsonObject };
  }

  async testConfig(document: JsonObject): Promise<void> {
    const next = parseControlledConfiguration(document as ConfigJsonValue);
    const problems = this.control.check(next.section);
    if (problems.length > 0) throw new ControlConfigError(problems);
    withCheckedLeaseFile(next, this.control.policy);
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
