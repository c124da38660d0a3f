import {
  answer,
  CONTROL_RESULT,
  CommandRegistry,
  type ControlAnswer,
  type ControlledDaemon,
  HttpControlListener,
  type HttpRequestMeta,
  type JsonObject,
  type JsonValue,
  loadTlsServerOptions,
  type PathPolicy,
  parseCommand,
  type ReloadResult,
  registerSharedCommands,
  restrictUmask,
  type TlsSettings,
} from '@nestor/control';
import {
  buildReport,
  type DaemonContext,
  dependencyVersion,
  extendedVersionText,
  type Logger,
  nestorVersion,
  type RunningService,
} from '@nestor/daemon';
import {
  type AgentConfig,
  type AgentConfigLoader,
  readConfigDocument,
  resolveAgentConfig,
  SECTION,
} from './config.js';
import { forwardToServices } from './forward.js';

/** Services one request may name: each costs a connection to a daemon. */
const MAX_SERVICES = 64;

/** Success wording of Kea's agent, which differs from the DHCP servers'. */
const AGENT_TEXTS = {
  configSet: 'Configuration applied successfully.',
  configReload: 'Configuration applied successfully.',
  configTest: 'Configuration check successful',
  shutdown: 'Control Agent is shutting down',
};

/** -V lines of the agent: the runtime, then the HTTP framework it serves with. */
export function agentVersionLines(): string[] {
  return [`fastify ${dependencyVersion('fastify', import.meta.url)}`];
}

function tlsFingerprint(tls: TlsSettings | undefined): string {
  if (!tls) return '';
  // The files' contents, not just their names: a renewed certificate takes a new listener.
  return JSON.stringify(loadTlsServerOptions(tls));
}

/**
 * kea-ctrl-agent at work: an HTTP(S) listener that runs commands without `service` itself
 * and forwards the others to each named daemon's unix socket, answering with a list.
 */
export class CtrlAgent implements RunningService<AgentConfig>, ControlledDaemon {
  readonly section = SECTION;
  readonly startedAt = Date.now();
  readonly texts = AGENT_TEXTS;
  readonly registry: CommandRegistry;
  private config: AgentConfig;
  private listener!: HttpControlListener;
  private appliedAt = Date.now();
  private readonly httpLog: Logger;
  private readonly commandLog: Logger;

  private constructor(
    config: AgentConfig,
    private readonly context: DaemonContext,
    private readonly loader: AgentConfigLoader,
  ) {
    this.config = config;
    const root = context.logs.rootLogger.name;
    this.httpLog = context.logs.get(`${root}.http`);
    this.commandLog = context.logs.get(`${root}.commands`);
    this.registry = new CommandRegistry(this.commandLog);
    registerSharedCommands(this.registry, this);
  }

  static async start(
    config: AgentConfig,
    context: DaemonContext,
    loader: AgentConfigLoader,
  ): Promise<CtrlAgent> {
    restrictUmask();
    const agent = new CtrlAgent(config, context, loader);
    agent.listener = await agent.openListener(config);
    return agent;
  }

  get policy(): PathPolicy {
    return this.loader.policy;
  }

  /** The address the agent serves on (the real port when 0 was configured). */
  get url(): string {
    return this.listener.url;
  }

  private async openListener(config: AgentConfig): Promise<HttpControlListener> {
    const listener = await HttpControlListener.open({
      host: config.host,
      port: config.port,
      ...(config.tls ? { tls: config.tls } : {}),
      auth: () => this.config.auth,
      logger: this.httpLog,
      handle: (body, meta) => this.handle(body, meta),
    });
    const kind = config.tls ? 'HTTPS' : 'HTTP';
    this.context.log.info(
      `CTRL_AGENT_${kind}_SERVICE_STARTED`,
      `${kind} service bound to address ${config.host}:${listener.address.port}`,
    );
    return listener;
  }

