import { MessageType } from '@nestor/codec';
import type { Lease6 } from '@nestor/leases';
import { CHANGE_TYPE } from '@nestor/ncr';
import { decideName } from '../../ddns/decision.js';
import { FQDN_FLAG } from '../../ddns/fqdn-flags.js';
import { leaseNcr } from '../../ddns/lease-ncr.js';
import { canonicalName, qualifyName } from '../../ddns/names.js';
import { ddnsScope } from '../../ddns/params.js';
import { settleName } from '../../ddns/settle.js';
import type { Exchange, PathContext } from '../exchange.js';

/** Debug levels of Kea's DHCPv6 server: its basic data, and its DDNS details. */
const DBG_DHCP6_BASIC_DATA = 40;
const DBG_DHCP6_DETAIL = 50;

/** The messages whose client name the server decides (Kea's processClientFqdn callers). */
const NAMED = new Set<number>([
  MessageType.SOLICIT,
  MessageType.REQUEST,
  MessageType.RENEW,
  MessageType.REBIND,
]);

const label = (x: Exchange): string =>
  `duid=[${x.query.duid}], tid=0x${x.query.message.transactionId.toString(16)}`;

/**
 * Before the lease stage: the client's name and the DNS directions, decided from its Client
 * FQDN option, the selected subnet's DDNS parameters and its reservation there
 * (ddns/decision.ts), kept on the exchange (`ddns`) and handed to the allocation engine, so
 * that the leases record them.
 */
export function decideClientName(c: PathContext, x: Exchange): undefined | Promise<void> {
  if (!NAMED.has(x.query.message.msgType)) return;
  const scope = ddnsScope(x.subnet, c.config.dhcpDdns.enableUpdates);
  const host = x.subnet ? x.client?.reservations.get(x.subnet.id) : undefined;
  const fqdn = x.query.fqdn;
  if (fqdn && c.ddnsLog.isDebugEnabled(DBG_DHCP6_DETAIL))
    c.ddnsLog.debug(
      DBG_DHCP6_DETAIL,
      'DHCP6_DDNS_RECEIVE_FQDN',
      `${label(x)}: received DHCPv6 Client FQDN option: flags 0x${fqdn.flags.toString(16)}, name '${fqdn.name}'${fqdn.partial ? ' (partial)' : ''}`,
    );
  const decision = decideName(fqdn, scope, host);
  if (decision.fabricated && c.ddnsLog.isDebugEnabled(DBG_DHCP6_DETAIL))
    c.ddnsLog.debug(
      DBG_DHCP6_DETAIL,
      'DHCP6_DDNS_GENERATE_FQDN',
      `${label(x)}: client did not send a FQDN option; FQDN will be generated for the client`,
    );
  x.ddns = decision;
  // Without ddns6_update callouts the stage is synchronous: no promise per packet.
  if (decision.answer && c.hooks.present('ddns6_update'))
    return ddns6Update(c, x).then(() => nameToClient(x));
  nameToClient(x);
  return undefined;
}

/** The decided name and directions, for the leases the engine grants. */
function nameToClient(x: Exchange): void {
  const decision = x.ddns!;
  if (x.client) {
    x.client.hostname = decision.hostname;
    x.client.fqdnFwd = decision.forward;
    x.client.fqdnRev = decision.reverse;
  }
}

/**
 * Kea's ddns6_update hook point: the callouts may change the name and the directions. A new
 * name is answered as given (fully qualified); with both directions off the answer says the
 * server does not update (S = 0, N = 1).
 */
async function ddns6Update(c: PathContext, x: Exchange): Promise<void> {
  const decision = x.ddns!;
  const answer = decision.answer!;
  const hooked = await c.hooks.ddns6Update(x, {
    hostname: decision.hostname,
    forward: decision.forward,
    reverse: decision.reverse,
    params: decision.scope,
  });
  if (
    hooked.hostname === decision.hostname &&
    hooked.forward === decision.forward &&
    hooked.reverse === decision.reverse
  )
    return;
  c.ddnsLog.debug(
    45,
    'DHCP6_HOOK_DDNS_UPDATE',
    `ddns6_update: hostname ${decision.hostname} -> ${hooked.hostname}, forward ${decision.forward} -> ${hooked.forward}, reverse ${decision.reverse} -> ${hooked.reverse}`,
  );
  if (hooked.hostname !== '')
    answer.name = canonicalName(qualifyName(hooked.hostname, { qualifyingSuffix: '' }, true));
  else answer.name = '';
  if (!(hooked.forward || hooked.reverse)) answer.flags = (answer.flags & ~FQDN_FLAG.S) | FQDN_FLAG.N;
  decision.hostname = answer.name;
  decision.forward = hooked.forward;
  decision.reverse = hooked.reverse;
}

/**
 * The allocation engine served the client from another subnet of its shared network than the
 * one its name was decided for (Kea's checkDynamicSubnetChange): that subnet's DDNS parameters
 * and reservation may give another name or other directions, so the decision is made again for
 * it (the ddns6_update callouts included) and, when it changed what the leases record, the
 * leases this message granted are written again with it.
 */
