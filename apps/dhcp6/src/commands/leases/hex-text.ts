import { CommandArgumentError } from '@nestor/control';

/**
 * DUIDs and hardware addresses typed by an operator, read with the rules and refusals of Kea's
 * text decoders, so that lease commands accept what Kea accepts and answer its words otherwise.
 * Results are lowercase colon-separated byte pairs, as leases print them.
 */

/** Kea's DUID::MAX_DUID_LEN and HWAddr::MAX_HWADDR_LEN. */
const MAX_DUID_BYTES = 128;
const MAX_HWADDR_BYTES = 20;

const HEX_DIGIT = /^[0-9a-fA-F]$/;

const formatBytes = (bytes: readonly number[]): string =>
  bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');

/** Groups of one or two hex digits between single separators ("1:2:ab", "01 02"). */
function separated(text: string, separator: string): number[] {
  const groups = text.split(separator);
  const bytes: number[] = [];
  for (const group of groups) {
    if (groups.length > 1 && group === '') {
      throw new CommandArgumentError(
        `two consecutive separators ('${separator}') specified in a decoded string '${text}'`,
      );
    }
    if (group.length > 2) throw new CommandArgumentError(`invalid format of the decoded string '${text}'`);
    if (group === '') continue;
    for (const digit of group) {
      if (!HEX_DIGIT.test(digit)) {
        throw new CommandArgumentError(
          `'${digit}' is not a valid hexadecimal digit in decoded string '${text}'`,
        );
      }
    }
    bytes.push(Number.parseInt(group, 16));
  }
  return bytes;
}

/** Colon- or space-separated groups, or a run of digits with an optional "0x" (odd: a leading 0). */
function formattedHex(text: string): number[] {
  if (text.includes(':')) return separated(text, ':');
  if (text.includes(' ')) return separated(text, ' ');
  // The parity is the whole text's, "0x" included, as Kea counts it.
  const digits =
    (text.length % 2 === 1 ? '0' : '') + (text.length > 2 && text.startsWith('0x') ? text.slice(2) : text);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) {
    throw new CommandArgumentError(`'${text}' is not a valid string of hexadecimal digits`);
  }
  const bytes: number[] = [];
  for (let i = 0; i < digits.length; i += 2) bytes.push(Number.parseInt(digits.slice(i, i + 2), 16));
  return bytes;
}

/** A DUID from text: 1 to 128 bytes. */
export function duidFromText(text: string): string {
  const bytes = formattedHex(text);
  if (bytes.length > MAX_DUID_BYTES) {
    throw new CommandArgumentError(
      `DUID size is ${bytes.length} bytes, exceeds maximum of ${MAX_DUID_BYTES}`,
    );
  }
  if (bytes.length === 0) throw new CommandArgumentError('Empty DUIDs are not allowed');
  return formatBytes(bytes);
}

/** A hardware address from colon-separated text: at most 20 bytes, possibly none. */
export function hwaddrFromText(text: string): string {
  const bytes = separated(text, ':');
  if (bytes.length > MAX_HWADDR_BYTES) {
    throw new CommandArgumentError('address vector size exceeds MAX_HWADDR_LEN');
  }
  return formatBytes(bytes);
}
