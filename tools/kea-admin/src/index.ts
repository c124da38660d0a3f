/** @nestor/kea-admin: Kea's kea-admin for the mysql and pgsql lease databases. */

export { runAdmin } from './admin.js';
export { type AdminOptions, BACKENDS, COMMANDS, DEFAULTS, type ParsedArgs, parseAdminArgs } from './args.js';
export { splitMysqlScript } from './db/mysql-script.js';
export { dumpLine, dumpText } from './dump-format.js';
export type { AdminIo } from './io.js';
export { CURRENT_SCHEMA, createScriptPath, defaultScriptsDir } from './scripts.js';
