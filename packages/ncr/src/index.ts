/**
 * @nestor/ncr: the NameChangeRequests a DHCP server sends kea-dhcp-ddns: the model, Kea's JSON
 * wire format (one UDP datagram: 2-byte length + JSON), the RFC 4701 DHCID, and a UDP sender
 * and receiver with bounded queues. See README.md.
 */
export { DHCID_IDENTIFIER, dhcidFromDuid, dhcidFromHwAddr } from './dhcid.js';
export { NcrMessageError } from './errors.js';
export {
  checkIpAddress,
  dhcidFromHex,
  type NcrJsonDialect,
  ncrFromJson,
  ncrToJson,
  normaliseFqdn,
  validateNcr,
} from './json.js';
export { DBG_TRACE_DATA, type NcrLogger, silentNcrLogger } from './logger.js';
export {
  CHANGE_TYPE,
  type ChangeType,
  CONFLICT_RESOLUTION_MODES,
  type ConflictResolutionMode,
  dhcidToHex,
  type NameChangeRequest,
  ncrToText,
  usesConflictResolution,
} from './model.js';
export { type DomainName, NameError, nameToText, nameToWire, parseName, textToWire } from './name.js';
export { BoundedQueue } from './queue.js';
export { timeFromText, timeToText } from './time.js';
export {
  DEFAULT_RECEIVE_QUEUE_SIZE,
  NcrReceiver,
  type NcrReceiverEvents,
  type NcrReceiverOptions,
} from './udp/receiver.js';
export {
  NcrSender,
  type NcrSenderCounters,
  type NcrSenderEvents,
  type NcrSenderOptions,
} from './udp/sender.js';
export { decodeNcr, encodeNcr, MAX_NCR_JSON_BYTES } from './wire.js';
