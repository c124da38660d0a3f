/**
 * @nestor/codec: the DHCPv6 wire format. See README.md for the API tour.
 */
export * from './constants.js';
export {
  CODEC_ERRORS,
  CodecError,
  type CodecErrorDetails,
  type CodecErrorKind,
  isCodecError,
} from './errors.js';
export {
  bigIntToIpv6,
  bigIntToIpv6Bytes,
  canonicalIpv6,
  IPV6_MAX,
  ipv6BytesToBigInt,
  ipv6BytesToText,
  ipv6TextToBytes,
  isIpv6,
  isLinkLocal,
  parseIpv6,
  toBigInt,
  writeIpv6Text,
} from './ipv6/address.js';
export { ipv4BytesToText, parseIpv4 } from './ipv6/ipv4.js';
export {
  delegatedPrefixCount,
  formatPrefix,
  type Ipv6Prefix,
  type Ipv6Range,
  indexInRange,
  makePrefix,
  networkOf,
  nthAddress,
  nthPrefix,
  parsePrefix,
  parseRange,
  prefixContains,
  prefixContainsPrefix,
  prefixesOverlap,
  prefixMask,
  prefixRange,
  prefixSize,
  rangeContains,
  rangeSize,
} from './ipv6/prefix.js';
export { type DecodedNames, decodeDomainName, encodeDomainName } from './values/fqdn.js';
export {
  type DecodeLimits,
  type DecodeResult,
  decodeMessage,
  decodeOptions,
  decodeRawOptions,
  isClientServerType,
  isRelayType,
  MAX_OPTION_DEPTH,
  safeDecodeMessage,
} from './wire/decode.js';
export { encodeMessage, encodeOption, optionPayload, writeMessage, writeOption } from './wire/encode.js';
export { findOption, findOptions, findRawOption } from './wire/find.js';
export {
  type RelayLayer,
  relayInterfaceId,
  relayOption,
  relayRemoteId,
  relaySourcePort,
  type UnwrappedMessage,
  unwrapRelay,
  wrapRelayReply,
} from './wire/relay.js';
export type * from './wire/types.js';
export { DEFAULT_ECHOED_OPTIONS, PacketWriter } from './wire/writer.js';
