/**
 * Relay chains (RFC 8415 section 19): unwrap RELAY-FORW nesting down to the client's message,
 * and wrap a reply back into RELAY-REPL layers that echo what RFC 8415 / RFC 8357 require.
 */
import { OptionCode } from '../constants.js';
import { codecError } from '../errors.js';
import type { RelayLayer } from './relay-types.js';
import type { ClientServerMessage, Dhcp6Message, Dhcp6Option, OpaqueMessage, RawOption } from './types.js';
import { DEFAULT_ECHOED_OPTIONS, PacketWriter } from './writer.js';

export type { RelayLayer } from './relay-types.js';

export interface UnwrappedMessage {
  /** The innermost, non-relay message (what the client sent). */
  readonly message: ClientServerMessage | OpaqueMessage;
  /** Relay layers, outermost (closest to the server) first; empty for a direct message. */
  readonly relays: readonly RelayLayer[];
}

/** Peels RELAY-FORW / RELAY-REPL layers off a decoded message. */
export function unwrapRelay(message: Dhcp6Message): UnwrappedMessage {
  const relays: RelayLayer[] = [];
  let current = message;
  while (current.kind === 'relay') {
    let inner: Dhcp6Message | undefined;
    const options: Dhcp6Option[] = [];
    for (const option of current.options) {
      if (option.kind === 'relay_msg' && inner === undefined) inner = option.message;
      else options.push(option);
    }
    if (inner === undefined) {
      throw codecError(
        'MISSING_RELAY_MESSAGE',
        `relay layer ${relays.length + 1} carries no relay-msg option`,
      );
    }
    relays.push({
      msgType: current.msgType,
      hopCount: current.hopCount,
      linkAddress: current.linkAddress,
      peerAddress: current.peerAddress,
      options,
    });
    current = inner;
  }
  return { message: current, relays };
}

function rawRelayOption(layer: RelayLayer, code: number): RawOption | undefined {
  for (const option of layer.options) if (option.kind === 'raw' && option.code === code) return option;
  return undefined;
}

/** First option with `code` in one relay layer (any kind). */
export function relayOption(layer: RelayLayer, code: number): Dhcp6Option | undefined {
  return layer.options.find((option) => option.code === code);
}

/** interface-id (18) of a layer, as bytes. */
export function relayInterfaceId(layer: RelayLayer): Uint8Array | undefined {
  return rawRelayOption(layer, OptionCode.INTERFACE_ID)?.data;
}

/** remote-id (37, RFC 4649): enterprise number and the relay's identifier. */
export function relayRemoteId(
  layer: RelayLayer,
): { enterpriseNumber: number; remoteId: Uint8Array } | undefined {
  const data = rawRelayOption(layer, OptionCode.REMOTE_ID)?.data;
  if (!data || data.length < 4) return undefined;
  const enterpriseNumber = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  return { enterpriseNumber, remoteId: data.subarray(4) };
}

/** relay-source-port (135, RFC 8357): the UDP port the relay sent from. */
export function relaySourcePort(layer: RelayLayer): number | undefined {
  const data = rawRelayOption(layer, OptionCode.RELAY_SOURCE_PORT)?.data;
  if (data?.length !== 2) return undefined;
  return (data[0]! << 8) | data[1]!;
}

/**
 * Wraps an encoded reply into RELAY-REPL layers (one per relay, outermost first), copying
 * hop-count, link-address and peer-address and echoing interface-id and relay-source-port.
 */
export function wrapRelayReply(
  reply: Uint8Array,
  relays: readonly RelayLayer[],
  echo: readonly number[] = DEFAULT_ECHOED_OPTIONS,
): Uint8Array {
  let size = reply.length;
  for (const relay of relays) {
    size += 34 + 4;
    for (const option of relay.options)
      if (option.kind === 'raw' && echo.includes(option.code)) size += 4 + option.data.length;
  }
  const writer = new PacketWriter(size);
  writer.beginRelayReplies(relays, echo).bytes(reply).endRelayReplies();
  return writer.finish();
}
