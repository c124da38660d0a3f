/** @nestor/kea-shell: kea-shell, the command-line client of the control agent. */
export { HELP, type ParsedArgs, parseShellArgs, type ShellOptions, USAGE } from './args.js';
export { buildBody, type ShellResponse, sendToAgent, targetUrl } from './request.js';
export { runShell, type ShellIo } from './shell.js';
export { shellVersion } from './version.js';
