import { foldComments, loggersRaw } from '../daemon-parts.js';
import type { JsonObject, JsonValue } from '../kea-json.js';
import { formatIpv6, parseIpv6Prefix, prefixRange } from '../net/ip.js';
import type { Dhcp6Config, Lifetime, OptionData6, Reservation6, Subnet6 } from './model.js';

/**
 * The `raw` side of a loaded configuration: the Dhcp6 section as written, with Kea 2.2's
 * defaults filled in and its derived values shown, the shape `config-get` returns. Built as new
 * objects; the caller's document is never modified.
 */

const GLOBAL_DEFAULTS: JsonObject = {
  'calculate-tee-times': true,
  'ddns-generated-prefix': 'myhost',
  'ddns-override-client-update': false,
  'ddns-override-no-update': false,
  'ddns-qualifying-suffix': '',
  'ddns-replace-client-name': 'never',
  'ddns-send-updates': true,
  'ddns-update-on-renew': false,
  'ddns-use-conflict-resolution': true,
  'decline-probation-period': 86400,
  'dhcp4o6-port': 0,
  'early-global-reservations-lookup': false,
  'hostname-char-replacement': '',
  'hostname-char-set': '[^A-Za-z0-9.-]',
  'ip-reservations-unique': true,
  'parked-packet-limit': 256,
  'preferred-lifetime': 3600,
  'reservations-global': false,
  'reservations-in-subnet': true,
  'reservations-lookup-first': false,
  'reservations-out-of-pool': false,
  'server-tag': '',
  'statistic-default-sample-age': 0,
  'statistic-default-sample-count': 20,
  'store-extended-info': false,
  't1-percent': 0.5,
  't2-percent': 0.8,
  'valid-lifetime': 7200,
};

/** Parameters Kea derives from the enclosing scope into shared networks and subnets. */
const INHERITED = [
  'preferred-lifetime',
  'min-preferred-lifetime',
  'max-preferred-lifetime',
  'valid-lifetime',
  'min-valid-lifetime',
  'max-valid-lifetime',
  'renew-timer',
  'rebind-timer',
  'relay',
  'calculate-tee-times',
  't1-percent',
  't2-percent',
  'store-extended-info',
  'cache-threshold',
  'cache-max-age',
];

function withDefaults(raw: JsonObject | undefined, defaults: JsonObject): JsonObject {
  return { ...defaults, ...(raw ?? {}) };
}

function optionDataRaw(list: JsonValue | undefined, built: readonly OptionData6[]): JsonObject[] {
  const rawList = (list as JsonObject[] | undefined) ?? [];
  return rawList.map((raw, i) => {
    const option = built[i];
    const filled: JsonObject = { 'always-send': false, 'csv-format': true, space: 'dhcp6', ...raw };
    if (option) {
      filled.code = option.code;
      if (option.name !== undefined) filled.name = option.name;
      // Kea shows binary data, and an option configured without data, as hex.
      if (option.data === '') {
        filled['csv-format'] = false;
        filled.data = '';
      } else if (!option.csvFormat) {
        filled.data = Buffer.from(option.encoded).toString('hex').toUpperCase();
      }
    }
    return filled;
  });
}

function deriveInto(target: JsonObject, parent: JsonObject): void {
  for (const key of INHERITED) {
    if (target[key] === undefined && parent[key] !== undefined) target[key] = parent[key];
  }
}

function lifetimesRaw(target: JsonObject, preferred: Lifetime, valid: Lifetime): void {
  target['preferred-lifetime'] = preferred.value;
  target['min-preferred-lifetime'] = preferred.min;
  target['max-preferred-lifetime'] = preferred.max;
  target['valid-lifetime'] = valid.value;
  target['min-valid-lifetime'] = valid.min;
  target['max-valid-lifetime'] = valid.max;
}

/** Kea shows `relay` with its addresses merged into `ip-addresses` (the old `ip-address` folded in). */
function relayRaw(relay: JsonValue | undefined): JsonObject {
  const given = (relay as JsonObject | undefined) ?? {};
  const single = given['ip-address'] as string | undefined;
  const list = (given['ip-addresses'] as string[] | undefined) ?? [];
  const { 'ip-address': _single, ...rest } = given;
  return { ...rest, 'ip-addresses': single !== undefined ? [single, ...list] : [...list] };
}

/** Kea replaces the deprecated reservation-mode by the three flags it stands for. */
function reservationModeRaw(target: JsonObject): void {
  const mode = target['reservation-mode'];
  if (typeof mode !== 'string') return;
  delete target['reservation-mode'];
  target['reservations-global'] ??= mode === 'global';
  target['reservations-in-subnet'] ??= mode === 'all' || mode === 'out-of-pool';
  // Kea sets out-of-pool only where in-subnet reservations are on.
  if (target['reservations-in-subnet'] === true)
    target['reservations-out-of-pool'] ??= mode === 'out-of-pool';
}

function pdPoolRange(address: bigint, length: number): { first: bigint; last: bigint } {
  return { first: address, last: prefixRange(address, length).last };
}

