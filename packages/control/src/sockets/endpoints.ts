import type { BasicAuthConfig } from '../http/auth.js';
import { HttpControlListener, type HttpHeader } from '../http/listener.js';
import { type ControlLogger, silentLogger } from '../logger.js';
import {
  answer,
  CONTROL_RESULT,
  type ControlAnswer,
  isJsonObject,
  type JsonValue,
} from '../protocol/answer.js';
import type { CommandRegistry } from '../registry.js';
import { UnixControlServer } from '../unix/server.js';
import type { ControlSocketConfig, HttpSocketConfig } from './config.js';

export interface ControlEndpointsOptions {
  registry: CommandRegistry;
  /**
   * The service name HTTP endpoints answer for (`dhcp6`, `d2`): a request whose `service`
   * names another is refused, as Kea 3 does; an absent or empty list is fine.
   */
  service?: string;
  logger?: ControlLogger;
  maxRequestBytes?: number;
  /**
   * Unix sockets: how long a client may stay silent (Kea's 10 s). HTTP: the deadline for a
   * whole request (30 s; the headers' 10 s deadline never exceeds it). Defaults when unset.
   */
  requestTimeoutMs?: number;
  /** Connections each endpoint keeps open at most (256); at the bound the idlest or slowest is evicted. */
  maxConnections?: number;
}

interface OpenEndpoint {
  config: ControlSocketConfig;
  /** Identity of the listener itself: a change here needs a new one. */
  key: string;
  /** What it binds: two endpoints cannot hold the same at once. */
  bind: string;
  close(options?: { wait?: boolean }): Promise<void>;
  describe(): string;
  /** Live settings of an HTTP endpoint, swapped without re-binding. */
  live?: { auth: BasicAuthConfig | undefined; headers: readonly HttpHeader[] };
}

function bindKey(config: ControlSocketConfig): string {
  return config.type === 'unix' ? `unix:${config.path}` : `tcp:${config.address}:${config.port}`;
}

function endpointKey(config: ControlSocketConfig): string {
  if (config.type === 'unix') return bindKey(config);
  return JSON.stringify([config.type, config.address, config.port, config.tls ?? null]);
}

/**
 * Kea's check of the `service` list a request sent straight to a daemon carries: at most one
 * name, and it must be this daemon's. Returns the refusal, or undefined to go on.
 */
export function checkServiceForDaemon(body: unknown, service: string | undefined): ControlAnswer | undefined {
  if (!service || !isJsonObject(body) || body.service === undefined) return undefined;
  const services = body.service;
  if (!Array.isArray(services)) return answer(CONTROL_RESULT.ERROR, 'service value must be a list');
  if (services.length === 0) return undefined;
  if (services.length > 1) return answer(CONTROL_RESULT.ERROR, 'service value has more than one item');
  const name = services[0];
  if (typeof name !== 'string') return answer(CONTROL_RESULT.ERROR, 'service name must be a string');
  if (name === '' || name === service) return undefined;
  return answer(CONTROL_RESULT.ERROR, `unsupported service '${name}', expected '${service}'`);
}

/**
 * The control endpoints one daemon has open, kept in step with its configuration: `apply`
 * opens what is new, closes what is gone, and keeps (with updated credentials) what stays.
 */
export class ControlEndpoints {
  private open: OpenEndpoint[] = [];
  private readonly log: ControlLogger;

  constructor(private readonly options: ControlEndpointsOptions) {
    this.log = options.logger ?? silentLogger;
  }

  /** `unix:/path` or the URL of each open endpoint. */
  describe(): string[] {
    return this.open.map((endpoint) => endpoint.describe());
  }

