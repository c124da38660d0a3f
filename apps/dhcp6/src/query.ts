import {
  type ClientFqdnOption,
  type ClientServerMessage,
  type Dhcp6Option,
  formatDuid,
  formatMac,
  type HardwareAddress,
  type IaNaOption,
  type IaPdOption,
  type IaTaOption,
  macFromClientLinkLayerOption,
  macFromDocsisCmts,
  macFromDocsisModem,
  macFromDuid,
  macFromLinkLocal,
  macFromRemoteId,
  OptionCode,
  type RelayLayer,
} from '@nestor/codec';
import type { PacketClassification } from '@nestor/eval';
import { LeaseType } from '@nestor/leases';
import type { IaHint, IaRequest } from './alloc/engine.js';
import type { ClientIdentifiers } from './hosts.js';
import type { Datagram } from './net/sockets.js';

/** A received client message with what the server reads from it, read once. */
export interface Query {
  datagram: Datagram;
  message: ClientServerMessage;
  relays: readonly RelayLayer[];
  clientId?: Uint8Array;
  /** The client DUID as lease files write it, '' without client-id. */
  duid: string;
  serverId?: Uint8Array;
  requested: number[];
  rapidCommit: boolean;
  iaNa: IaNaOption[];
  iaPd: IaPdOption[];
  iaTa: IaTaOption[];
  fqdn?: ClientFqdnOption;
  hwaddr?: { address: string; type: number; source: number };
  identifiers: ClientIdentifiers;
  /**
   * The packet's client classes, set by the pipeline's classify stage and advanced by the
   * later steps; absent when the configuration makes no use of classes.
   */
  classes?: PacketClassification;
}

/** Kea's HWADDR_SOURCE_* bits, as the lease file's hwaddr_source column records them. */
export const HwaddrSource = {
  RAW: 1,
  DUID: 2,
  IPV6_LINK_LOCAL: 4,
  CLIENT_ADDR_RELAY_OPTION: 8,
  REMOTE_ID: 16,
  SUBSCRIBER_ID: 32,
  DOCSIS_CMTS: 64,
  DOCSIS_MODEM: 128,
} as const;

/** The order Kea tries the sources in for "any". */
const ANY_ORDER = [
  'duid',
  'ipv6-link-local',
  'client-link-addr-option',
  'remote-id',
  'docsis-cmts',
  'docsis-modem',
];
const SOURCE_ALIASES: Record<string, string> = {
  'client-link-addr-option': 'client-link-addr-option',
  rfc6939: 'client-link-addr-option',
  'remote-id': 'remote-id',
  rfc4649: 'remote-id',
  'subscriber-id': 'subscriber-id',
  rfc4580: 'subscriber-id',
};

function rawOption(options: readonly Dhcp6Option[], code: number): Uint8Array | undefined {
  for (const o of options) if (o.code === code && o.kind === 'raw') return o.data;
  return undefined;
}

/** `mac-sources` expanded ("any", aliases) once per configuration, not per packet. */
const expandedSources = new WeakMap<readonly string[], readonly string[]>();
function macMethods(macSources: readonly string[]): readonly string[] {
  let methods = expandedSources.get(macSources);
  if (!methods) {
    methods = macSources.flatMap((m) => (m === 'any' ? ANY_ORDER : [SOURCE_ALIASES[m] ?? m]));
    expandedSources.set(macSources, methods);
  }
  return methods;
}

