import { describe, expect, it } from 'vitest';
import { TestkitError } from '../src/errors.js';
import { waitUntil } from '../src/wait.js';

describe('waitUntil', () => {
  it('returns the first value the check produces', async () => {
    let calls = 0;
    const value = await waitUntil(() => (++calls >= 3 ? `ready after ${calls}` : undefined), {
      timeoutMs: 2_000,
      intervalMs: 5,
      what: 'the third call',
    });
    expect(value).toBe('ready after 3');
  });

  it('treats false like "not yet" and accepts async checks', async () => {
    let calls = 0;
    await expect(
      waitUntil(async () => ++calls > 1, { timeoutMs: 1_000, intervalMs: 5, what: 'a second call' }),
    ).resolves.toBe(true);
  });

  it('gives up after its bound with a TIMEOUT naming what it waited for', async () => {
    const started = Date.now();
    const error = await waitUntil(() => undefined, { timeoutMs: 150, intervalMs: 20, what: 'Godot' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(TestkitError);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect((error as Error).message).toMatch(/Godot/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops at once when abortIf gives a reason', async () => {
    const started = Date.now();
    const error = await waitUntil(() => undefined, {
      timeoutMs: 5_000,
      what: 'a port',
      abortIf: () => 'the server exited',
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PROCESS_EXITED', message: 'a port: the server exited' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});