  /**
   * Makes the open endpoints match `configs`. If a new endpoint cannot be opened, the ones
   * opened by this call are closed again and the error is thrown; endpoints that did not have
   * to make room for it stay as they were.
   */
  async apply(configs: readonly ControlSocketConfig[]): Promise<void> {
    const kept: OpenEndpoint[] = [];
    const wanted: ControlSocketConfig[] = [];
    const remaining = [...this.open];
    for (const config of configs) {
      const index = remaining.findIndex((endpoint) => endpoint.key === endpointKey(config));
      const existing = index >= 0 ? remaining.splice(index, 1)[0] : undefined;
      if (existing) {
        if (existing.live && config.type !== 'unix') {
          existing.live.auth = config.auth;
          existing.live.headers = config.headers;
        }
        existing.config = config;
        kept.push(existing);
      } else {
        wanted.push(config);
      }
    }
    // An endpoint whose address a new one takes must go first.
    const wantedBinds = new Set(wanted.map(bindKey));
    const displaced = remaining.filter((endpoint) => wantedBinds.has(endpoint.bind));
    const retired = remaining.filter((endpoint) => !wantedBinds.has(endpoint.bind));
    // Without waiting for their connections: the command that asked for this change may have
    // come in through one of them and still has to answer.
    for (const endpoint of displaced) await endpoint.close({ wait: false });

    const opened: OpenEndpoint[] = [];
    try {
      for (const config of wanted) opened.push(await this.openOne(config));
    } catch (err) {
      for (const endpoint of opened) await endpoint.close();
      this.open = this.open.filter((endpoint) => kept.includes(endpoint) || retired.includes(endpoint));
      throw err;
    }
    for (const endpoint of retired) await endpoint.close({ wait: false });
    // In configuration order, so describe() reads like the configuration.
    const all = [...kept, ...opened];
    this.open = configs.map((config) => all.find((endpoint) => endpoint.config === config) as OpenEndpoint);
  }

  async close(): Promise<void> {
    const endpoints = this.open;
    this.open = [];
    await Promise.all(endpoints.map((endpoint) => endpoint.close()));
  }

  private async openOne(config: ControlSocketConfig): Promise<OpenEndpoint> {
    if (config.type === 'unix') {
      const server = await UnixControlServer.open({
        path: config.path,
        registry: this.options.registry,
        logger: this.log,
        ...(this.options.maxRequestBytes ? { maxRequestBytes: this.options.maxRequestBytes } : {}),
        ...(this.options.requestTimeoutMs ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
        ...(this.options.maxConnections ? { maxConnections: this.options.maxConnections } : {}),
      });
      return {
        config,
        key: endpointKey(config),
        bind: bindKey(config),
        close: (options) => server.close(options),
        describe: () => `unix:${config.path}`,
      };
    }
    return this.openHttp(config);
  }

  private async openHttp(config: HttpSocketConfig): Promise<OpenEndpoint> {
    const live = { auth: config.auth, headers: config.headers as readonly HttpHeader[] };
    const { registry, service } = this.options;
    const listener = await HttpControlListener.open({
      host: config.address,
      port: config.port,
      ...(config.tls ? { tls: config.tls } : {}),
      auth: () => live.auth,
      headers: () => live.headers,
      logger: this.log,
      ...(this.options.maxRequestBytes ? { bodyLimit: this.options.maxRequestBytes } : {}),
      ...(this.options.requestTimeoutMs ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
      ...(this.options.maxConnections ? { maxConnections: this.options.maxConnections } : {}),
      handle: async (body, meta): Promise<JsonValue> => {
        const refusal = checkServiceForDaemon(body, service);
        const reply =
          refusal ??
          (await registry.handleValue(body, {
            channel: meta.channel,
            remoteAddress: meta.remoteAddress,
            ...(meta.user ? { user: meta.user } : {}),
          }));
        // Clients written for the agent expect a list of answers, one per service.
        return [reply as unknown as JsonValue];
      },
    });
    const { host, port } = listener.address;
    this.log.info(
      'COMMAND_HTTP_LISTENER_STARTED',
      `Command HTTP listener started, listening on ${host}:${port}, use TLS: ${config.tls ? 'true' : 'false'}`,
    );
    return {
      config,
      key: endpointKey(config),
      bind: bindKey(config),
      live,
      close: async (options) => {
        await listener.close(options);
        this.log.info('COMMAND_HTTP_LISTENER_STOPPED', `Command HTTP listener on ${host}:${port} stopped`);
      },
      describe: () => listener.url,
    };
  }
}
