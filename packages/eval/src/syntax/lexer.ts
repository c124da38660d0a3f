/**
 * The lexer of Kea's expression language, rule for rule: flex picks the longest match among
 * all rules (a trailing-context rule counts its context in that length) and the earlier rule
 * on a tie. It works on the UTF-8 bytes of the expression, as Kea does, so columns in error
 * locations are byte columns, and lexical errors (invalid character, integer or address)
 * are raised when the parser asks for the token, which is when Kea raises them too.
 */
import { ipv6TextToBytes, parseIpv4 } from '@nestor/codec';
import { locatedError, type SourceLocation } from '../errors.js';
import { LITERALS, T } from './tokens.js';

export interface Token {
  readonly terminal: number;
  /** Token text: the bytes between the quotes of a string (as latin1), else the matched text. */
  readonly text: string;
  readonly location: SourceLocation;
}

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const QUOTE = 0x27;
const MINUS = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const RBRACKET = 0x5d;

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isHex = (b: number) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isAlnum = (b: number) => isLetter(b) || isDigit(b);
const isBlank = (b: number) => b === SPACE || b === TAB;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Kea's lexer rules that can match, in flex rule order (the tie-breaker). */
enum Rule {
  Blank,
  Newline,
  String,
  HexString,
  Integer,
  OptionName,
  Address,
  Literal,
  Invalid,
}

/** Bison's location counter: `step` starts a token where the last ended. */
class LocationCounter {
  beginLine = 1;
  beginColumn = 1;
  endLine = 1;
  endColumn = 1;

  step(): void {
    this.beginLine = this.endLine;
    this.beginColumn = this.endColumn;
  }

  columns(count: number): void {
    this.endColumn += count;
  }

  lines(count: number): void {
    this.endLine += count;
    this.endColumn = 1;
  }

  snapshot(): SourceLocation {
    return {
      begin: { line: this.beginLine, column: this.beginColumn },
      end: { line: this.endLine, column: this.endColumn },
    };
  }
}

