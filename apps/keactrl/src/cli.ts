import { SERVER_NAMES, type ServerName } from './servers.js';

export const COMMANDS = ['start', 'stop', 'reload', 'status', 'version'] as const;
export type KeactrlCommand = (typeof COMMANDS)[number];

export type KeactrlArgs =
  | { kind: 'run'; command: KeactrlCommand; confFile: string | undefined; servers: ServerName[] | 'all' }
  | { kind: 'print-version' }
  | { kind: 'error'; message: string; usage: boolean };

export const USAGE =
  'usage is keactrl command [-c keactrl-config-file] [-s server[,server,..]]\ncommands: start stop reload status version\n';

/** `keactrl <command> [-c|--ctrl-config file] [-s|--server name[,name...]|all]`, as Kea's. */
export function parseKeactrlArgs(argv: readonly string[]): KeactrlArgs {
  const command = argv[0];
  if (command === undefined || command === '')
    return { kind: 'error', message: 'missing command', usage: true };
  if (command === '-v' || command === '--version') return { kind: 'print-version' };
  if (!(COMMANDS as readonly string[]).includes(command)) {
    return { kind: 'error', message: `invalid command: ${command}`, usage: false };
  }
  let confFile: string | undefined;
  let servers: ServerName[] | 'all' = 'all';
  for (let i = 1; i < argv.length; i++) {
    const option = argv[i] as string;
    if (option === '-c' || option === '--ctrl-config') {
      confFile = argv[++i];
      if (confFile === undefined || confFile === '') {
        return { kind: 'error', message: 'keactrl-config-file not specified', usage: true };
      }
    } else if (option === '-s' || option === '--server') {
      const names = (argv[++i] ?? '').split(',').filter((name) => name !== '');
      if (names.length === 0) return { kind: 'error', message: 'servers not specified', usage: true };
      for (const name of names) {
        if (name !== 'all' && !(SERVER_NAMES as readonly string[]).includes(name)) {
          return { kind: 'error', message: `invalid server name: ${name}`, usage: false };
        }
      }
      servers = names.includes('all') ? 'all' : (names as ServerName[]);
    } else {
      return { kind: 'error', message: `invalid option: ${option}`, usage: true };
    }
  }
  return { kind: 'run', command: command as KeactrlCommand, confFile, servers };
}
