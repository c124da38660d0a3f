/** @nestor/control: Kea's control channel, its command registry and the commands every daemon shares. */
export { CommandArgumentError, withArgumentErrors } from './arguments/argument-error.js';
export { argumentMap, optionalArgumentMap, toUint32, UINT32_MAX } from './arguments/argument-maps.js';
export { ArgumentScope, addressFailure } from './arguments/argument-scope.js';
export { type ElementPath, WirePositions } from './arguments/wire-positions.js';
export {
  type ControlledDaemon,
  DEFAULT_TEXTS,
  type ReloadResult,
  type SharedCommandTexts,
} from './commands/daemon.js';
export {
  reasonOf,
  registerSharedCommands,
  SHARED_COMMANDS,
  serialiser,
  writeFileAtomically,
} from './commands/shared.js';
export {
  registerStatisticCommands,
  STATISTIC_COMMANDS,
  type StatisticCommand,
  type StatisticsStore,
} from './commands/statistics.js';
export { DaemonControl, type DaemonControlOptions } from './daemon-control.js';
export { ControlConfigError, ControlError, type ControlErrorCode } from './errors.js';
export {
  AGENT_DEFAULT_REALM,
  authenticate,
  type BasicAuthClient,
  type BasicAuthConfig,
  parseBasicAuth,
} from './http/auth.js';
export {
  HttpControlListener,
  type HttpControlListenerOptions,
  type HttpHeader,
  type HttpRequestMeta,
} from './http/listener.js';
export {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_HTTP_IDLE_TIMEOUT_MS,
  DEFAULT_HTTP_REQUEST_TIMEOUT_MS,
} from './http/server-factory.js';
export {
  loadTlsServerOptions,
  parseTlsSettings,
  type TlsServerOptions,
  type TlsSettings,
} from './http/tls.js';
export {
  ConnectionLimiter,
  type ConnectionLimiterOptions,
  DEFAULT_MAX_CONNECTIONS,
  PACE_BYTES_PER_SECOND,
  type Slot,
  type SlotState,
} from './limits/connection-limiter.js';
export { EVICTION_REPORT_INTERVAL_MS, EvictionReport, type EvictionWords } from './limits/eviction-report.js';
export { type HeapItem, MinHeap } from './limits/min-heap.js';
export { type ControlLogger, DBG_COMMAND, DBG_COMMAND_DATA, silentLogger } from './logger.js';
export {
  PATH_ENVIRONMENT,
  type PathKind,
  PathPolicy,
  type PathPolicyOptions,
  restrictUmask,
} from './paths/policy.js';
export {
  type ConfiguredPath,
  checkLeaseFilePath,
  configuredPaths,
  isFileOutput,
  pathProblems,
  resolveLogOutput,
  trustConfiguredPaths,
} from './paths/section.js';
export {
  answer,
  CONTROL_RESULT,
  type ControlAnswer,
  type ControlResult,
  failure,
  isControlAnswer,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  keaTypeName,
  success,
} from './protocol/answer.js';
export { type ControlCommand, decodeRequest, type ParsedCommand, parseCommand } from './protocol/command.js';
export { DEFAULT_MAX_REQUEST_BYTES, type FeedState, JsonFeed } from './protocol/json-feed.js';
export { toKeaJson } from './protocol/kea-json.js';
export {
  type CommandHandler,
  type CommandOrigin,
  CommandRegistry,
  CommandRegistryError,
  type CommandRequest,
} from './registry.js';
export {
  type ControlSocketConfig,
  DEFAULT_HTTP_ADDRESS,
  DEFAULT_HTTP_PORT,
  type HttpSocketConfig,
  type ParseControlSocketsOptions,
  parseControlSockets,
  splitControlMembers,
  type UnixSocketConfig,
} from './sockets/config.js';
export {
  ControlEndpoints,
  type ControlEndpointsOptions,
  checkServiceForDaemon,
} from './sockets/endpoints.js';
export {
  ControlClientError,
  type ControlClientErrorCode,
  type SendCommandOptions,
  sendUnixCommand,
  systemErrorText,
} from './unix/client.js';
export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  UnixControlServer,
  type UnixControlServerOptions,
} from './unix/server.js';
export { MAX_UNIX_PATH_BYTES, prepareSocketPath, socketIsLive } from './unix/socket-file.js';
