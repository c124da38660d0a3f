import { isIP } from 'node:net';
import { NcrMessageError } from './errors.js';
import {
  type ChangeType,
  CONFLICT_RESOLUTION_MODES,
  type ConflictResolutionMode,
  dhcidToHex,
  type NameChangeRequest,
} from './model.js';
import { nameToText, parseName } from './name.js';
import { timeFromText, timeToText } from './time.js';

/**
 * Kea's JSON form of a NameChangeRequest (NameChangeRequest::fromJSON / toJSON), every check and
 * error text as Kea 2.2 words it. Kea 2.6's conflict-resolution-mode is read too and wins over
 * use-conflict-resolution; both are optional (check-with-dhcid when absent).
 */

type Json = unknown;

// Kea's data library refuses a value of the wrong JSON type with these texts.
const NOT_INT = 'intValue() called on non-integer Element';
const NOT_BOOL = 'boolValue() called on non-Bool Element';
const NOT_STRING = 'stringValue() called on non-string Element';

const fail = (text: string): never => {
  throw new NcrMessageError(text);
};

function member(map: Record<string, Json>, name: string): Json {
  if (!Object.hasOwn(map, name)) fail(`NameChangeRequest value missing for: ${name}`);
  return map[name];
}

// JSON.parse cannot tell 1 from 1.0; Kea's parser makes the latter a double, which intValue()
// refuses. Non-integral numbers are refused here; an integral one written with a fraction is not.
const isInt = (v: Json): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function bool(value: Json, what: string): boolean {
  if (typeof value !== 'boolean') fail(`Wrong data type for ${what}: ${NOT_BOOL}`);
  return value as boolean;
}

function string(value: Json): string {
  if (typeof value !== 'string') fail(NOT_STRING);
  return value as string;
}

function changeType(value: Json): ChangeType {
  if (!isInt(value)) return fail(`Wrong data type for change_type: ${NOT_INT}`);
  if (value !== 0 && value !== 1) fail(`Invalid data value for change_type: ${value}`);
  return value as ChangeType;
}

/** The fqdn as Kea stores it: parsed as a DNS name and printed back, with the trailing dot. */
export function normaliseFqdn(text: string): string {
  try {
    return nameToText(parseName(text));
  } catch (err) {
    return fail(`Invalid FQDN value: ${text}, reason: ${(err as Error).message}`);
  }
}

export function checkIpAddress(text: string): string {
  // Kea prints the address back from its binary form; Node's parser accepts the same texts.
  if (isIP(text) === 0) fail(`Invalid ip address string for ip_address: ${text}`);
  return text;
}

/**
 * Kea's decodeHex: whitespace skipped, then an even count of hex digits. (Kea's digit error is
 * the text of a boost exception; this one says the same thing.)
 */
export function dhcidFromHex(text: string): Uint8Array {
  const digits = text.replace(/[ \t\n\v\f\r]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(digits))
    fail('Invalid data in Dhcid: attempt to decode a value not in base16 char set');
  if (digits.length % 2 === 1) fail(`Invalid data in Dhcid: Incomplete input for base16: ${text}`);
  return new Uint8Array(Buffer.from(digits, 'hex'));
}

function leaseLength(value: Json): number {
  if (!isInt(value)) return fail(`Wrong data type for lease_length: ${NOT_INT}`);
  if (value > 0xffffffff) fail(`lease_length value ${value}is too large for unsigned 32-bit integer.`);
  if (value < 0) fail(`lease_length value ${value}is negative.  It must greater than or equal to zero `);
  return value;
}

