import { closeSync, openSync, readFileSync } from 'node:fs';
import {
  type CommandRegistry,
  type ControlEndpoints,
  type ControlledDaemon,
  DaemonControl,
  isJsonObject,
  type JsonObject,
  type PathPolicy,
  type ReloadResult,
  resolveLogOutput,
} from '../../src/index.js';

/** A configuration refused with a list of problems, as the daemons' ConfigErrors are. */
class TestConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * A small but real daemon for the shared commands: a `Dhcp6`-like section with a lifetime,
 * control sockets it opens and log files it creates, held to a path policy.
 */
export class TestDaemon implements ControlledDaemon {
  readonly section = 'Dhcp6';
  readonly startedAt = Date.now();
  readonly control: DaemonControl;
  shutdowns: { reason: string; exitValue: number | undefined }[] = [];
  private config: JsonObject = {};
  private appliedAt = Date.now();

  constructor(
    readonly configFile: string,
    defaults: { socket: string; log: string; data: string },
  ) {
    this.control = new DaemonControl({ service: 'dhcp6', section: 'Dhcp6', configFile, defaults, env: {} });
    this.control.registerShared(this);
    this.registry.register('lease6-get', () => ({ result: 3, text: 'Lease not found.' }));
  }

  get registry(): CommandRegistry {
    return this.control.registry;
  }

  get policy(): PathPolicy {
    return this.control.policy;
  }

  get endpoints(): ControlEndpoints {
    return this.control.endpoints;
  }

  /** Start-up: the file named by -c is trusted, then the policy is sealed. */
  async start(): Promise<void> {
    const document = await this.readConfigFile();
    await this.control.start(this.validate(document));
    await this.applyConfig(document);
  }

  configuredAt(): number {
    return this.appliedAt;
  }

  currentConfig(): JsonObject {
    return structuredClone(this.config);
  }

  validate(document: JsonObject): JsonObject {
    const section = document.Dhcp6;
    if (!isJsonObject(section)) throw new TestConfigError(["missing 'Dhcp6' map"]);
    const problems: string[] = [];
    for (const key of Object.keys(section)) {
      if (
        !['valid-lifetime', 'control-socket', 'control-sockets', 'loggers', 'lease-database'].includes(key)
      ) {
        problems.push(`Dhcp6.${key}: unknown parameter`);
      }
    }
    const lifetime = section['valid-lifetime'];
    if (lifetime !== undefined && typeof lifetime !== 'number')
      problems.push('Dhcp6.valid-lifetime: must be an integer');
    if (problems.length > 0) throw new TestConfigError(problems);
    return section;
  }

  async testConfig(document: JsonObject): Promise<void> {
    const problems = this.control.check(this.validate(document));
    if (problems.length > 0) throw new TestConfigError(problems);
  }

  async applyConfig(document: JsonObject): Promise<void> {
    const section = this.validate(document);
    await this.control.apply(section);
    // Like a real daemon, open (create) every configured log file.
    for (const logger of Array.isArray(section.loggers) ? section.loggers : []) {
      if (!isJsonObject(logger) || !Array.isArray(logger.output_options)) continue;
      for (const output of logger.output_options) {
        if (isJsonObject(output) && typeof output.output === 'string') {
          const path = resolveLogOutput(this.policy, output.output);
          if (path !== output.output || path.startsWith('/')) closeSync(openSync(path, 'a', 0o640));
        }
      }
    }
    this.config = structuredClone(document);
    this.appliedAt = Date.now();
  }

  async readConfigFile(): Promise<JsonObject> {
    const value = JSON.parse(readFileSync(this.configFile, 'utf8')) as unknown;
    if (!isJsonObject(value)) throw new TestConfigError(['the configuration must be a map']);
    return value;
  }

  async reloadConfigFile(): Promise<ReloadResult> {
    try {
      await this.applyConfig(await this.readConfigFile());
      return { ok: true };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  shutdown(reason: string, exitValue?: number): void {
    this.shutdowns.push({ reason, exitValue });
  }

  version(): string {
    return '9.9.9';
  }

  extendedVersion(): string {
    return '9.9.9\ntest\nlinked with:\nnothing';
  }

  buildReport(): string {
    return 'Test build report';
  }

  statusExtras(): JsonObject {
    return { 'multi-threading-enabled': false, sockets: { status: 'ready' } };
  }

  async stop(): Promise<void> {
    await this.control.close();
  }
}
