import type { DaemonContext, RunningService } from '@nestor/daemon';
import type { Dhcp6Configuration } from './config.js';

/** The running DHCPv6 service: owns sockets, the lease store and timers, and swaps configurations. */
export class Dhcp6Server implements RunningService<Dhcp6Configuration> {
  private constructor(
    private config: Dhcp6Configuration,
    private readonly context: DaemonContext,
  ) {}

  static async start(config: Dhcp6Configuration, context: DaemonContext): Promise<Dhcp6Server> {
    return new Dhcp6Server(config, context);
  }

  get configuration(): Dhcp6Configuration {
    return this.config;
  }

  async reconfigure(config: Dhcp6Configuration): Promise<void> {
    this.config = config;
  }

  async stop(): Promise<void> {
    this.context.log.debug(0, 'DHCP6_SHUTDOWN_STEPS', 'closing sockets and flushing the lease store');
  }
}
