import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CommandRegistry,
  type ControlledDaemon,
  type JsonObject,
  PathPolicy,
  registerSharedCommands,
  success,
  UnixControlServer,
} from '@nestor/control';
import type { DaemonDirs } from '@nestor/testkit';

export interface NestorDaemon {
  server: UnixControlServer;
  shutdowns: number;
}

/**
 * A Nestor control socket served by packages/control in this process: the shared commands
 * over a minimal daemon, plus one daemon-specific command (lease6-get echoes its arguments).
 */
export async function nestorDaemon(dirs: DaemonDirs, path: string): Promise<NestorDaemon> {
  const configFile = join(dirs.etc, 'kea-dhcp6.conf');
  writeFileSync(configFile, JSON.stringify({ Dhcp6: { 'valid-lifetime': 4000 } }));
  let config: JsonObject = { Dhcp6: { 'valid-lifetime': 4000 } };
  const started = Date.now();
  const state = { shutdowns: 0 };
  const daemon: ControlledDaemon = {
    section: 'Dhcp6',
    policy: new PathPolicy({ configFile, defaults: { socket: dirs.run, log: dirs.log, data: dirs.lib } }),
    startedAt: started,
    configuredAt: () => started,
    currentConfig: () => config,
    testConfig: async () => undefined,
    applyConfig: async (document) => {
      config = document;
    },
    readConfigFile: async () => JSON.parse(readFileSync(configFile, 'utf8')) as JsonObject,
    reloadConfigFile: async () => ({ ok: true }),
    shutdown: () => {
      state.shutdowns += 1;
    },
    version: () => '0.1.0',
    extendedVersion: () => '0.1.0\nnestor',
    buildReport: () => 'report',
  };
  const registry = new CommandRegistry();
  registerSharedCommands(registry, daemon);
  registry.register('lease6-get', (args) => success('Lease found', { echoed: args ?? null }));
  const server = await UnixControlServer.open({ path, registry });
  return {
    server,
    get shutdowns() {
      return state.shutdowns;
    },
  };
}
