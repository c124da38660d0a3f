/**
 * Loading a daemon's configuration file under the path policy, as kea-dhcp-ddns and
 * kea-ctrl-agent both do it (start-up, -t, SIGHUP, config-reload): the first load trusts the
 * directories its file names and seals the policy; every later load, and every configuration
 * the control channel receives, is held to that sealed policy.
 */
import { type DaemonSection, type JsonObject, loadSectionFromFile, type SourceMap } from '@nestor/config';
import { PathPolicy, trustConfiguredPaths } from '@nestor/control';
import { defaultDirectories } from './paths.js';
import { ConfigError } from './run.js';

/** Every problem line of a refusal: any error with a `problems` list of lines, else its message. */
export function problemsOf(err: unknown): string[] {
  const problems = (err as { problems?: unknown })?.problems;
  if (Array.isArray(problems) && problems.every((p) => typeof p === 'string')) return [...problems];
  return [err instanceof Error ? err.message : String(err)];
}

/** Where a daemon may create files, before the start-up file's own directories are added. */
export function daemonPathPolicy(configFile: string, env: NodeJS.ProcessEnv = process.env): PathPolicy {
  const dirs = defaultDirectories();
  return new PathPolicy({
    configFile,
    defaults: { socket: dirs.runStateDir, log: dirs.logDir, data: dirs.dataDir },
    env,
  });
}

/** A configuration file's whole document; a syntax error or a misplaced section is a ConfigError. */
export function readSectionDocument(
  file: string,
  section: DaemonSection,
): { document: JsonObject; sources: SourceMap } {
  try {
    const { document, parsed } = loadSectionFromFile(file, section);
    return { document: document as JsonObject, sources: parsed.sources };
  } catch (err) {
    throw new ConfigError(problemsOf(err));
  }
}

/** Checks and resolves a whole document (file, config-set, config-test) under a policy; throws ConfigError. */
export type SectionResolver<C> = (document: JsonObject, policy: PathPolicy, sources?: SourceMap) => C;

export class PolicedConfigLoader<C> {
  private current: PathPolicy | undefined;

  constructor(
    private readonly section: DaemonSection,
    private readonly resolve: SectionResolver<C>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The sealed policy of the start-up file. */
  get policy(): PathPolicy {
    if (!this.current) throw new Error('no configuration loaded yet');
    return this.current;
  }

  async load(file: string): Promise<C> {
    const { document, sources } = readSectionDocument(file, this.section);
    if (!this.current) {
      const policy = daemonPathPolicy(file, this.env);
      trustConfiguredPaths(policy, document[this.section] ?? null, this.section);
      policy.seal();
      this.current = policy;
    }
    return this.resolve(document, this.current, sources);
  }
}
