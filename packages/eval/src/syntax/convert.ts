/**
 * The checks Kea's parser applies to numbers and names while it reduces a rule (its
 * EvalContext::convert* helpers), with the same ranges and the same messages.
 */
import { locatedError, type SourceLocation } from '../errors.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The integer literal's value; the lexer has already limited it to 64 bits. */
function integerValue(text: string): bigint {
  return BigInt(text);
}

/** option[N] and .option[N]: 0..65535 (boost::lexical_cast<int> first, hence two messages). */
export function convertOptionCode(text: string, location: SourceLocation): number {
  const n = integerValue(text);
  if (n < BigInt(INT32_MIN) || n > BigInt(INT32_MAX)) {
    throw locatedError('VALUE_OUT_OF_RANGE', location, `Option code has invalid value in ${text}`);
  }
  if (n < 0n || n > 65535n) {
    throw locatedError(
      'VALUE_OUT_OF_RANGE',
      location,
      `Option code has invalid value in ${text}. Allowed range: 0..65535`,
    );
  }
  return Number(n);
}

/** relay6[N]: an int8 first, then the relay hop range -32..31. */
export function convertNestLevel(text: string, location: SourceLocation): number {
  const n = integerValue(text);
  if (n < -128n || n > 127n) {
    throw locatedError('VALUE_OUT_OF_RANGE', location, `Invalid value in ${text}. Allowed range: -128..127`);
  }
  if (n < -32n || n >= 32n) {
    throw locatedError(
      'VALUE_OUT_OF_RANGE',
      location,
      `Nest level has invalid value in ${text}. Allowed range: -32..31`,
    );
  }
  return Number(n);
}

/** vendor-class[..].data[N]: 0..255. */
export function convertUint8(text: string, location: SourceLocation): number {
  const n = integerValue(text);
  if (n < 0n || n > 255n) {
    throw locatedError('VALUE_OUT_OF_RANGE', location, `Invalid value in ${text}. Allowed range: 0..255`);
  }
  return Number(n);
}

/** Integer literals used as values and enterprise ids: 0..4294967295. */
export function convertUint32(text: string, location: SourceLocation): number {
  const n = integerValue(text);
  if (n < 0n || n > 4294967295n) {
    throw locatedError(
      'VALUE_OUT_OF_RANGE',
      location,
      `Invalid value in ${text}. Allowed range: 0..4294967295`,
    );
  }
  return Number(n);
}

/** 0x... as bytes; an odd number of digits gets a leading 0. */
export function hexLiteral(text: string): string {
  let digits = text.slice(2);
  if (digits.length % 2 !== 0) digits = `0${digits}`;
  let out = '';
  for (let i = 0; i < digits.length; i += 2)
    out += String.fromCharCode(Number.parseInt(digits.slice(i, i + 2), 16));
  return out;
}
