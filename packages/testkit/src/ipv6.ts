// The tests' own IPv6 reading, deliberately independent of @nestor/codec: an oracle that shares
// the code it checks would agree with its bugs.
import { TestkitError } from './errors.js';

/** Parses an IPv6 address (with "::", without zone or prefix length) into a 128-bit integer. */
export function ipv6ToBigInt(text: string): bigint {
  const bad = () => new TestkitError('BAD_INPUT', `not an IPv6 address: ${JSON.stringify(text)}`);
  if (!/^[0-9a-fA-F:]+$/.test(text)) throw bad();
  const halves = text.split('::');
  if (halves.length > 2) throw bad();
  const groups = (part: string | undefined) => (part === undefined || part === '' ? [] : part.split(':'));
  const head = groups(halves[0]);
  const tailGroups = groups(halves[1]);
  const missing = 8 - head.length - tailGroups.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) throw bad();
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tailGroups];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) throw bad();
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return value;
}

/** True when `address` lies in the inclusive range first..last. */
export function ipv6InRange(address: string, first: string, last: string): boolean {
  const a = ipv6ToBigInt(address);
  return a >= ipv6ToBigInt(first) && a <= ipv6ToBigInt(last);
}

/** True when `address` lies inside `prefix` ("2001:db8:8000::/48"). */
export function ipv6InPrefix(address: string, prefix: string): boolean {
  const [base, lengthText] = prefix.split('/');
  const length = Number(lengthText);
  if (base === undefined || !Number.isInteger(length) || length < 0 || length > 128)
    throw new TestkitError('BAD_INPUT', `not an IPv6 prefix: ${JSON.stringify(prefix)}`);
  const shift = BigInt(128 - length);
  return ipv6ToBigInt(address) >> shift === ipv6ToBigInt(base) >> shift;
}
