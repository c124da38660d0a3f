import type { DaemonDefinition } from '@nestor/daemon';
import { agentVersionLines, CtrlAgent } from './agent.js';
import { type AgentConfig, AgentConfigLoader } from './config.js';

/** kea-ctrl-agent as the daemon scaffolding runs it. */
export function ctrlAgentDefinition(
  loader: AgentConfigLoader = new AgentConfigLoader(),
): DaemonDefinition<AgentConfig> {
  return {
    binary: 'kea-ctrl-agent',
    component: 'ctrl-agent',
    messagePrefix: 'CTRL_AGENT',
    title: 'Control Agent',
    loadConfig: (file) => loader.load(file),
    loggers: (config) => config.loggers,
    warnings: (config) => config.warnings,
    start: (config, context) => CtrlAgent.start(config, context, loader),
    versionLines: agentVersionLines,
    buildReportLines: agentVersionLines,
  };
}
