import { MessageType } from '@nestor/codec';
import type { Logger } from '@nestor/daemon';
import { type Lease6, LeaseType } from '@nestor/leases';
import { CHANGE_TYPE, dhcidFromDuid, type NameChangeRequest, ncrToText } from '@nestor/ncr';
import type { ReplyDraft } from '../packet/reply.js';
import type { NameDecision } from './decision.js';
import { updateDirections } from './fqdn-flags.js';
import { leaseNcr } from './lease-ncr.js';
import { canonicalName, generatedName, qualifyName } from './names.js';
import type { DdnsScope } from './params.js';
import { ddnsTtl } from './ttl.js';

/** Debug levels of Kea's DHCPv6 server for its DDNS messages. */
const DBG_DHCP6_DETAIL = 50;
const DBG_DHCP6_DETAIL_DATA = 55;

/** What settling the name reads and changes of one exchange. */
export interface NameWork {
  msgType: number;
  /** The client-id option's data (the DUID the DHCID is made from). */
  clientId: Uint8Array | undefined;
  label: string;
  decision: NameDecision;
  /** The DDNS parameters of the subnet that serves the client (after allocation). */
  scope: DdnsScope;
  /** The client's reservation in the serving subnet. */
  hostname: string | undefined;
  reply: ReplyDraft;
  /** Leases granted or extended: a generated name is written into the NA lease it names. */
  leases: Lease6[];
  /** Writes a lease renamed with a generated name; resolves with the lease as stored, or undefined. */
  rename(lease: Lease6, hostname: string): Promise<Lease6 | undefined>;
  config: Parameters<typeof leaseNcr>[2];
  log: Logger;
}

/**
 * After the lease stage, as Kea 2.2 goes on once leases are assigned or extended: the name of a
 * reservation in the serving subnet (another member of a shared network, perhaps) replaces
 * the one answered (updateReservedFqdn); a REQUEST, RENEW or REBIND whose answer still has no
 * name gets one generated from its first IA_NA's address, written into that lease
 * (generateFqdn); then the NameChangeRequests for the reply (createNameChangeRequests) are
 * returned.
 */
export async function settleName(w: NameWork): Promise<NameChangeRequest[]> {
  const answer = w.decision.answer;
  if (!answer) return [];
  if (w.hostname !== undefined && w.hostname !== '') {
    const reserved = canonicalName(qualifyName(w.hostname, w.scope, true));
    if (reserved !== answer.name) answer.name = reserved;
  }
  if (answer.name === '' && w.msgType !== MessageType.ADVERTISE && w.msgType !== MessageType.SOLICIT) {
    await generateName(w);
  }
  return replyNcrs(w);
}

/** The answer's name made from the first IA_NA's first address (Kea's generateFqdn). */
async function generateName(w: NameWork): Promise<void> {
  const answer = w.decision.answer!;
  const ia = w.reply.ias.find((i) => i.kind === 'ia_na');
  if (!ia) return;
  const first = ia.leases[0];
  const address = first?.lease.address ?? ia.zeroed[0]?.address;
  if (address === undefined) return;
  const name = canonicalName(generatedName(address, w.scope));
  if (w.log.isDebugEnabled(DBG_DHCP6_DETAIL_DATA))
    w.log.debug(
      DBG_DHCP6_DETAIL_DATA,
      'DHCP6_DDNS_FQDN_GENERATED',
      `${w.label}: generated FQDN for the client: ${name}`,
    );
  const index = first ? w.leases.findIndex((l) => l.type === LeaseType.NA && l.address === address) : -1;
  if (index < 0) {
    w.log.error(
      'DHCP6_DDNS_GENERATED_FQDN_UPDATE_FAIL',
      `${w.label}: failed to update the lease using address ${address}, after generating FQDN for a client, reason: there is no lease in the database for address ${address}`,
    );
    return;
  }
  const stored = await w.rename(w.leases[index]!, name);
  if (stored) {
    w.leases[index] = stored;
    first!.lease = stored;
  }
  answer.name = name;
  w.decision.hostname = name;
}

/**
 * Kea 2.2's createNameChangeRequests: for the first IA_NA of the reply that holds an address, an
 * add of the answered name unless the client asked for no update, or the lease was only
 * extended with its name and directions unchanged (and ddns-update-on-renew is off). A lease
 * whose name or directions changed first gets a remove of its old ones. Which leases count as
 * changed is Kea's: those of the last IA the message named (IA_NA or IA_PD).
 */
function replyNcrs(w: NameWork): NameChangeRequest[] {
  const out: NameChangeRequest[] = [];
  const answer = w.decision.answer!;
  if (!w.scope.enabled || !w.clientId) return out;
  const { forward, reverse } = updateDirections(answer.flags);
  const served = w.reply.ias.filter((ia) => ia.kind !== 'ia_ta');
  const changed = (served[served.length - 1]?.leases ?? [])
    .map((g) => g.previous)
    .filter((l): l is Lease6 => l !== undefined);
  for (const ia of w.reply.ias) {
    if (ia.kind !== 'ia_na') continue;
    const granted = ia.leases[0]?.lease;
    if (!granted) continue;
    let extendedOnly = false;
    const previous = changed.find((l) => l.address === granted.address);
    if (previous) {
      if (
        !w.scope.updateOnRenew &&
        previous.hostname === answer.name &&
        previous.fqdnFwd === forward &&
        previous.fqdnRev === reverse
      )
        extendedOnly = true;
      else {
        const removal = leaseNcr(CHANGE_TYPE.remove, previous, w.config, w.log);
        if (removal) out.push(removal);
      }
    }
    if (!(forward || reverse) || extendedOnly || answer.name === '') continue;
    const ttl = ddnsTtl(granted.validLifetime, w.scope);
    const ncr: NameChangeRequest = {
      changeType: CHANGE_TYPE.add,
      forwardChange: forward,
      reverseChange: reverse,
      fqdn: answer.name,
      ipAddress: granted.address,
      dhcid: dhcidFromDuid(w.clientId, answer.name),
      // Kea 2.2 leaves the expiry of the add unset (0: 19700101000000).
      leaseExpiresOn: 0,
      leaseLength: ttl,
      conflictResolutionMode: w.scope.conflictResolutionMode,
    };
    if (w.log.isDebugEnabled(DBG_DHCP6_DETAIL))
      w.log.debug(
        DBG_DHCP6_DETAIL,
        'DHCP6_DDNS_CREATE_ADD_NAME_CHANGE_REQUEST',
        `created name change request: ${ncrToText(ncr)}`,
      );
    out.push(ncr);
    // Kea maps one address per FQDN: the first IA_NA's.
    return out;
  }
  return out;
}
