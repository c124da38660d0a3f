import type { ProblemCollector } from '../errors.js';
import type { JsonObject, JsonValue } from '../kea-json.js';
import { parseIpv6 } from '../net/ip.js';
import type { DdnsParameters, Lifetime, NetworkParameters, ReservationFlags } from './model.js';

/**
 * Resolution of the parameters Kea inherits global > shared-network > subnet, with the checks
 * Kea makes on the resolved values of each subnet (lifetime bounds, T1/T2 rules, the
 * hostname-char-set regular expression).
 */

type Path = readonly (string | number)[];

/** One scope on the inheritance chain: its raw map and where it sits in the document. */
export interface Scope {
  raw: JsonObject;
  path: Path;
}

/** Kea 2.2's global defaults for the inherited parameters. */
export const NETWORK_DEFAULTS = {
  'preferred-lifetime': 3600,
  'valid-lifetime': 7200,
  'calculate-tee-times': true,
  't1-percent': 0.5,
  't2-percent': 0.8,
  'store-extended-info': false,
  'reservations-global': false,
  'reservations-in-subnet': true,
  'reservations-out-of-pool': false,
  'ddns-send-updates': true,
  'ddns-override-no-update': false,
  'ddns-override-client-update': false,
  'ddns-replace-client-name': 'never',
  'ddns-generated-prefix': 'myhost',
  'ddns-qualifying-suffix': '',
  'ddns-update-on-renew': false,
  'ddns-use-conflict-resolution': true,
  'hostname-char-set': '[^A-Za-z0-9.-]',
  'hostname-char-replacement': '',
  'rapid-commit': false,
} as const;

/** The innermost scope that sets `key`, or undefined. Scopes are ordered innermost first. */
export function findSetting(
  chain: readonly Scope[],
  key: string,
): { value: JsonValue; scope: Scope } | undefined {
  for (const scope of chain) {
    const value = scope.raw[key];
    if (value !== undefined) return { value, scope };
  }
  return undefined;
}

function lookup<T extends JsonValue>(chain: readonly Scope[], key: string, fallback: T): T {
  return (findSetting(chain, key)?.value as T | undefined) ?? fallback;
}

function optional<T extends JsonValue>(chain: readonly Scope[], key: string): T | undefined {
  return findSetting(chain, key)?.value as T | undefined;
}

/** Where to report a problem with `key`: the scope that set it, else the innermost scope. */
function whereSet(chain: readonly Scope[], key: string): (string | number)[] {
  const found = findSetting(chain, key);
  return found ? [...found.scope.path, key] : [...chain[0]!.path];
}

function label(chain: readonly Scope[], key: string): string {
  return findSetting(chain, key) ? key : `(default) ${key}`;
}

/** Resolves a lifetime triplet (`valid-lifetime`, `min-…`, `max-…`) and checks its order as Kea does. */
function resolveLifetime(
  chain: readonly Scope[],
  name: 'valid-lifetime' | 'preferred-lifetime',
  problems: ProblemCollector | undefined,
): Lifetime {
  const value = lookup<number>(chain, name, NETWORK_DEFAULTS[name]);
  const min = optional<number>(chain, `min-${name}`) ?? value;
  const max = optional<number>(chain, `max-${name}`) ?? value;
  if (problems) {
    if (min > max) {
      problems.add(
        whereSet(chain, `min-${name}`),
        `the value of min-${name} (${min}) is not less than max-${name} (${max})`,
      );
    } else if (value < min || value > max) {
      problems.add(
        whereSet(chain, name),
        `the value of ${label(chain, name)} (${value}) is not between min-${name} (${min}) and max-${name} (${max})`,
      );
    }
  }
  return { min, value, max };
}

function checkTeeTimes(
  chain: readonly Scope[],
  resolved: NetworkParameters,
  problems: ProblemCollector,
): void {
  const { renewTimer, rebindTimer } = resolved;
  if (renewTimer !== undefined && rebindTimer !== undefined && renewTimer > rebindTimer) {
    problems.add(
      whereSet(chain, 'renew-timer'),
      `the value of renew-timer (${renewTimer}) is greater than the value of rebind-timer (${rebindTimer})`,
    );
  }
  if (!resolved.calculateTeeTimes) return;
  const t1 = resolved.t1Percent;
  const t2 = resolved.t2Percent;
  if (!(t1 > 0 && t1 < 1)) {
    problems.add(
      whereSet(chain, 't1-percent'),
      `t1-percent: ${t1} is invalid, it must be greater than 0.0 and less than 1.0`,
    );
  }
  if (!(t2 > 0 && t2 < 1)) {
    problems.add(
      whereSet(chain, 't2-percent'),
      `t2-percent: ${t2} is invalid, it must be greater than 0.0 and less than 1.0`,
    );
  }
  if (t1 > 0 && t1 < 1 && t2 > 0 && t2 < 1 && t1 >= t2) {
    problems.add(
      whereSet(chain, 't1-percent'),
      `t1-percent: ${t1} is invalid, it must be less than t2-percent: ${t2}`,
    );
  }
}

