/**
 * What a one-shot program such as kea-lfc needs (logging, the pid file, version texts) without
 * the daemon runner, the configuration loader and their schemas: importing the package's main
 * entry costs a short-lived program some 12 MB of resident memory it never uses.
 */
export { Logger, type LoggerConfig, type LoggingOptions, LogManager } from './logging/manager.js';
export { PidFile, processIsAlive } from './pidfile.js';
export { buildReport, nestorVersion, runtimeVersionLines } from './version.js';
