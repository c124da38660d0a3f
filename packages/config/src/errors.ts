import type { JsonValue, SourceMap, SourcePosition } from './kea-json.js';

/** One reason a configuration is refused: where (JSON path, file and line) and why. */
export interface ConfigProblem {
  /** JSON path in Kea's notation, e.g. `Dhcp6.subnet6[0].pools[1].pool`. */
  path: string;
  message: string;
  position?: SourcePosition;
}

/** Formats a path of keys and indexes: ['Dhcp6', 'subnet6', 0, 'id'] -> `Dhcp6.subnet6[0].id`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.position ? ` (${problem.position.file}:${problem.position.line})` : '';
  return `${problem.path || '<root>'}${where}: ${problem.message}`;
}

/** A configuration refused as a whole; `problems` holds one line per reason, every one listed. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(readonly details: readonly ConfigProblem[]) {
    const problems = details.map(formatProblem);
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Collects problems while checking a parsed document, locating each in the source; also
 * warnings: what is accepted but deserves a word (Kea logs those and carries on).
 */
export class ProblemCollector {
  readonly problems: ConfigProblem[] = [];
  readonly warnings: ConfigProblem[] = [];
  constructor(
    private readonly root: JsonValue,
    readonly sources: SourceMap | undefined,
  ) {}

  add(path: readonly (string | number)[], message: string): void {
    this.problems.push(this.locate(path, message));
  }

  warn(path: readonly (string | number)[], message: string): void {
    this.warnings.push(this.locate(path, message));
  }

  private locate(path: readonly (string | number)[], message: string): ConfigProblem {
    const position = this.sources?.locate(this.root, path);
    return { path: formatPath(path), message, ...(position ? { position } : {}) };
  }

  /** The warnings, one line each, formatted as problems are. */
  formattedWarnings(): string[] {
    return this.warnings.map(formatProblem);
  }

  /** Throws a ConfigError when anything was collected. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
