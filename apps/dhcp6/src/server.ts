import { isDeepStrictEqual } from 'node:util';
import { type DaemonContext, LongTimer, type RunningService, Statistics } from '@nestor/daemon';
import {
  type AddResult,
  type Lease6,
  type LeaseDatabaseUnavailableError,
  type LeaseStore,
  MemfileLeaseStore,
  SqlLeaseStore,
  type UpdateResult,
} from '@nestor/leases';
import { CHANGE_TYPE } from '@nestor/ncr';
import type { Dhcp6Configuration } from './config.js';
import { D2Client } from './ddns/d2-client.js';
import { leaseNcr } from './ddns/lease-ncr.js';
import { buildGeneration, type Generation } from './generation.js';
import { Dhcp6Hooks } from './hooks/dhcp6-hooks.js';
import { registryOf } from './host-db/host-options.js';
import { type HostDatabaseLost, openHostStores } from './host-db/open-host-stores.js';
import type { SqlHostStore } from './host-db/sql-host-store.js';
import type { HostIndex } from './hosts.js';
import { followRollbacks } from './lease-rollback.js';
import { openLeaseStore } from './lease-store.js';
import { LeaseFileCleanup } from './lfc.js';
import { chooseDatagramPath, type DatagramPathChoice } from './net/datagram-path.js';
import { detectInterfaces, planInterfaces } from './net/interfaces.js';
import { multiThreadingInfo, queueSettings, ReceiveQueue } from './net/receive-queue.js';
import { ServiceSockets } from './net/sockets.js';
import { PacketPipeline, type PipelineState } from './pipeline.js';
import { Reclaimer } from './reclaim.js';
import { loadServerId } from './server-id.js';
import { applySampleLimits } from './stat-sample-limits.js';
import { LeaseStatistics } from './stats.js';

export const DHCP6_SERVER_PORT = 547;
export const DHCP6_CLIENT_PORT = 546;

/** The running DHCPv6 service: owns sockets, the lease store and timers, and swaps configurations. */
export class Dhcp6Server implements RunningService<Dhcp6Configuration> {
  readonly statistics = new Statistics();
  readonly leaseStats = new LeaseStatistics(this.statistics);
  private generation!: Generation;
  /** Changes undone by a failed lease write: counted, and the pools' free slots follow them back. */
  private readonly rollbacks = followRollbacks(this.statistics, () => this.generation?.pools);
  private sockets: ServiceSockets | undefined;
  /** node:dgram or the native addon: chosen, and said, once per process start. */
  private datagramPath: DatagramPathChoice | undefined;
  /** Made with the first generation (applyLeases), before any socket opens. */
  private pipeline!: PacketPipeline;
  /** dhcp-queue-control's ring between the sockets and the pipeline (pass-through when off). */
  private intake!: ReceiveQueue;
  private readonly reclaimer: Reclaimer;
  private reclaimTimer: LongTimer | undefined;
  private flushTimer: LongTimer | undefined;
  private cleanup: LeaseFileCleanup | undefined;
  /** Made again at every configuration, as Kea 2.2 does (server-id and data-directory may change). */
  private serverId: Uint8Array;
  readonly startedAt = Date.now();
  /** The link to kea-dhcp-ddns, kept across configurations (reopened when dhcp-ddns changes). */
  readonly d2: D2Client;
  /** hosts-database / hosts-databases, in order (reopened when they change). */
  private hostStores: SqlHostStore[] = [];
  /** Told when the lease database is found out of reach (the service runs the on-fail policy). */
  onLeaseDatabaseLost: ((err: LeaseDatabaseUnavailableError) => void) | undefined;
  /** Told when a hosts database (its index in search order) is found out of reach. */
  onHostDatabaseLost: HostDatabaseLost | undefined;

  private constructor(
    private configuration: Dhcp6Configuration,
    private store: LeaseStore,
    private readonly context: DaemonContext,
    serverId: Uint8Array,
    readonly hooks: Dhcp6Hooks,
  ) {
    this.serverId = serverId;
    this.d2 = new D2Client(context.logs.get('kea-dhcp6.dhcpsrv'), this.statistics);
    this.reclaimer = new Reclaimer(
      () => this.generation.ledger,
      context.logs.get('kea-dhcp6.alloc-engine'),
      hooks,
      { d2: this.d2, config: () => this.configuration.model, log: context.logs.get('kea-dhcp6.dhcpsrv') },
    );
  }

