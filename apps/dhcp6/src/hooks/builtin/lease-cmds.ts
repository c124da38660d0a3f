import { type BuiltinLibrary, HOOKS_VERSION } from '@nestor/hooks';
import { registerLeaseCommands } from '../../commands/leases/lease-commands.js';
import { registerLeaseWriteCommand } from '../../commands/leases/lease-write.js';
import type { Dhcp6ServerApi } from '../server-api.js';

/**
 * Kea's lease_cmds (lease6-add, -get, -get-all, -get-page, -get-by-duid, -get-by-hostname,
 * -del, -update, -wipe, -bulk-apply, and Kea 2.4's lease6-write), built in and registered
 * through the same hook API a user's library uses: its handle's command registration and the
 * server API, nothing else. A configuration naming libdhcp_lease_cmds.so stands for it.
 */
export const leaseCmdsLibrary: BuiltinLibrary<Dhcp6ServerApi> = {
  name: 'lease_cmds',
  module: {
    version: () => HOOKS_VERSION,
    load(handle) {
      const sink = { register: handle.registerCommandHandler.bind(handle) };
      const log = handle.logger('lease-cmds-hooks');
      const server = handle.server;
      registerLeaseCommands(sink, server.leases, log);
      registerLeaseWriteCommand(
        sink,
        {
          store: () => server.leases.store(),
          backend: () => server.configuration().model.leaseDatabase.type,
          leaseFile: () => server.leaseFile(),
          policy: server.policy,
        },
        log,
      );
      return 0;
    },
  },
};
