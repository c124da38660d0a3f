import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { installPrefix } from '@nestor/daemon';
import { parseKeactrlConf } from './conf.js';

/** The servers keactrl knows, in Kea's start order: the agent after the servers it fronts. */
export const SERVER_NAMES = ['dhcp4', 'dhcp6', 'dhcp_ddns', 'ctrl_agent', 'netconf'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

interface ServerFacts {
  /** keactrl.conf key of the binary's path. */
  binaryKey: string;
  /** keactrl.conf key of its configuration file. */
  configKey: string;
  /** Kea's program name, used when the binary is not configured. */
  program: string;
  /** How `status` names the server and its configuration file. */
  statusTitle: string;
  configTitle: string;
}

const FACTS: Record<ServerName, ServerFacts> = {
  dhcp4: {
    binaryKey: 'dhcp4_srv',
    configKey: 'kea_dhcp4_config_file',
    program: 'kea-dhcp4',
    statusTitle: 'DHCPv4 server',
    configTitle: 'Kea DHCPv4 configuration file',
  },
  dhcp6: {
    binaryKey: 'dhcp6_srv',
    configKey: 'kea_dhcp6_config_file',
    program: 'kea-dhcp6',
    statusTitle: 'DHCPv6 server',
    configTitle: 'Kea DHCPv6 configuration file',
  },
  dhcp_ddns: {
    binaryKey: 'dhcp_ddns_srv',
    configKey: 'kea_dhcp_ddns_config_file',
    program: 'kea-dhcp-ddns',
    statusTitle: 'DHCP DDNS',
    configTitle: 'Kea DHCP DDNS configuration file',
  },
  ctrl_agent: {
    binaryKey: 'ctrl_agent_srv',
    configKey: 'kea_ctrl_agent_config_file',
    program: 'kea-ctrl-agent',
    statusTitle: 'Control Agent',
    configTitle: 'Kea Control Agent configuration file',
  },
  netconf: {
    binaryKey: 'netconf_srv',
    configKey: 'kea_netconf_config_file',
    program: 'kea-netconf',
    statusTitle: 'Netconf agent',
    configTitle: 'Kea Netconf configuration file',
  },
};

/** One server as keactrl.conf describes it. */
export interface ServerEntry extends ServerFacts {
  name: ServerName;
  /** Path of the binary; empty when keactrl.conf names none. */
  binary: string;
  /** The process name its pid file is named after: the binary's file name. */
  processName: string;
  configFile: string;
  /** `<name>=yes` in keactrl.conf: started by `start`. */
  enabled: boolean;
}

/** What keactrl.conf says, resolved. */
export interface KeactrlSettings {
  file: string;
  prefix: string;
  verbose: boolean;
  servers: ServerEntry[];
  /** Netconf is shown only when keactrl.conf configures its binary (Nestor has none). */
  hasNetconf: boolean;
}

/** keactrl.conf's default place: `[prefix]/etc/kea/keactrl.conf`. */
export function defaultKeactrlConf(prefix: string = installPrefix): string {
  return join(prefix, 'etc', 'kea', 'keactrl.conf');
}

const yes = (value: string | undefined): boolean => (value ?? '').toLowerCase() === 'yes';

/** Reads keactrl.conf; `prefix` is preset to Nestor's install prefix, as Kea's is to its own. */
export function loadKeactrlSettings(file: string, env: NodeJS.ProcessEnv = process.env): KeactrlSettings {
  const vars = parseKeactrlConf(readFileSync(file, 'utf8'), file, { prefix: installPrefix }, env);
  const servers = SERVER_NAMES.map((name): ServerEntry => {
    const facts = FACTS[name];
    const binary = vars.get(facts.binaryKey) ?? '';
    return {
      name,
      ...facts,
      binary,
      processName: binary === '' ? facts.program : basename(binary),
      configFile: vars.get(facts.configKey) ?? '',
      enabled: yes(vars.get(name)),
    };
  });
  const netconf = servers.find((s) => s.name === 'netconf');
  return {
    file,
    prefix: vars.get('prefix') ?? installPrefix,
    verbose: yes(vars.get('kea_verbose')),
    servers,
    hasNetconf: netconf !== undefined && netconf.binary !== '' && existsSync(netconf.binary),
  };
}