async function redecideForServingSubnet(c: PathContext, x: Exchange, committing: boolean): Promise<void> {
  const served = x.served!;
  const before = x.ddns!;
  if (c.ddnsLog.isDebugEnabled(DBG_DHCP6_BASIC_DATA))
    c.ddnsLog.debug(
      DBG_DHCP6_BASIC_DATA,
      'DHCP6_SUBNET_DYNAMICALLY_CHANGED',
      `${label(x)}: changed selected subnet ${x.subnet!.prefix.text} to subnet ${served.prefix.text} from shared network ${served.sharedNetwork ?? '<no network?>'}`,
    );
  const scope = ddnsScope(served, c.config.dhcpDdns.enableUpdates);
  x.ddns = decideName(x.query.fqdn, scope, x.client?.reservations.get(served.id));
  if (x.ddns.answer && c.hooks.present('ddns6_update')) await ddns6Update(c, x);
  const after = x.ddns;
  if (x.client) {
    x.client.hostname = after.hostname;
    x.client.fqdnFwd = after.forward;
    x.client.fqdnRev = after.reverse;
  }
  const changed =
    after.hostname !== before.hostname ||
    after.forward !== before.forward ||
    after.reverse !== before.reverse;
  if (!committing || !changed) return;
  const name = { hostname: after.hostname, fqdnFwd: after.forward, fqdnRev: after.reverse };
  for (let i = 0; i < x.leases.length; i++) {
    const stored = await c.engine.relabel(x.leases[i]!, name);
    if (stored) replaceGranted(x, x.leases[i]!, stored);
  }
}

/** The lease in the exchange's list and in the reply's IAs swapped for its rewritten self. */
function replaceGranted(x: Exchange, old: Lease6, next: Lease6): void {
  const at = x.leases.indexOf(old);
  if (at >= 0) x.leases[at] = next;
  for (const ia of x.reply?.ias ?? [])
    for (const granted of ia.leases) if (granted.lease === old) granted.lease = next;
}

/** Removal requests for leases the client may no longer hold, taken away by the lease stage. */
export function retireNames(c: PathContext, x: Exchange, retired: readonly Lease6[]): void {
  for (const lease of retired) {
    const ncr = leaseNcr(CHANGE_TYPE.remove, lease, c.config, c.dhcpsrvLog);
    if (ncr) x.nameChanges.push(ncr);
  }
}

/**
 * After the lease stage and the options: the name settled (a reservation of the serving
 * subnet, a name generated from the address and written into the lease), the Client FQDN
 * option added to the reply, and the NameChangeRequests of the reply decided
 * (ddns/settle.ts). They go to kea-dhcp-ddns with sendNameChanges.
 */
export function settleClientName(c: PathContext, x: Exchange): undefined | Promise<void> {
  const reply = x.reply;
  if (!x.ddns || !reply) return undefined;
  const moved = x.served !== undefined && x.subnet !== undefined && x.served.id !== x.subnet.id;
  // No Client FQDN answer (the client sent none, the server makes none) and no other subnet to
  // decide again for: nothing to settle, and settleName would decide no requests. Skipped
  // synchronously, as most exchanges are.
  if (!x.ddns.answer && !moved) return undefined;
  return settleAnswer(c, x, reply, moved);
}

async function settleAnswer(
  c: PathContext,
  x: Exchange,
  reply: NonNullable<Exchange['reply']>,
  moved: boolean,
): Promise<void> {
  const type = x.query.message.msgType;
  const committing = type !== MessageType.SOLICIT || reply.msgType === MessageType.REPLY;
  if (moved) await redecideForServingSubnet(c, x, committing);
  const decision = x.ddns!;
  const changes = await settleName({
    msgType: type,
    clientId: x.query.clientId,
    label: label(x),
    decision,
    scope: ddnsScope(x.served ?? x.subnet, c.config.dhcpDdns.enableUpdates),
    hostname: x.host?.hostname,
    reply,
    leases: x.leases,
    rename: (lease, hostname) => c.engine.rename(lease, hostname),
    config: c.config,
    log: c.ddnsLog,
  });
  const answer = decision.answer;
  if (answer) {
    reply.options.push({
      kind: 'client_fqdn',
      code: 39,
      flags: answer.flags,
      name: answer.name,
      partial: answer.name === '',
    });
    if (c.ddnsLog.isDebugEnabled(DBG_DHCP6_DETAIL))
      c.ddnsLog.debug(
        DBG_DHCP6_DETAIL,
        'DHCP6_DDNS_RESPONSE_FQDN_DATA',
        `${label(x)}: including FQDN option in the server's response: flags 0x${answer.flags.toString(16)}, name '${answer.name}'`,
      );
  }
  if (committing) x.nameChanges.push(...changes);
}

/** Every request the exchange decided on, queued to kea-dhcp-ddns (never waits). */
export function sendNameChanges(c: PathContext, x: Exchange): void {
  for (const ncr of x.nameChanges) c.d2.send(ncr);
}
