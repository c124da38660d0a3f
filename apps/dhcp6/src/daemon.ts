import type { DaemonDefinition } from '@nestor/daemon';
import { type ControlledConfiguration, Dhcp6Service, loadControlledConfiguration } from './commands/index.js';
import { loggersOf } from './config.js';

/** kea-dhcp6 as the daemon scaffolding runs it: the server with its control channel. */
export const dhcp6Daemon: DaemonDefinition<ControlledConfiguration> = {
  binary: 'kea-dhcp6',
  component: 'dhcp6',
  messagePrefix: 'DHCP6',
  title: 'DHCPv6 server',
  portFlags: true,
  loadConfig: (file) => loadControlledConfiguration(file),
  // Kea 2.2's -t checks less than its start-up: no logger parser.
  checkConfig: (file) => loadControlledConfiguration(file, { checkOnly: true }),
  warnings: (config) => config.warnings,
  loggers: loggersOf,
  start: (config, context) => Dhcp6Service.start(config, context),
};
