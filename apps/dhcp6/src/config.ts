import { type Dhcp6Config, type JsonObject, loadDhcp6ConfigFile } from '@nestor/config';
import type { LoggerConfig } from '@nestor/daemon';

/** What the server runs on: the typed model, and the section with defaults for config-get. */
export interface Dhcp6Configuration {
  model: Dhcp6Config;
  raw: JsonObject;
}

/** Reads and checks a configuration file; throws ConfigError listing every problem. */
export async function loadDhcp6Configuration(file: string): Promise<Dhcp6Configuration> {
  const { model, raw } = loadDhcp6ConfigFile(file);
  return { model, raw: raw as JsonObject };
}

/** The model's loggers in the logging manager's terms; an empty pattern means Kea's default layout. */
export function loggersOf(config: Dhcp6Configuration): LoggerConfig[] {
  return config.model.loggers.map((l) => ({
    name: l.name,
    severity: l.severity,
    debuglevel: l.debuglevel,
    output_options: l.outputOptions.map(({ pattern, ...rest }) => (pattern ? { ...rest, pattern } : rest)),
  }));
}
