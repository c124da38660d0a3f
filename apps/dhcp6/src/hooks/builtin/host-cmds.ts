import { type BuiltinLibrary, HOOKS_VERSION } from '@nestor/hooks';
import { registerHostCommands } from '../../commands/hosts/host-commands.js';
import type { Dhcp6ServerApi } from '../server-api.js';

/**
 * Kea's host_cmds (reservation-add, -get, -get-all, -get-page, -get-by-hostname, -get-by-id,
 * -del), built in and registered through the hook API as lease_cmds is. A configuration naming
 * libdhcp_host_cmds.so stands for it.
 */
export const hostCmdsLibrary: BuiltinLibrary<Dhcp6ServerApi> = {
  name: 'host_cmds',
  module: {
    version: () => HOOKS_VERSION,
    load(handle) {
      const sink = { register: handle.registerCommandHandler.bind(handle) };
      registerHostCommands(sink, handle.server.hosts, handle.logger('host-cmds-hooks'));
      return 0;
    },
  },
};
