/**
 * THE list of every Dhcp6 parameter kea-dhcp6 accepts (packages/config's schema) and what
 * becomes of it: either the server acts on it, or it is deliberately ignored, with the reason.
 * parameter-coverage.test.ts walks the schema and fails for a parameter found in neither half,
 * so a parameter added to the schema cannot be accepted in silence again (issue 18).
 *
 * How "used" is checked. An entry names the parameter by the end of its schema path ("pattern",
 * matched at a segment boundary: `renew-timer` covers the global, shared-network and subnet
 * ones; `pools[].pool` every pool; `hosts-database.*` everything under it; the longest matching
 * pattern wins) and says where the
 * server reads it:
 *   - `reads`: identifiers or quoted keys that must appear in the code (comments stripped) of
 *     `in` (source roots, default apps/dhcp6/src): the model field the configuration builder
 *     fills from that parameter, or the raw key where the section is read as written (database
 *     parameters, hook parameters, loggers, control sockets).
 *   - and, unless `passedWhole`, the builders in packages/config/src must read the key itself
 *     (it appears there as a quoted string), so the field is really filled from that parameter.
 * Both halves are text checks: they prove that the configuration carries the parameter into the
 * model and that the server's code reads what it is carried into; the behaviour itself is each
 * parameter's own tests' business. A token that is too common to prove anything (name, type)
 * is avoided in favour of the field only that parameter fills.
 */

export type ParameterUse =
  | { pattern: string; reads: readonly string[]; in?: readonly string[]; passedWhole?: true }
  | { pattern: string; ignored: string };

const DHCP6 = 'apps/dhcp6/src';
const EVAL = 'packages/eval/src';
const DAEMON = 'packages/daemon/src';
const CONTROL = 'packages/control/src';
const HOOKS = 'packages/hooks/src';
const CONFIG = 'packages/config/src';

const HOST_DB = 'apps/dhcp6/src/host-db';
/** The connection settings of every SQL database, lease and hosts (sqlConnectionSettings). */
const SQL_SETTINGS = 'packages/leases/src/sql';

/** The connection parameters of an SQL database entry, read by sqlConnectionSettings. */
const CONNECTION_READS: Readonly<Record<string, string>> = {
  name: 'p.name',
  host: 'p.host',
  port: 'p.port',
  user: 'p.user',
  password: 'p.password',
  'connect-timeout': "'connect-timeout'",
  'trust-anchor': "'trust-anchor'",
  'cert-file': "'cert-file'",
  'key-file': "'key-file'",
  'cipher-list': "'cipher-list'",
};

/**
 * A hosts database map (`hosts-database`, or one of `hosts-databases`): read as written (the
 * configuration passes it whole): its connection parameters by the lease database's builder
 * (sqlConnectionSettings), readonly by apps/dhcp6/src/host-db, on-fail and the reconnection
 * parameters by db-recovery's settings for that database's own recovery (the service's
 * hostRecovery).
 */
function hostsDatabaseUses(at: string): ParameterUse[] {
  const memfileOnly =
    'a memfile parameter, meaningless for a hosts database (which is always SQL); accepted as in the lease database';
  return [
    ...(at === 'hosts-database'
      ? [{ pattern: at, reads: ['hostsDatabases'], passedWhole: true as const }]
      : []),
    { pattern: `${at}.type`, reads: ["'mysql'", "'postgresql'"], in: [HOST_DB], passedWhole: true },
    ...Object.entries(CONNECTION_READS).map(([name, read]) => ({
      pattern: `${at}.${name}`,
      reads: [read, 'sqlConnectionSettings'],
      in: [SQL_SETTINGS, HOST_DB],
      passedWhole: true as const,
    })),
    { pattern: `${at}.readonly`, reads: ['p.readonly'], in: [HOST_DB], passedWhole: true },
    ...['max-reconnect-tries', 'reconnect-wait-time', 'on-fail'].map((name) => ({
      pattern: `${at}.${name}`,
      reads: [`'${name}'`, 'recoverySettingsOf', 'hostRecovery'],
      passedWhole: true as const,
    })),
    ...['persist', 'lfc-interval'].map((name) => ({ pattern: `${at}.${name}`, ignored: memfileOnly })),
  ];
}

const CONFIG_BACKEND =
  "the configuration backend (Kea's config-control with cb_cmds): Nestor has none (README, Differences); checked as Kea checks it, then not used";

