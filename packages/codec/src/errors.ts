/**
 * The codec's error registry: every failure the codec reports is a CodecError whose `kind`
 * names one entry below and whose `code` is that entry's stable string. Callers (the server's
 * packet pipeline, the config loader) branch on `kind`/`code`, never on message text.
 */
export const CODEC_ERRORS = {
  TRUNCATED_HEADER: {
    code: 'NESTOR_CODEC_TRUNCATED_HEADER',
    summary: 'message is shorter than its fixed header',
  },
  OPTION_HEADER_TRUNCATED: {
    code: 'NESTOR_CODEC_OPTION_HEADER_TRUNCATED',
    summary: 'fewer than 4 bytes left where an option header should start',
  },
  OPTION_LENGTH_PAST_END: {
    code: 'NESTOR_CODEC_OPTION_LENGTH_PAST_END',
    summary: 'option length runs past the end of its message or container',
  },
  NESTING_TOO_DEEP: {
    code: 'NESTOR_CODEC_NESTING_TOO_DEEP',
    summary: 'container options are nested deeper than the codec allows',
  },
  RELAY_HOPS_EXCEEDED: {
    code: 'NESTOR_CODEC_RELAY_HOPS_EXCEEDED',
    summary: 'more relay layers than HOP_COUNT_LIMIT (32)',
  },
  MISSING_RELAY_MESSAGE: {
    code: 'NESTOR_CODEC_MISSING_RELAY_MESSAGE',
    summary: 'a relay message carries no relay-msg option',
  },
  MALFORMED_OPTION: {
    code: 'NESTOR_CODEC_MALFORMED_OPTION',
    summary:
      'a structured option (IA, IAADDR, IAPREFIX, status-code, ORO, client-fqdn, ...) has an invalid layout',
  },
  MALFORMED_VALUE: {
    code: 'NESTOR_CODEC_MALFORMED_VALUE',
    summary: 'option bytes do not match the option definition',
  },
  INVALID_OPTION_DATA: {
    code: 'NESTOR_CODEC_INVALID_OPTION_DATA',
    summary: 'an option-data entry from configuration is invalid',
  },
  UNKNOWN_OPTION: {
    code: 'NESTOR_CODEC_UNKNOWN_OPTION',
    summary: 'no option definition for the given name or code',
  },
  INVALID_OPTION_DEF: {
    code: 'NESTOR_CODEC_INVALID_OPTION_DEF',
    summary: 'an option-def entry is invalid',
  },
  DUPLICATE_OPTION_DEF: {
    code: 'NESTOR_CODEC_DUPLICATE_OPTION_DEF',
    summary: 'two option definitions share a code or a name in one option space',
  },
  STANDARD_OPTION_OVERRIDE: {
    code: 'NESTOR_CODEC_STANDARD_OPTION_OVERRIDE',
    summary: 'an option-def tries to redefine a standard option',
  },
  INVALID_ADDRESS: {
    code: 'NESTOR_CODEC_INVALID_ADDRESS',
    summary: 'text is not a valid IP address',
  },
  INVALID_PREFIX: {
    code: 'NESTOR_CODEC_INVALID_PREFIX',
    summary: 'text is not a valid IPv6 prefix or range',
  },
  INVALID_DUID: {
    code: 'NESTOR_CODEC_INVALID_DUID',
    summary: 'text or bytes are not a valid DUID',
  },
  INVALID_ARGUMENT: {
    code: 'NESTOR_CODEC_INVALID_ARGUMENT',
    summary: 'a value handed to an encoder is out of range for its field',
  },
  BUFFER_OVERFLOW: {
    code: 'NESTOR_CODEC_BUFFER_OVERFLOW',
    summary: 'the encoded message does not fit the output buffer',
  },
  UNBALANCED_WRITER: {
    code: 'NESTOR_CODEC_UNBALANCED_WRITER',
    summary: 'a PacketWriter option was opened and not closed, or closed twice',
  },
} as const;

export type CodecErrorKind = keyof typeof CODEC_ERRORS;

export interface CodecErrorDetails {
  /** Byte offset in the decoded buffer where the problem was found. */
  offset?: number;
  /** Index of the offending entry in a list handed to the codec (option-def, option-data). */
  index?: number;
  cause?: unknown;
}

export class CodecError extends Error {
  override readonly name = 'CodecError';
  readonly kind: CodecErrorKind;
  readonly code: string;
  readonly offset: number | undefined;
  readonly index: number | undefined;

  constructor(kind: CodecErrorKind, message: string, details: CodecErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.code = CODEC_ERRORS[kind].code;
    this.offset = details.offset;
    this.index = details.index;
  }
}

export function isCodecError(value: unknown): value is CodecError {
  return value instanceof CodecError;
}

/** Shorthand used across the codec: `throw codecError('MALFORMED_OPTION', '...')`. */
export function codecError(kind: CodecErrorKind, message: string, details?: CodecErrorDetails): CodecError {
  return new CodecError(kind, message, details);
}
