import { join } from 'node:path';
import {
  type Dhcp6Config,
  type JsonObject,
  loadDhcp6ConfigFile,
  registerDhcp6ModelCheck,
} from '@nestor/config';
import { isFileOutput } from '@nestor/control';
import { defaultDirectories, type LoggerConfig } from '@nestor/daemon';
import { clientClassCheck } from './classes/classification.js';

// Every Dhcp6 configuration this server parses (file, -t, reload, config-set, config-test) has
// its client classes compiled as Kea does, so a class list Kea refuses is refused as a whole.
registerDhcp6ModelCheck(clientClassCheck);

/** What the server runs on: the typed model, and the section with defaults for config-get. */
export interface Dhcp6Configuration {
  model: Dhcp6Config;
  raw: JsonObject;
}

/**
 * Where leases and the server DUID go when the file names no data-directory: KEA_DHCP_DATA_DIR,
 * else the installation's var/lib/kea.
 */
export function defaultDataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEA_DHCP_DATA_DIR || defaultDirectories().dataDir;
}

/** Reads and checks a configuration file; throws ConfigError listing every problem. */
export async function loadDhcp6Configuration(file: string): Promise<Dhcp6Configuration> {
  const { model, raw } = loadDhcp6ConfigFile(file, { defaultDataDirectory: defaultDataDirectory() });
  return { model, raw: raw as JsonObject };
}

/**
 * Where a log file given by bare name goes, as the path policy places (and checks) it:
 * KEA_LOG_FILE_DIR, else the installation's var/log/kea. Not the working directory.
 */
export function logFileDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEA_LOG_FILE_DIR || defaultDirectories().logDir;
}

/**
 * The model's loggers in the logging manager's terms; an empty pattern means Kea's default
 * layout, and a log file named without a directory lands in the log directory.
 */
export function loggersOf(config: Dhcp6Configuration): LoggerConfig[] {
  return config.model.loggers.map((l) => ({
    name: l.name,
    severity: l.severity,
    debuglevel: l.debuglevel,
    output_options: l.outputOptions.map(({ pattern, output, ...rest }) => ({
      ...rest,
      output: isFileOutput(output) && !output.includes('/') ? join(logFileDirectory(), output) : output,
      ...(pattern ? { pattern } : {}),
    })),
  }));
}