/** The client's hardware address from the first `mac-sources` method that yields one. */
function hardwareAddress(
  macSources: readonly string[],
  clientId: Uint8Array | undefined,
  message: ClientServerMessage,
  relays: readonly RelayLayer[],
  peer: string,
): Query['hwaddr'] {
  const methods = macMethods(macSources);
  const closest = relays[relays.length - 1];
  for (const method of methods) {
    let found: HardwareAddress | undefined;
    let source: number = 0;
    switch (method) {
      case 'duid':
        found = clientId ? macFromDuid(clientId) : undefined;
        source = HwaddrSource.DUID;
        break;
      case 'ipv6-link-local': {
        const mac = macFromLinkLocal(closest ? closest.peerAddress : peer);
        found = mac ? { hardwareType: 1, address: mac } : undefined;
        source = HwaddrSource.IPV6_LINK_LOCAL;
        break;
      }
      case 'client-link-addr-option': {
        const data = closest && rawOption(closest.options, OptionCode.CLIENT_LINKLAYER_ADDR);
        found = data ? macFromClientLinkLayerOption(data) : undefined;
        source = HwaddrSource.CLIENT_ADDR_RELAY_OPTION;
        break;
      }
      case 'remote-id': {
        const data = closest && rawOption(closest.options, OptionCode.REMOTE_ID);
        found = data ? macFromRemoteId(data) : undefined;
        source = HwaddrSource.REMOTE_ID;
        break;
      }
      case 'docsis-cmts':
        found = macFromDocsisCmts([...relays].reverse().map((r) => r.options));
        source = HwaddrSource.DOCSIS_CMTS;
        break;
      case 'docsis-modem':
        found = macFromDocsisModem(message.options);
        source = HwaddrSource.DOCSIS_MODEM;
        break;
      default:
        break;
    }
    if (found) return { address: formatMac(found.address), type: found.hardwareType, source };
  }
  return undefined;
}

/** Reads a client message once into what processing needs. */
export function readQuery(
  datagram: Datagram,
  message: ClientServerMessage,
  relays: readonly RelayLayer[],
  macSources: readonly string[],
): Query {
  let clientId: Uint8Array | undefined;
  let serverId: Uint8Array | undefined;
  let fqdn: ClientFqdnOption | undefined;
  let rapidCommit = false;
  const requested: number[] = [];
  const iaNa: IaNaOption[] = [];
  const iaPd: IaPdOption[] = [];
  const iaTa: IaTaOption[] = [];
  for (const option of message.options) {
    switch (option.kind) {
      case 'raw':
        if (option.code === OptionCode.CLIENTID) clientId ??= option.data;
        else if (option.code === OptionCode.SERVERID) serverId ??= option.data;
        else if (option.code === OptionCode.RAPID_COMMIT) rapidCommit = true;
        break;
      case 'oro':
        requested.push(...option.requested);
        break;
      case 'ia_na':
        iaNa.push(option);
        break;
      case 'ia_pd':
        iaPd.push(option);
        break;
      case 'ia_ta':
        iaTa.push(option);
        break;
      case 'client_fqdn':
        fqdn ??= option;
        break;
      default:
        break;
    }
  }
  const duid = clientId ? formatDuid(clientId) : '';
  const hwaddr = hardwareAddress(macSources, clientId, message, relays, datagram.remoteAddress);
  const identifiers: ClientIdentifiers = {};
  if (duid) identifiers.duid = duid;
  if (hwaddr) identifiers['hw-address'] = hwaddr.address;
  return {
    datagram,
    message,
    relays,
    duid,
    requested,
    rapidCommit,
    iaNa,
    iaPd,
    iaTa,
    identifiers,
    ...(clientId ? { clientId } : {}),
    ...(serverId ? { serverId } : {}),
    ...(fqdn ? { fqdn } : {}),
    ...(hwaddr ? { hwaddr } : {}),
  };
}

/** An IA of the query as the engine takes it: its type, IAID and the addresses or prefixes hinted. */
export function iaRequest(ia: IaNaOption | IaPdOption): IaRequest {
  const hints: IaHint[] = [];
  for (const o of ia.options) {
    if (o.kind === 'iaaddr') {
      hints.push({
        address: o.address,
        prefixLength: 128,
        preferred: o.preferredLifetime,
        valid: o.validLifetime,
      });
    } else if (o.kind === 'iaprefix') {
      hints.push({
        address: o.prefix,
        prefixLength: o.prefixLength,
        preferred: o.preferredLifetime,
        valid: o.validLifetime,
      });
    }
  }
  return { type: ia.kind === 'ia_pd' ? LeaseType.PD : LeaseType.NA, iaid: ia.iaid, hints };
}
