import type { PathPolicy } from '@nestor/control';
import type { Statistics } from '@nestor/daemon';
import type { HostCommandTarget } from '../commands/hosts/host-model.js';
import type { LeaseCommandTarget } from '../commands/leases/lease-target.js';
import type { Dhcp6Configuration } from '../config.js';

/**
 * What kea-dhcp6 gives a hook library (LibraryHandle.server): the leases, changed through the
 * server so that the pools' free slots and the statistics stay exact; the statistics; the
 * configuration in force; the directories the daemon may write files to. The built-in lease
 * and statistics commands use nothing else.
 */
export interface Dhcp6ServerApi {
  leases: LeaseCommandTarget;
  /** The reservations: the configuration's and the hosts databases (host_cmds). */
  hosts: HostCommandTarget;
  statistics: Statistics;
  /** The configuration in force (its model and the Dhcp6 section with defaults). */
  configuration(): Dhcp6Configuration;
  /** The memfile lease file in use (undefined with persist false or another backend). */
  leaseFile(): string | undefined;
  /** Where the daemon may create files (data directory, sockets, logs, configuration). */
  policy: PathPolicy;
}
