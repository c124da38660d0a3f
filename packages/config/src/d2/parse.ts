import {
  buildControlSocket,
  buildHooksLibraries,
  buildLoggers,
  checkLoggers,
  foldComments,
  loggersRaw,
} from '../daemon-parts.js';
import { ProblemCollector } from '../errors.js';
import { type JsonObject, type JsonValue, SourceMap } from '../kea-json.js';
import { withLazyRaw } from '../lazy-raw.js';
import { loadSectionFromFile, sectionOf } from '../load.js';
import { isIpAddress, parseIpv4, parseIpv6 } from '../net/ip.js';
import { d2Schema } from '../schema/d2.js';
import { validateSection } from '../schema/validate.js';
import type { D2Config, DdnsDomain, DnsServer, TsigAlgorithm, TsigKey } from './model.js';

type Path = readonly (string | number)[];

export interface LoadedD2Config {
  model: D2Config;
  raw: JsonObject;
  /** What was accepted with a word (file and line like problems). */
  warnings: readonly string[];
}

/** MAC length of each TSIG algorithm, in bits. */
const ALGORITHM_BITS: Record<TsigAlgorithm, number> = {
  'HMAC-MD5': 128,
  'HMAC-SHA1': 160,
  'HMAC-SHA224': 224,
  'HMAC-SHA256': 256,
  'HMAC-SHA384': 384,
  'HMAC-SHA512': 512,
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function buildTsigKeys(list: readonly JsonObject[], path: Path, problems: ProblemCollector): TsigKey[] {
  const keys: TsigKey[] = [];
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const at = [...path, i];
    const name = raw.name as string;
    const algorithmText = raw.algorithm as string;
    const secret = raw.secret as string;
    const digestBits = (raw['digest-bits'] as number | undefined) ?? 0;
    if (name === '') {
      problems.add([...at, 'name'], 'tsig-key: name cannot be blank');
      return;
    }
    if (names.has(name.toLowerCase())) {
      problems.add([...at, 'name'], `Duplicate TSIG key name specified : ${name}`);
      return;
    }
    names.add(name.toLowerCase());
    const algorithm = algorithmText.toUpperCase() as TsigAlgorithm;
    const bits = ALGORITHM_BITS[algorithm];
    if (bits === undefined) {
      problems.add([...at, 'algorithm'], `tsig-key : Unknown TSIG Key algorithm: ${algorithmText}`);
      return;
    }
    if (digestBits % 8 !== 0) {
      problems.add(
        [...at, 'digest-bits'],
        'TSIG key digest-bits must either be zero or a positive, multiple of eight',
      );
      return;
    }
    if (digestBits > 0 && (digestBits < 80 || digestBits < bits / 2)) {
      problems.add([...at, 'digest-bits'], `tsig-key: digest-bits too small : ${digestBits}`);
      return;
    }
    if (digestBits > bits) {
      problems.add([...at, 'digest-bits'], `tsig-key: digest-bits too large : ${digestBits}`);
      return;
    }
    if (secret === '' || !BASE64.test(secret)) {
      problems.add([...at, 'secret'], 'Cannot make D2TsigKey: the secret is not valid base64');
      return;
    }
    keys.push({
      name,
      algorithm,
      digestBits,
      secret,
      secretBytes: new Uint8Array(Buffer.from(secret, 'base64')),
    });
  });
  return keys;
}

function buildDomains(
  list: readonly JsonObject[],
  path: Path,
  keyNames: ReadonlySet<string>,
  problems: ProblemCollector,
): DdnsDomain[] {
  const domains: DdnsDomain[] = [];
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const at = [...path, i];
    const name = raw.name as string;
    if (name.trim() === '') {
      problems.add([...at, 'name'], 'Ddns domain name cannot be blank');
      return;
    }
    const key = name.toLowerCase().replace(/\.$/, '');
    if (seen.has(key)) {
      problems.add([...at, 'name'], `Duplicate domain specified:${name}`);
      return;
    }
    seen.add(key);
    const checkKey = (keyName: string | undefined, keyPath: Path): string | undefined => {
      if (keyName === undefined || keyName === '') return undefined;
      if (!keyNames.has(keyName.toLowerCase())) {
        problems.add(keyPath, `DdnsDomain : specifies an undefined key: ${keyName}`);
      }
      return keyName;
    };
    const domainKey = checkKey(raw['key-name'] as string | undefined, [...at, 'key-name']);
    const servers: DnsServer[] = [];
    (raw['dns-servers'] as JsonObject[]).forEach((server, j) => {
      const serverPath = [...at, 'dns-servers', j];
      if (server.hostname !== undefined && server.hostname !== '') {
        problems.add([...serverPath, 'hostname'], 'hostname is not yet supported');
        return;
      }
      const ip = server['ip-address'] as string | undefined;
      if (ip === undefined) {
        problems.add(serverPath, "missing parameter 'ip-address'");
        return;
      }
      if (!isIpAddress(ip)) {
        problems.add([...serverPath, 'ip-address'], `Dns Server : invalid IP address : ${ip}`);
        return;
      }
      const entry: DnsServer = { ipAddress: ip, port: (server.port as number | undefined) ?? 53 };
      const keyName =
        checkKey(server['key-name'] as string | undefined, [...serverPath, 'key-name']) ?? domainKey;
      if (keyName !== undefined) entry.keyName = keyName;
      if (server['user-context'] !== undefined) entry.userContext = server['user-context'] as JsonObject;
      servers.push(entry);
    });
    const domain: DdnsDomain = { name, servers };
    if (domainKey !== undefined) domain.keyName = domainKey;
    if (raw['user-context'] !== undefined) domain.userContext = raw['user-context'] as JsonObject;
    domains.push(domain);
  });
  return domains;
}

