/** kea-shell's command line, parsed as ISC's argparse-based kea-shell parses it. */
export interface ShellOptions {
  host: string;
  port: number;
  path: string;
  ca: string;
  cert: string;
  key: string;
  timeout: number;
  /** Every --service given, in order; a --service without a value adds nothing. */
  services: string[];
  authUser: string;
  authPassword: string;
  command: string;
  version: boolean;
  help: boolean;
}

export type ParsedArgs = { ok: true; options: ShellOptions } | { ok: false; error: string };

export const USAGE =
  'usage: kea-shell [-h] [--host HOST] [--port PORT] [--path PATH] [--ca CA]\n' +
  '                 [--cert CERT] [--key KEY] [--timeout TIMEOUT]\n' +
  '                 [--service [SERVICE]] [--auth-user AUTH_USER]\n' +
  '                 [--auth-password AUTH_PASSWORD] [-v]\n' +
  '                 [command]\n';

export const HELP = `${USAGE}
Sends one command to a Kea control agent over HTTP(S) and prints the JSON answer. The
command's arguments, if any, are read from standard input: the members of the arguments
map without its braces, e.g. "subnet-id": 1.

positional arguments:
  command               the command to send (default: list-commands)

options:
  -h, --help            show this help message and exit
  --host HOST           the agent's address (default: 127.0.0.1)
  --port PORT           the agent's TCP port (default: 8000)
  --path PATH           path of the URL (default: ""), for a reverse proxy
  --ca CA               CA certificate file or directory: enables HTTPS
  --cert CERT           client certificate file (with --key and --ca)
  --key KEY             client private key file (with --cert and --ca)
  --timeout TIMEOUT     seconds to wait for the answer (default: 10)
  --service [SERVICE]   a service the agent forwards to (repeat for several);
                        without it the agent runs the command itself
  --auth-user AUTH_USER
                        user for HTTP basic authentication
  --auth-password AUTH_PASSWORD
                        password for HTTP basic authentication
  -v                    print the version and exit
`;

type Kind = 'string' | 'int' | 'optional-append' | 'flag';
const LONG: Record<string, { key: keyof ShellOptions; kind: Kind }> = {
  '--help': { key: 'help', kind: 'flag' },
  '--host': { key: 'host', kind: 'string' },
  '--port': { key: 'port', kind: 'int' },
  '--path': { key: 'path', kind: 'string' },
  '--ca': { key: 'ca', kind: 'string' },
  '--cert': { key: 'cert', kind: 'string' },
  '--key': { key: 'key', kind: 'string' },
  '--timeout': { key: 'timeout', kind: 'int' },
  '--service': { key: 'services', kind: 'optional-append' },
  '--auth-user': { key: 'authUser', kind: 'string' },
  '--auth-password': { key: 'authPassword', kind: 'string' },
};

function defaults(): ShellOptions {
  return {
    host: '127.0.0.1',
    port: 8000,
    path: '',
    ca: '',
    cert: '',
    key: '',
    timeout: 10,
    services: [],
    authUser: '',
    authPassword: '',
    command: 'list-commands',
    version: false,
    help: false,
  };
}

/** A long option by its full name or an unambiguous prefix, as argparse allows. */
function lookup(name: string): { name: string; spec: (typeof LONG)[string] } | string {
  const exact = LONG[name];
  if (exact) return { name, spec: exact };
  const matches = Object.keys(LONG).filter((option) => option.startsWith(name));
  if (matches.length === 1)
    return { name: matches[0] as string, spec: LONG[matches[0] as string] as (typeof LONG)[string] };
  if (matches.length > 1) return `ambiguous option: ${name} could match ${matches.join(', ')}`;
  return `unrecognized arguments: ${name}`;
}

function isOptionLike(token: string | undefined): boolean {
  return token?.startsWith('-') === true && token !== '-' && !/^-\d/.test(token);
}

export function parseShellArgs(argv: readonly string[]): ParsedArgs {
  const options = defaults();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token === '-h') {
      options.help = true;
      continue;
    }
    if (token === '-v') {
      options.version = true;
      continue;
    }
    if (!token.startsWith('--') || token === '--') {
      if (isOptionLike(token)) return { ok: false, error: `unrecognized arguments: ${token}` };
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const found = lookup(eq >= 0 ? token.slice(0, eq) : token);
    if (typeof found === 'string') return { ok: false, error: found };
    const { name, spec } = found;
    let value: string | undefined = eq >= 0 ? token.slice(eq + 1) : undefined;
    if (spec.kind === 'flag') {
      if (value !== undefined)
        return { ok: false, error: `argument ${name}: ignored explicit argument '${value}'` };
      options.help = true;
      continue;
    }
    if (value === undefined && (spec.kind !== 'optional-append' || !isOptionLike(argv[i + 1]))) {
      if (spec.kind === 'optional-append') {
        // nargs="?": the next word is the service unless it is an option (or absent).
        if (argv[i + 1] !== undefined) value = argv[++i];
      } else {
        if (argv[i + 1] === undefined || isOptionLike(argv[i + 1])) {
          return { ok: false, error: `argument ${name}: expected one argument` };
        }
        value = argv[++i];
      }
    }
    switch (spec.kind) {
      case 'int': {
        const text = value ?? '';
        if (!/^\s*[+-]?\d+\s*$/.test(text))
          return { ok: false, error: `argument ${name}: invalid int value: '${text}'` };
        (options[spec.key] as number) = Number.parseInt(text, 10);
        break;
      }
      case 'optional-append':
        if (value !== undefined && value !== '') options.services.push(value);
        break;
      default:
        (options[spec.key] as string) = value ?? '';
    }
  }
  if (positionals.length > 1)
    return { ok: false, error: `unrecognized arguments: ${positionals.slice(1).join(' ')}` };
  if (positionals[0] !== undefined) options.command = positionals[0];
  return { ok: true, options };
}