function mode(map: Record<string, Json>): ConflictResolutionMode {
  if (Object.hasOwn(map, 'conflict-resolution-mode')) {
    const text = map['conflict-resolution-mode'];
    if (typeof text !== 'string') return fail(`Wrong data type for conflict-resolution-mode: ${NOT_STRING}`);
    if (!(CONFLICT_RESOLUTION_MODES as readonly string[]).includes(text))
      return fail(`Invalid ConflictResolutionMode: ${text}`);
    return text as ConflictResolutionMode;
  }
  if (Object.hasOwn(map, 'use-conflict-resolution')) {
    const use = map['use-conflict-resolution'];
    if (typeof use !== 'boolean') fail(`Wrong data type for use-conflict-resolution: ${NOT_BOOL}`);
    return use ? 'check-with-dhcid' : 'no-check-with-dhcid';
  }
  return 'check-with-dhcid';
}

/** Kea's validateContent: what every request must hold whatever its origin. */
export function validateNcr(ncr: NameChangeRequest): void {
  if (ncr.fqdn === '') fail('FQDN cannot be blank');
  if (ncr.dhcid.length === 0) fail('DHCID cannot be blank');
  if (!ncr.forwardChange && !ncr.reverseChange)
    fail('Invalid Request, forward and reverse flags are both false');
}

/** Reads an NCR from its JSON text; throws NcrMessageError with Kea's reason. */
export function ncrFromJson(text: string): NameChangeRequest {
  let parsed: Json;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return fail(`Malformed NameChangeRequest JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail('mapValue() called on non-map Element');
  const map = parsed as Record<string, Json>;
  // Members are read in Kea's order, so the first problem reported is the one Kea reports.
  const type = changeType(member(map, 'change-type'));
  const forwardChange = bool(member(map, 'forward-change'), 'forward-change');
  const reverseChange = bool(member(map, 'reverse-change'), 'reverse_change');
  const fqdn = normaliseFqdn(string(member(map, 'fqdn')));
  const ipAddress = checkIpAddress(string(member(map, 'ip-address')));
  const dhcid = dhcidFromHex(string(member(map, 'dhcid')));
  const expiresText = string(member(map, 'lease-expires-on'));
  const leaseExpiresOn = timeFromText(expiresText);
  if (leaseExpiresOn === undefined) fail(`Invalid date-time string: [${expiresText}]`);
  const ncr: NameChangeRequest = {
    changeType: type,
    forwardChange,
    reverseChange,
    fqdn,
    ipAddress,
    dhcid,
    leaseExpiresOn: leaseExpiresOn!,
    leaseLength: leaseLength(member(map, 'lease-length')),
    conflictResolutionMode: mode(map),
  };
  validateNcr(ncr);
  return ncr;
}

/**
 * Which conflict member a sender writes: Kea 2.2's boolean, Kea 2.6's mode, or both (the
 * boolean for a Kea 2.2 receiver, which ignores the mode; Kea 2.6 and later read the mode,
 * which supersedes the boolean).
 */
export type NcrJsonDialect = 'kea-2.2' | 'kea-2.6' | 'both';

/**
 * The JSON text Kea writes, members in its order. Kea 2.2 (the default) can say only whether
 * conflict resolution is used: the modes without the DHCID checks read back as "false".
 */
export function ncrToJson(ncr: NameChangeRequest, dialect: NcrJsonDialect = 'kea-2.2'): string {
  const mode = `"conflict-resolution-mode":"${ncr.conflictResolutionMode}"`;
  const legacy = `"use-conflict-resolution":${ncr.conflictResolutionMode === 'check-with-dhcid' || ncr.conflictResolutionMode === 'check-exists-with-dhcid'}`;
  const conflict = dialect === 'kea-2.6' ? mode : dialect === 'both' ? `${legacy},${mode}` : legacy;
  return (
    `{"change-type":${ncr.changeType},` +
    `"forward-change":${ncr.forwardChange},` +
    `"reverse-change":${ncr.reverseChange},` +
    `"fqdn":${JSON.stringify(ncr.fqdn)},` +
    `"ip-address":"${ncr.ipAddress}",` +
    `"dhcid":"${dhcidToHex(ncr.dhcid)}",` +
    `"lease-expires-on":"${timeToText(ncr.leaseExpiresOn)}",` +
    `"lease-length":${ncr.leaseLength},` +
    `${conflict}}`
  );
}