function buildModel(section: JsonObject, problems: ProblemCollector): D2Config {
  const root: Path = ['DhcpDdns'];
  const at = (...keys: (string | number)[]) => [...root, ...keys];
  checkLoggers(section.loggers as JsonObject[] | undefined, at('loggers'), problems);
  const ipAddress = (section['ip-address'] as string | undefined) ?? '127.0.0.1';
  if (!isIpAddress(ipAddress)) {
    problems.add(at('ip-address'), `invalid address: ${ipAddress}`);
  } else if (parseIpv4(ipAddress) === 0 || parseIpv6(ipAddress) === 0n) {
    problems.add(at('ip-address'), `IP address cannot be "${ipAddress}"`);
  }
  if (section['ncr-protocol'] === 'TCP')
    problems.add(at('ncr-protocol'), 'ncr-protocol : TCP is not yet supported');
  const tsigKeys = buildTsigKeys(
    (section['tsig-keys'] as JsonObject[] | undefined) ?? [],
    at('tsig-keys'),
    problems,
  );
  const keyNames = new Set(tsigKeys.map((k) => k.name.toLowerCase()));
  const domainsOf = (key: 'forward-ddns' | 'reverse-ddns') =>
    buildDomains(
      ((section[key] as JsonObject | undefined)?.['ddns-domains'] as JsonObject[] | undefined) ?? [],
      at(key, 'ddns-domains'),
      keyNames,
      problems,
    );
  const model: D2Config = {
    ipAddress,
    port: (section.port as number | undefined) ?? 53001,
    dnsServerTimeout: (section['dns-server-timeout'] as number | undefined) ?? 100,
    ncrProtocol: 'UDP',
    ncrFormat: 'JSON',
    tsigKeys,
    forwardDomains: domainsOf('forward-ddns'),
    reverseDomains: domainsOf('reverse-ddns'),
    hooksLibraries: buildHooksLibraries(section['hooks-libraries'] as JsonObject[] | undefined),
    loggers: buildLoggers(section.loggers as JsonObject[] | undefined),
  };
  const controlSocket = buildControlSocket(
    section['control-socket'] as JsonObject | undefined,
    at('control-socket'),
    problems,
  );
  if (controlSocket) model.controlSocket = controlSocket;
  if (section['user-context'] !== undefined) model.userContext = section['user-context'] as JsonObject;
  return model;
}

/** The section with Kea's defaults, as config-get shows it. */
function rawWithDefaults(section: JsonObject): JsonObject {
  const domains = (value: JsonValue | undefined): JsonObject => {
    const list = ((value as JsonObject | undefined)?.['ddns-domains'] as JsonObject[] | undefined) ?? [];
    return {
      'ddns-domains': list.map((d) => ({
        ...d,
        'dns-servers': (d['dns-servers'] as JsonObject[]).map((s) => ({ hostname: '', port: 53, ...s })),
      })),
    };
  };
  const raw: JsonObject = {
    'ip-address': '127.0.0.1',
    port: 53001,
    'dns-server-timeout': 100,
    'ncr-protocol': 'UDP',
    'ncr-format': 'JSON',
    'hooks-libraries': [],
    ...section,
    'tsig-keys': ((section['tsig-keys'] as JsonObject[] | undefined) ?? []).map((k) => ({
      'digest-bits': 0,
      ...k,
    })),
    'forward-ddns': domains(section['forward-ddns']),
    'reverse-ddns': domains(section['reverse-ddns']),
  };
  const loggers = loggersRaw(section.loggers as JsonObject[] | undefined);
  if (loggers) raw.loggers = loggers;
  else delete raw.loggers;
  return raw;
}

/** Checks and resolves a document holding a `DhcpDdns` object (config-set's form). */
export function parseD2Config(document: JsonValue, sources?: SourceMap): LoadedD2Config {
  const { section } = sectionOf({ value: document, sources: sources ?? new SourceMap() }, 'DhcpDdns');
  const problems = new ProblemCollector(document, sources);
  if (!validateSection(d2Schema, section, ['DhcpDdns'], problems)) problems.throwIfAny();
  const model = buildModel(section, problems);
  problems.throwIfAny();
  return withLazyRaw(
    model,
    () => foldComments(rawWithDefaults(section)) as JsonObject,
    problems.formattedWarnings(),
  );
}

/** Reads, checks and resolves a kea-dhcp-ddns configuration file. */
export function loadD2ConfigFile(file: string): LoadedD2Config {
  const { document, parsed } = loadSectionFromFile(file, 'DhcpDdns');
  return parseD2Config(document, parsed.sources);
}