function ipv4Bytes(text: string): Uint8Array | undefined {
  try {
    return parseIpv4(text);
  } catch {
    return undefined; // not a strict dotted quad (a part above 255 or with a leading zero)
  }
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

/** How an error message shows one raw byte: itself when printable ASCII, else \xNN. */
function showByte(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
}

export class Lexer {
  private readonly bytes: Uint8Array;
  private readonly expression: string;
  private position = 0;
  private pendingStart: number | undefined;
  private readonly location = new LocationCounter();

  /** `startTerminal` is TOPLEVEL_BOOL or TOPLEVEL_STRING: Kea's lexer returns it first. */
  constructor(expression: string, startTerminal: number) {
    this.expression = expression;
    this.bytes = Buffer.from(expression, 'utf8');
    this.pendingStart = startTerminal;
  }

  next(): Token {
    const loc = this.location;
    loc.step();
    if (this.pendingStart !== undefined) {
      const terminal = this.pendingStart;
      this.pendingStart = undefined;
      return { terminal, text: '', location: loc.snapshot() };
    }
    const bytes = this.bytes;
    for (;;) {
      const at = this.position;
      if (at >= bytes.length) return { terminal: T.END, text: '', location: loc.snapshot() };
      const match = this.longestMatch(at);
      this.position = at + match.consumed;
      loc.columns(match.consumed);
      switch (match.rule) {
        case Rule.Blank:
          loc.step();
          continue;
        case Rule.Newline:
          loc.lines(match.consumed);
          loc.step();
          continue;
        case Rule.String:
          return {
            terminal: T.STRING,
            text: latin1(bytes, at + 1, at + match.consumed - 1),
            location: loc.snapshot(),
          };
        case Rule.HexString:
          return {
            terminal: T.HEXSTRING,
            text: latin1(bytes, at, at + match.consumed),
            location: loc.snapshot(),
          };
        case Rule.Integer:
          return this.integer(latin1(bytes, at, at + match.consumed));
        case Rule.OptionName:
          return this.optionName(at, match.consumed);
        case Rule.Address:
          return this.address(latin1(bytes, at, at + match.consumed));
        case Rule.Literal:
          return {
            terminal: match.terminal,
            text: latin1(bytes, at, at + match.consumed),
            location: loc.snapshot(),
          };
        default:
          throw locatedError(
            'INVALID_CHARACTER',
            loc.snapshot(),
            `Invalid character: ${showByte(bytes[at]!)}`,
            this.expression,
          );
      }
    }
  }

  /** The winning rule at `at`: the longest match, the earliest rule on a tie. */
  private longestMatch(at: number): { rule: Rule; consumed: number; terminal: number } {
    const bytes = this.bytes;
    let best = { rule: Rule.Invalid, length: 0, consumed: 1, terminal: -1 };
    const offer = (rule: Rule, length: number, consumed = length, terminal = -1) => {
      if (length > best.length) best = { rule, length, consumed, terminal };
    };
    offer(Rule.Blank, this.run(at, isBlank));
    offer(
      Rule.Newline,
      this.run(at, (b) => b === NEWLINE),
    );
    offer(Rule.String, this.stringLength(at));
    offer(Rule.HexString, this.hexStringLength(at));
    offer(Rule.Integer, this.integerLength(at));
    const name = this.optionNameLength(at);
    offer(Rule.OptionName, name.withContext, name.consumed);
    offer(Rule.Address, Math.max(this.address4Length(at), this.address6Length(at)));
    for (const [literal, terminal] of LITERALS) {
      if (literal.length > best.length && this.startsWith(at, literal)) {
        offer(Rule.Literal, literal.length, literal.length, terminal);
      }
    }
    // flex's "." rule: any single byte but newline (newlines always match the rule above).
    if (best.length === 0 && bytes[at] !== NEWLINE)
      best = { rule: Rule.Invalid, length: 1, consumed: 1, terminal: -1 };
    return best;
  }

  private run(at: number, accept: (byte: number) => boolean): number {
    let i = at;
    while (i < this.bytes.length && accept(this.bytes[i]!)) i++;
    return i - at;
  }

  private startsWith(at: number, literal: string): boolean {
    if (at + literal.length > this.bytes.length) return false;
    for (let i = 0; i < literal.length; i++) if (this.bytes[at + i] !== literal.charCodeAt(i)) return false;
    return true;
  }

  /** \'[^\'\n]*\' */
  private stringLength(at: number): number {
    if (this.bytes[at] !== QUOTE) return 0;
    for (let i = at + 1; i < this.bytes.length; i++) {
      const byte = this.bytes[i]!;
      if (byte === QUOTE) return i - at + 1;
      if (byte === NEWLINE) return 0;
    }
    return 0;
  }

  /** 0[xX][0-9a-fA-F]+ */
  private hexStringLength(at: number): number {
    const bytes = this.bytes;
    if (bytes[at] !== 0x30 || (bytes[at + 1] !== 0x78 && bytes[at + 1] !== 0x58)) return 0;
    const digits = this.run(at + 2, isHex);
    return digits > 0 ? 2 + digits : 0;
  }

  /** \-?[0-9]+ */
  private integerLength(at: number): number {
    const sign = this.bytes[at] === MINUS ? 1 : 0;
    const digits = this.run(at + sign, isDigit);
    return digits > 0 ? sign + digits : 0;
  }

  /**
   * [A-Za-z]([-_A-Za-z0-9]*[A-Za-z0-9])?({blank}|\n)* / ]  The trailing "]" counts for the
   * longest-match choice (`withContext`) but is left in the input (`consumed`).
   */
  private optionNameLength(at: number): { withContext: number; consumed: number } {
    const none = { withContext: 0, consumed: 0 };
    const bytes = this.bytes;
    if (!isLetter(bytes[at] ?? 0)) return none;
    const body = this.run(at + 1, (b) => isAlnum(b) || b === MINUS || b === 0x5f);
    if (!isAlnum(bytes[at + body]!)) return none;
    const trailing = this.run(at + 1 + body, (b) => isBlank(b) || b === NEWLINE);
    const consumed = 1 + body + trailing;
    return bytes[at + consumed] === RBRACKET ? { withContext: consumed + 1, consumed } : none;
  }

  /** [0-9]+\.[0-9]+\.[0-9]+\.[0-9]+ */
  private address4Length(at: number): number {
    let i = at;
    for (let part = 0; part < 4; part++) {
      if (part > 0) {
        if (this.bytes[i] !== DOT) return 0;
        i++;
      }
      const digits = this.run(i, isDigit);
      if (digits === 0) return 0;
      i += digits;
    }
    return i - at;
  }

  /** [0-9a-fA-F]*\:[0-9a-fA-F]*\:[0-9a-fA-F:.]* */
  private address6Length(at: number): number {
    let i = at + this.run(at, isHex);
    if (this.bytes[i] !== COLON) return 0;
    i += 1 + this.run(i + 1, isHex);
    if (this.bytes[i] !== COLON) return 0;
    i += 1 + this.run(i + 1, (b) => isHex(b) || b === COLON || b === DOT);
    return i - at;
  }

  private integer(text: string): Token {
    const location = this.location.snapshot();
    const value = BigInt(text);
    if (value < INT64_MIN || value > INT64_MAX) {
      throw locatedError(
        'INVALID_INTEGER',
        location,
        `Failed to convert ${text} to an integer.`,
        this.expression,
      );
    }
    return { terminal: T.INTEGER, text, location };
  }

  /** The name without its trailing blanks; a newline among them moves the location as Kea's does. */
  private optionName(at: number, consumed: number): Token {
    const loc = this.location;
    let end = at + consumed;
    while (end - at > 1) {
      const last = this.bytes[end - 1]!;
      if (!isBlank(last) && last !== NEWLINE) break;
      if (last === NEWLINE) {
        loc.lines(1);
        loc.step();
      }
      end--;
    }
    return { terminal: T.OPTION_NAME, text: latin1(this.bytes, at, end), location: loc.snapshot() };
  }

  /** An IP address token carries its 4 or 16 bytes (as latin1) rather than its text. */
  private address(text: string): Token {
    const location = this.location.snapshot();
    // Kea's IOAddress accepts what inet_pton accepts, as the codec's parsers do.
    const bytes = text.includes(':') ? ipv6TextToBytes(text) : ipv4Bytes(text);
    if (!bytes) {
      throw locatedError(
        'INVALID_ADDRESS',
        location,
        `Failed to convert ${text} to an IP address.`,
        this.expression,
      );
    }
    return { terminal: T.IP_ADDRESS, text: latin1(bytes, 0, bytes.length), location };
  }
}
