/**
 * A daemon started inside a test's own process (for tests only), from its DaemonDefinition, as the
 * scaffolding (runDaemon) starts it but without pid file, signal handlers or process exit:
 * the test reaches its command registry directly and fuzzes thousands of commands in seconds.
 * `shutdown` only records the request; `config-reload` re-reads the file as SIGHUP would.
 */
import { LogManager } from './logging/manager.js';
import type { DaemonContext, DaemonDefinition, RunningService } from './run.js';

export interface InProcessDaemon<C, S extends RunningService<C>> {
  service: S;
  /** Every shutdown the daemon asked for (the `shutdown` command), in order. */
  shutdowns: { reason: string; exitCode?: number }[];
  stop(): Promise<void>;
}

export async function startInProcess<C, S extends RunningService<C>>(
  definition: DaemonDefinition<C>,
  configFile: string,
): Promise<InProcessDaemon<C, S>> {
  const logs = new LogManager(definition.binary);
  const log = logs.get(`${definition.binary}.${definition.component}`);
  const config = await definition.loadConfig(configFile);
  logs.configure(definition.loggers(config));
  const shutdowns: { reason: string; exitCode?: number }[] = [];
  let service: S | undefined;
  const context: DaemonContext = {
    commandLine: { kind: 'run', configFile, debug: false },
    configFile,
    logs,
    log,
    requestShutdown: (reason, exitCode) => {
      shutdowns.push(exitCode === undefined ? { reason } : { reason, exitCode });
    },
    reloadConfigFile: async () => {
      try {
        const next = await definition.loadConfig(configFile);
        await service?.reconfigure(next);
        logs.configure(definition.loggers(next));
        return { ok: true };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
  service = (await definition.start(config, context)) as S;
  const started = service;
  return {
    service: started,
    shutdowns,
    stop: async () => {
      await started.stop();
      logs.close();
    },
  };
}
