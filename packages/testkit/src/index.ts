// @nestor/testkit: what tests across processes need. Processes by pid; network namespaces and
// veth pairs with teardown by pid; the real DHCPv6 clients (dhclient, dhcpcd) and relay
// (dhcrelay) sandboxed inside them; servers under test; Kea lease files read by column name;
// ISC Kea as the oracle that reads a lease file back.

export { DHCLIENT_SCRIPT, dhcpcdScript, parseScriptLog, type ScriptEvent } from './client-script.js';
export {
  argumentsForCommand,
  COMMAND_ARGUMENT_NAMES,
  commandArguments,
  commandRequest,
  describeBugs,
  describeCounts,
  expectKeaAnswer,
  type FuzzableRegistry,
  fuzzCommands,
  type HandlerBug,
  type KeaAnswer,
  keaAnswerProblem,
  type ResultCounts,
  requestText,
  sendUnixText,
  trapHandlerBugs,
} from './command-fuzz.js';
export {
  type DaemonDirs,
  daemonEnv,
  makeDaemonDirs,
  type StartCtrlAgentOptions,
  type StartedCtrlAgent,
  startCtrlAgent,
} from './ctrl-agent.js';
export { Dhclient, type DhclientFiles, type DhclientOptions, duidLl } from './dhclient.js';
export {
  type DhclientIaAddress,
  type DhclientIaPrefix,
  type DhclientLease6,
  type DhclientLeaseFile,
  normaliseColonHex,
  parseDhclientLeases,
  readDhclientLeaseFile,
} from './dhclient-leases.js';
export {
  ISC_KEA_DHCP6,
  parseServerCommand,
  type ServerCommand,
  type StartServerOptions,
  startDhcp6Server,
} from './dhcp-server.js';
export { Dhcpcd, type DhcpcdOptions } from './dhcpcd.js';
export { Dhcrelay, type DhcrelayOptions } from './dhcrelay.js';
export { TestkitError, type TestkitErrorCode, tail } from './errors.js';
export { requireRoot, runChecked } from './exec.js';
export {
  ConnectionFlood,
  type FloodOptions,
  type FloodTarget,
  type HeldConnection,
} from './floods.js';
export {
  type FuzzJson,
  fuzzJsonValue,
  fuzzRuns,
  fuzzTimeout,
  type JsonMutation,
  jsonMutation,
  keysOf,
  mutateJson,
  mutateText,
  type TextMutation,
  textMutation,
} from './fuzz.js';
export { CLIENT_HOST_PATHS, diffHostSnapshots, type HostSnapshot, snapshotHostFiles } from './host-files.js';
export {
  type InterfaceAddress,
  listNamespaces,
  namespacePids,
  parseIpAddrJson,
  parseNetnsList,
  parseProcNetUdpPorts,
  sweepNamespaces,
} from './ip.js';
export { ipv6InPrefix, ipv6InRange, ipv6ToBigInt } from './ipv6.js';
export { type ControlAnswer, sendControlCommand } from './kea-control.js';
export {
  type ComparableLease6,
  comparableFromKea,
  comparableFromRow,
  diffLeaseSets,
  ISC_LEASE_CMDS_HOOK,
  type KeaLease6,
  type KeaLeaseReading,
  type ReadLeasesOptions,
  readLeasesWithKea,
} from './kea-leases.js';
export {
  effectiveLeases,
  escapeCsvValue,
  LEASE_STATE,
  LEASE_TYPE,
  Lease6File,
  type Lease6Row,
  parseLease6Csv,
  unescapeCsvValue,
} from './lease-csv.js';
export {
  type DdnsZoneTarget,
  DIG,
  d2ZonesSection,
  keaTsigKey,
  keyPerAlgorithm,
  NAMED,
  type NamedKey,
  NamedServer,
  randomTsigSecret,
  type StartNamedOptions,
  TSIG_ALGORITHMS,
  type TsigAlgorithmName,
} from './named.js';
export { currentRunId, NAMESPACE_PREFIX, newRunId, runNamespacePrefix } from './names.js';
export {
  type LinkOptions,
  Namespace,
  TestNetwork,
  type TestNetworkOptions,
  type TrackedPid,
} from './network.js';
export { type ExitStatus, NsProcess } from './ns-process.js';
export { isAlive, netnsInodeOf, readPidFile, stopPids } from './pids.js';
export { makeTestPki, type TestPki } from './pki.js';
export { freePort } from './ports.js';
export { binDir, binPath, type Finished, RunningProgram, repoRoot, runToEnd } from './process.js';
export { type HttpAnswer, type PostOptions, post, type RawExchange, rawExchange } from './raw-clients.js';
export { namespaceRunSetup } from './run-guard.js';
export { TcpRelay } from './tcp-relay.js';
export {
  createTestDatabase,
  ISC_KEA_ADMIN,
  killTestDatabaseConnections,
  runTestSql,
  runTestSqlScript,
  TEST_DATABASE_ACCOUNT,
  TEST_DATABASE_PORTS,
  TEST_DATABASE_SOCKETS,
  type TestDatabase,
  type TestDatabaseBackend,
  testDatabaseAvailable,
} from './test-databases.js';
export { sleep, type WaitOptions, waitUntil } from './wait.js';
