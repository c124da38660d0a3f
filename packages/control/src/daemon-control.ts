import type { ControlledDaemon } from './commands/daemon.js';
import { registerSharedCommands } from './commands/shared.js';
import { ControlConfigError } from './errors.js';
import type { ControlLogger } from './logger.js';
import { PathPolicy } from './paths/policy.js';
import { pathProblems, trustConfiguredPaths } from './paths/section.js';
import type { JsonObject } from './protocol/answer.js';
import { CommandRegistry } from './registry.js';
import { parseControlSockets } from './sockets/config.js';
import { ControlEndpoints } from './sockets/endpoints.js';

export interface DaemonControlOptions {
  /** The service name clients use for this daemon: `dhcp6`, `d2`. */
  service: string;
  /** Its configuration section: `Dhcp6`, `DhcpDdns`. */
  section: string;
  /** The configuration file it was started with (-c). */
  configFile: string;
  /** Compiled-in directories (@nestor/daemon's defaultDirectories()). */
  defaults: { socket: string; log: string; data: string };
  logger?: ControlLogger;
  env?: NodeJS.ProcessEnv;
  /** Accept an HTTP control socket with neither authentication nor TLS (Kea 3 refuses one). */
  allowUnsecuredHttp?: boolean;
  /**
   * A policy the daemon made before its control channel existed (its configuration loader
   * needs one to place log files at start-up); `configFile`, `defaults` and `env` then go unused.
   */
  policy?: PathPolicy;
}

/**
 * Everything a daemon needs for its control channel, in one place: the command registry,
 * the path policy and the endpoints its `control-socket` / `control-sockets` ask for.
 *
 *   const control = new DaemonControl({ service: 'dhcp6', section: 'Dhcp6', configFile, defaults });
 *   control.registerShared(adapter);          // config-*, shutdown, status-get, version-get...
 *   control.registry.register('lease6-get', handler);
 *   await control.start(section);             // at start-up, with the file's section
 *   const problems = control.check(next);     // before applying a new configuration
 *   await control.apply(next);                // when applying it
 *   await control.close();                    // when stopping
 */
export class DaemonControl {
  readonly registry: CommandRegistry;
  readonly policy: PathPolicy;
  readonly endpoints: ControlEndpoints;

  constructor(private readonly options: DaemonControlOptions) {
    this.registry = new CommandRegistry(options.logger);
    this.policy =
      options.policy ??
      new PathPolicy({
        configFile: options.configFile,
        defaults: options.defaults,
        ...(options.env ? { env: options.env } : {}),
      });
    this.endpoints = new ControlEndpoints({
      registry: this.registry,
      service: options.service,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /** Registers the shared commands over the daemon's adapter. */
  registerShared(daemon: ControlledDaemon): void {
    registerSharedCommands(this.registry, daemon);
  }

  /**
   * Problems (one line each, with JSON paths) that refuse a section: files outside the
   * allowed directories, and control sockets that cannot be configured as written.
   */
  check(section: JsonObject): string[] {
    const problems = pathProblems(this.policy, section, this.options.section);
    if (problems.length > 0) return problems;
    try {
      this.parse(section);
    } catch (err) {
      return err instanceof ControlConfigError ? [...err.problems] : [(err as Error).message];
    }
    return [];
  }

  /**
   * Start-up: accepts the directories the start-up file names, seals the policy, and opens
   * the control endpoints. Throws ControlConfigError or ControlError.
   */
  async start(section: JsonObject): Promise<void> {
    trustConfiguredPaths(this.policy, section, this.options.section);
    this.policy.seal();
    await this.apply(section);
  }

  /** Opens, keeps and closes endpoints to match a new section; throws when one cannot open. */
  async apply(section: JsonObject): Promise<void> {
    const problems = pathProblems(this.policy, section, this.options.section);
    if (problems.length > 0) throw new ControlConfigError(problems);
    await this.endpoints.apply(this.parse(section));
  }

  async close(): Promise<void> {
    await this.endpoints.close();
  }

  private parse(section: JsonObject) {
    return parseControlSockets(section, this.options.section, {
      policy: this.policy,
      ...(this.options.allowUnsecuredHttp ? { allowUnsecuredHttp: true } : {}),
    });
  }
}
