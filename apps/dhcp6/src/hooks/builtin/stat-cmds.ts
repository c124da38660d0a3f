import { type BuiltinLibrary, HOOKS_VERSION } from '@nestor/hooks';
import { registerStatLeaseCommands } from '../../commands/stat-leases/stat-lease-commands.js';
import type { Dhcp6ServerApi } from '../server-api.js';

/**
 * Kea's stat_cmds (stat-lease6-get), built in and registered through the hook API, as
 * lease_cmds is. A configuration naming libdhcp_stat_cmds.so stands for it.
 */
export const statCmdsLibrary: BuiltinLibrary<Dhcp6ServerApi> = {
  name: 'stat_cmds',
  module: {
    version: () => HOOKS_VERSION,
    load(handle) {
      registerStatLeaseCommands(
        { register: handle.registerCommandHandler.bind(handle) },
        handle.server.leases,
        handle.logger('stat-cmds-hooks'),
      );
      return 0;
    },
  },
};
