/**
 * @nestor/d2: kea-dhcp-ddns. Today it runs on the daemon scaffolding with its configuration and
 * control channel; NameChangeRequests are not received yet (see README.md).
 */
export {
  D2ConfigLoader,
  type D2Configuration,
  makePolicy,
  readD2Document,
  resolveD2Document,
  SECTION,
} from './config.js';
export { d2Definition } from './definition.js';
export { D2_MESSAGES } from './messages.js';
export { D2Service } from './service.js';
export { d2ShutdownHandler } from './shutdown-command.js';
