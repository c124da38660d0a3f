import {
  type ClientServerMessage,
  findOption,
  findOptions,
  findRawOption,
  formatDuid,
  MessageType,
  makeDuidLl,
  PacketWriter,
  parseDuid,
} from '@nestor/codec';
import type { Dhcp6TestClient } from './client.js';

/** What a client holds after a REPLY: one line of the load client's output. */
export interface Binding {
  duid: string;
  iaid: number;
  serverId: string;
  address?: string;
  prefix?: string;
  prefixLength?: number;
  validLifetime: number;
}

/** A DUID-LL per client number, distinct for up to 2^32 clients. */
export function clientDuid(n: number): Uint8Array {
  return makeDuidLl(
    1,
    new Uint8Array([0x02, 0x4e, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]),
  );
}

const writer = new PacketWriter(2048);

function message(
  type: number,
  tid: number,
  duid: Uint8Array,
  iaid: number,
  opts: {
    serverId?: Uint8Array;
    address?: string;
    prefix?: { prefix: string; length: number };
    wantPrefix?: boolean;
  },
): Uint8Array {
  const w = writer.reset().header(type, tid).option(1, duid);
  if (opts.serverId) w.option(2, opts.serverId);
  w.beginIaNa(iaid, 0, 0);
  if (opts.address) w.iaAddress(opts.address, 0, 0);
  w.endOption();
  w.option(8, new Uint8Array([0, 0])); // elapsed time
  if (opts.wantPrefix || opts.prefix) {
    w.beginIaPd(iaid, 0, 0);
    if (opts.prefix) w.iaPrefix(opts.prefix.prefix, opts.prefix.length, 0, 0);
    w.endOption();
  }
  return w.finishCopy();
}

function bindingOf(reply: ClientServerMessage, duid: Uint8Array, iaid: number): Binding | undefined {
  const serverId = findRawOption(reply.options, 2)?.data;
  if (!serverId) return undefined;
  const address = findOptions(reply.options, 3).flatMap((ia) => findOptions(ia.options, 5))[0];
  const prefix = findOptions(reply.options, 25).flatMap((ia) => findOptions(ia.options, 26))[0];
  if (!address && !prefix) return undefined;
  return {
    duid: formatDuid(duid),
    iaid,
    serverId: formatDuid(serverId),
    ...(address ? { address: address.address } : {}),
    ...(prefix ? { prefix: prefix.prefix, prefixLength: prefix.prefixLength } : {}),
    validLifetime: address?.validLifetime ?? prefix?.validLifetime ?? 0,
  };
}

/** SOLICIT, ADVERTISE, REQUEST, REPLY for one client; the binding when the REPLY granted one. */
export async function fourWay(
  client: Dhcp6TestClient,
  duid: Uint8Array,
  iaid: number,
  wantPrefix = false,
): Promise<Binding | undefined> {
  const tid = client.transactionId();
  const advertise = await client.exchange(message(MessageType.SOLICIT, tid, duid, iaid, { wantPrefix }), tid);
  if (!advertise || advertise.msgType !== MessageType.ADVERTISE) return undefined;
  const offered = bindingOf(advertise, duid, iaid);
  const serverId = findRawOption(advertise.options, 2)?.data;
  if (!offered || !serverId) return undefined;
  const tid2 = client.transactionId();
  const reply = await client.exchange(
    message(MessageType.REQUEST, tid2, duid, iaid, {
      serverId,
      ...(offered.address ? { address: offered.address } : {}),
      ...(offered.prefix ? { prefix: { prefix: offered.prefix, length: offered.prefixLength! } } : {}),
      wantPrefix,
    }),
    tid2,
  );
  return reply && reply.msgType === MessageType.REPLY ? bindingOf(reply, duid, iaid) : undefined;
}

/**
 * RENEW of a binding (or REBIND, which names no server: any server holding the binding answers);
 * resolves with what the REPLY says the client now holds (lifetimes > 0 only).
 */
export async function renew(
  client: Dhcp6TestClient,
  binding: Binding,
  rebind = false,
): Promise<Binding | undefined> {
  const duid = parseDuid(binding.duid);
  const tid = client.transactionId();
  const reply = await client.exchange(
    message(rebind ? MessageType.REBIND : MessageType.RENEW, tid, duid, binding.iaid, {
      ...(rebind ? {} : { serverId: parseDuid(binding.serverId) }),
      ...(binding.address ? { address: binding.address } : {}),
      ...(binding.prefix ? { prefix: { prefix: binding.prefix, length: binding.prefixLength! } } : {}),
    }),
    tid,
  );
  if (!reply) return undefined;
  const held = bindingOf(reply, duid, binding.iaid);
  if (!held || held.validLifetime === 0) return undefined;
  const status = findOption(findOptions(reply.options, 3)[0]?.options ?? [], 13);
  return status && status.status !== 0 ? undefined : held;
}

/**
 * RELEASE (or DECLINE, for an address the client found in use) of a binding's address and
 * prefix: true when the server's REPLY carries no failure status (RFC 8415 18.3.7 and 18.3.8
 * answer with a REPLY either way; a status at the top or in the IA says whether it worked).
 */
export async function giveBack(
  client: Dhcp6TestClient,
  binding: Binding,
  how: 'release' | 'decline',
): Promise<boolean> {
  const duid = parseDuid(binding.duid);
  const tid = client.transactionId();
  const reply = await client.exchange(
    message(how === 'release' ? MessageType.RELEASE : MessageType.DECLINE, tid, duid, binding.iaid, {
      serverId: parseDuid(binding.serverId),
      ...(binding.address ? { address: binding.address } : {}),
      ...(binding.prefix ? { prefix: { prefix: binding.prefix, length: binding.prefixLength! } } : {}),
    }),
    tid,
  );
  if (!reply || reply.msgType !== MessageType.REPLY) return false;
  const top = findOption(reply.options, 13);
  const inIa = findOption(findOptions(reply.options, 3)[0]?.options ?? [], 13);
  return (top?.status ?? 0) === 0 && (inIa?.status ?? 0) === 0;
}
