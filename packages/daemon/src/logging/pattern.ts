import { threadId } from 'node:worker_threads';

/** One log event as a pattern sees it. */
export interface LogEvent {
  time: number;
  severity: string;
  logger: string;
  /** Message id and text, "DHCP6_STARTED server started", as Kea's %m prints them. */
  message: string;
}

/** Kea's default layouts (log4cplus patterns) for files and consoles, and for syslog. */
export const DEFAULT_PATTERN = '%D{%Y-%m-%d %H:%M:%S.%q} %-5p [%c/%i.%t] %m\n';
export const DEFAULT_SYSLOG_PATTERN = '%-5p [%c.%t] %m\n';

type Piece = (event: LogEvent) => string;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function formatDate(format: string, time: number, utc: boolean): string {
  const date = new Date(time);
  const get = {
    Y: () => String(utc ? date.getUTCFullYear() : date.getFullYear()),
    m: () => pad2((utc ? date.getUTCMonth() : date.getMonth()) + 1),
    d: () => pad2(utc ? date.getUTCDate() : date.getDate()),
    H: () => pad2(utc ? date.getUTCHours() : date.getHours()),
    M: () => pad2(utc ? date.getUTCMinutes() : date.getMinutes()),
    S: () => pad2(utc ? date.getUTCSeconds() : date.getSeconds()),
    q: () => String(date.getMilliseconds()).padStart(3, '0'),
    Q: () => `${String(date.getMilliseconds()).padStart(3, '0')}.000`,
    '%': () => '%',
  } as Record<string, () => string>;
  return format.replace(/%(.)/g, (whole, letter: string) => get[letter]?.() ?? whole);
}

function justify(text: string, width: number | undefined, left: boolean): string {
  if (width === undefined || text.length >= width) return text;
  return left ? text.padEnd(width) : text.padStart(width);
}

/**
 * Compiles a log4cplus layout pattern, the form of Kea's `pattern` output option, once into a
 * formatter. Supported: %D{fmt} (local time), %d{fmt} (UTC), %p, %c, %i, %t, %m, %n, %% and
 * width/justification (%-5p). Unknown conversions are printed literally.
 */
export function compilePattern(pattern: string): (event: LogEvent) => string {
  const pieces: Piece[] = [];
  const re = /%(-?)(\d+)?([a-zA-Z%])(?:\{([^}]*)\})?/g;
  let last = 0;
  for (let m = re.exec(pattern); m !== null; m = re.exec(pattern)) {
    const literal = pattern.slice(last, m.index);
    if (literal) pieces.push(() => literal);
    last = re.lastIndex;
    const left = m[1] === '-';
    const width = m[2] === undefined ? undefined : Number(m[2]);
    const conversion = m[3]!;
    const argument = m[4];
    const whole = m[0];
    let piece: Piece;
    switch (conversion) {
      case 'D':
        piece = (e) => formatDate(argument ?? '%Y-%m-%d %H:%M:%S', e.time, false);
        break;
      case 'd':
        piece = (e) => formatDate(argument ?? '%Y-%m-%d %H:%M:%S', e.time, true);
        break;
      case 'p':
        piece = (e) => e.severity;
        break;
      case 'c':
        piece = (e) => e.logger;
        break;
      case 'i':
        piece = () => String(process.pid);
        break;
      case 't':
        piece = () => String(threadId);
        break;
      case 'm':
        piece = (e) => e.message;
        break;
      case 'n':
        piece = () => '\n';
        break;
      case '%':
        piece = () => '%';
        break;
      default:
        piece = () => whole;
    }
    pieces.push(width === undefined ? piece : (e) => justify(piece(e), width, left));
  }
  const tail = pattern.slice(last);
  if (tail) pieces.push(() => tail);
  return (event) => {
    let out = '';
    for (const piece of pieces) out += piece(event);
    return out;
  };
}
