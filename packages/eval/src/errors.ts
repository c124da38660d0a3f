/**
 * The eval package's error registry. Everything refused at configuration time is an ExpressionError
 * whose `kind` names one entry below and whose `code` is that entry's stable string; callers
 * branch on `kind`/`code`, never on message text. Evaluation itself never throws: a packet that
 * trips a runtime type check yields a failed EvalResult instead (see expression.ts).
 */
export const EVAL_ERRORS = {
  INVALID_CHARACTER: {
    code: 'NESTOR_EVAL_INVALID_CHARACTER',
    summary: 'a character that starts no token of the expression language',
  },
  INVALID_INTEGER: {
    code: 'NESTOR_EVAL_INVALID_INTEGER',
    summary: 'an integer literal outside the 64-bit range the lexer accepts',
  },
  INVALID_ADDRESS: {
    code: 'NESTOR_EVAL_INVALID_ADDRESS',
    summary: 'an IP address literal that is not a valid IPv4 or IPv6 address',
  },
  SYNTAX: {
    code: 'NESTOR_EVAL_SYNTAX',
    summary: 'the tokens do not form an expression of the grammar',
  },
  VALUE_OUT_OF_RANGE: {
    code: 'NESTOR_EVAL_VALUE_OUT_OF_RANGE',
    summary: 'an option code, nest level, enterprise id, index or integer literal is out of range',
  },
  UNKNOWN_OPTION_NAME: {
    code: 'NESTOR_EVAL_UNKNOWN_OPTION_NAME',
    summary: 'option[name] names no option definition of the dhcp6 space',
  },
  UNDEFINED_CLASS: {
    code: 'NESTOR_EVAL_UNDEFINED_CLASS',
    summary: 'member() names a class that is neither built in nor defined earlier',
  },
  DHCPV4_ONLY: {
    code: 'NESTOR_EVAL_DHCPV4_ONLY',
    summary: 'relay4 or pkt4, which only DHCPv4 servers accept',
  },
  TOO_COMPLEX: {
    code: 'NESTOR_EVAL_TOO_COMPLEX',
    summary: 'the expression is longer or nested deeper than Nestor accepts',
  },
  CLASS_NAME_EMPTY: {
    code: 'NESTOR_EVAL_CLASS_NAME_EMPTY',
    summary: 'a client class without a name',
  },
  CLASS_DUPLICATE: {
    code: 'NESTOR_EVAL_CLASS_DUPLICATE',
    summary: 'two client classes with the same name',
  },
  CLASS_TEST_INVALID: {
    code: 'NESTOR_EVAL_CLASS_TEST_INVALID',
    summary: "a client class whose test expression is refused (see the error's cause)",
  },
  BUILTIN_CLASS_MISUSE: {
    code: 'NESTOR_EVAL_BUILTIN_CLASS_MISUSE',
    summary: 'ALL, KNOWN, UNKNOWN or BOOTP given a test, or one of them or DROP marked only-if-required',
  },
} as const;

export type EvalErrorKind = keyof typeof EVAL_ERRORS;

/** A position in the expression text: 1-based line and column, columns counted in UTF-8 bytes. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A span of the expression text; `end` is one past the last byte, as in Bison locations. */
export interface SourceLocation {
  readonly begin: SourcePosition;
  readonly end: SourcePosition;
}

export interface ExpressionErrorDetails {
  /** Where in the expression the problem is (expression errors only). */
  location?: SourceLocation;
  /** The expression text (expression errors only). */
  expression?: string;
  /** Position of the offending entry in a client-class list (class errors only). */
  index?: number;
  /** The offending class name (class errors only). */
  className?: string;
  cause?: unknown;
}

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  readonly kind: EvalErrorKind;
  readonly code: string;
  /** The reason alone, without the location prefix (what Kea's parser reports after ": "). */
  readonly reason: string;
  readonly location: SourceLocation | undefined;
  readonly expression: string | undefined;
  readonly index: number | undefined;
  readonly className: string | undefined;

  constructor(kind: EvalErrorKind, message: string, reason: string, details: ExpressionErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.code = EVAL_ERRORS[kind].code;
    this.reason = reason;
    this.location = details.location;
    this.expression = details.expression;
    this.index = details.index;
    this.className = details.className;
  }
}

export function isExpressionError(value: unknown): value is ExpressionError {
  return value instanceof ExpressionError;
}

/**
 * Bison's location text, which Kea prints in front of every expression error:
 * `<string>:1.8-10` (line.column-endcolumn), `<string>:1.18` for a single column, and
 * `<string>:1.3-2.4` when the span crosses a newline.
 */
export function formatLocation(location: SourceLocation): string {
  const { begin, end } = location;
  const endColumn = end.column > 0 ? end.column - 1 : 0;
  let text = `<string>:${begin.line}.${begin.column}`;
  if (begin.line < end.line) text += `-${end.line}.${endColumn}`;
  else if (begin.column < endColumn) text += `-${endColumn}`;
  return text;
}

/** An error located in the expression text, worded as Kea's parser words it. */
export function locatedError(
  kind: EvalErrorKind,
  location: SourceLocation,
  reason: string,
  expression?: string,
): ExpressionError {
  return new ExpressionError(kind, `${formatLocation(location)}: ${reason}`, reason, {
    location,
    expression,
  });
}
