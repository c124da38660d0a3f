import type { DaemonDefinition } from '@nestor/daemon';
import { type Dhcp6Configuration, loadDhcp6Configuration, loggersOf } from './config.js';
import { Dhcp6Server } from './server.js';

/** kea-dhcp6 as the daemon scaffolding runs it. */
export const dhcp6Daemon: DaemonDefinition<Dhcp6Configuration> = {
  binary: 'kea-dhcp6',
  component: 'dhcp6',
  messagePrefix: 'DHCP6',
  title: 'DHCPv6 server',
  portFlags: true,
  loadConfig: loadDhcp6Configuration,
  loggers: loggersOf,
  start: (config, context) => Dhcp6Server.start(config, context),
};
