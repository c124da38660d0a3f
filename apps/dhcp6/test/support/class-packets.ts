/**
 * Client messages for the classification tests, built from the codec's message model: a client
 * (DUID, vendor-class, user-class), the IAs it asks for (with hints), its ORO, and optionally a
 * relay in front (link address, interface-id; replies are asked for on port 546, RFC 8357, so
 * the test's client socket receives them).
 */
import {
  type ClientServerMessage,
  type Dhcp6Message,
  type Dhcp6Option,
  decodeMessage,
  encodeMessage,
  MessageType,
  type RawOption,
  unwrapRelay,
} from '@nestor/codec';

export interface ClientSpec {
  duid: Uint8Array;
  /** vendor-class (16): enterprise number and data items. */
  vendorClass?: { enterprise: number; items: string[] };
  /** user-class (15), one item. */
  userClass?: string;
}

export interface RelaySpec {
  link: string;
  peer?: string;
  interfaceId?: string;
  /** More options of the RELAY-FORW (remote-id, RSOO, ...), before relay-msg. */
  options?: { code: number; data: Uint8Array }[];
  hopCount?: number;
  /** A second relay between this one and the server. */
  outer?: RelaySpec;
}

export interface IaSpec {
  iaid: number;
  /** Addresses (IA_NA) or "prefix/len" (IA_PD) the client names. */
  hints?: string[];
  /** Lifetimes the client would like for its hints (default 0: no wish). */
  preferred?: number;
  valid?: number;
}

export interface ExchangeSpec {
  type: number;
  tid: number;
  client: ClientSpec;
  serverId?: Uint8Array;
  iaNa?: IaSpec[];
  iaPd?: IaSpec[];
  oro?: number[];
  /** A SOLICIT's rapid-commit option (14). */
  rapidCommit?: boolean;
  /** A Client FQDN option (39): its flags octet and name (partial when without a trailing dot). */
  fqdn?: { flags: number; name: string };
  relay?: RelaySpec;
  /** More client options (vendor-opts, ...), after the others. */
  extra?: Dhcp6Option[];
}

const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const raw = (code: number, data: Uint8Array): RawOption => ({ kind: 'raw', code, data });

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

/** An opaque-data tuple list as user-class and vendor-class carry it (2-byte length, data). */
function tuples(items: string[]): number[] {
  return items.flatMap((item) => [...u16(item.length), ...ascii(item)]);
}

function vendorClass(enterprise: number, items: string[]): RawOption {
  const head = [
    (enterprise >>> 24) & 0xff,
    (enterprise >> 16) & 0xff,
    (enterprise >> 8) & 0xff,
    enterprise & 0xff,
  ];
  return raw(16, new Uint8Array([...head, ...tuples(items)]));
}

function ia(kind: 'ia_na' | 'ia_pd', spec: IaSpec): Dhcp6Option {
  const options: Dhcp6Option[] = (spec.hints ?? []).map((hint) => {
    if (kind === 'ia_na')
      return {
        kind: 'iaaddr',
        code: 5,
        address: hint,
        preferredLifetime: spec.preferred ?? 0,
        validLifetime: spec.valid ?? 0,
        options: [],
      };
    const [prefix, length] = hint.split('/');
    return {
      kind: 'iaprefix',
      code: 26,
      prefix: prefix!,
      prefixLength: Number(length),
      preferredLifetime: spec.preferred ?? 0,
      validLifetime: spec.valid ?? 0,
      options: [],
    };
  });
  return kind === 'ia_na'
    ? { kind, code: 3, iaid: spec.iaid, t1: 0, t2: 0, options }
    : { kind, code: 25, iaid: spec.iaid, t1: 0, t2: 0, options };
}

/** The client message of a spec, without any relay. */
export function clientServerMessage(spec: ExchangeSpec): ClientServerMessage {
  const options: Dhcp6Option[] = [raw(1, spec.client.duid)];
  if (spec.serverId) options.push(raw(2, spec.serverId));
  options.push(raw(8, new Uint8Array(2))); // elapsed time
  for (const a of spec.iaNa ?? []) options.push(ia('ia_na', a));
  for (const p of spec.iaPd ?? []) options.push(ia('ia_pd', p));
  if (spec.oro) options.push({ kind: 'oro', code: 6, requested: spec.oro });
  if (spec.rapidCommit) options.push(raw(14, new Uint8Array(0)));
  if (spec.fqdn)
    options.push({
      kind: 'client_fqdn',
      code: 39,
      flags: spec.fqdn.flags,
      name: spec.fqdn.name,
      partial: spec.fqdn.name !== '' && !spec.fqdn.name.endsWith('.'),
    });
  if (spec.client.userClass !== undefined)
    options.push(raw(15, new Uint8Array(tuples([spec.client.userClass]))));
  if (spec.client.vendorClass)
    options.push(vendorClass(spec.client.vendorClass.enterprise, spec.client.vendorClass.items));
  if (spec.extra) options.push(...spec.extra);
  return { kind: 'client-server', msgType: spec.type, transactionId: spec.tid, options };
}

/** The message as sent: wrapped in a RELAY-FORW when the spec has a relay. */
export function messageOf(spec: ExchangeSpec): Dhcp6Message {
  const inner = clientServerMessage(spec);
  return spec.relay ? relayed(spec.relay, inner) : inner;
}

/** `message` wrapped in the RELAY-FORW of `relay`, and in that of each relay further out. */
function relayed(relay: RelaySpec, message: Dhcp6Message): Dhcp6Message {
  const options: Dhcp6Option[] = [];
  if (relay.interfaceId !== undefined) options.push(raw(18, ascii(relay.interfaceId)));
  options.push(raw(135, new Uint8Array(u16(546)))); // relay source port: answer to 546
  for (const o of relay.options ?? []) options.push(raw(o.code, o.data));
  options.push({ kind: 'relay_msg', code: 9, message });
  const layer: Dhcp6Message = {
    kind: 'relay',
    msgType: MessageType.RELAY_FORW,
    hopCount: relay.hopCount ?? 0,
    linkAddress: relay.link,
    peerAddress: relay.peer ?? 'fe80::c1',
    options,
  };
  return relay.outer ? relayed(relay.outer, layer) : layer;
}

export function packetOf(spec: ExchangeSpec): Uint8Array {
  return encodeMessage(messageOf(spec));
}

/** The client-server message of a reply (inside any RELAY-REPL layers). */
export function innerReply(bytes: Uint8Array): ClientServerMessage {
  const { message } = unwrapRelay(decodeMessage(bytes));
  if (message.kind !== 'client-server') throw new Error(`reply is ${message.kind}`);
  return message;
}

/** The addresses ("a") and prefixes ("p/len") a reply grants with non-zero lifetimes, in order. */
export function granted(reply: ClientServerMessage): { na: string[]; pd: string[] } {
  const na: string[] = [];
  const pd: string[] = [];
  for (const o of reply.options) {
    if (o.kind !== 'ia_na' && o.kind !== 'ia_pd') continue;
    for (const sub of o.options) {
      if (sub.kind === 'iaaddr' && sub.validLifetime > 0) na.push(sub.address);
      if (sub.kind === 'iaprefix' && sub.validLifetime > 0) pd.push(`${sub.prefix}/${sub.prefixLength}`);
    }
  }
  return { na, pd };
}

/** The first address a client message names in its IA_NAs (its hint), if any. */
export function firstHint(message: ClientServerMessage): string | undefined {
  for (const o of message.options) {
    if (o.kind !== 'ia_na') continue;
    for (const sub of o.options) if (sub.kind === 'iaaddr') return sub.address;
  }
  return undefined;
}
