export type * from './ctrl-agent/model.js';
export {
  type LoadedCtrlAgentConfig,
  loadCtrlAgentConfigFile,
  parseCtrlAgentConfig,
} from './ctrl-agent/parse.js';
export type * from './d2/model.js';
export { type LoadedD2Config, loadD2ConfigFile, parseD2Config } from './d2/parse.js';
export type * from './daemon-parts.js';
export type * from './dhcp6/model.js';
export {
  type Dhcp6CheckProblem,
  type Dhcp6ModelCheck,
  registerDhcp6ModelCheck,
} from './dhcp6/model-checks.js';
export {
  type Dhcp6ParseOptions,
  type LoadedDhcp6Config,
  loadDhcp6ConfigFile,
  parseDhcp6Config,
} from './dhcp6/parse.js';
export { ConfigError, type ConfigProblem, formatPath, formatProblem, ProblemCollector } from './errors.js';
export {
  type JsonObject,
  type JsonValue,
  KeaJsonSyntaxError,
  type ParsedKeaJson,
  parseKeaJson,
  readKeaJsonFile,
  SourceMap,
  type SourcePosition,
} from './kea-json.js';
export {
  DAEMON_SECTIONS,
  type DaemonSection,
  type LoadedSection,
  loadSectionFromFile,
  loadSectionFromText,
  sectionOf,
} from './load.js';
export {
  parseProcIfInet6,
  parseProcNetDev,
  readSystemInterfaces,
  type SystemInterfaces,
} from './net/system-interfaces.js';
export type { Schema } from './schema/common.js';
export { dhcp6Schema } from './schema/dhcp6.js';
