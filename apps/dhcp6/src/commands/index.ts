export { CommandArgumentError, registerStatisticCommands, STATISTIC_COMMANDS } from '@nestor/control';
/** kea-dhcp6's control channel: the controlled service, its configuration loading and its commands. */
export {
  type ControlledConfiguration,
  loadControlledConfiguration,
  parseControlledConfiguration,
  withCheckedLeaseFile,
} from './configuration.js';
export { LEASE6_COMMANDS, type LeaseCommandTarget, registerLeaseCommands } from './leases/lease-commands.js';
export { leaseToJson } from './leases/lease-json.js';
export { DISABLE_ORIGINS, type DisableOrigin, NetworkState } from './network-state.js';
export { registerServerInfoCommands, SERVER_INFO_COMMANDS } from './server-info-commands.js';
export { Dhcp6Service } from './service.js';
export { registerServiceCommands, SERVICE_COMMANDS } from './service-commands.js';
export {
  registerStatLeaseCommands,
  STAT_LEASE6_COMMANDS,
  type StatLeaseTarget,
} from './stat-leases/stat-lease-commands.js';
