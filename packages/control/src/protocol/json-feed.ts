import { StringDecoder } from 'node:string_decoder';

export type FeedState = 'need-more' | 'complete' | 'error';

/** The largest request a control channel accepts by default: room for a big config-set. */
export const DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

enum Mode {
  /** Before the first `{` or `[`. */
  Start,
  Value,
  String,
  StringEscape,
  /** Saw `/`: a comment may start. */
  Slash,
  LineComment,
  BlockComment,
  /** Saw `*` in a block comment: it may end. */
  BlockCommentStar,
  Done,
  Failed,
}

/**
 * Finds where one JSON command ends in a byte stream, as Kea's JSON feed does: the stream
 * must start (after white space) with `{` or `[`, and the value is complete when its brackets
 * balance outside strings. `#`, `//` and `/* *\/` comments are accepted and blanked, so the
 * completed text parses with JSON.parse. Bytes after the value are ignored. Never throws.
 */
export class JsonFeed {
  private readonly decoder = new StringDecoder('utf8');
  private readonly pieces: string[] = [];
  private mode: Mode = Mode.Start;
  /** Where to return after a comment or a string. */
  private resume: Mode = Mode.Start;
  private depth = 0;
  private bytes = 0;
  private failure = '';

  constructor(private readonly maxBytes: number = DEFAULT_MAX_REQUEST_BYTES) {}

  get state(): FeedState {
    if (this.mode === Mode.Done) return 'complete';
    if (this.mode === Mode.Failed) return 'error';
    return 'need-more';
  }

  /** Bytes received so far (up to the end of the value once complete). */
  get bytesReceived(): number {
    return this.bytes;
  }

  /** Why the feed failed, when state is 'error'. */
  get error(): string {
    return this.failure;
  }

  /** Whether anything other than white space has arrived. */
  get started(): boolean {
    return this.mode !== Mode.Start || this.pieces.length > 0;
  }

  /** The value's text with comments blanked out; meaningful once complete. */
  text(): string {
    return this.pieces.join('');
  }

  push(chunk: Buffer | string): FeedState {
    if (this.mode === Mode.Done || this.mode === Mode.Failed) return this.state;
    const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (this.bytes + size > this.maxBytes) {
      this.fail(`command is larger than the limit of ${this.maxBytes} bytes`);
      this.bytes += size;
      return this.state;
    }
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const consumed = this.scan(text);
    // Count only what belongs to the value: trailing bytes are not ours.
    this.bytes += consumed === text.length ? size : Buffer.byteLength(text.slice(0, consumed));
    return this.state;
  }

  private fail(reason: string): void {
    this.mode = Mode.Failed;
    this.failure = reason;
  }

  /** Scans characters; returns how many were consumed (fewer when the value ended early). */
  private scan(text: string): number {
    // Characters of the value are copied in runs: `run` is where the current run started, or
    // -1 while inside white space before the value or a comment.
    const emitting = this.mode === Mode.Value || this.mode === Mode.String || this.mode === Mode.StringEscape;
    let run = emitting ? 0 : -1;
    const flush = (end: number): void => {
      if (run >= 0 && end > run) this.pieces.push(text.slice(run, end));
      run = -1;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      switch (this.mode) {
        case Mode.Start:
          if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
            this.depth = 1;
            this.mode = Mode.Value;
            run = i;
          } else if (c === 0x23 /* # */) {
            this.enterComment(Mode.LineComment, Mode.Start);
          } else if (c === 0x2f /* / */) {
            this.enterComment(Mode.Slash, Mode.Start);
          } else if (!isWhiteSpace(c)) {
            this.fail(`invalid first character ${describeChar(text, i)}`);
            return i + 1;
          }
          break;
        case Mode.Value:
          if (c === 0x22 /* " */) {
            this.mode = Mode.String;
          } else if (c === 0x7b || c === 0x5b) {
            this.depth++;
          } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
            if (--this.depth === 0) {
              flush(i + 1);
              this.mode = Mode.Done;
              return i + 1;
            }
          } else if (c === 0x23) {
            flush(i);
            this.pieces.push(' ');
            this.enterComment(Mode.LineComment, Mode.Value);
          } else if (c === 0x2f) {
            flush(i);
            this.enterComment(Mode.Slash, Mode.Value);
          }
          break;
        case Mode.String:
          if (c === 0x5c /* \ */) this.mode = Mode.StringEscape;
          else if (c === 0x22) this.mode = Mode.Value;
          break;
        case Mode.StringEscape:
          this.mode = Mode.String;
          break;
        case Mode.Slash:
          if (c === 0x2f) {
            this.mode = Mode.LineComment;
            if (this.resume === Mode.Value) this.pieces.push(' ');
          } else if (c === 0x2a /* * */) {
            this.mode = Mode.BlockComment;
            if (this.resume === Mode.Value) this.pieces.push(' ');
          } else if (this.resume === Mode.Start) {
            this.fail('invalid first character /');
            return i + 1;
          } else {
            // A lone slash is not JSON: keep it, so the parser reports it, and re-read this
            // character as part of the value.
            this.pieces.push('/');
            this.mode = Mode.Value;
            run = i;
            i--;
          }
          break;
        case Mode.LineComment:
          if (c === 0x0a /* \n */) {
            this.mode = this.resume;
            if (this.mode === Mode.Value) run = i; // keep the newline: line numbers stay right
          }
          break;
        case Mode.BlockComment:
          if (c === 0x2a) this.mode = Mode.BlockCommentStar;
          break;
        case Mode.BlockCommentStar:
          if (c === 0x2f) {
            this.mode = this.resume;
            if (this.mode === Mode.Value) run = i + 1;
          } else if (c !== 0x2a) {
            this.mode = Mode.BlockComment;
          }
          break;
        default:
          return i;
      }
    }
    flush(text.length);
    return text.length;
  }

  private enterComment(mode: Mode, resume: Mode): void {
    this.mode = mode;
    this.resume = resume;
  }
}

function isWhiteSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function describeChar(text: string, index: number): string {
  const c = text.codePointAt(index) ?? 0;
  return c >= 0x21 && c < 0x7f ? String.fromCodePoint(c) : `0x${c.toString(16).padStart(2, '0')}`;
}
