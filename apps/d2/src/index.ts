/**
 * @nestor/d2: kea-dhcp-ddns: receives NameChangeRequests and carries them out against DNS
 * servers with RFC 2136 updates, TSIG and RFC 4703 conflict resolution (see README.md).
 */

export { d2ShutdownHandler } from './commands/shutdown.js';
export { D2_STATISTIC_COMMANDS, registerD2StatisticCommands } from './commands/statistics.js';
export {
  D2ConfigLoader,
  type D2Configuration,
  readD2Document,
  resolveD2Document,
  SECTION,
} from './config.js';
export { d2Definition } from './definition.js';
export { D2Engine, type ShutdownType } from './engine/engine.js';
export { D2_MESSAGES } from './messages.js';
export { D2Service } from './service.js';
export { KEY_STATS, keyStatName, NCR_STATS, UPDATE_STATS } from './stats.js';