/** Kea compiles hostname-char-set as a regular expression; an invalid one is refused. */
export function checkHostnameCharSet(value: string, path: Path, problems: ProblemCollector): void {
  if (value === '') return;
  try {
    new RegExp(value);
  } catch {
    problems.add(path, `hostname-char-set '${value}' is not a valid regular expression`);
  }
}

type ConflictMode = DdnsParameters['conflictResolutionMode'];

/**
 * The conflict resolution of a chain: the innermost scope that says anything, by
 * ddns-conflict-resolution-mode or, for a scope with only Kea 2.2's boolean, that mapped as Kea
 * 2.6 maps it. use-conflict-resolution follows the mode for a Kea 2.2 receiver (true for the
 * modes that check DHCIDs).
 */
function resolveConflictMode(
  chain: readonly Scope[],
): Pick<DdnsParameters, 'useConflictResolution' | 'conflictResolutionMode' | 'conflictResolutionModeSet'> {
  let mode: ConflictMode = 'check-with-dhcid';
  for (const scope of chain) {
    const own = scope.raw['ddns-conflict-resolution-mode'];
    const legacy = scope.raw['ddns-use-conflict-resolution'];
    if (typeof own === 'string') {
      mode = own as ConflictMode;
      break;
    }
    if (typeof legacy === 'boolean') {
      mode = legacy ? 'check-with-dhcid' : 'no-check-with-dhcid';
      break;
    }
  }
  const set = chain.some((scope) => scope.raw['ddns-conflict-resolution-mode'] !== undefined);
  return {
    conflictResolutionMode: mode,
    conflictResolutionModeSet: set,
    useConflictResolution: mode === 'check-with-dhcid' || mode === 'check-exists-with-dhcid',
  };
}

/**
 * The combinations of the DDNS parameters beyond Kea 2.2 that contradict each other within one
 * scope, refused with their path: ddns-use-conflict-resolution saying otherwise than
 * ddns-conflict-resolution-mode; ddns-ttl (a fixed TTL) with ddns-ttl-percent, -min or -max;
 * ddns-ttl-max below ddns-ttl-min (Kea 3.0's rules, applied at every scope).
 */
export function checkDdnsScope(scope: Scope, problems: ProblemCollector): void {
  const raw = scope.raw;
  const mode = raw['ddns-conflict-resolution-mode'];
  const legacy = raw['ddns-use-conflict-resolution'];
  if (typeof mode === 'string' && typeof legacy === 'boolean') {
    const checks = mode === 'check-with-dhcid' || mode === 'check-exists-with-dhcid';
    if (checks !== legacy)
      problems.add(
        [...scope.path, 'ddns-use-conflict-resolution'],
        `ddns-use-conflict-resolution ${legacy} contradicts ddns-conflict-resolution-mode ${mode}`,
      );
  }
  if (raw['ddns-ttl'] !== undefined) {
    for (const other of ['ddns-ttl-percent', 'ddns-ttl-min', 'ddns-ttl-max'])
      if (raw[other] !== undefined)
        problems.add([...scope.path, other], `cannot specify both ${other} and ddns-ttl`);
  }
  const min = raw['ddns-ttl-min'];
  const max = raw['ddns-ttl-max'];
  if (typeof min === 'number' && typeof max === 'number' && max < min)
    problems.add(
      [...scope.path, 'ddns-ttl-max'],
      `ddns-ttl-max: ${max} must be greater than ddns-ttl-min: ${min}`,
    );
}

function resolveReplaceClientName(value: JsonValue | undefined): DdnsParameters['replaceClientName'] {
  if (typeof value === 'string') return value as DdnsParameters['replaceClientName'];
  return NETWORK_DEFAULTS['ddns-replace-client-name'];
}

