import type { DaemonDefinition } from '@nestor/daemon';
import { D2ConfigLoader, type D2Configuration } from './config.js';
import { D2Service } from './service.js';

/** kea-dhcp-ddns as the daemon scaffolding runs it. */
export function d2Definition(
  loader: D2ConfigLoader = new D2ConfigLoader(),
): DaemonDefinition<D2Configuration> {
  let service: D2Service | undefined;
  return {
    binary: 'kea-dhcp-ddns',
    // Kea's D2 logs its own events on kea-dhcp-ddns.dhcpddns.
    component: 'dhcpddns',
    messagePrefix: 'DHCP_DDNS',
    title: 'DHCP-DDNS server',
    loadConfig: async (file) => {
      try {
        return await loader.load(file);
      } catch (err) {
        // Once the service runs, a load is a re-read (SIGHUP, config-reload): say so in Kea's words.
        service?.reloadRefused(err);
        throw err;
      }
    },
    loggers: (config) => config.loggers,
    warnings: (config) => config.warnings,
    start: async (config, context) => {
      service = await D2Service.start(config, context, loader);
      return service;
    },
  };
}
