import type { ProblemCollector } from '../errors.js';
import type { JsonObject } from '../kea-json.js';
import { parseIpv4, parseIpv6, parseIpv6Prefix, prefixMask } from '../net/ip.js';
import type { SystemInterfaces } from '../net/system-interfaces.js';
import type { OptionData6, SharedNetwork6, Subnet6 } from './model.js';
import { checkDdnsScope, checkHostnameCharSet, resolveNetworkParameters, type Scope } from './network.js';
import { buildAddressPools, buildPrefixPools, checkPoolOverlaps, toPrefix6 } from './pools.js';
import { buildReservations } from './reservations.js';

type Path = readonly (string | number)[];

/** Kea 2.2 subnet ids are 32-bit with 0xffffffff reserved; 0 means "assign one". */
export const MAX_SUBNET_ID = 4294967294;

export interface SubnetContext {
  global: Scope;
  ipReservationsUnique: boolean;
  optionsOf: (raw: JsonObject, path: Path) => OptionData6[];
  problems: ProblemCollector;
  /** The machine to check `interface` names against; none, none checked. */
  system?: SystemInterfaces;
}

/** Kea refuses a subnet or shared network whose own `interface` this machine lacks. */
function checkInterfacePresent(raw: JsonObject, path: Path, what: string, context: SubnetContext): void {
  const name = raw.interface;
  if (!context.system || typeof name !== 'string' || name === '' || context.system.has(name)) return;
  context.problems.add(
    [...path, 'interface'],
    `Specified network interface name ${name} for ${what} is not present in the system`,
  );
}

/**
 * Assigns ids and remembers prefixes across every subnet of the configuration. Kea 2.2 numbers
 * subnets without an id (or with id 0) 1, 2, 3... in the order it parses them, independently of
 * explicit ids, and refuses the configuration when that collides with an explicit id. Shared
 * networks are parsed before the top-level subnet6 list (Kea walks the Dhcp6 map in key order).
 */
class SubnetRegistry {
  private nextAutoId = 1;
  private readonly ids = new Set<number>();
  private readonly prefixes = new Set<string>();

  constructor(private readonly problems: ProblemCollector) {}

  assignId(raw: JsonObject, path: Path): number | undefined {
    const given = raw.id as number | undefined;
    if (given !== undefined && (given < 0 || given > MAX_SUBNET_ID)) {
      this.problems.add(
        [...path, 'id'],
        `The 'id' value (${given}) is not within expected range: (0 - ${MAX_SUBNET_ID})`,
      );
      return undefined;
    }
    const id = given === undefined || given === 0 ? this.nextAutoId++ : given;
    if (this.ids.has(id)) {
      this.problems.add(
        given ? [...path, 'id'] : [...path],
        `ID of the new IPv6 subnet '${id}' is already in use${given ? '' : ' (assigned automatically)'}`,
      );
      return undefined;
    }
    this.ids.add(id);
    return id;
  }

  claimPrefix(text: string, path: Path): boolean {
    if (this.prefixes.has(text)) {
      this.problems.add([...path, 'subnet'], `subnet with the prefix of '${text}' already exists`);
      return false;
    }
    this.prefixes.add(text);
    return true;
  }
}

function checkRelay(scope: Scope, problems: ProblemCollector): void {
  const relay = scope.raw.relay as JsonObject | undefined;
  if (!relay) return;
  const list = (relay['ip-addresses'] as string[] | undefined) ?? [];
  list.forEach((text, i) => {
    if (parseIpv6(text) === undefined) {
      const kind = parseIpv4(text) !== undefined ? 'is not a: IPv6address' : 'is not a valid IPv6 address';
      problems.add([...scope.path, 'relay', 'ip-addresses', i], `address ${text} ${kind}`);
    }
  });
  const single = relay['ip-address'] as string | undefined;
  if (single !== undefined && parseIpv6(single) === undefined) {
    problems.add([...scope.path, 'relay', 'ip-address'], `address ${single} is not a valid IPv6 address`);
  }
}

/** Checks of a scope's own values that do not depend on inheritance. */
export function checkScopeValues(scope: Scope, problems: ProblemCollector): void {
  checkRelay(scope, problems);
  checkDdnsScope(scope, problems);
  const charSet = scope.raw['hostname-char-set'];
  if (typeof charSet === 'string')
    checkHostnameCharSet(charSet, [...scope.path, 'hostname-char-set'], problems);
}

