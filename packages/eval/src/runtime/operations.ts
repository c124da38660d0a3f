/**
 * The string operators, with Kea's semantics (token.cc) including its edge cases and the
 * runtime type errors it raises. A runtime error aborts the whole evaluation: the caller sees
 * an EvaluationFailure and, like Kea, does not assign the class.
 */
import { ipv6BytesToText } from '@nestor/codec';
import type { IntegerToTextType } from '../ast.js';
import { latin1ToBytes } from './values.js';

/** Raised inside an evaluation when Kea's evaluator would throw; never escapes evaluate(). */
export class EvaluationFailure {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * boost::lexical_cast<int> of a literal the grammar let through (an optional minus and digits):
 * undefined when it does not fit 32 bits, which makes Kea throw at evaluation time.
 */
export function int32Literal(text: string): number | undefined {
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= INT32_MIN && value <= INT32_MAX ? value : undefined;
}

/**
 * The [from, to) byte range substring() takes from a value of `size` bytes (size > 0), in
 * TokenSubstring's 32-bit int arithmetic: out-of-range starts give an empty range, negative
 * lengths count backwards from start. Written into `out` (from, to): the hot path of
 * `substring(option[..].hex, ..) == constant` allocates nothing.
 */
export function substringBounds(
  size: number,
  startValue: number,
  lengthValue: number,
  out: Int32Array,
): void {
  let start = startValue;
  let length = lengthValue;
  if (start < -size || start >= size) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  if (start < 0) start = size + start;
  if (length < 0) {
    length = -length | 0; // INT_MIN stays negative, as in C++
    if (length <= start) start = (start - length) | 0;
    else {
      length = start;
      start = 0;
    }
  }
  // std::string::substr: a position past the end throws, a length past it is clamped (a
  // negative int converted to size_t is huge, i.e. "to the end").
  if (start < 0 || start > size) throw new EvaluationFailure('basic_string::substr: __pos > this->size()');
  out[0] = start;
  out[1] = length < 0 ? size : Math.min(size, start + length);
}

/** substring(value, start, length); start and length are the literals of the expression. */
export function substring(value: string, startText: string, lengthText: string): string {
  if (value.length === 0) return '';
  const start = int32Literal(startText);
  if (start === undefined) {
    throw new EvaluationFailure(
      `the parameter '${startText}' for the starting position of the substring couldn't be converted to an integer.`,
    );
  }
  const length = lengthText === 'all' ? value.length : int32Literal(lengthText);
  if (length === undefined) {
    throw new EvaluationFailure(
      `the parameter '${lengthText}' for the length of the substring couldn't be converted to an integer.`,
    );
  }
  const bounds = new Int32Array(2);
  substringBounds(value.length, start, length, bounds);
  return value.slice(bounds[0], bounds[1]);
}

/** split(value, delimiters, field): boost::split on any of the delimiter bytes, 1-based field. */
export function split(value: string, delimiters: string, fieldText: string): string {
  if (value.length === 0) return '';
  const field = int32Literal(fieldText);
  if (field === undefined) {
    throw new EvaluationFailure(
      `the parameter '${fieldText}' for the field field for split couldn't be converted to an integer.`,
    );
  }
  if (delimiters.length === 0) return value;
  if (field < 1) return '';
  let current = 1;
  let begin = 0;
  for (let i = 0; i < value.length; i++) {
    if (delimiters.includes(value[i]!)) {
      if (current === field) return value.slice(begin, i);
      current++;
      begin = i + 1;
    }
  }
  return current === field ? value.slice(begin) : '';
}

/** hexstring(value, separator): lowercase hex pairs joined by the separator. */
export function hexstring(value: string, separator: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += separator;
    const byte = value.charCodeAt(i);
    out += (byte < 16 ? '0' : '') + byte.toString(16);
  }
  return out;
}

/** addrtotext(value): 4 or 16 bytes as address text; '' stays ''; any other size is an error. */
export function addressToText(value: string): string {
  if (value.length === 0) return '';
  if (value.length === 4) {
    return `${value.charCodeAt(0)}.${value.charCodeAt(1)}.${value.charCodeAt(2)}.${value.charCodeAt(3)}`;
  }
  if (value.length === 16) return ipv6BytesToText(latin1ToBytes(value));
  throw new EvaluationFailure('Can not convert to valid address.');
}

const WIDTHS: Record<IntegerToTextType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
};

/** int8totext .. uint32totext: network-order bytes of exactly the type's size, as decimal. */
export function integerToText(type: IntegerToTextType, value: string): string {
  if (value.length === 0) return '';
  const width = WIDTHS[type];
  if (value.length !== width) throw new EvaluationFailure(`Can not convert to valid ${type}.`);
  let n = 0;
  for (let i = 0; i < width; i++) n = n * 256 + value.charCodeAt(i);
  if (type.startsWith('int') && n >= 2 ** (8 * width - 1)) n -= 2 ** (8 * width);
  return String(n);
}
