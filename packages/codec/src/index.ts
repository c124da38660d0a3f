/**
 * @nestor/codec: the DHCPv6 wire format. See README.md for the API tour.
 */
export * from './constants.js';
export { isValidOptionName, type OptionDefEntry, parseOptionDef } from './defs/option-def.js';
export { OptionDefinitionRegistry } from './defs/registry.js';
export {
  DHCP6_SPACE,
  DOCSIS_SPACE,
  DOCSIS3_V6_SPACE,
  ISC_SPACE,
  ISC_V6_SPACE,
  isProtectedStandardSpace,
  LW_SPACE,
  MAPE_SPACE,
  MAPT_SPACE,
  S46_RULE_SPACE,
  S46_V4V6BIND_SPACE,
  STANDARD_DEFINITIONS,
  vendorIdOfSpace,
} from './defs/standard.js';
export {
  describeType,
  type FieldType,
  fieldTypes,
  isFieldType,
  isOptionDataType,
  OPTION_DATA_TYPES,
  type OptionDataType,
  type OptionDefinition,
} from './defs/types.js';
export {
  type DuidInfo,
  describeDuid,
  duidType,
  formatDuid,
  MAX_DUID_LENGTH,
  makeDuidEn,
  makeDuidLl,
  makeDuidLlt,
  makeDuidUuid,
  parseDuid,
} from './duid.js';
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
export {
  eui64InterfaceId,
  formatMac,
  type HardwareAddress,
  linkLocalFromMac,
  MAX_HWADDR_LENGTH,
  macFromClientLinkLayerOption,
  macFromDocsisCmts,
  macFromDocsisModem,
  macFromDuid,
  macFromLinkLocal,
  macFromRemoteId,
  parseMac,
} from './mac.js';
export { assembleOptions, type ConfiguredOption } from './optiondata/encapsulate.js';
export { type OptionDataEntry, type ParsedOptionData, parseOptionData } from './optiondata/parse.js';
export { parseHexOrQuoted, splitCsv } from './optiondata/text.js';
export { toHex } from './util/hex.js';
export type { FieldValue, PrefixValue, PsidValue } from './values/fields.js';
export { type DecodedNames, decodeDomainName, encodeDomainName } from './values/fqdn.js';
export {
  decodeOptionValue,
  encodeCsvTokens,
  encodeOptionValue,
  formatOptionValue,
  type OptionValue,
  optionLabel,
  subOptionSpace,
} from './values/option-value.js';
export {
  decodePdExclude,
  decodeUserClass,
  decodeVendorClass,
  encodeOpaqueTuples,
  encodePdExclude,
  type PrefixText,
} from './values/special.js';
export { decodeOptionTree, type OptionTreeNode } from './values/tree.js';
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
