/**
 * The client-class library on its own: what a function's verdict means, what load() refuses,
 * and the callout adding the classes (or nothing after an earlier SKIP or DROP).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classesOf, load } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'nestor-client-class-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const module = join(dir, 'classes.mjs');
writeFileSync(
  module,
  [
    'export const classify = (q) => q.duid === "00:01" ? ["a", "b"] : undefined;',
    'export async function slow(q) { await new Promise((r) => setTimeout(r, 5)); return q.duid === "00:02"; }',
    'export const notAFunction = 3;',
  ].join('\n'),
);

function harness(parameters: Record<string, unknown>) {
  const callouts = new Map<string, (h: unknown) => unknown>();
  const handle = {
    getParameter: (n: string) => parameters[n],
    logger: () => ({ error() {}, info() {}, debug() {} }),
    registerCallout: (hook: string, fn: (h: never) => unknown) => {
      callouts.set(hook, fn as (h: unknown) => unknown);
    },
  } as unknown as Parameters<typeof load>[0];
  const run = async (duid: string, status = 0) => {
    const classes: string[] = ['ALL'];
    const query6 = { duid, classes, addClass: (c: string) => classes.push(c) };
    await callouts.get('pkt6_receive')!({ getArgument: () => query6, getStatus: () => status });
    return classes;
  };
  return { handle, callouts, run };
}

describe('client-class', () => {
  it('a verdict: true is the class parameter, a name or a list are those classes, false or nothing none', () => {
    expect(classesOf(true, 'lab', 'f')).toEqual(['lab']);
    expect(classesOf('x', undefined, 'f')).toEqual(['x']);
    expect(classesOf(['x', '', 'y'], undefined, 'f')).toEqual(['x', 'y']);
    for (const none of [false, undefined, null, '']) expect(classesOf(none, 'lab', 'f')).toEqual([]);
    expect(() => classesOf(true, undefined, 'f()')).toThrow("f() returned true, and no 'class' parameter");
    expect(() => classesOf(3, 'lab', 'f()')).toThrow('f() returned 3: expected true, false');
  });

  it('refuses a relative module, a missing export, a bad class name', async () => {
    await expect(load(harness({ module: 'classes.mjs' }).handle)).rejects.toThrow('absolute path');
    await expect(load(harness({ module, function: 'nope' }).handle)).rejects.toThrow(
      "exports no function 'nope'",
    );
    await expect(load(harness({ module, function: 'notAFunction' }).handle)).rejects.toThrow(
      'exports no function',
    );
    await expect(load(harness({ module, class: '' }).handle)).rejects.toThrow("'class' parameter");
  });

  it('registers pkt6_receive; adds the classes the function gives (async too), none after SKIP or DROP', async () => {
    const byList = harness({ module });
    await load(byList.handle);
    expect([...byList.callouts.keys()]).toEqual(['pkt6_receive']);
    expect(await byList.run('00:01')).toEqual(['ALL', 'a', 'b']);
    expect(await byList.run('00:09')).toEqual(['ALL']);
    expect(await byList.run('00:01', 2)).toEqual(['ALL']);
    const byFlag = harness({ module, function: 'slow', class: 'lab' });
    await load(byFlag.handle);
    expect(await byFlag.run('00:02')).toEqual(['ALL', 'lab']);
    expect(await byFlag.run('00:03')).toEqual(['ALL']);
  });
});