/** How Kea prints a pool: `prefix/len` when the range is exactly a prefix, else `first-last`. */
export function poolText(first: bigint, last: bigint): string {
  const length = prefixLengthOfRange(first, last);
  return length === undefined ? `${formatIpv6(first)}-${formatIpv6(last)}` : `${formatIpv6(first)}/${length}`;
}

/** The length of the prefix [first, last] is, or undefined when it is not one. */
function prefixLengthOfRange(first: bigint, last: bigint): number | undefined {
  const size = last - first + 1n;
  if (size <= 0n || (size & (size - 1n)) !== 0n || (first & (size - 1n)) !== 0n) return undefined;
  let bits = 0;
  while (1n << BigInt(bits) < size) bits++;
  return 128 - bits;
}

/** Kea's identifier type order (its host identifier enumeration), which config-get lists hosts by. */
const IDENTIFIER_ORDER: Record<string, number> = { 'hw-address': 0, duid: 1, 'flex-id': 4 };

/** Reservations as config-get lists them: by identifier type, then identifier bytes. */
function reservationsRaw(list: readonly JsonObject[], built: readonly Reservation6[]): JsonObject[] {
  const filled = list.map((r, i) => ({ raw: reservationRaw(r, built[i]), host: built[i] }));
  filled.sort((a, b) => {
    if (!a.host || !b.host) return 0;
    const byType = IDENTIFIER_ORDER[a.host.identifierType]! - IDENTIFIER_ORDER[b.host.identifierType]!;
    if (byType !== 0) return byType;
    return a.host.identifier < b.host.identifier ? -1 : a.host.identifier > b.host.identifier ? 1 : 0;
  });
  return filled.map((entry) => entry.raw);
}

function reservationRaw(raw: JsonObject, built: Reservation6 | undefined): JsonObject {
  const filled: JsonObject = {
    'client-classes': [],
    hostname: '',
    'ip-addresses': [],
    prefixes: [],
    ...raw,
    'option-data': optionDataRaw(raw['option-data'], built?.options ?? []),
  };
  if (built) {
    // Kea prints a flex-id as uppercase hex without separators, the others as colon hex.
    filled[built.identifierType] =
      built.identifierType === 'flex-id'
        ? built.identifier.replace(/:/g, '').toUpperCase()
        : built.identifier;
    filled['ip-addresses'] = [...built.ipAddresses];
    filled.prefixes = [...built.prefixes];
  }
  return filled;
}

function subnetRaw(raw: JsonObject, parent: JsonObject, subnet: Subnet6 | undefined): JsonObject {
  const filled: JsonObject = { ...raw };
  deriveInto(filled, parent);
  filled.relay = relayRaw(filled.relay);
  reservationModeRaw(filled);
  if (!subnet) return filled;
  filled.id = subnet.id;
  // Kea prints the subnet address as written (canonical form), host bits included.
  const written = parseIpv6Prefix(String(raw.subnet));
  filled.subnet = written ? `${formatIpv6(written.address)}/${written.length}` : subnet.prefix.text;
  lifetimesRaw(filled, subnet.preferredLifetime, subnet.validLifetime);
  filled['calculate-tee-times'] = subnet.calculateTeeTimes;
  filled['t1-percent'] = subnet.t1Percent;
  filled['t2-percent'] = subnet.t2Percent;
  filled['store-extended-info'] = subnet.storeExtendedInfo;
  filled['option-data'] = optionDataRaw(raw['option-data'], subnet.options);
  filled.pools = ((raw.pools as JsonObject[] | undefined) ?? []).map((pool, i) => {
    const built = subnet.pools[i];
    return {
      ...pool,
      ...(built ? { pool: poolText(built.first, built.last) } : {}),
      'option-data': optionDataRaw(pool['option-data'], built?.options ?? []),
    };
  });
  filled['pd-pools'] = ((raw['pd-pools'] as JsonObject[] | undefined) ?? []).map((pool, i) => {
    const built = subnet.pdPools[i];
    const filledPool: JsonObject = {
      ...pool,
      'option-data': optionDataRaw(pool['option-data'], built?.options ?? []),
    };
    if (built) {
      // Kea keeps the prefix as written and reports the length of the range it spans.
      const { first, last } = pdPoolRange(built.prefix.address, built.prefix.length);
      filledPool['prefix-len'] = prefixLengthOfRange(first, last) ?? built.prefix.length;
      if (built.excludedPrefix) filledPool['excluded-prefix'] = formatIpv6(built.excludedPrefix.address);
    }
    return filledPool;
  });
  filled.reservations = reservationsRaw(
    (raw.reservations as JsonObject[] | undefined) ?? [],
    subnet.reservations,
  );
  return filled;
}

