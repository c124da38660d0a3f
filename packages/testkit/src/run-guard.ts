import { listNamespaces, sweepNamespaces } from './ip.js';
import { newRunId, runNamespacePrefix } from './names.js';

/**
 * A vitest global setup for suites that make network namespaces: gives the run an id that
 * workers inherit through NESTOR_NETNS_RUN (so every TestNetwork's namespaces are named
 * nst-<run>-...), and after the last test checks that none of them is left. A leftover is
 * removed (processes inside stopped by pid) and the run fails: some test leaked it.
 *
 *   // test/global-setup.ts
 *   export { namespaceRunSetup as default } from '@nestor/testkit';
 */
export function namespaceRunSetup(): () => Promise<void> {
  const runId = newRunId();
  process.env['NESTOR_NETNS_RUN'] = runId;
  return async () => {
    const prefix = runNamespacePrefix(runId);
    const left = (await listNamespaces()).filter((name) => name.startsWith(prefix));
    if (left.length === 0) return;
    await sweepNamespaces(left);
    throw new Error(`network namespaces of this run were left behind (now removed): ${left.join(', ')}`);
  };
}
