/**
 * docker and docker-compose driven by a test: one compose project (its own name, so its
 * containers and volumes are its own), every call bounded, and a teardown that removes the
 * project's containers, volumes and images whatever state the test left them in.
 */
import { type Finished, runToEnd, tail } from '@nestor/testkit';

/** Runs docker (or docker-compose) to its end; throws with its output unless it exits 0. */
export async function docker(
  args: readonly string[],
  timeoutMs = 60_000,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  return (await checked('docker', args, timeoutMs, env)).stdout;
}

async function checked(
  program: string,
  args: readonly string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv,
): Promise<Finished> {
  const finished = await runToEnd(program, args, env, timeoutMs);
  if (finished.code !== 0)
    throw new Error(
      `${program} ${args.join(' ')} ${finished.signal ? `was killed by ${finished.signal}` : `exited ${finished.code}`}:\n${tail(finished.stdout + finished.stderr)}`,
    );
  return finished;
}

/** Why dockerd cannot be used here, or undefined when `docker info` answers. */
export async function dockerUnavailable(): Promise<string | undefined> {
  try {
    const info = await runToEnd('docker', ['info', '-f', '{{.ServerVersion}}'], {}, 15_000);
    return info.code === 0 ? undefined : tail(info.stderr || info.stdout);
  } catch (err) {
    return (err as Error).message;
  }
}

export interface ComposeOptions {
  /** The compose file. */
  file: string;
  /** The project name: prefixes every container and volume it makes. */
  project: string;
  /** Variables the compose file substitutes (NESTOR_TAG, NESTOR_KEA_ETC, ...). */
  env: NodeJS.ProcessEnv;
}

export interface HealthState {
  status: 'starting' | 'healthy' | 'unhealthy' | 'none';
  /** The last checks' output, oldest first. */
  log: string[];
}

export class ComposeProject {
  constructor(readonly options: ComposeOptions) {}

  /** docker-compose -f FILE -p PROJECT ARGS, with the project's variables. */
  async run(args: readonly string[], timeoutMs = 120_000): Promise<string> {
    const finished = await checked(
      'docker-compose',
      ['--no-ansi', '-f', this.options.file, '-p', this.options.project, ...args],
      timeoutMs,
      this.options.env,
    );
    return finished.stdout + finished.stderr;
  }

  /** The id of a service's container (the first one), or undefined when it has none. */
  async containerId(service: string): Promise<string | undefined> {
    const ids = (await this.run(['ps', '-q', service], 30_000)).trim().split('\n').filter(Boolean);
    return ids[0];
  }

  async requireContainer(service: string): Promise<string> {
    const id = await this.containerId(service);
    if (id === undefined) throw new Error(`service ${service} has no container`);
    return id;
  }

  /** docker inspect of a service's container, by Go template. */
  async inspect(service: string, template: string): Promise<string> {
    return (await docker(['inspect', '-f', template, await this.requireContainer(service)], 30_000)).trim();
  }

  async health(service: string): Promise<HealthState> {
    const raw = await this.inspect(service, '{{json .State.Health}}');
    if (raw === 'null' || raw === '') return { status: 'none', log: [] };
    const health = JSON.parse(raw) as { Status: HealthState['status']; Log?: { Output: string }[] };
    return { status: health.Status, log: (health.Log ?? []).map((l) => l.Output.trim()) };
  }

  /** A service's console output (the daemon's stdout and stderr), every run of its container. */
  async logs(service: string): Promise<string> {
    return docker(['logs', await this.requireContainer(service)], 30_000).catch((err: Error) => err.message);
  }

  /** The host path of one of the project's named volumes. */
  async volumePath(volume: string): Promise<string> {
    return (
      await docker(
        ['volume', 'inspect', '-f', '{{.Mountpoint}}', `${this.options.project}_${volume}`],
        30_000,
      )
    ).trim();
  }

  /**
   * Removes the project's containers, its named volumes and the images its services name (the
   * test's own tags), tolerating any of them being absent. Never throws: it runs in teardown.
   */
  async destroy(): Promise<string[]> {
    const problems: string[] = [];
    try {
      await this.run(['down', '--volumes', '--remove-orphans', '--rmi', 'all', '--timeout', '5'], 120_000);
    } catch (err) {
      problems.push((err as Error).message);
    }
    return problems;
  }
}
