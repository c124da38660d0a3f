import { buildControlSocket, buildHooksLibraries, buildLoggers, checkLoggers } from '../daemon-parts.js';
import { ProblemCollector } from '../errors.js';
import { type JsonObject, type JsonValue, SourceMap } from '../kea-json.js';
import { withLazyRaw } from '../lazy-raw.js';
import { loadSectionFromFile, sectionOf } from '../load.js';
import type { SystemInterfaces } from '../net/system-interfaces.js';
import { dhcp6Schema } from '../schema/dhcp6.js';
import { validateSection } from '../schema/validate.js';
import { dhcp6RawWithDefaults } from './defaults.js';
import {
  buildClientClasses,
  buildDatabase,
  buildDhcpDdns,
  buildExpiredLeasesProcessing,
  buildInterfacesConfig,
  buildMultiThreading,
  buildServerId,
  checkMacSources,
  DEFAULT_DATA_DIRECTORY,
} from './globals.js';
import type { Dhcp6Config, HostIdentifierType } from './model.js';
import { runDhcp6ModelChecks } from './model-checks.js';
import { checkNestorLeaseParameters } from './nestor-lease-parameters.js';
import { resolveNetworkParameters, type Scope } from './network.js';
import { buildOptionData, buildOptionDefs, resolveRelaySuppliedOptions } from './option-data.js';
import { checkQueueControl } from './queue-control.js';
import { buildReservations } from './reservations.js';
import { buildNetworks, checkScopeValues } from './subnets.js';

/** A loaded Dhcp6 configuration: the typed model and the section with Kea's defaults (config-get). */
export interface LoadedDhcp6Config {
  model: Dhcp6Config;
  raw: JsonObject;
  /** What was accepted with a word (file and line like problems): -t prints them. */
  warnings: readonly string[];
}

type Path = readonly (string | number)[];

/** Settings of the daemon that parses, not of the file. */
export interface Dhcp6ParseOptions {
  /** The data directory when the file names none (Kea's compiled-in one by default). */
  defaultDataDirectory?: string;
  /**
   * Checking only, as -t and config-test do. Kea 2.2's kea-dhcp6 then leaves out its logger
   * parser, so a logger it would refuse when loading the configuration (no severity, say)
   * passes; it is reported among the warnings instead.
   */
  checkOnly?: boolean;
  /**
   * The machine the configuration is to run on, as Kea's -t, config-test and loading look at
   * it: a subnet's or shared network's `interface` and each interfaces-config entry must be
   * present, an entry's unicast address assigned. Without it nothing is checked against a
   * machine (what tests of the model on any machine need).
   */
  system?: SystemInterfaces;
}

/** The word -t and config-test add to a logger problem they let pass. */
const LOGGERS_NOT_CHECKED =
  "kea-dhcp6 refuses this when it loads the configuration; -t and config-test, as Kea 2.2's, do not check loggers";

