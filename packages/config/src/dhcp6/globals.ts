import type { ProblemCollector } from '../errors.js';
import type { JsonObject } from '../kea-json.js';
import { normaliseHex } from '../net/hex.js';
import { formatIpv6, isIpAddress, parseIpv6 } from '../net/ip.js';
import type { SystemInterfaces } from '../net/system-interfaces.js';
import type {
  ClientClass6,
  DatabaseConfig,
  DhcpDdnsClient,
  ExpiredLeasesProcessing,
  InterfacesConfig,
  MultiThreading,
  OptionData6,
  ServerIdConfig,
} from './model.js';
import { nestorLeaseDefaults } from './nestor-lease-parameters.js';

/** Builders for the global-only parts of Dhcp6, each with the checks Kea makes on it. */

type Path = readonly (string | number)[];

export const DEFAULT_DATA_DIRECTORY = '/var/lib/kea';

/** MAC address sources kea-dhcp6 knows (names and their RFC aliases). */
export const MAC_SOURCES = [
  'any',
  'raw',
  'duid',
  'ipv6-link-local',
  'client-link-addr-option',
  'rfc6939',
  'remote-id',
  'rfc4649',
  'subscriber-id',
  'rfc4580',
  'docsis-cmts',
  'docsis-modem',
] as const;

const num = (raw: JsonObject | undefined, key: string, fallback: number): number =>
  (raw?.[key] as number | undefined) ?? fallback;
const bool = (raw: JsonObject | undefined, key: string, fallback: boolean): boolean =>
  (raw?.[key] as boolean | undefined) ?? fallback;
const str = (raw: JsonObject | undefined, key: string, fallback: string): string =>
  (raw?.[key] as string | undefined) ?? fallback;

/** What selected so far: plain names ("*" included) and name/address pairs. */
interface Selection {
  names: Set<string>;
  unicasts: Set<string>;
}

/**
 * What Kea's interface selection says of one interfaces-config entry, or undefined when it takes
 * it: "name", "*" (once) or "name/address" with a unicast IPv6 address, trimmed, nothing chosen
 * twice; and, given the machine, the interface present and the address assigned to it.
 */
function interfaceEntryProblem(
  entry: string,
  chosen: Selection,
  system?: SystemInterfaces,
): string | undefined {
  const slash = entry.indexOf('/');
  const name = (slash < 0 ? entry : entry.slice(0, slash)).trim();
  if (slash < 0) {
    if (name === '') return 'empty interface name used in configuration';
    if (chosen.names.has(name))
      return name === '*'
        ? "the wildcard interface '*' can only be specified once"
        : `interface '${name}' has already been specified`;
    chosen.names.add(name);
    if (name !== '*' && system && !system.has(name)) return `interface '${name}' doesn't exist in the system`;
    return undefined;
  }
  const addressText = entry.slice(slash + 1).trim();
  if (name === '') return 'empty interface name specified in the interface configuration';
  if (addressText === '') return 'empty address specified in the interface configuration';
  if (name === '*') return "wildcard interface name '*' must not be used in conjunction with an address";
  if (system && !system.has(name)) return `interface '${name}' doesn't exist in the system`;
  const address = parseIpv6(addressText);
  if (address === undefined) return `invalid unicast address '${addressText}' for '${entry}'`;
  const text = formatIpv6(address);
  if (address >> 120n === 0xffn) return `address '${text}' is not a valid IPv6 unicast address`;
  if (system && !system.hasAddress(name, address))
    return `interface '${name}' doesn't have address '${text}' assigned`;
  const pair = `${name}/${text}`;
  if (chosen.unicasts.has(pair))
    return `must not select address '${text}' for interface '${name}' because this address is already selected`;
  chosen.unicasts.add(pair);
  return undefined;
}

/** `interfaces-config`, every entry checked as Kea's interface selection checks it. */
export function buildInterfacesConfig(
  raw: JsonObject | undefined,
  path: Path,
  problems: ProblemCollector,
  system?: SystemInterfaces,
): InterfacesConfig {
  const interfaces = [...((raw?.interfaces as string[] | undefined) ?? [])];
  const chosen: Selection = { names: new Set(), unicasts: new Set() };
  interfaces.forEach((entry, i) => {
    const problem = interfaceEntryProblem(entry, chosen, system);
    if (problem) problems.add([...path, 'interfaces', i], problem);
  });
  return {
    interfaces,
    reDetect: bool(raw, 're-detect', raw !== undefined),
    serviceSocketsRequireAll: bool(raw, 'service-sockets-require-all', false),
    serviceSocketsMaxRetries: num(raw, 'service-sockets-max-retries', 0),
    serviceSocketsRetryWaitTime: num(raw, 'service-sockets-retry-wait-time', 5000),
  };
}

export function buildDatabase(raw: JsonObject, defaultFile?: string): DatabaseConfig {
  const type = raw.type as DatabaseConfig['type'];
  const parameters: JsonObject = { ...raw };
  if (type === 'memfile') {
    parameters.persist ??= true;
    parameters['lfc-interval'] ??= 3600;
    if (defaultFile !== undefined) parameters.name ??= defaultFile;
    nestorLeaseDefaults(parameters);
  }
  return { type, parameters };
}

