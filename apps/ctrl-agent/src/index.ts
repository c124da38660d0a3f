/** @nestor/ctrl-agent: kea-ctrl-agent, the HTTP(S) control agent in front of the daemons' sockets. */
export { CtrlAgent } from './agent.js';
export {
  type AgentConfig,
  AgentConfigLoader,
  readConfigDocument,
  resolveAgentConfig,
} from './config.js';
export { ctrlAgentDefinition } from './definition.js';
export { FORWARD_TIMEOUT_MS, forwardToServices } from './forward.js';
