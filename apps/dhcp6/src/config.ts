import { type JsonObject, loadSectionFromFile } from '@nestor/config';
import type { LoggerConfig } from '@nestor/daemon';

/** What the server runs on: for now the Dhcp6 section as written (schema and model come from @nestor/config). */
export interface Dhcp6Configuration {
  raw: JsonObject;
  loggers: LoggerConfig[] | undefined;
}

/** Reads and checks a configuration file; throws ConfigError listing every problem. */
export async function loadDhcp6Configuration(file: string): Promise<Dhcp6Configuration> {
  const { section } = loadSectionFromFile(file, 'Dhcp6');
  return { raw: section, loggers: section.loggers as LoggerConfig[] | undefined };
}
