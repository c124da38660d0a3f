import { listNamespaces, newRunId, runNamespacePrefix, sweepNamespaces } from '@nestor/testkit';

/**
 * Gives the run an id (workers inherit NESTOR_NETNS_RUN, so every TestNetwork's namespaces are
 * named nst-<run>-...), and after the last test checks that none of them is left: a leftover
 * is removed (processes inside stopped by pid) and the run fails, since a test leaked it.
 */
export default function setup(): () => Promise<void> {
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
