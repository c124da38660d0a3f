import type { Subnet6 } from '@nestor/config';
import { isJsonObject, type JsonObject } from '@nestor/control';
import { type Lease6, LeaseState, LeaseType, lease6, parseDuid, parseHwaddr } from '@nestor/leases';
import {
  booleanMember,
  CommandArgumentError,
  integerMember,
  required,
  stringMember,
  UINT32_MAX,
} from '../arguments.js';
import { ipv6Address, leaseTypeOf, subnetHolds } from './lease-fields.js';

/** What lease6-add and lease6-update were given. */
export interface LeaseArguments {
  lease: Lease6;
  /** lease6-update: add the lease when there is none to update. */
  forceCreate: boolean;
}

const STATES = [LeaseState.DEFAULT, LeaseState.DECLINED, LeaseState.EXPIRED_RECLAIMED] as readonly number[];

/** The subnet a lease goes into: the one named, or for an address the one holding it. */
function subnetFor(subnets: readonly Subnet6[], id: number, type: LeaseType, address: string): Subnet6 {
  if (id === 0) {
    if (type === LeaseType.PD) {
      throw new CommandArgumentError(
        'Subnet-id is 0 or not specified. This is allowed for address leases only, not prefix leases.',
      );
    }
    const holder = subnets.find((s) => subnetHolds(s, address));
    if (!holder) {
      throw new CommandArgumentError(
        `subnet-id not specified and failed to find a subnet for address ${address}`,
      );
    }
    return holder;
  }
  const subnet = subnets.find((s) => s.id === id);
  if (!subnet) {
    throw new CommandArgumentError(
      `Invalid subnet-id: No IPv6 subnet with subnet-id=${id} currently configured.`,
    );
  }
  // Kea checks addresses only: a delegated prefix is usually outside the link's own prefix.
  if (type !== LeaseType.PD && !subnetHolds(subnet, address)) {
    throw new CommandArgumentError(
      `The address ${address} does not belong to subnet ${subnet.prefix.text}, subnet-id=${id}`,
    );
  }
  return subnet;
}

/** user-context, with a `comment` folded into it as Kea folds comments. */
function userContextOf(map: JsonObject): JsonObject | undefined {
  const given = map['user-context'];
  if (given !== undefined && !isJsonObject(given)) {
    throw new CommandArgumentError(`Invalid user context '${JSON.stringify(given)}' is not a JSON map.`);
  }
  const comment = map.comment;
  if (comment === undefined) return given;
  if (typeof comment !== 'string')
    throw new CommandArgumentError("invalid type specified for parameter 'comment'");
  return { ...(given ?? {}), comment };
}

/**
 * Reads the lease of a lease6-add or lease6-update, as Kea's LeaseParser6: `ip-address`, `duid`
 * and `iaid` are required, `prefix-len` too for IA_PD; the subnet may be left out for an address
 * (the subnet holding it is taken); lifetimes default to the subnet's valid lifetime (both of
 * them: Kea 2.2 takes the valid lifetime for a missing preferred one too); `expire` sets cltt to
 * expire - valid-lft, else cltt is now; the hostname is kept in lowercase.
 */
export function parseLeaseArguments(
  map: JsonObject,
  subnets: readonly Subnet6[],
  now: number,
): LeaseArguments {
  const address = ipv6Address(required(stringMember(map, 'ip-address'), 'ip-address'));
  const typeText = stringMember(map, 'type');
  const type = typeText === undefined ? LeaseType.NA : leaseTypeOf(typeText);
  const prefixLength =
    type === LeaseType.PD ? required(integerMember(map, 'prefix-len', 1, 128), 'prefix-len') : 128;
  const subnetId = integerMember(map, 'subnet-id', 0, UINT32_MAX) ?? 0;
  const subnet = subnetFor(subnets, subnetId, type, address);

  const duid = parseDuid(required(stringMember(map, 'duid'), 'duid'));
  if (!duid.ok) throw new CommandArgumentError(duid.error);
  const iaid = required(integerMember(map, 'iaid', 0, UINT32_MAX), 'iaid');
  const hwText = stringMember(map, 'hw-address');
  const hwaddr = hwText === undefined ? { ok: true as const, text: '' } : parseHwaddr(hwText);
  if (!hwaddr.ok) throw new CommandArgumentError(hwaddr.error);

  const valid = integerMember(map, 'valid-lft', 0, UINT32_MAX) ?? subnet.validLifetime.value;
  const preferred = integerMember(map, 'preferred-lft', 0, UINT32_MAX) ?? subnet.validLifetime.value;
  let cltt = now;
  const expire = integerMember(map, 'expire', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (expire !== undefined) {
    if (expire <= 0)
      throw new CommandArgumentError(`expiration time must be positive for address ${address}`);
    if (expire < valid) {
      throw new CommandArgumentError(
        `expiration time must be greater than valid lifetime for address ${address}`,
      );
    }
    cltt = expire - valid;
  }

  const state = integerMember(map, 'state', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? 0;
  if (!STATES.includes(state)) {
    throw new CommandArgumentError(
      `Invalid state value: ${state}, supported values are: 0 (default), 1 (declined) and 2 (expired-reclaimed)`,
    );
  }
  const userContext = userContextOf(map);
  const lease = lease6({
    type,
    address,
    prefixLength,
    duid: duid.text,
    iaid,
    subnetId: subnet.id,
    preferredLifetime: preferred,
    validLifetime: valid,
    cltt,
    fqdnFwd: booleanMember(map, 'fqdn-fwd') ?? false,
    fqdnRev: booleanMember(map, 'fqdn-rev') ?? false,
    hostname: (stringMember(map, 'hostname') ?? '').toLowerCase(),
    hwaddr: hwaddr.text,
    state,
    ...(userContext ? { userContext } : {}),
  });
  return { lease, forceCreate: booleanMember(map, 'force-create') ?? false };
}
