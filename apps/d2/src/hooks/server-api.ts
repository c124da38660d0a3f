import type { D2Config } from '@nestor/config';
import type { Statistics } from '@nestor/daemon';

/**
 * What kea-dhcp-ddns gives a hook library (LibraryHandle.server): its statistics and the
 * configuration in force.
 */
export interface D2ServerApi {
  statistics: Statistics;
  /** The configuration model in force (undefined before the first one is). */
  configuration(): D2Config | undefined;
}
