import { afterAll, describe, expect, it } from 'vitest';
import { listNamespaces } from '../src/ip.js';
import { currentRunId } from '../src/names.js';
import { TestNetwork } from '../src/network.js';
import { namespaceRunSetup } from '../src/run-guard.js';

describe('namespaceRunSetup', () => {
  const saved = process.env['NESTOR_NETNS_RUN'];
  afterAll(() => {
    if (saved === undefined) delete process.env['NESTOR_NETNS_RUN'];
    else process.env['NESTOR_NETNS_RUN'] = saved;
  });

  it('names the run for networks made after it, passes when nothing is left, fails and sweeps a leak', async () => {
    const teardown = namespaceRunSetup();
    const runId = process.env['NESTOR_NETNS_RUN']!;
    expect(runId).toMatch(/^[a-z0-9]{6}$/);
    expect(currentRunId()).toBe(runId);
    await expect(teardown()).resolves.toBeUndefined();

    const leaky = new TestNetwork({ tag: 'leak' });
    expect(leaky.prefix.startsWith(`nst-${runId}-`)).toBe(true);
    const ns = await leaky.addNamespace('x');
    const sleeper = leaky.spawn(ns, 'sleeper', ['sleep', '60']);
    // never destroyed: the guard must notice, stop what runs inside and delete it
    await expect(teardown()).rejects.toThrow(/left behind \(now removed\): .*leak-x/);
    expect((await listNamespaces()).filter((n) => n.startsWith(leaky.prefix))).toEqual([]);
    await sleeper.exited;
    expect(sleeper.running).toBe(false);
    await leaky.destroy(); // still safe: nothing left to do but the folder
  });
});