function resolveReservationFlags(chain: readonly Scope[]): ReservationFlags {
  // The deprecated reservation-mode stands in for the three flags where they are not set.
  const mode = optional<string>(chain, 'reservation-mode');
  const fromMode: ReservationFlags | undefined =
    mode === undefined
      ? undefined
      : {
          global: mode === 'global',
          inSubnet: mode === 'all' || mode === 'out-of-pool',
          outOfPool: mode === 'out-of-pool',
        };
  return {
    global: optional<boolean>(chain, 'reservations-global') ?? fromMode?.global ?? false,
    inSubnet: optional<boolean>(chain, 'reservations-in-subnet') ?? fromMode?.inSubnet ?? true,
    outOfPool: optional<boolean>(chain, 'reservations-out-of-pool') ?? fromMode?.outOfPool ?? false,
  };
}

/**
 * Resolves the network parameters for the scope chain (innermost first, the global scope last).
 * With a collector, also runs Kea's per-subnet checks on the resolved values.
 */
export function resolveNetworkParameters(
  chain: readonly Scope[],
  problems?: ProblemCollector,
): NetworkParameters {
  const relay = optional<JsonObject>(chain, 'relay');
  const relayAddresses: string[] = [];
  if (relay) {
    const list = (relay['ip-addresses'] as string[] | undefined) ?? [];
    const single = relay['ip-address'] as string | undefined;
    for (const text of single !== undefined ? [single, ...list] : list) {
      const address = parseIpv6(text);
      if (address !== undefined) relayAddresses.push(text);
    }
  }
  const resolved: NetworkParameters = {
    preferredLifetime: resolveLifetime(chain, 'preferred-lifetime', problems),
    validLifetime: resolveLifetime(chain, 'valid-lifetime', problems),
    renewTimer: optional<number>(chain, 'renew-timer'),
    rebindTimer: optional<number>(chain, 'rebind-timer'),
    calculateTeeTimes: lookup(chain, 'calculate-tee-times', NETWORK_DEFAULTS['calculate-tee-times']),
    t1Percent: lookup(chain, 't1-percent', NETWORK_DEFAULTS['t1-percent']),
    t2Percent: lookup(chain, 't2-percent', NETWORK_DEFAULTS['t2-percent']),
    cacheThreshold: optional<number>(chain, 'cache-threshold'),
    cacheMaxAge: optional<number>(chain, 'cache-max-age'),
    storeExtendedInfo: lookup(chain, 'store-extended-info', NETWORK_DEFAULTS['store-extended-info']),
    reservationFlags: resolveReservationFlags(chain),
    ddns: {
      sendUpdates: lookup(chain, 'ddns-send-updates', NETWORK_DEFAULTS['ddns-send-updates']),
      overrideNoUpdate: lookup(chain, 'ddns-override-no-update', NETWORK_DEFAULTS['ddns-override-no-update']),
      overrideClientUpdate: lookup(
        chain,
        'ddns-override-client-update',
        NETWORK_DEFAULTS['ddns-override-client-update'],
      ),
      replaceClientName: resolveReplaceClientName(optional(chain, 'ddns-replace-client-name')),
      generatedPrefix: lookup(chain, 'ddns-generated-prefix', NETWORK_DEFAULTS['ddns-generated-prefix']),
      qualifyingSuffix: lookup(chain, 'ddns-qualifying-suffix', NETWORK_DEFAULTS['ddns-qualifying-suffix']),
      updateOnRenew: lookup(chain, 'ddns-update-on-renew', NETWORK_DEFAULTS['ddns-update-on-renew']),
      ...resolveConflictMode(chain),
      ttl: optional<number>(chain, 'ddns-ttl'),
      ttlPercent: optional<number>(chain, 'ddns-ttl-percent'),
      ttlMin: optional<number>(chain, 'ddns-ttl-min'),
      ttlMax: optional<number>(chain, 'ddns-ttl-max'),
      hostnameCharSet: lookup(chain, 'hostname-char-set', NETWORK_DEFAULTS['hostname-char-set']),
      hostnameCharReplacement: lookup(
        chain,
        'hostname-char-replacement',
        NETWORK_DEFAULTS['hostname-char-replacement'],
      ),
    },
    interface: emptyToUndefined(optional<string>(chain, 'interface')),
    interfaceId: emptyToUndefined(optional<string>(chain, 'interface-id')),
    rapidCommit: lookup(chain, 'rapid-commit', NETWORK_DEFAULTS['rapid-commit']),
    relayAddresses,
    clientClass: emptyToUndefined(optional<string>(chain, 'client-class')),
    requireClientClasses: [...(optional<string[]>(chain, 'require-client-classes') ?? [])],
  };
  if (problems) checkTeeTimes(chain, resolved, problems);
  return resolved;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