/** The section with defaults, derived values and normalised identifiers, as config-get shows it. */
export function dhcp6RawWithDefaults(section: JsonObject, model: Dhcp6Config): JsonObject {
  const own: JsonObject = { ...section };
  reservationModeRaw(own);
  const raw = withDefaults(own, GLOBAL_DEFAULTS);
  raw['data-directory'] = model.dataDirectory;
  // Kea fills re-detect (true) into an interfaces-config map it was given; without the map, its
  // interface configuration keeps re-detect off.
  raw['interfaces-config'] = withDefaults(section['interfaces-config'] as JsonObject | undefined, {
    interfaces: [],
    're-detect': section['interfaces-config'] !== undefined,
  });
  raw['lease-database'] = withDefaults(section['lease-database'] as JsonObject | undefined, {
    type: 'memfile',
  });
  raw['dhcp-queue-control'] = withDefaults(section['dhcp-queue-control'] as JsonObject | undefined, {
    capacity: 64,
    'enable-queue': false,
    'queue-type': 'kea-ring6',
  });
  raw['multi-threading'] = withDefaults(section['multi-threading'] as JsonObject | undefined, {
    'enable-multi-threading': false,
    'packet-queue-size': 64,
    'thread-pool-size': 0,
  });
  raw['sanity-checks'] = withDefaults(section['sanity-checks'] as JsonObject | undefined, {
    'lease-checks': 'warn',
  });
  const elp = model.expiredLeasesProcessing;
  raw['expired-leases-processing'] = {
    'flush-reclaimed-timer-wait-time': elp.flushReclaimedTimerWaitTime,
    'hold-reclaimed-time': elp.holdReclaimedTime,
    'max-reclaim-leases': elp.maxReclaimLeases,
    'max-reclaim-time': elp.maxReclaimTime,
    'reclaim-timer-wait-time': elp.reclaimTimerWaitTime,
    'unwarned-reclaim-cycles': elp.unwarnedReclaimCycles,
  };
  const sid = model.serverId;
  raw['server-id'] = {
    ...((section['server-id'] as JsonObject | undefined) ?? {}),
    'enterprise-id': sid.enterpriseId,
    htype: sid.htype,
    identifier: sid.identifier.replace(/:/g, '').toUpperCase(),
    persist: sid.persist,
    time: sid.time,
    type: sid.type,
  };
  const ddns = model.dhcpDdns;
  raw['dhcp-ddns'] = {
    ...((section['dhcp-ddns'] as JsonObject | undefined) ?? {}),
    'enable-updates': ddns.enableUpdates,
    'max-queue-size': ddns.maxQueueSize,
    'ncr-format': ddns.ncrFormat,
    'ncr-protocol': ddns.ncrProtocol,
    'sender-ip': ddns.senderIp,
    'sender-port': ddns.senderPort,
    'server-ip': ddns.serverIp,
    'server-port': ddns.serverPort,
  };
  raw['hooks-libraries'] = (section['hooks-libraries'] as JsonValue | undefined) ?? [];
  // Kea 2.2's config-get leaves the compatibility map out.
  delete raw.compatibility;
  raw['host-reservation-identifiers'] = [...model.hostReservationIdentifiers];
  raw['mac-sources'] = [...model.macSources];
  raw['relay-supplied-options'] = model.relaySuppliedOptions.map(String);
  raw['option-def'] = ((section['option-def'] as JsonObject[] | undefined) ?? []).map((def) => ({
    array: false,
    'record-types': '',
    space: 'dhcp6',
    encapsulate: '',
    ...def,
  }));
  raw['option-data'] = optionDataRaw(section['option-data'], model.options);
  const loggers = loggersRaw(section.loggers as JsonObject[] | undefined);
  if (loggers) raw.loggers = loggers;
  else delete raw.loggers;
  if (section['client-classes'] !== undefined) {
    raw['client-classes'] = (section['client-classes'] as JsonObject[]).map((cls, i) => ({
      ...cls,
      'option-data': optionDataRaw(cls['option-data'], model.clientClasses[i]?.options ?? []),
    }));
  }
  if (section.reservations !== undefined) {
    raw.reservations = reservationsRaw(section.reservations as JsonObject[], model.globalReservations);
  }

  // Subnets are matched to the model in Kea's parse order: shared networks first.
  const built = [...model.subnets];
  const takeSubnet = (): Subnet6 | undefined => built.shift();
  raw['shared-networks'] = ((section['shared-networks'] as JsonObject[] | undefined) ?? []).map(
    (network, n) => {
      const filled: JsonObject = { ...network };
      deriveInto(filled, raw);
      const resolved = model.sharedNetworks[n];
      if (resolved) {
        lifetimesRaw(filled, resolved.preferredLifetime, resolved.validLifetime);
        filled['rapid-commit'] = resolved.rapidCommit;
      }
      filled.relay = relayRaw(filled.relay);
      reservationModeRaw(filled);
      filled['option-data'] = optionDataRaw(network['option-data'], resolved?.options ?? []);
      filled.subnet6 = ((network.subnet6 as JsonObject[] | undefined) ?? []).map((s) =>
        subnetRaw(s, filled, takeSubnet()),
      );
      return filled;
    },
  );
  raw.subnet6 = ((section.subnet6 as JsonObject[] | undefined) ?? []).map((s) => {
    const subnet = takeSubnet();
    const filled = subnetRaw(s, raw, subnet);
    if (subnet) filled['rapid-commit'] = subnet.rapidCommit;
    return filled;
  });
  return foldComments(raw) as JsonObject;
}
