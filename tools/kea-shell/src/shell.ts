import { HELP, parseShellArgs, USAGE } from './args.js';
import { buildBody, sendToAgent } from './request.js';
import { shellVersion } from './version.js';

/** Where kea-shell reads and writes; the real process streams, or test doubles. */
export interface ShellIo {
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Words for connection failures, in the errno style ISC's Python client prints them. */
const ERRNO: Record<string, string> = {
  ECONNREFUSED: '[Errno 111] Connection refused',
  EHOSTUNREACH: '[Errno 113] No route to host',
  ENETUNREACH: '[Errno 101] Network is unreachable',
  ECONNRESET: '[Errno 104] Connection reset by peer',
  ENOTFOUND: '[Errno -2] Name or service not known',
  ENOENT: '[Errno 2] No such file or directory',
};

function describeFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const text = (e.code && ERRNO[e.code]) ?? e.message ?? String(err);
  return `<urlopen error ${text}>`;
}

/**
 * kea-shell: sends one command to the agent and prints its answer. Exit codes as ISC's:
 * 0 with an answer, 1 on a failure (printed on stdout, as ISC prints it), 2 on usage errors.
 */
export async function runShell(argv: readonly string[], io: ShellIo): Promise<number> {
  const parsed = parseShellArgs(argv);
  if (!parsed.ok) {
    io.stderr(`${USAGE}kea-shell: error: ${parsed.error}\n`);
    return 2;
  }
  const options = parsed.options;
  if (options.help) {
    io.stdout(HELP);
    return 0;
  }
  if (options.version) {
    io.stdout(`${shellVersion()}\n`);
    return 0;
  }
  if ((options.cert !== '') !== (options.key !== '')) {
    io.stdout('--cert and --key must be used together\n');
    return 1;
  }
  if (options.cert !== '' && options.ca === '') {
    io.stdout('--cert and --key with HTTPS disabled (no --ca)\n');
    return 1;
  }

  // As ISC's: the whole of standard input first, then the request, all within the timeout.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeout * 1000);
  });
  const exchange = (async () => {
    const args = await io.readStdin();
    const body = buildBody(options.command, options.services, args);
    return sendToAgent(options, body, shellVersion());
  })();
  try {
    const outcome = await Promise.race([exchange, timedOut]);
    if (outcome === 'timeout') {
      io.stdout('Connection timeout\n');
      return 1;
    }
    if (outcome.status < 200 || outcome.status >= 300) {
      io.stdout(`Failed to run: HTTP Error ${outcome.status}: ${outcome.reason}\n`);
      return 1;
    }
    io.stdout(`${outcome.body}\n`);
    return 0;
  } catch (err) {
    io.stdout(`Failed to run: ${describeFailure(err)}\n`);
    return 1;
  } finally {
    clearTimeout(timer);
    exchange.catch(() => undefined);
  }
}
