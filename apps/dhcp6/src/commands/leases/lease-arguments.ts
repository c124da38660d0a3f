import type { Subnet6 } from '@nestor/config';
import {
  type ArgumentScope,
  CommandArgumentError,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  toKeaJson,
  UINT32_MAX,
} from '@nestor/control';
import { type Lease6, LeaseState, LeaseType, lease6 } from '@nestor/leases';
import { duidFromText, hwaddrFromText } from './hex-text.js';
import { addedLeaseType, asciiLowerCase, subnetHolds } from './lease-fields.js';

/** Kea's refusal of lease command arguments that are missing or no map (lease6-get-by-*, lease6-bulk-apply). */
export const ARGUMENTS_NOT_MAP = 'Command arguments missing or a not a map.';

/** What lease6-add and lease6-update were given. */
export interface LeaseArguments {
  lease: Lease6;
  /** lease6-update: add the lease when there is none to update. */
  forceCreate: boolean;
}

const UINT8_MAX = 0xff;

/** The subnet a lease goes into: the one named, or for an address the one holding it. */
function subnetFor(subnets: readonly Subnet6[], id: number, type: LeaseType, address: string): Subnet6 {
  if (id !== 0) {
    const subnet = subnets.find((s) => s.id === id);
    if (!subnet) {
      throw new CommandArgumentError(
        `Invalid subnet-id: No IPv6 subnet with subnet-id=${id} currently configured.`,
      );
    }
    // Only addresses are checked: a delegated prefix is usually outside the link's own prefix.
    if (type === LeaseType.NA && !subnetHolds(subnet, address)) {
      throw new CommandArgumentError(
        `The address ${address} does not belong to subnet ${subnet.prefix.text}, subnet-id=${id}`,
      );
    }
    return subnet;
  }
  if (type !== LeaseType.NA) {
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

/** user-context, with a `comment` (any JSON value) folded into it as Kea folds comments. */
function userContextOf(given: JsonValue | undefined, comment: JsonValue | undefined): JsonObject | undefined {
  if (given !== undefined && !isJsonObject(given)) {
    throw new CommandArgumentError(`Invalid user context '${toKeaJson(given)}' is not a JSON map.`);
  }
  if (comment === undefined) return given;
  if (given !== undefined && given.comment !== undefined) {
    throw new CommandArgumentError(
      `Duplicated comment entry '${toKeaJson(comment)}' in user context '${toKeaJson(given)}'`,
    );
  }
  return { ...(given ?? {}), comment };
}

/**
 * Reads the lease of a lease6-add, lease6-update or lease6-bulk-apply as Kea's lease parser
 * does, in its order (the first problem found is the one reported): `ip-address`, `duid`, `type`
 * (with `prefix-len`, any 8-bit value, for IA_PD), the subnet (named, or for an address the one
 * holding it), `iaid`, `hw-address`, lifetimes (both default to the subnet's valid lifetime),
 * `expire` (cltt is expire - valid-lft, else now), the FQDN flags, the hostname (ASCII letters
 * lowercased; none is refused when a flag is set), `state` (no declined prefix), `user-context`
 * and `comment`, and `force-create`.
 */
export function parseLeaseArguments(
  scope: ArgumentScope,
  subnets: readonly Subnet6[],
  now: number,
): LeaseArguments {
  const address = scope.getAddress('ip-address');
  if (address.v4) throw new CommandArgumentError(`Non-IPv6 address specified: ${address.text}`);
  const duid = duidFromText(scope.getString('duid'));

  let type: LeaseType = LeaseType.NA;
  let prefixLength = 128;
  if (scope.has('type')) {
    type = addedLeaseType(scope.getString('type'));
    if (type === LeaseType.PD) prefixLength = scope.getUnsigned('prefix-len', UINT8_MAX);
  }
  const subnetId = scope.has('subnet-id') ? scope.getUnsigned('subnet-id', UINT32_MAX) : 0;
  const subnet = subnetFor(subnets, subnetId, type, address.text);
  const iaid = scope.getUnsigned('iaid', UINT32_MAX);

  const hwaddr = scope.has('hw-address') ? hwaddrFromText(scope.getString('hw-address')) : '';
  const valid = scope.has('valid-lft')
    ? scope.getUnsigned('valid-lft', UINT32_MAX)
    : subnet.validLifetime.value;
  const preferred = scope.has('preferred-lft')
    ? scope.getUnsigned('preferred-lft', UINT32_MAX)
    : subnet.validLifetime.value;
  let cltt = now;
  if (scope.has('expire')) {
    const expire = scope.getInteger('expire');
    if (expire <= 0)
      throw new CommandArgumentError(`expiration time must be positive for address ${address.text}`);
    if (expire < valid) {
      throw new CommandArgumentError(
        `expiration time must be greater than valid lifetime for address ${address.text}`,
      );
    }
    cltt = expire - valid;
  }
  const fqdnFwd = scope.has('fqdn-fwd') ? scope.getBoolean('fqdn-fwd') : false;
  const fqdnRev = scope.has('fqdn-rev') ? scope.getBoolean('fqdn-rev') : false;
  const hostname = scope.has('hostname') ? asciiLowerCase(scope.getString('hostname')) : '';
  if (hostname === '' && (fqdnFwd || fqdnRev)) {
    throw new CommandArgumentError(
      'No hostname specified and either forward or reverse fqdn was set to true.',
    );
  }
  const state = scope.has('state') ? scope.getUnsigned('state', UINT8_MAX) : LeaseState.DEFAULT;
  if (state > LeaseState.EXPIRED_RECLAIMED) {
    throw new CommandArgumentError(
      `Invalid state value: ${state}, supported values are: 0 (default), 1 (declined) and 2 (expired-reclaimed)`,
    );
  }
  if (type === LeaseType.PD && state === LeaseState.DECLINED)
    throw new CommandArgumentError('Invalid declined state for PD prefix.');
  const userContext = userContextOf(scope.get('user-context'), scope.get('comment'));
  const forceCreate = scope.has('force-create') ? scope.getBoolean('force-create') : false;

  const lease = lease6({
    type,
    address: address.text,
    prefixLength,
    duid,
    iaid,
    subnetId: subnet.id,
    preferredLifetime: preferred,
    validLifetime: valid,
    cltt,
    fqdnFwd,
    fqdnRev,
    hostname,
    hwaddr,
    state,
    ...(userContext ? { userContext } : {}),
  });
  return { lease, forceCreate };
}
