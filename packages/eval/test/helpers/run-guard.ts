/**
 * Names of the network namespaces the eval tests make start with `nev-<run>-`, where the run
 * id is set once per `vitest run` by the global setup (test/global-setup.ts) and inherited by
 * every worker. At the end of the run the setup looks for namespaces with that prefix: any
 * left behind is removed and fails the run, so a leaking test cannot go unnoticed. Other runs
 * (another engineer's, in parallel) have other ids and are never touched.
 */
import { execFileSync } from 'node:child_process';

const RUN_VARIABLE = 'NESTOR_EVAL_NETNS_RUN';

/** The prefix of every namespace this run makes. */
export function evalRunPrefix(): string {
  const run = process.env[RUN_VARIABLE] || `p${process.pid.toString(36)}`;
  return `nev-${run}-`;
}

/** Namespaces (of any run) currently present. */
function listNamespaces(): string[] {
  try {
    const text = execFileSync('/usr/sbin/ip', ['netns', 'list'], {
      stdio: 'pipe',
      timeout: 10_000,
    }).toString();
    return text
      .split('\n')
      .map((line) => line.split(' ')[0] ?? '')
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Vitest global setup: gives the run its id; the returned teardown checks for leftovers. */
export function namespaceGuard(): () => void {
  process.env[RUN_VARIABLE] = Math.floor(Math.random() * 36 ** 6).toString(36);
  const prefix = evalRunPrefix();
  return () => {
    const left = listNamespaces().filter((name) => name.startsWith(prefix));
    for (const name of left) {
      try {
        execFileSync('/usr/sbin/ip', ['netns', 'del', name], { stdio: 'pipe', timeout: 10_000 });
      } catch {
        // reported below either way
      }
    }
    if (left.length > 0) throw new Error(`network namespaces left behind (now removed): ${left.join(', ')}`);
  };
}