function buildSubnet(
  raw: JsonObject,
  path: Path,
  chain: readonly Scope[],
  sharedNetwork: string | undefined,
  registry: SubnetRegistry,
  context: SubnetContext,
): Subnet6 | undefined {
  const { problems } = context;
  const scope: Scope = { raw, path };
  checkScopeValues(scope, problems);
  const prefixText = raw.subnet as string;
  const parsed = parseIpv6Prefix(prefixText);
  const id = registry.assignId(raw, path);
  if (!parsed) {
    const slash = prefixText.indexOf('/');
    const reason =
      slash >= 0 && parseIpv4(prefixText.slice(0, slash).trim()) !== undefined
        ? `Non IPv6 prefix ${prefixText.slice(0, slash).trim()} specified in subnet6`
        : `'${prefixText}' is not a valid IPv6 prefix (address/length, length at most 128)`;
    problems.add([...path, 'subnet'], reason);
    return undefined;
  }
  const prefix = toPrefix6(parsed.address & prefixMask(parsed.length), parsed.length);
  checkInterfacePresent(raw, path, `subnet ${prefix.text}`, context);
  const fullChain = [scope, ...chain];
  const parameters = resolveNetworkParameters(fullChain, problems);
  if (parameters.interface !== undefined && parameters.interfaceId !== undefined) {
    problems.add(
      raw['interface-id'] !== undefined ? [...path, 'interface-id'] : path,
      `interface (defined for locally reachable subnets) and interface-id (defined for subnets reachable via relays) cannot be defined at the same time for subnet ${prefix.text}`,
    );
  }
  const poolsRaw = (raw.pools as JsonObject[] | undefined) ?? [];
  const pdPoolsRaw = (raw['pd-pools'] as JsonObject[] | undefined) ?? [];
  const pools = buildAddressPools(poolsRaw, [...path, 'pools'], prefix, context.optionsOf, problems);
  const pdPools = buildPrefixPools(pdPoolsRaw, [...path, 'pd-pools'], context.optionsOf, problems);
  checkPoolOverlaps(
    pools.map(({ pool, index }) => ({ pool, path: [...path, 'pools', index, 'pool'] })),
    pdPools.map(({ pool, index }) => ({ pool, path: [...path, 'pd-pools', index, 'prefix'] })),
    prefix.text,
    problems,
  );
  const reservations = buildReservations(
    (raw.reservations as JsonObject[] | undefined) ?? [],
    [...path, 'reservations'],
    prefix,
    context.ipReservationsUnique,
    context.optionsOf,
    problems,
  );
  if (id === undefined || !registry.claimPrefix(prefix.text, path)) return undefined;
  const subnet: Subnet6 = {
    ...parameters,
    id,
    prefix,
    pools: pools.map(({ pool }) => pool),
    pdPools: pdPools.map(({ pool }) => pool),
    reservations,
    options: context.optionsOf(raw, path),
  };
  if (sharedNetwork !== undefined) subnet.sharedNetwork = sharedNetwork;
  if (raw['user-context'] !== undefined) subnet.userContext = raw['user-context'] as JsonObject;
  return subnet;
}

/** Builds every subnet and shared network, in Kea's parse order (shared networks first). */
export function buildNetworks(
  section: JsonObject,
  sectionPath: Path,
  context: SubnetContext,
): { subnets: Subnet6[]; sharedNetworks: SharedNetwork6[] } {
  const { problems, global } = context;
  const registry = new SubnetRegistry(problems);
  const subnets: Subnet6[] = [];
  const sharedNetworks: SharedNetwork6[] = [];
  const names = new Set<string>();
  const networks = (section['shared-networks'] as JsonObject[] | undefined) ?? [];
  networks.forEach((raw, n) => {
    const path = [...sectionPath, 'shared-networks', n];
    const name = raw.name as string;
    if (names.has(name))
      problems.add([...path, 'name'], `duplicate network '${name}' found in the configuration`);
    names.add(name);
    const scope: Scope = { raw, path };
    checkScopeValues(scope, problems);
    checkInterfacePresent(raw, path, `shared network ${name}`, context);
    const chain = [scope, global];
    const network: SharedNetwork6 = {
      ...resolveNetworkParameters(chain),
      name,
      subnetIds: [],
      options: context.optionsOf(raw, path),
    };
    if (raw['user-context'] !== undefined) network.userContext = raw['user-context'] as JsonObject;
    const members = (raw.subnet6 as JsonObject[] | undefined) ?? [];
    members.forEach((subnetRaw, s) => {
      const subnet = buildSubnet(subnetRaw, [...path, 'subnet6', s], chain, name, registry, context);
      if (subnet) {
        subnets.push(subnet);
        network.subnetIds.push(subnet.id);
      }
    });
    sharedNetworks.push(network);
  });
  const topLevel = (section.subnet6 as JsonObject[] | undefined) ?? [];
  topLevel.forEach((raw, s) => {
    const subnet = buildSubnet(raw, [...sectionPath, 'subnet6', s], [global], undefined, registry, context);
    if (subnet) subnets.push(subnet);
  });
  return { subnets, sharedNetworks };
}
