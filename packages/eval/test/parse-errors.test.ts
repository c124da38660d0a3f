/**
 * Parse errors, each with the exact text kea-dhcp6 2.2 prints for the same expression
 * (captured from `kea-dhcp6 -t`; kea-config-check.test.ts re-checks class lists against it live).
 */
import { describe, expect, it } from 'vitest';
import { ExpressionError, formatLocation, parseExpression } from '../src/index.js';

const classes = new Set(['ALL', 'KNOWN', 'UNKNOWN', 'defined']);
const parse = (text: string) => parseExpression(text, { isClassDefined: (name) => classes.has(name) });

const cases: Array<[string, string, string]> = [
  [
    "member('ALL') 'x'",
    'SYNTAX',
    '<string>:1.15-17: syntax error, unexpected constant string, expecting end of file',
  ],
  ["member('ALL') and", 'SYNTAX', '<string>:1.18: syntax error, unexpected end of file'],
  ['option[1].hex == ', 'SYNTAX', '<string>:1.18: syntax error, unexpected end of file'],
  ['option[1].hex', 'SYNTAX', '<string>:1.14: syntax error, unexpected end of file, expecting == or +'],
  ['(', 'SYNTAX', '<string>:1.2: syntax error, unexpected end of file'],
  ['', 'SYNTAX', '<string>:1.1: syntax error, unexpected end of file'],
  [
    'option[',
    'SYNTAX',
    '<string>:1.8: syntax error, unexpected end of file, expecting integer or option name',
  ],
  ['option[1]', 'SYNTAX', '<string>:1.10: syntax error, unexpected end of file, expecting .'],
  [
    'option[1].',
    'SYNTAX',
    '<string>:1.11: syntax error, unexpected end of file, expecting option or text or hex or exists',
  ],
  ["substring('abc',0,4", 'SYNTAX', '<string>:1.20: syntax error, unexpected end of file, expecting )'],
  ["'a' 'b'", 'SYNTAX', '<string>:1.5-7: syntax error, unexpected constant string, expecting == or +'],
  [
    'option[17].,option[3].exists',
    'SYNTAX',
    '<string>:1.12: syntax error, unexpected ",", expecting option or text or hex or exists',
  ],
  [
    'relay6[007].)[18].exists',
    'SYNTAX',
    '<string>:1.13: syntax error, unexpected ), expecting option or peeraddr or linkaddr',
  ],
  [
    "vendor-class[*].data[300] == 'a'",
    'VALUE_OUT_OF_RANGE',
    '<string>:1.22-24: Invalid value in 300. Allowed range: 0..255',
  ],
  [
    "relay6[40].peeraddr == 'a'",
    'VALUE_OUT_OF_RANGE',
    '<string>:1.8-9: Nest level has invalid value in 40. Allowed range: -32..31',
  ],
  [
    "relay6[200].peeraddr == 'a'",
    'VALUE_OUT_OF_RANGE',
    '<string>:1.8-10: Invalid value in 200. Allowed range: -128..127',
  ],
  [
    "option[99999].hex == 'a'",
    'VALUE_OUT_OF_RANGE',
    '<string>:1.8-12: Option code has invalid value in 99999. Allowed range: 0..65535',
  ],
  [
    "option[9999999999].hex == 'a'",
    'VALUE_OUT_OF_RANGE',
    '<string>:1.8-17: Option code has invalid value in 9999999999',
  ],
  [
    "'a' == 4294967296",
    'VALUE_OUT_OF_RANGE',
    '<string>:1.8-17: Invalid value in 4294967296. Allowed range: 0..4294967295',
  ],
  ["'a' == -1", 'VALUE_OUT_OF_RANGE', '<string>:1.8-9: Invalid value in -1. Allowed range: 0..4294967295'],
  [
    'option[1].hex == 99999999999999999999',
    'INVALID_INTEGER',
    '<string>:1.18-37: Failed to convert 99999999999999999999 to an integer.',
  ],
  [
    'option[1].hex == 01.2.3.4',
    'INVALID_ADDRESS',
    '<string>:1.18-25: Failed to convert 01.2.3.4 to an IP address.',
  ],
  ['option[1].hex == 0x', 'INVALID_CHARACTER', '<string>:1.19: Invalid character: x'],
  ['known', 'INVALID_CHARACTER', '<string>:1.1: Invalid character: k'],
  ["lcase('A') == 'a'", 'INVALID_CHARACTER', '<string>:1.1: Invalid character: l'],
  ['member("KNOWN")', 'INVALID_CHARACTER', '<string>:1.8: Invalid character: "'],
  ["option[foo].hex == 'a'", 'UNKNOWN_OPTION_NAME', "<string>:1.8-10: option 'foo' is not defined"],
  ['option[hex].hex == 0x01', 'UNKNOWN_OPTION_NAME', "<string>:1.8-10: option 'hex' is not defined"],
  ["member('foo')", 'UNDEFINED_CLASS', "<string>:1.8-12: Not defined client class 'foo'"],
  ["relay4[1].hex == 'a'", 'DHCPV4_ONLY', '<string>:1.1-6: relay4 can only be used in DHCPv4.'],
  ["pkt4.mac == 'a'", 'DHCPV4_ONLY', '<string>:1.1-4: pkt4 can only be used in DHCPv4.'],
];

describe('parse errors worded and located as Kea 2.2 does', () => {
  it.each(cases)('%s', (text, kind, message) => {
    let caught: unknown;
    try {
      parse(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    const error = caught as ExpressionError;
    expect(error.message).toBe(message);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(`NESTOR_EVAL_${kind}`);
    expect(error.expression).toBe(text);
    expect(`${formatLocation(error.location!)}: ${error.reason}`).toBe(message);
  });

  it('reports the location of a token after a newline on its own line', () => {
    expect(() => parse("option[1].hex ==\n  'a' 'b'")).toThrow(
      '<string>:2.7-9: syntax error, unexpected constant string',
    );
  });

  it('counts columns in UTF-8 bytes', () => {
    // 'é' is two bytes, so the stray quote at the end is at column 13, not 12.
    expect(() => parse("'é' == 'x' '")).toThrow("<string>:1.13: Invalid character: '");
  });

  it('shows a non-ASCII byte outside a string as \\xNN', () => {
    expect(() => parse("é == 'x'")).toThrow('<string>:1.1: Invalid character: \\xc3');
  });
});
