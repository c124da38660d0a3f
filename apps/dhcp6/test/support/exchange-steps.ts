/**
 * Steps for the exchange differential test: any client message (every type a client sends),
 * built for each server from that server's own earlier replies (its server-id, the addresses
 * and prefixes it granted), and a reply summary that also says, for each address or prefix
 * granted, whether it is one the message named (or, for a prefix, starts where one it named
 * does: "start"), so "the client's hint was honoured" is compared,
 * not which free address a pool yields).
 */
import type { ClientServerMessage } from '@nestor/codec';
import type { Step } from './class-differential.js';
import { type ExchangeSpec, granted, innerReply, type RelaySpec } from './class-packets.js';
import { type PoolLabeler, summarise } from './reply-summary.js';

export interface ExchangeClient {
  duid: Uint8Array;
  relay?: RelaySpec;
  /** Asks for a prefix (IA_PD, iaid 2) besides its address (IA_NA, iaid 1). */
  pd?: boolean;
  /** Asks for a prefix only. */
  pdOnly?: boolean;
}

type Replies = ReadonlyMap<string, ClientServerMessage>;

/**
 * What a message's IA names: what the client's last reply granted ("held"), what another
 * client's did, explicit addresses / "prefix/len" texts, or something computed from the replies.
 */
export type HintSource = 'held' | readonly string[] | ((replies: Replies) => string[]);

export interface AskOptions {
  na?: HintSource;
  pd?: HintSource;
  /** Lifetimes the client asks for with every hint (the IA_PD's too, unless pdWish). */
  wish?: { preferred: number; valid: number };
  /** Lifetimes asked for with the IA_PD's hints. */
  pdWish?: { preferred: number; valid: number };
  /** Another relay for this message, or null to send it directly. */
  relay?: RelaySpec | null;
  /** Whether to send our server-id (default: REQUEST, RENEW, RELEASE, DECLINE do). */
  serverId?: boolean;
  /** Rapid commit option in a SOLICIT. */
  rapidCommit?: boolean;
  /** Keep the reply as the client's last (default: true unless RELEASE/DECLINE/CONFIRM/INFORMATION-REQUEST). */
  record?: boolean;
  /** IAs sent with an INFORMATION-REQUEST (RFC 8415 says the server must discard it). */
  withIa?: boolean;
  note?: string;
  /** Other clients whose replies the message is built from (heldBy). */
  needs?: string[];
  /** The ORO. */
  oro?: number[];
  /** A Client FQDN option (flags octet, name; partial without a trailing dot). */
  fqdn?: { flags: number; name: string };
}

const TYPE_NAMES: Record<number, string> = {
  1: 'SOLICIT',
  3: 'REQUEST',
  4: 'CONFIRM',
  5: 'RENEW',
  6: 'REBIND',
  8: 'RELEASE',
  9: 'DECLINE',
  11: 'INFORMATION-REQUEST',
};
const CARRIES_SERVER_ID = new Set([3, 5, 8, 9]);
const NOT_RECORDED = new Set([4, 8, 9, 11]);

let tid = 0x7000;

/** Resolves a hint source against one side's replies. */
function resolve(source: HintSource | undefined, kind: 'na' | 'pd', own: string, replies: Replies): string[] {
  if (source === undefined) return [];
  if (typeof source === 'function') return source(replies);
  if (source === 'held') {
    const last = replies.get(own);
    return last ? granted(last)[kind] : [];
  }
  return [...source];
}

/** What another client's last reply granted, for a message naming someone else's lease. */
export function heldBy(name: string, kind: 'na' | 'pd' = 'na'): (replies: Replies) => string[] {
  return (replies) => {
    const last = replies.get(name);
    return last ? granted(last)[kind] : [];
  };
}

/** Builds steps for named clients. */
export class ExchangeSteps {
  constructor(private readonly clients: Readonly<Record<string, ExchangeClient>>) {}

  /** One message of `type` from client `name`; see AskOptions for what it carries. */
  ask(type: number, name: string, o: AskOptions = {}): Step {
    const c = this.clients[name];
    if (!c) throw new Error(`no test client ${name}`);
    const relay = o.relay === null ? undefined : (o.relay ?? c.relay);
    const withServerId = o.serverId ?? CARRIES_SERVER_ID.has(type);
    const isInfo = type === 11;
    const ias = !isInfo || o.withIa;
    return {
      name: `${TYPE_NAMES[type] ?? type} ${name}${o.note ? ` (${o.note})` : ''}`,
      key: name,
      record: o.record ?? !NOT_RECORDED.has(type),
      needs: [name, ...(o.needs ?? [])],
      build: (replies): ExchangeSpec => {
        const anyReply = replies.get(name) ?? replies.values().next().value;
        const serverId = anyReply?.options.find((opt) => opt.code === 2);
        const na = resolve(o.na, 'na', name, replies);
        const pd = resolve(o.pd, 'pd', name, replies);
        return {
          type,
          tid: ++tid,
          client: { duid: c.duid },
          ...(withServerId && serverId?.kind === 'raw' ? { serverId: serverId.data } : {}),
          ...(ias && !c.pdOnly ? { iaNa: [{ iaid: 1, hints: na, ...o.wish }] } : {}),
          ...(ias && (c.pd || c.pdOnly) ? { iaPd: [{ iaid: 2, hints: pd, ...(o.pdWish ?? o.wish) }] } : {}),
          ...(o.oro ? { oro: o.oro } : {}),
          ...(o.rapidCommit ? { rapidCommit: true } : {}),
          ...(o.fqdn ? { fqdn: o.fqdn } : {}),
          ...(relay ? { relay } : {}),
        };
      },
    };
  }
}

/**
 * The addresses ("a") and prefixes ("p/len") a client message names in its IAs, and the
 * start addresses of those prefixes ("p").
 */
function named(message: ClientServerMessage): Set<string> {
  const out = new Set<string>();
  for (const o of message.options) {
    if (o.kind !== 'ia_na' && o.kind !== 'ia_pd') continue;
    for (const sub of o.options) {
      if (sub.kind === 'iaaddr') out.add(sub.address);
      if (sub.kind === 'iaprefix') out.add(`${sub.prefix}/${sub.prefixLength}`).add(sub.prefix);
    }
  }
  return out;
}

/**
 * summarise()'s reduction of a reply, each address or prefix also marked `named` when the
 * message sent named it: where a server may pick any free address the pools are compared, and
 * where it must honour the client's (hint, held lease, off-link address sent back) that is.
 */
export function exchangeSummary(label: PoolLabeler) {
  return (reply: Uint8Array | undefined, sent: Uint8Array): unknown => {
    const base = summarise(reply, label);
    if (base === 'no answer' || !reply) return base;
    const asked = named(innerReply(sent));
    const message = innerReply(reply);
    let i = 0;
    for (const o of message.options) {
      if (o.kind !== 'ia_na' && o.kind !== 'ia_pd') continue;
      const ia = base.ias[i++]!;
      let j = 0;
      for (const sub of o.options) {
        if (sub.kind === 'iaaddr') Object.assign(ia.leases[j++]!, { named: asked.has(sub.address) });
        else if (sub.kind === 'iaprefix') {
          // A prefix at the start the client named, at another length, is "start".
          const exact = asked.has(`${sub.prefix}/${sub.prefixLength}`);
          Object.assign(ia.leases[j++]!, { named: exact || (asked.has(sub.prefix) ? 'start' : false) });
        }
      }
    }
    return base;
  };
}
