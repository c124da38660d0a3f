import type { Dhcp6Option } from './types.js';

/** One RELAY-FORW layer as received (relay-msg removed from `options`). */
export interface RelayLayer {
  readonly msgType: number;
  readonly hopCount: number;
  readonly linkAddress: string;
  readonly peerAddress: string;
  /** The layer's options other than relay-msg (interface-id, remote-id, relay-source-port, ...). */
  readonly options: readonly Dhcp6Option[];
}