export function buildServerId(
  raw: JsonObject | undefined,
  path: Path,
  problems: ProblemCollector,
): ServerIdConfig {
  const text = str(raw, 'identifier', '');
  let identifier = '';
  if (text !== '') {
    const hex = normaliseHex(text);
    if (hex === undefined)
      problems.add([...path, 'identifier'], `invalid server identifier '${text}': expected hexadecimal`);
    else identifier = hex;
  }
  return {
    type: str(raw, 'type', 'LLT') as ServerIdConfig['type'],
    identifier,
    htype: num(raw, 'htype', 0),
    time: num(raw, 'time', 0),
    enterpriseId: num(raw, 'enterprise-id', 0),
    persist: bool(raw, 'persist', true),
  };
}

export function buildExpiredLeasesProcessing(raw: JsonObject | undefined): ExpiredLeasesProcessing {
  return {
    reclaimTimerWaitTime: num(raw, 'reclaim-timer-wait-time', 10),
    flushReclaimedTimerWaitTime: num(raw, 'flush-reclaimed-timer-wait-time', 25),
    holdReclaimedTime: num(raw, 'hold-reclaimed-time', 3600),
    maxReclaimLeases: num(raw, 'max-reclaim-leases', 100),
    maxReclaimTime: num(raw, 'max-reclaim-time', 250),
    unwarnedReclaimCycles: num(raw, 'unwarned-reclaim-cycles', 5),
  };
}

export function buildDhcpDdns(
  raw: JsonObject | undefined,
  path: Path,
  problems: ProblemCollector,
): DhcpDdnsClient {
  const serverIp = str(raw, 'server-ip', '127.0.0.1');
  const givenSender = str(raw, 'sender-ip', '');
  const serverV6 = parseIpv6(serverIp) !== undefined;
  const client: DhcpDdnsClient = {
    enableUpdates: bool(raw, 'enable-updates', false),
    serverIp,
    serverPort: num(raw, 'server-port', 53001),
    // An empty or missing sender-ip is the wildcard address of the server's family.
    senderIp: givenSender !== '' ? givenSender : serverV6 ? '::' : '0.0.0.0',
    senderPort: num(raw, 'sender-port', 0),
    maxQueueSize: num(raw, 'max-queue-size', 1024),
    ncrProtocol: str(raw, 'ncr-protocol', 'UDP') as DhcpDdnsClient['ncrProtocol'],
    ncrFormat: 'JSON',
  };
  if (!isIpAddress(serverIp))
    problems.add([...path, 'server-ip'], `Failed to convert '${serverIp}' to address`);
  if (givenSender !== '' && !isIpAddress(givenSender)) {
    problems.add([...path, 'sender-ip'], `Failed to convert '${givenSender}' to address`);
  } else if (
    givenSender !== '' &&
    isIpAddress(serverIp) &&
    serverV6 !== (parseIpv6(givenSender) !== undefined)
  ) {
    const family = (v6: boolean) => (v6 ? 'IPv6' : 'IPv4');
    problems.add(
      [...path, 'sender-ip'],
      `D2ClientConfig error: address family mismatch: server-ip: ${serverIp} is: ${family(serverV6)} while sender-ip: ${givenSender} is: ${family(!serverV6)}`,
    );
  }
  if (client.ncrProtocol === 'TCP') {
    problems.add([...path, 'ncr-protocol'], 'D2ClientConfig error: NCR Protocol: TCP is not supported.');
  }
  if (
    client.enableUpdates &&
    client.serverIp === client.senderIp &&
    client.serverPort === client.senderPort
  ) {
    problems.add(
      [...path, 'sender-port'],
      'server-ip/server-port and sender-ip/sender-port cannot be the same',
    );
  }
  return client;
}

export function buildMultiThreading(raw: JsonObject | undefined): MultiThreading {
  return {
    enabled: bool(raw, 'enable-multi-threading', false),
    threadPoolSize: num(raw, 'thread-pool-size', 0),
    packetQueueSize: num(raw, 'packet-queue-size', 64),
  };
}

export function checkMacSources(list: readonly string[], path: Path, problems: ProblemCollector): void {
  list.forEach((name, i) => {
    if (!(MAC_SOURCES as readonly string[]).includes(name)) {
      problems.add([...path, i], `Failed to convert '${name}' to any recognized MAC source`);
    }
  });
}

export function buildClientClasses(
  list: readonly JsonObject[] | undefined,
  path: Path,
  optionsOf: (raw: JsonObject, path: Path) => OptionData6[],
  problems: ProblemCollector,
): ClientClass6[] {
  const classes: ClientClass6[] = [];
  const names = new Set<string>();
  (list ?? []).forEach((raw, i) => {
    const at = [...path, i];
    const name = raw.name as string;
    if (names.has(name)) {
      problems.add([...at, 'name'], `Can't add class: Client Class: ${name} has already been defined`);
      return;
    }
    names.add(name);
    const cls: ClientClass6 = {
      name,
      onlyIfRequired: bool(raw, 'only-if-required', false),
      options: optionsOf(raw, at),
    };
    if (raw.test !== undefined) cls.test = raw.test as string;
    for (const [field, key] of [
      ['preferredLifetime', 'preferred-lifetime'],
      ['validLifetime', 'valid-lifetime'],
    ] as const) {
      const value = raw[key] as number | undefined;
      const min = raw[`min-${key}`] as number | undefined;
      const max = raw[`max-${key}`] as number | undefined;
      if (value !== undefined || min !== undefined || max !== undefined) {
        cls[field] = {
          ...(value !== undefined ? { value } : {}),
          ...(min !== undefined ? { min } : {}),
          ...(max !== undefined ? { max } : {}),
        };
      }
    }
    if (raw['user-context'] !== undefined) cls.userContext = raw['user-context'] as JsonObject;
    classes.push(cls);
  });
  return classes;
}
