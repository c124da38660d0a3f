/** @nestor/keactrl: keactrl, which starts, stops, reloads and reports the daemons keactrl.conf lists. */
export { COMMANDS, type KeactrlArgs, type KeactrlCommand, parseKeactrlArgs, USAGE } from './cli.js';
export { KeactrlConfError, parseKeactrlConf } from './conf.js';
export { isRunning, runningPid, startDaemon, stopDaemon } from './daemons.js';
export { type KeactrlIo, runKeactrl, START_WAIT_MS, STOP_WAIT_MS } from './keactrl.js';
export {
  defaultKeactrlConf,
  type KeactrlSettings,
  loadKeactrlSettings,
  SERVER_NAMES,
  type ServerEntry,
  type ServerName,
} from './servers.js';