/** Parameters kept for operators and hook libraries only, in Kea as in Nestor. */
const ANNOTATION =
  'an annotation: kept in the model and shown by config-get, no server behaviour (as in Kea)';

export const PARAMETER_USES: readonly ParameterUse[] = [
  // --- lifetimes and timers (global, shared-network, subnet; client classes for lifetimes)
  { pattern: 'preferred-lifetime', reads: ['preferredLifetime'] },
  { pattern: 'min-preferred-lifetime', reads: ['preferredLifetime'] },
  { pattern: 'max-preferred-lifetime', reads: ['preferredLifetime'] },
  { pattern: 'valid-lifetime', reads: ['validLifetime'] },
  { pattern: 'min-valid-lifetime', reads: ['validLifetime'] },
  { pattern: 'max-valid-lifetime', reads: ['validLifetime'] },
  { pattern: 'renew-timer', reads: ['renewTimer'] },
  { pattern: 'rebind-timer', reads: ['rebindTimer'] },
  { pattern: 'calculate-tee-times', reads: ['calculateTeeTimes'] },
  { pattern: 't1-percent', reads: ['t1Percent'] },
  { pattern: 't2-percent', reads: ['t2Percent'] },
  { pattern: 'cache-threshold', reads: ['cacheThreshold'] },
  { pattern: 'cache-max-age', reads: ['cacheMaxAge'] },
  // --- DDNS behaviour
  { pattern: 'ddns-send-updates', reads: ['sendUpdates'] },
  { pattern: 'ddns-override-no-update', reads: ['overrideNoUpdate'] },
  { pattern: 'ddns-override-client-update', reads: ['overrideClientUpdate'] },
  { pattern: 'ddns-replace-client-name', reads: ['replaceClientName'] },
  { pattern: 'ddns-generated-prefix', reads: ['generatedPrefix'] },
  { pattern: 'ddns-qualifying-suffix', reads: ['qualifyingSuffix'] },
  { pattern: 'ddns-update-on-renew', reads: ['updateOnRenew'] },
  { pattern: 'ddns-use-conflict-resolution', reads: ['conflictResolutionMode'] },
  { pattern: 'ddns-conflict-resolution-mode', reads: ['conflictResolutionMode'] },
  { pattern: 'ddns-ttl-percent', reads: ['ttlPercent'] },
  { pattern: 'ddns-ttl', reads: ['ttl'] },
  { pattern: 'ddns-ttl-min', reads: ['ttlMin'] },
  { pattern: 'ddns-ttl-max', reads: ['ttlMax'] },
  { pattern: 'hostname-char-set', reads: ['hostnameCharSet'] },
  { pattern: 'hostname-char-replacement', reads: ['hostnameCharReplacement'] },
  { pattern: 'store-extended-info', reads: ['storeExtendedInfo'] },
  // --- reservations
  { pattern: 'reservation-mode', reads: ['reservationFlags'] },
  { pattern: 'reservations-global', reads: ['reservationFlags', 'global'] },
  { pattern: 'reservations-in-subnet', reads: ['reservationFlags', 'inSubnet'] },
  { pattern: 'reservations-out-of-pool', reads: ['reservationFlags', 'outOfPool'] },
  { pattern: 'early-global-reservations-lookup', reads: ['earlyGlobalReservationsLookup'] },
  // true: the builders refuse a second reservation of a resource; false: the host index keeps
  // all of a resource's holders and allocation serves the first to ask.
  { pattern: 'ip-reservations-unique', reads: ['holders'] },
  {
    pattern: 'reservations-lookup-first',
    ignored:
      "orders two look-ups whose outcome is the same either way (Kea checks a pool candidate's reservations before or after its lease, for speed): Nestor's reservations are an in-memory index always consulted first, the order true selects; Kea's warning under multi-threading is logged",
  },
  { pattern: 'host-reservation-identifiers', reads: ['hostReservationIdentifiers'] },
  { pattern: 'reservations', reads: ['globalReservations', 'reservations'] },
  { pattern: 'reservations[].duid', reads: ['identifierType'] },
  { pattern: 'reservations[].hw-address', reads: ['identifierType'] },
  { pattern: 'reservations[].flex-id', reads: ['identifierType'] },
  { pattern: 'reservations[].ip-addresses', reads: ['ipAddresses'] },
  { pattern: 'reservations[].prefixes', reads: ['prefixes'] },
  { pattern: 'reservations[].hostname', reads: ['hostname'] },
  { pattern: 'reservations[].client-classes', reads: ['clientClasses'] },
  { pattern: 'reservations[].option-data', reads: ['options'] },
  // --- options and their definitions
  { pattern: 'option-data', reads: ['options'] },
  { pattern: 'option-data[].name', reads: ['encoded'] },
  { pattern: 'option-data[].data', reads: ['encoded'] },
  { pattern: 'option-data[].code', reads: ['code'] },
  { pattern: 'option-data[].space', reads: ['space'] },
  { pattern: 'option-data[].csv-format', reads: ['encoded'] },
  { pattern: 'option-data[].always-send', reads: ['alwaysSend'] },
  { pattern: 'option-def', reads: ['optionDefs'] },
  { pattern: 'option-def[].name', reads: ['optionDefs'] },
  { pattern: 'option-def[].code', reads: ['optionDefs'] },
  { pattern: 'option-def[].type', reads: ['optionDefs'] },
  { pattern: 'option-def[].record-types', reads: ['recordTypes'], in: [EVAL, CONFIG] },
  { pattern: 'option-def[].space', reads: ['optionDefs'] },
  // The configuration packs an encapsulating option's sub-options into `encapsulated`.
  { pattern: 'option-def[].encapsulate', reads: ['encapsulated'] },
  { pattern: 'option-def[].array', reads: ['optionDefs'] },
  { pattern: 'relay-supplied-options', reads: ['relaySuppliedOptions'] },
  // --- subnets, pools, shared networks, classes
  { pattern: 'subnet6', reads: ['subnets'] },
  { pattern: 'subnet6[].subnet', reads: ['prefix'] },
  { pattern: 'subnet6[].id', reads: ['subnetId'] },
  { pattern: 'pools', reads: ['pools'] },
  { pattern: 'pools[].pool', reads: ['first', 'last'] },
  { pattern: 'pools[].option-data', reads: ['options'] },
  { pattern: 'pd-pools', reads: ['pdPools'] },
  { pattern: 'pd-pools[].prefix', reads: ['prefix'] },
  { pattern: 'pd-pools[].prefix-len', reads: ['prefix'] },
  { pattern: 'pd-pools[].delegated-len', reads: ['delegatedLength'] },
  { pattern: 'pd-pools[].excluded-prefix', reads: ['excludedPrefix'] },
  { pattern: 'pd-pools[].excluded-prefix-len', reads: ['excludedPrefix'] },
  { pattern: 'pd-pools[].option-data', reads: ['options'] },
  { pattern: 'client-class', reads: ['clientClass'], in: [DHCP6, EVAL] },
  { pattern: 'require-client-classes', reads: ['requireClientClasses'] },
  { pattern: 'interface', reads: ['interface'] },
  { pattern: 'interface-id', reads: ['interfaceId'] },
  { pattern: 'rapid-commit', reads: ['rapidCommit'] },
  { pattern: 'relay', reads: ['relayAddresses'] },
  { pattern: 'relay.ip-addresses', reads: ['relayAddresses'] },
  { pattern: 'relay.ip-address', reads: ['relayAddresses'] },
  { pattern: 'shared-networks', reads: ['sharedNetwork'] },
  { pattern: 'shared-networks[].name', reads: ['sharedNetwork'] },
  { pattern: 'client-classes', reads: ['clientClasses'] },
  { pattern: 'client-classes[].name', reads: ['clientClasses'] },
  { pattern: 'client-classes[].test', reads: ['test'], in: [EVAL] },
  { pattern: 'client-classes[].only-if-required', reads: ['onlyIfRequired'], in: [EVAL] },
  { pattern: 'client-classes[].option-data', reads: ['options'] },
  // --- global-only
  { pattern: 'data-directory', reads: ['dataDirectory'] },
  { pattern: 'decline-probation-period', reads: ['declineProbationPeriod'] },
  { pattern: 'server-tag', reads: ['serverTag'] },
  { pattern: 'parked-packet-limit', reads: ['parkedPacketLimit'] },
  {
    pattern: 'dhcp4o6-port',
    ignored:
      "DHCPv4-over-DHCPv6 (RFC 7341) needs kea-dhcp4's side of the IPC, which Nestor has not; accepted as Kea accepts it, 0 (off) being Kea's default",
  },
  { pattern: 'statistic-default-sample-count', reads: ['statisticDefaultSampleCount'] },
  { pattern: 'statistic-default-sample-age', reads: ['statisticDefaultSampleAge'] },
  { pattern: 'mac-sources', reads: ['macSources'] },
  { pattern: 'sanity-checks', reads: ['sanityChecks'] },
  { pattern: 'sanity-checks.lease-checks', reads: ['leaseChecks'] },
  { pattern: 'compatibility', reads: ['lenientOptionParsing'] },
  { pattern: 'compatibility.lenient-option-parsing', reads: ['lenientOptionParsing'] },
  { pattern: 'interfaces-config', reads: ['interfacesConfig'] },
  { pattern: 'interfaces-config.interfaces', reads: ['interfaces'] },
  { pattern: 'interfaces-config.re-detect', reads: ['reDetect'] },
  { pattern: 'interfaces-config.service-sockets-require-all', reads: ['serviceSocketsRequireAll'] },
  { pattern: 'interfaces-config.service-sockets-max-retries', reads: ['serviceSocketsMaxRetries'] },
  { pattern: 'interfaces-config.service-sockets-retry-wait-time', reads: ['serviceSocketsRetryWaitTime'] },
  { pattern: 'expired-leases-processing', reads: ['expiredLeasesProcessing'] },
  { pattern: 'expired-leases-processing.reclaim-timer-wait-time', reads: ['reclaimTimerWaitTime'] },
  {
    pattern: 'expired-leases-processing.flush-reclaimed-timer-wait-time',
    reads: ['flushReclaimedTimerWaitTime'],
  },
  { pattern: 'expired-leases-processing.hold-reclaimed-time', reads: ['holdReclaimedTime'] },
  { pattern: 'expired-leases-processing.max-reclaim-leases', reads: ['maxReclaimLeases'] },
  { pattern: 'expired-leases-processing.max-reclaim-time', reads: ['maxReclaimTime'] },
  { pattern: 'expired-leases-processing.unwarned-reclaim-cycles', reads: ['unwarnedReclaimCycles'] },
  { pattern: 'server-id', reads: ['serverId'] },
  { pattern: 'server-id.type', reads: ['makeDuidEn', 'makeDuidLl', 'makeDuidLlt'] },
  { pattern: 'server-id.identifier', reads: ['identifier'] },
  { pattern: 'server-id.htype', reads: ['htype'] },
  { pattern: 'server-id.time', reads: ['config.time'] },
  { pattern: 'server-id.enterprise-id', reads: ['enterpriseId'] },
  { pattern: 'server-id.persist', reads: ['config.persist'] },
  { pattern: 'multi-threading', reads: ['multiThreading'] },
  { pattern: 'multi-threading.enable-multi-threading', reads: ['mt.enabled'] },
  { pattern: 'multi-threading.thread-pool-size', reads: ['threadPoolSize'] },
  { pattern: 'multi-threading.packet-queue-size', reads: ['packetQueueSize'] },
  { pattern: 'dhcp-queue-control', reads: ['dhcpQueueControl'] },
  { pattern: 'dhcp-queue-control.enable-queue', reads: ["'enable-queue'"] },
  { pattern: 'dhcp-queue-control.queue-type', reads: ['queue-type'], in: [CONFIG] },
  { pattern: 'dhcp-queue-control.capacity', reads: ['raw.capacity'] },
  { pattern: 'dhcp-ddns', reads: ['dhcpDdns'] },
  { pattern: 'dhcp-ddns.enable-updates', reads: ['enableUpdates'] },
  { pattern: 'dhcp-ddns.server-ip', reads: ['serverIp'] },
  { pattern: 'dhcp-ddns.server-port', reads: ['serverPort'] },
  { pattern: 'dhcp-ddns.sender-ip', reads: ['senderIp'] },
  { pattern: 'dhcp-ddns.sender-port', reads: ['senderPort'] },
  { pattern: 'dhcp-ddns.max-queue-size', reads: ['maxQueueSize'] },
  { pattern: 'dhcp-ddns.ncr-protocol', reads: ['ncrProtocol'] },
  { pattern: 'dhcp-ddns.ncr-format', reads: ['ncrFormat'] },
  // Kea 1.7 moved these to the global ddns-* parameters; Kea 2.2 maps them there when given here.
  { pattern: 'dhcp-ddns.qualifying-suffix', reads: ['qualifyingSuffix'] },
  { pattern: 'dhcp-ddns.override-no-update', reads: ['overrideNoUpdate'] },
  { pattern: 'dhcp-ddns.override-client-update', reads: ['overrideClientUpdate'] },
  { pattern: 'dhcp-ddns.replace-client-name', reads: ['replaceClientName'] },
  { pattern: 'dhcp-ddns.generated-prefix', reads: ['generatedPrefix'] },
  { pattern: 'dhcp-ddns.hostname-char-set', reads: ['hostnameCharSet'] },
  { pattern: 'dhcp-ddns.hostname-char-replacement', reads: ['hostnameCharReplacement'] },
  // --- the daemon's parts: read from the section as written by the shared packages
  { pattern: 'control-socket', reads: ["'control-socket'"], in: [CONTROL], passedWhole: true },
  { pattern: 'control-socket.socket-type', reads: ["'socket-type'"], in: [CONTROL], passedWhole: true },
  { pattern: 'control-socket.socket-name', reads: ["'socket-name'"], in: [CONTROL], passedWhole: true },
  { pattern: 'hooks-libraries', reads: ['libraries'], in: [DHCP6] },
  { pattern: 'hooks-libraries[].library', reads: ['library'], in: [HOOKS] },
  { pattern: 'hooks-libraries[].parameters', reads: ['parameters'], in: [HOOKS] },
  { pattern: 'loggers', reads: ['loggersOf'] },
  { pattern: 'loggers[].name', reads: ['l.name'] },
  { pattern: 'loggers[].severity', reads: ['l.severity'] },
  { pattern: 'loggers[].debuglevel', reads: ['l.debuglevel'] },
  { pattern: 'loggers[].output_options', reads: ['outputOptions'] },
  { pattern: 'loggers[].output_options[].output', reads: ['output'], in: [DAEMON] },
  { pattern: 'loggers[].output_options[].flush', reads: ['flush'], in: [DAEMON] },
  { pattern: 'loggers[].output_options[].maxsize', reads: ['maxsize'], in: [DAEMON] },
  { pattern: 'loggers[].output_options[].maxver', reads: ['maxver'], in: [DAEMON] },
  { pattern: 'loggers[].output_options[].pattern', reads: ['pattern'], in: [DAEMON] },
  // --- lease database: its parameters go to the lease store as written
  { pattern: 'lease-database', reads: ['leaseDatabase'] },
  { pattern: 'lease-database.type', reads: ["'memfile'", "'mysql'", "'postgresql'"] },
  { pattern: 'lease-database.name', reads: ['parameters.name'] },
  { pattern: 'lease-database.persist', reads: ['parameters.persist'] },
  { pattern: 'lease-database.lfc-interval', reads: ["'lfc-interval'"] },
  { pattern: 'lease-database.max-row-errors', reads: ["'max-row-errors'"] },
  { pattern: 'lease-database.nestor-fsync', reads: ["'nestor-fsync'"] },
  // The SQL backends' (mysql, postgresql): read when the store is opened and on connection loss.
  ...['user', 'password', 'host', 'port', 'connect-timeout'].map((name) => ({
    pattern: `lease-database.${name}`,
    reads: [CONNECTION_READS[name]!, 'sqlConnectionSettings'],
    in: [SQL_SETTINGS, DHCP6],
  })),
  { pattern: 'lease-database.max-reconnect-tries', reads: ["'max-reconnect-tries'"] },
  { pattern: 'lease-database.reconnect-wait-time', reads: ["'reconnect-wait-time'"] },
  { pattern: 'lease-database.on-fail', reads: ["'on-fail'"] },
  ...['trust-anchor', 'cert-file', 'key-file', 'cipher-list'].map((name) => ({
    pattern: `lease-database.${name}`,
    reads: [CONNECTION_READS[name]!, 'sqlConnectionSettings'],
    in: [SQL_SETTINGS, DHCP6],
  })),
  ...hostsDatabaseUses('hosts-database'),
  ...hostsDatabaseUses('hosts-databases[]'),
  { pattern: 'hosts-databases', reads: ['hostsDatabases'], passedWhole: true },
  { pattern: 'config-control', ignored: CONFIG_BACKEND },
  { pattern: 'config-control.*', ignored: CONFIG_BACKEND },
  // --- annotations, anywhere they are accepted
  { pattern: 'user-context', ignored: ANNOTATION },
  { pattern: 'comment', ignored: ANNOTATION },
];