function buildModel(
  section: JsonObject,
  problems: ProblemCollector,
  options: Dhcp6ParseOptions,
): Dhcp6Config {
  const root: Path = ['Dhcp6'];
  const at = (key: string): (string | number)[] => [...root, key];
  const { definitions, defs } = buildOptionDefs(
    (section['option-def'] as JsonObject[] | undefined) ?? [],
    at('option-def'),
    problems,
  );
  const optionsOf = (raw: JsonObject, path: Path) => {
    const list = raw['option-data'] as JsonObject[] | undefined;
    return list === undefined || list.length === 0
      ? []
      : buildOptionData(list, [...path, 'option-data'], definitions, problems);
  };

  checkLoggers(
    section.loggers as JsonObject[] | undefined,
    at('loggers'),
    problems,
    options.checkOnly ? { skippedNote: LOGGERS_NOT_CHECKED } : {},
  );
  const global: Scope = { raw: section, path: root };
  checkScopeValues(global, problems);
  const ipReservationsUnique = (section['ip-reservations-unique'] as boolean | undefined) ?? true;
  const { subnets, sharedNetworks } = buildNetworks(section, root, {
    global,
    ipReservationsUnique,
    optionsOf,
    problems,
    ...(options.system ? { system: options.system } : {}),
  });
  const dataDirectory =
    (section['data-directory'] as string | undefined) ??
    options.defaultDataDirectory ??
    DEFAULT_DATA_DIRECTORY;
  const macSources = (section['mac-sources'] as string[] | undefined) ?? ['any'];
  checkMacSources(macSources, at('mac-sources'), problems);
  checkQueueControl(
    section['dhcp-queue-control'] as JsonObject | undefined,
    (section['multi-threading'] as JsonObject | undefined)?.['enable-multi-threading'] === true,
    at('dhcp-queue-control'),
    problems,
  );
  checkNestorLeaseParameters(
    section['lease-database'] as JsonObject | undefined,
    at('lease-database'),
    problems,
  );

  const model: Dhcp6Config = {
    dataDirectory,
    interfacesConfig: buildInterfacesConfig(
      section['interfaces-config'] as JsonObject | undefined,
      at('interfaces-config'),
      problems,
      options.system,
    ),
    leaseDatabase: buildDatabase(
      (section['lease-database'] as JsonObject | undefined) ?? { type: 'memfile' },
      `${dataDirectory}/kea-leases6.csv`,
    ),
    hostsDatabases: [
      ...(section['hosts-database'] ? [section['hosts-database'] as JsonObject] : []),
      ...((section['hosts-databases'] as JsonObject[] | undefined) ?? []),
    ].map((raw) => buildDatabase(raw)),
    serverId: buildServerId(section['server-id'] as JsonObject | undefined, at('server-id'), problems),
    expiredLeasesProcessing: buildExpiredLeasesProcessing(
      section['expired-leases-processing'] as JsonObject | undefined,
    ),
    dhcpDdns: buildDhcpDdns(section['dhcp-ddns'] as JsonObject | undefined, at('dhcp-ddns'), problems),
    loggers: buildLoggers(section.loggers as JsonObject[] | undefined),
    hooksLibraries: buildHooksLibraries(section['hooks-libraries'] as JsonObject[] | undefined),
    multiThreading: buildMultiThreading(section['multi-threading'] as JsonObject | undefined),
    sanityChecks: {
      leaseChecks:
        ((section['sanity-checks'] as JsonObject | undefined)?.[
          'lease-checks'
        ] as Dhcp6Config['sanityChecks']['leaseChecks']) ?? 'warn',
    },
    dhcpQueueControl: {
      capacity: 64,
      'enable-queue': false,
      'queue-type': 'kea-ring6',
      ...((section['dhcp-queue-control'] as JsonObject | undefined) ?? {}),
    },
    declineProbationPeriod: (section['decline-probation-period'] as number | undefined) ?? 86400,
    macSources: [...macSources],
    relaySuppliedOptions: resolveRelaySuppliedOptions(
      (section['relay-supplied-options'] as string[] | undefined) ?? ['65'],
      at('relay-supplied-options'),
      definitions,
      problems,
    ),
    hostReservationIdentifiers: [
      ...((section['host-reservation-identifiers'] as HostIdentifierType[] | undefined) ?? [
        'hw-address',
        'duid',
      ]),
    ],
    ipReservationsUnique,
    reservationsLookupFirst: (section['reservations-lookup-first'] as boolean | undefined) ?? false,
    earlyGlobalReservationsLookup:
      (section['early-global-reservations-lookup'] as boolean | undefined) ?? false,
    serverTag: (section['server-tag'] as string | undefined) ?? '',
    dhcp4o6Port: (section['dhcp4o6-port'] as number | undefined) ?? 0,
    parkedPacketLimit: (section['parked-packet-limit'] as number | undefined) ?? 256,
    statisticDefaultSampleCount: (section['statistic-default-sample-count'] as number | undefined) ?? 20,
    statisticDefaultSampleAge: (section['statistic-default-sample-age'] as number | undefined) ?? 0,
    lenientOptionParsing:
      ((section.compatibility as JsonObject | undefined)?.['lenient-option-parsing'] as
        | boolean
        | undefined) ?? false,
    global: resolveNetworkParameters([global]),
    options: optionsOf(section, root),
    optionDefs: defs,
    clientClasses: buildClientClasses(
      section['client-classes'] as JsonObject[] | undefined,
      at('client-classes'),
      optionsOf,
      problems,
    ),
    sharedNetworks,
    subnets,
    globalReservations: buildReservations(
      (section.reservations as JsonObject[] | undefined) ?? [],
      at('reservations'),
      undefined,
      ipReservationsUnique,
      optionsOf,
      problems,
    ),
  };
  const controlSocket = buildControlSocket(
    section['control-socket'] as JsonObject | undefined,
    at('control-socket'),
    problems,
  );
  if (controlSocket) model.controlSocket = controlSocket;
  if (section['config-control'] !== undefined) model.configControl = section['config-control'] as JsonObject;
  if (section['user-context'] !== undefined) model.userContext = section['user-context'] as JsonObject;
  return model;
}

/**
 * Checks and resolves a configuration document holding a `Dhcp6` object (the form config-set
 * and config-test receive). Throws ConfigError listing every problem, each with its JSON path
 * and, when `sources` is given, its file and line.
 */
export function parseDhcp6Config(
  document: JsonValue,
  sources?: SourceMap,
  options: Dhcp6ParseOptions = {},
): LoadedDhcp6Config {
  const { section } = sectionOf({ value: document, sources: sources ?? new SourceMap() }, 'Dhcp6');
  const problems = new ProblemCollector(document, sources);
  if (!validateSection(dhcp6Schema, section, ['Dhcp6'], problems)) problems.throwIfAny();
  const model = buildModel(section, problems, options);
  runDhcp6ModelChecks(model, section, problems);
  problems.throwIfAny();
  return withLazyRaw(model, () => dhcp6RawWithDefaults(section, model), problems.formattedWarnings());
}

/** Reads, checks and resolves a kea-dhcp6 configuration file. */
export function loadDhcp6ConfigFile(file: string, options: Dhcp6ParseOptions = {}): LoadedDhcp6Config {
  const { document, parsed } = loadSectionFromFile(file, 'Dhcp6');
  return parseDhcp6Config(document, parsed.sources, options);
}