  static async start(
    configuration: Dhcp6Configuration,
    context: DaemonContext,
    hooks: Dhcp6Hooks = Dhcp6Hooks.none(),
  ): Promise<Dhcp6Server> {
    const { model } = configuration;
    // No row is written before the server exists: the listener is bound just below.
    let server: Dhcp6Server | undefined;
    const store = await openLeaseStore(model, context.logs.get('kea-dhcp6.dhcpsrv'), {
      onRollback: (attempted, restored) => server?.rollbacks(attempted, restored),
      onUnavailable: (err) => server?.onLeaseDatabaseLost?.(err),
    });
    const serverId = loadServerId(model.serverId, model.dataDirectory, context.log);
    server = new Dhcp6Server(configuration, store, context, serverId, hooks);
    try {
      server.hostStores = await openHostStores(model, (index, err) =>
        server?.onHostDatabaseLost?.(index, err),
      );
      await server.applyLeases();
      await server.openSockets();
      server.startTimers();
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  get configurationInForce(): Dhcp6Configuration {
    return this.configuration;
  }

  get leaseStore(): LeaseStore {
    return this.store;
  }

  /** Resolves when the lease database answers (memfile: at once); the reconnection probe. */
  async probeLeaseDatabase(): Promise<void> {
    if (this.store instanceof SqlLeaseStore) await this.store.ping();
  }

  /**
   * Resolves when the hosts database at `index` of those in force answers; at once when there is
   * none there any more (a new configuration dropped it).
   */
  async probeHostDatabase(index: number): Promise<void> {
    await this.hostStores[index]?.ping();
  }

  get serverDuid(): Uint8Array {
    return this.serverId;
  }

  get packets(): PacketPipeline {
    return this.pipeline;
  }

  /**
   * Switches to a new configuration between two packets; `swapLibraries` (the hook libraries of
   * the new configuration put in force) runs first, in the same pause, so that no packet meets
   * half of one and half of the other.
   */
  async reconfigure(next: Dhcp6Configuration, swapLibraries?: () => Promise<void>): Promise<void> {
    // Between packets: an exchange under way finishes under the old configuration, and the
    // statistics recount sees no allocation half done.
    await this.pipeline.between(async () => {
      await swapLibraries?.();
      const previous = this.configuration.model;
      const model = next.model;
      if (!isDeepStrictEqual(previous.leaseDatabase, model.leaseDatabase)) {
        // The lease backend changes: open the new one first so a failure leaves the old in force.
        const store = await openLeaseStore(model, this.context.logs.get('kea-dhcp6.dhcpsrv'), {
          onRollback: this.rollbacks,
          onUnavailable: (err) => this.onLeaseDatabaseLost?.(err),
        });
        const old = this.store;
        this.store = store;
        await old.close();
      }
      if (!isDeepStrictEqual(previous.hostsDatabases, model.hostsDatabases)) {
        const stores = await openHostStores(model, (index, err) => this.onHostDatabaseLost?.(index, err));
        const old = this.hostStores;
        this.hostStores = stores;
        await Promise.all(old.map((s) => s.close()));
      }
      this.configuration = next;
      // Kea regenerates the server identifier at each configuration from the new server-id
      // map and the DUID file of the new data directory.
      this.serverId = loadServerId(model.serverId, model.dataDirectory, this.context.log);
      await this.applyLeases(); // also puts the new generation in the pipeline
      if (
        !isDeepStrictEqual(previous.interfacesConfig, model.interfacesConfig) ||
        model.interfacesConfig.reDetect
      ) {
        await this.openSockets();
      }
      this.startTimers();
    });
  }

  async stop(): Promise<void> {
    this.stopTimers();
    await this.sockets?.close();
    this.sockets = undefined;
    await this.d2.stop();
    await this.store.close();
    await Promise.all(this.hostStores.map((s) => s.close()));
    this.hostStores = [];
  }

  /** The hosts databases in force, in search order (the reservation commands write the first). */
  get hostDatabases(): readonly SqlHostStore[] {
    return this.hostStores;
  }

  /** The reservations of the configuration in force (file and databases). */
  get hosts(): HostIndex {
    return this.generation.hosts;
  }

  /** Runs lease reclamation now (the leases-reclaim command); `remove` as hold-reclaimed-time 0. */
  reclaimNow(remove: boolean): Promise<{ reclaimed: number }> {
    const settings = this.configuration.model.expiredLeasesProcessing;
    return this.reclaimer.reclaim(remove ? { ...settings, holdReclaimedTime: 0 } : settings, undefined, 0);
  }

  /** Service sockets bound now (status-get). */
  get openSocketCount(): number {
    return this.sockets?.count ?? 0;
  }

  // Lease changes from outside the packet path (the lease commands), through the ledger of the
  // configuration in force: each keeps the pools' free slots and the statistics exact.

  addLease(lease: Lease6): Promise<AddResult> {
    return this.generation.ledger.add(lease);
  }

  replaceLease(current: Lease6, next: Lease6): Promise<UpdateResult> {
    return this.generation.ledger.replace(current, next);
  }

  removeLeases(leases: readonly Lease6[]): Promise<Lease6[]> {
    return this.generation.ledger.removeAll(leases);
  }

  /** Queues the NameChangeRequest for a stored lease (lease6-del with update-ddns, lease6-resend-ddns). */
  queueNameChange(change: 'add' | 'remove', lease: Lease6): boolean {
    const ncr = leaseNcr(
      change === 'add' ? CHANGE_TYPE.add : CHANGE_TYPE.remove,
      lease,
      this.configuration.model,
      this.context.logs.get('kea-dhcp6.dhcpsrv'),
    );
    if (!ncr) return false;
    this.d2.send(ncr);
    return true;
  }

  private pipelineState(): PipelineState {
    return {
      path: this.generation.path,
      macSources: this.generation.config.macSources,
      lenientOptionParsing: this.generation.config.lenientOptionParsing,
    };
  }

  /** Builds the generation of the configuration in force and recomputes the lease statistics. */
  private async applyLeases(): Promise<void> {
    const config = this.configuration.model;
    // Kea 2.2's NCR text, unless the configuration uses ddns-conflict-resolution-mode: then the
    // mode goes too (Kea 2.6's member), beside the boolean a Kea 2.2 D2 reads.
    const modes = config.subnets.some((s) => s.ddns.conflictResolutionModeSet);
    await this.d2.configure(config.dhcpDdns, modes ? 'both' : 'kea-2.2');
    const definitions = registryOf(config);
    for (const hostStore of this.hostStores) hostStore.useDefinitions(definitions);
    this.generation = await buildGeneration({
      config,
      store: this.store,
      serverId: this.serverId,
      hooks: this.hooks,
      leaseStats: this.leaseStats,
      leaseLog: this.context.logs.get('kea-dhcp6.leases'),
      classLog: this.context.logs.get('kea-dhcp6.dhcp6'),
      d2: this.d2,
      ddnsLog: this.context.logs.get('kea-dhcp6.ddns'),
      dhcpsrvLog: this.context.logs.get('kea-dhcp6.dhcpsrv'),
      hostStores: this.hostStores,
    });
    if (this.pipeline) this.pipeline.state = this.pipelineState();
    else {
      this.pipeline = new PacketPipeline(
        this.pipelineState(),
        this.statistics,
        this.context.logs.get('kea-dhcp6.packets'),
        {
          client: this.context.commandLine.clientPort ?? DHCP6_CLIENT_PORT,
          relay: DHCP6_SERVER_PORT,
        },
      );
      const pipeline = this.pipeline;
      this.intake = new ReceiveQueue(
        (datagram) => pipeline.receive(datagram),
        this.statistics,
        this.context.logs.get('kea-dhcp6.dhcp6'),
      );
    }
    this.intake.configure(queueSettings(config));
    // Kea logs its multi-threading settings at every configuration; Nestor says what it does instead.
    this.context.logs.get('kea-dhcp6.dhcp6').info('DHCP6_MULTI_THREADING_INFO', multiThreadingInfo(config));
    if (config.multiThreading.enabled)
      this.context.logs
        .get('kea-dhcp6.dhcp6')
        .warn(
          'DHCP6_RESERVATIONS_LOOKUP_FIRST_ENABLED',
          'Multi-threading is enabled and host reservations lookup is always performed first.',
        );
    this.leaseStats.configure(config, await this.store.counts());
    applySampleLimits(this.statistics, config);
    this.cleanup?.stop();
    this.cleanup = undefined;
    if (this.store instanceof MemfileLeaseStore) {
      this.cleanup = new LeaseFileCleanup(
        this.store,
        this.context.configFile,
        this.context.logs.get('kea-dhcp6.dhcpsrv'),
      );
    }
  }

  /**
   * Opens the sockets the configuration and the interfaces call for. Sockets already bound to
   * exactly that plan are kept, so a reconfiguration that changes nothing there loses no packet
   * and no reply; otherwise the old ones close first (they hold the ports the new ones need).
   */
  private async openSockets(): Promise<void> {
    const { interfacesConfig } = this.configuration.model;
    const { plans, problems } = planInterfaces(interfacesConfig.interfaces, detectInterfaces());
    const log = this.context.logs.get('kea-dhcp6.dhcp6');
    for (const problem of problems) log.warn('DHCP6_OPEN_SOCKET', problem);
    if (problems.length > 0 && interfacesConfig.serviceSocketsRequireAll) {
      throw new Error(`not all service sockets could be opened: ${problems.join('; ')}`);
    }
    if (this.sockets?.isOpenFor(plans)) return;
    await this.sockets?.close();
    if (!this.datagramPath) {
      this.datagramPath = chooseDatagramPath();
      log.info('DHCP6_DATAGRAM_PATH', this.datagramPath.reason);
    }
    const sockets = new ServiceSockets(
      this.context.commandLine.serverPort ?? DHCP6_SERVER_PORT,
      log,
      (datagram) => this.intake.push(datagram),
      this.datagramPath.path,
    );
    this.sockets = sockets;
    await sockets.open(plans, {
      requireAll: interfacesConfig.serviceSocketsRequireAll,
      maxRetries: interfacesConfig.serviceSocketsMaxRetries,
      retryWaitMs: interfacesConfig.serviceSocketsRetryWaitTime,
    });
  }

  private startTimers(): void {
    this.stopTimers();
    const settings = this.configuration.model.expiredLeasesProcessing;
    const alloc = this.context.logs.get('kea-dhcp6.alloc-engine');
    if (settings.reclaimTimerWaitTime > 0) {
      // One run at a time: the next is scheduled when the previous finishes.
      const schedule = (): void => {
        // The wait times are seconds up to 2^32-1: LongTimer holds them whole.
        this.reclaimTimer = new LongTimer(() => {
          this.reclaimer
            .reclaim(this.configuration.model.expiredLeasesProcessing)
            .catch((err: Error) => alloc.error('ALLOC_ENGINE_V6_LEASES_RECLAMATION_FAILED', err.message))
            .finally(() => {
              if (this.reclaimTimer) schedule();
            });
        }, settings.reclaimTimerWaitTime * 1000).unref();
      };
      schedule();
    }
    if (settings.flushReclaimedTimerWaitTime > 0 && settings.holdReclaimedTime > 0) {
      this.flushTimer = new LongTimer(
        () => {
          this.reclaimer
            .flush(this.configuration.model.expiredLeasesProcessing)
            .catch((err: Error) =>
              alloc.error('ALLOC_ENGINE_V6_RECLAIMED_LEASES_DELETE_FAILED', err.message),
            );
        },
        settings.flushReclaimedTimerWaitTime * 1000,
        true,
      ).unref();
    }
    const { parameters } = this.configuration.model.leaseDatabase;
    if (this.cleanup && parameters.persist !== false)
      this.cleanup.start(Number(parameters['lfc-interval'] ?? 0));
  }

  private stopTimers(): void {
    this.reclaimTimer?.clear();
    this.reclaimTimer = undefined;
    this.flushTimer?.clear();
    this.flushTimer = undefined;
    this.cleanup?.stop();
  }
}
