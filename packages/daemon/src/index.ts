export { type CommandLine, type CommandLineSpec, parseCommandLine, usageText } from './cli.js';
export {
  daemonPathPolicy,
  PolicedConfigLoader,
  problemsOf,
  readSectionDocument,
  type SectionResolver,
} from './config-loader.js';
export { type InProcessDaemon, startInProcess } from './in-process.js';
export { Logger, type LoggerConfig, type LoggingOptions, LogManager } from './logging/manager.js';
export { compilePattern, DEFAULT_PATTERN, DEFAULT_SYSLOG_PATTERN, type LogEvent } from './logging/pattern.js';
export { parseSeverity, SEVERITIES, type Severity } from './logging/severity.js';
export type { OutputOptions } from './logging/sinks.js';
export {
  type DefaultDirectories,
  defaultDirectories,
  installPrefix,
  pidFileDirectory,
  pidFilePath,
} from './paths.js';
export { PidFile, processIsAlive } from './pidfile.js';
export {
  ConfigError,
  type DaemonContext,
  type DaemonDefinition,
  main,
  type ReloadOutcome,
  type RunCommandLine,
  type RunningService,
  runDaemon,
} from './run.js';
export {
  DEFAULT_MAX_SAMPLE_COUNT,
  formatStatTime,
  Statistics,
  type StatSamples,
  type StatValue,
} from './stats.js';
export { LongTimer, MAX_TIMER_DELAY_MS } from './timers.js';
export {
  buildReport,
  dependencyVersion,
  extendedVersionText,
  nestorVersion,
  runtimeVersionLines,
} from './version.js';
