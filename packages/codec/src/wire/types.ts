/**
 * The decoded DHCPv6 message model. Options the server needs structurally are typed objects
 * (discriminated by `kind`); every other option is `{ kind: 'raw', code, data }` where `data`
 * is a view into the received buffer (not a copy). Option order and repeats are preserved.
 */

export interface RawOption {
  readonly kind: 'raw';
  readonly code: number;
  /** The option payload (without the 4-byte header); a view into the decoded buffer. */
  readonly data: Uint8Array;
}

export interface IaNaOption {
  readonly kind: 'ia_na';
  readonly code: 3;
  readonly iaid: number;
  readonly t1: number;
  readonly t2: number;
  readonly options: readonly Dhcp6Option[];
}

export interface IaTaOption {
  readonly kind: 'ia_ta';
  readonly code: 4;
  readonly iaid: number;
  readonly options: readonly Dhcp6Option[];
}

export interface IaPdOption {
  readonly kind: 'ia_pd';
  readonly code: 25;
  readonly iaid: number;
  readonly t1: number;
  readonly t2: number;
  readonly options: readonly Dhcp6Option[];
}

export interface IaAddrOption {
  readonly kind: 'iaaddr';
  readonly code: 5;
  /** RFC 5952 text. */
  readonly address: string;
  readonly preferredLifetime: number;
  readonly validLifetime: number;
  readonly options: readonly Dhcp6Option[];
}

export interface IaPrefixOption {
  readonly kind: 'iaprefix';
  readonly code: 26;
  readonly preferredLifetime: number;
  readonly validLifetime: number;
  readonly prefixLength: number;
  /** RFC 5952 text of the 16-byte prefix field, as received (host bits are not cleared). */
  readonly prefix: string;
  readonly options: readonly Dhcp6Option[];
}

export interface StatusCodeOption {
  readonly kind: 'status_code';
  readonly code: 13;
  readonly status: number;
  /** UTF-8 message; invalid sequences decode to U+FFFD. */
  readonly message: string;
}

export interface OroOption {
  readonly kind: 'oro';
  readonly code: 6;
  readonly requested: readonly number[];
}

export interface VendorOptsOption {
  readonly kind: 'vendor_opts';
  readonly code: 17;
  readonly enterpriseNumber: number;
  /** Sub-options of option space "vendor-<enterpriseNumber>", undecoded. */
  readonly options: readonly RawOption[];
}

export interface ClientFqdnOption {
  readonly kind: 'client_fqdn';
  readonly code: 39;
  /** The whole flags octet (S = 0x01, O = 0x02, N = 0x04; other bits kept as received). */
  readonly flags: number;
  /**
   * The domain name in DNS presentation format: a fully qualified name ends with '.',
   * a partial name (RFC 4704 section 4.2) does not; '' when the client sent no name.
   */
  readonly name: string;
  readonly partial: boolean;
}

export interface RelayMsgOption {
  readonly kind: 'relay_msg';
  readonly code: 9;
  readonly message: Dhcp6Message;
}

export type Dhcp6Option =
  | RawOption
  | IaNaOption
  | IaTaOption
  | IaPdOption
  | IaAddrOption
  | IaPrefixOption
  | StatusCodeOption
  | OroOption
  | VendorOptsOption
  | ClientFqdnOption
  | RelayMsgOption;

/** SOLICIT .. INFORMATION-REQUEST and every other type laid out as type + transaction id + options. */
export interface ClientServerMessage {
  readonly kind: 'client-server';
  readonly msgType: number;
  /** The 24-bit transaction id. */
  readonly transactionId: number;
  readonly options: readonly Dhcp6Option[];
}

export interface RelayMessage {
  readonly kind: 'relay';
  /** 12 (RELAY-FORW) or 13 (RELAY-REPL). */
  readonly msgType: number;
  readonly hopCount: number;
  readonly linkAddress: string;
  readonly peerAddress: string;
  readonly options: readonly Dhcp6Option[];
}

/** DHCPv4-QUERY / DHCPv4-RESPONSE (RFC 7341) and unassigned types: kept as bytes, not parsed. */
export interface OpaqueMessage {
  readonly kind: 'dhcpv4' | 'unknown';
  readonly msgType: number;
  /** Everything after the message-type octet. */
  readonly body: Uint8Array;
}

export type Dhcp6Message = ClientServerMessage | RelayMessage | OpaqueMessage;