  /** One request: the agent's own command, or a command forwarded to the services it names. */
  async handle(body: unknown, meta: HttpRequestMeta): Promise<JsonValue> {
    const parsed = parseCommand(body);
    if (!parsed.ok) return [answer(CONTROL_RESULT.ERROR, parsed.error) as unknown as JsonValue];
    const { command } = parsed;
    this.context.log.debug(
      10,
      'CTRL_AGENT_COMMAND_RECEIVED',
      `command ${command.command} received from remote address ${meta.remoteAddress}`,
    );
    const services = command.service;
    let answers: ControlAnswer[];
    if (services === undefined || (Array.isArray(services) && services.length === 0)) {
      answers = [await this.runLocally(command, meta)];
    } else if (!Array.isArray(services)) {
      answers = [answer(CONTROL_RESULT.ERROR, 'service value must be a list')];
    } else if (services.length > MAX_SERVICES) {
      answers = [answer(CONTROL_RESULT.ERROR, `service value has more than ${MAX_SERVICES} items`)];
    } else if (!services.every((s): s is string => typeof s === 'string')) {
      answers = [answer(CONTROL_RESULT.ERROR, 'service name must be a string')];
    } else {
      answers = await forwardToServices(command, services, this.config.services, this.context.log);
    }
    return answers as unknown as JsonValue;
  }

  private async runLocally(
    command: Parameters<CommandRegistry['dispatch']>[0],
    meta: HttpRequestMeta,
  ): Promise<ControlAnswer> {
    const reply = await this.registry.dispatch(command, {
      channel: meta.channel,
      remoteAddress: meta.remoteAddress,
      ...(meta.user ? { user: meta.user } : {}),
    });
    if (reply.result !== CONTROL_RESULT.COMMAND_UNSUPPORTED) return reply;
    return answer(
      CONTROL_RESULT.COMMAND_UNSUPPORTED,
      `'${command.command}' command not supported. The request names no "service", so the Control Agent ` +
        'ran it itself; to reach a server, name it: "service": [ "dhcp6" ] sends the command to the DHCPv6 ' +
        'server, "service": [ "dhcp6", "d2" ] to the DHCPv6 and DDNS servers.',
    );
  }

  /**
   * Moves to a new configuration. Credentials and service sockets change in place; a new
   * address or TLS set-up takes a new listener, opened before the old one closes when the
   * address differs, so a refused bind leaves the agent serving as before.
   */
  private async switchTo(next: AgentConfig): Promise<void> {
    const current = this.config;
    const sameAddress = next.host === current.host && next.port === current.port;
    const sameTls = tlsFingerprint(next.tls) === tlsFingerprint(current.tls);
    if (!sameAddress) {
      const fresh = await this.openListener(next);
      const old = this.listener;
      this.listener = fresh;
      // Not waiting: the request that asked for this (config-set) still has to be answered.
      await old.close({ wait: false });
    } else if (!sameTls) {
      const old = this.listener;
      await old.close({ wait: false });
      try {
        this.listener = await this.openListener(next);
      } catch (err) {
        this.listener = await this.openListener(current);
        throw err;
      }
    }
    this.config = next;
    this.appliedAt = Date.now();
  }

  // RunningService: the scaffolding's SIGHUP and config-reload path.
  async reconfigure(config: AgentConfig): Promise<void> {
    await this.switchTo(config);
  }

  async stop(): Promise<void> {
    await this.listener.close();
  }

  // ControlledDaemon: what the shared commands ask of the agent.
  configuredAt(): number {
    return this.appliedAt;
  }

  currentConfig(): JsonObject {
    return structuredClone(this.config.document);
  }

  async testConfig(document: JsonObject): Promise<void> {
    resolveAgentConfig(document, this.policy);
  }

  async applyConfig(document: JsonObject): Promise<void> {
    const next = resolveAgentConfig(document, this.policy);
    await this.switchTo(next);
    this.context.logs.configure(next.loggers, { debug: this.context.commandLine.debug });
  }

  async readConfigFile(): Promise<JsonObject> {
    return readConfigDocument(this.context.configFile);
  }

  reloadConfigFile(): Promise<ReloadResult> {
    return this.context.reloadConfigFile();
  }

  shutdown(reason: string): void {
    this.context.requestShutdown(reason);
  }

  version(): string {
    return nestorVersion();
  }

  extendedVersion(): string {
    return extendedVersionText(agentVersionLines());
  }

  buildReport(): string {
    return buildReport(agentVersionLines());
  }
}
