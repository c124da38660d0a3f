import { type Dhcp6Option, OptionCode } from '@nestor/codec';
import type { GrantedLease } from '../alloc/types.js';

/** A status code with its text. */
export interface Status {
  code: number;
  text: string;
}

/** An address or prefix sent with lifetimes 0: no longer the client's, or not for this link. */
export interface ZeroedResource {
  address: string;
  /** 128 for addresses. */
  prefixLength: number;
}

/** One IA of a reply, as data: what the server grants in it, what it takes back, its status. */
export interface ReplyIa {
  kind: 'ia_na' | 'ia_pd' | 'ia_ta';
  iaid: number;
  t1: number;
  t2: number;
  /** Sent with the lifetimes of their lease (as the lease object says at encoding). */
  leases: GrantedLease[];
  zeroed: ZeroedResource[];
  status?: Status;
  /**
   * Options to send inside the IAPREFIX of a delegated prefix (OPTION_PD_EXCLUDE), complete
   * wire bytes, by "prefix/length" (prefix-exclude.ts files them).
   */
  prefixOptions?: Map<string, Uint8Array>;
}

/**
 * A reply as data until buffer6_send encodes it, so that each stage (and a hook's callout) can
 * read and change what the previous ones decided: its message type, its IAs, a top-level
 * status, and every other option (client-id and server-id included) in the codec's model.
 * Options go on the wire in ascending code order, as Kea sends them.
 */
export interface ReplyDraft {
  msgType: number;
  ias: ReplyIa[];
  status?: Status;
  options: Dhcp6Option[];
}

/** A raw option in the codec's model. */
export function rawOption(code: number, data: Uint8Array): Dhcp6Option {
  return { kind: 'raw', code, data };
}

/** A new reply carrying the client's client-id (when it sent one) and our server-id. */
export function newReply(
  msgType: number,
  clientId: Uint8Array | undefined,
  serverId: Uint8Array,
): ReplyDraft {
  const options: Dhcp6Option[] = [];
  if (clientId) options.push(rawOption(OptionCode.CLIENTID, clientId));
  options.push(rawOption(OptionCode.SERVERID, serverId));
  return { msgType, ias: [], options };
}
