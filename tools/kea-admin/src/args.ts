/**
 * kea-admin's command line, parsed as Kea 2.2's kea-admin (a shell script) parses it: the command
 * first, then the backend, then options in any order; a later option overrides an earlier one,
 * -x accumulates. Errors carry Kea's wording and say whether Kea prints the usage after them.
 */
export const COMMANDS = [
  'db-init',
  'db-version',
  'db-upgrade',
  'lease-dump',
  'lease-upload',
  'stats-recount',
] as const;
export const BACKENDS = ['memfile', 'mysql', 'pgsql'] as const;

export type AdminCommand = (typeof COMMANDS)[number];
export type AdminBackend = (typeof BACKENDS)[number];

export interface AdminOptions {
  command: AdminCommand;
  backend: AdminBackend;
  host: string;
  /** Undefined unless -P was given (the client's default port is used then). */
  port: string | undefined;
  user: string;
  /** Undefined unless -p was given or KEA_ADMIN_DB_PASSWORD is set (see resolvePassword). */
  password: string | undefined;
  /** -p was the last argument: Kea prompts for it on a terminal, else assumes empty. */
  passwordPrompt: boolean;
  name: string;
  scriptsDir: string | undefined;
  dhcpVersion: 0 | 4 | 6;
  inputFile: string | undefined;
  outputFile: string;
  /** -x values, joined with spaces as Kea joins them. */
  extra: string;
  assumeYes: boolean;
}

export type ParsedArgs =
  | { kind: 'run'; options: AdminOptions }
  | { kind: 'version' }
  | { kind: 'error'; message: string; usage: boolean };

/** kea-admin's defaults (admin-utils.sh): the test account of Kea's own unit tests. */
export const DEFAULTS = { host: 'localhost', user: 'keatest', password: 'keatest', name: 'keatest' } as const;

function fail(message: string, usage = true): ParsedArgs {
  return { kind: 'error', message, usage };
}

export function parseAdminArgs(argv: readonly string[]): ParsedArgs {
  const command = argv[0] ?? '';
  if (command === '') return fail('missing command');
  if (command === '-v' || command === '--version') return { kind: 'version' };
  if (!(COMMANDS as readonly string[]).includes(command)) return fail(`invalid command: ${command}`);
  const backend = argv[1] ?? '';
  if (backend === '') return fail('missing backend');
  // Kea prints no usage after an unknown backend.
  if (!(BACKENDS as readonly string[]).includes(backend)) return fail(`invalid backend: ${backend}`, false);

  const options: AdminOptions = {
    command: command as AdminCommand,
    backend: backend as AdminBackend,
    host: DEFAULTS.host,
    port: undefined,
    user: DEFAULTS.user,
    password: undefined,
    passwordPrompt: false,
    name: DEFAULTS.name,
    scriptsDir: undefined,
    dhcpVersion: 0,
    inputFile: undefined,
    outputFile: '',
    extra: '',
    assumeYes: false,
  };

  let i = 2;
  // The value after an option; Kea treats a missing and an empty value alike (except for -P).
  const value = (): string => {
    i += 1;
    return argv[i] ?? '';
  };
  const required = (short: string, long: string): string | ParsedArgs => {
    const v = value();
    return v === '' ? fail(`${short} or ${long} requires a parameter`) : v;
  };

  for (; i < argv.length; i += 1) {
    const option = argv[i] as string;
    switch (option) {
      case '-h':
      case '--host': {
        const v = required('-h', '--host');
        if (typeof v !== 'string') return v;
        options.host = v;
        break;
      }
      case '-P':
      case '--port': {
        i += 1;
        if (i >= argv.length) return fail('-P or --port requires a parameter');
        options.port = argv[i] as string;
        break;
      }
      case '-u':
      case '--user': {
        const v = required('-u', '--user');
        if (typeof v !== 'string') return v;
        options.user = v;
        break;
      }
      case '-p':
      case '--password':
        // The next argument is the password whatever it looks like; as the last argument
        // -p asks for one.
        if (i + 1 < argv.length) {
          i += 1;
          options.password = argv[i] as string;
          options.passwordPrompt = false;
        } else {
          options.password = '';
          options.passwordPrompt = true;
        }
        break;
      case '-n':
      case '--name': {
        const v = required('-n', '--name');
        if (typeof v !== 'string') return v;
        options.name = v;
        break;
      }
      case '-d':
      case '--directory': {
        const v = required('-d', '--directory');
        if (typeof v !== 'string') return v;
        options.scriptsDir = v;
        break;
      }
      case '-4':
        if (options.dhcpVersion === 6) return fail('you may not specify both -4 and -6');
        options.dhcpVersion = 4;
        break;
      case '-6':
        if (options.dhcpVersion === 4) return fail('you may not specify both -4 and -6');
        options.dhcpVersion = 6;
        break;
      case '-i':
      case '--input': {
        const v = required('-i', '--input');
        if (typeof v !== 'string') return v;
        options.inputFile = v;
        break;
      }
      case '-o':
      case '--output': {
        const v = required('-o', '--output');
        if (typeof v !== 'string') return v;
        options.outputFile = v;
        break;
      }
      case '-x':
      case '--extra': {
        const v = required('-x', '--extra');
        if (typeof v !== 'string') return v;
        options.extra = options.extra === '' ? v : `${options.extra} ${v}`;
        break;
      }
      case '-y':
      case '--yes':
        options.assumeYes = true;
        break;
      default:
        return fail(`invalid option: ${option}`);
    }
  }
  return { kind: 'run', options };
}
