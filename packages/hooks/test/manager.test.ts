import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandHandler } from '@nestor/control';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CalloutHandle,
  HookLibraryError,
  type HookLogger,
  HooksManager,
  type LibrarySpec,
  NextStep,
} from '../src/index.js';

const LIBS = join(dirname(fileURLToPath(import.meta.url)), 'libraries');
const lib = (name: string, parameters?: Record<string, never | string | number>): LibrarySpec => ({
  library: join(LIBS, name),
  ...(parameters ? { parameters } : {}),
});

declare global {
  // biome-ignore lint/suspicious/noVar: the test libraries write to a global
  var __hookEvents: string[] | undefined;
}

interface Logged {
  level: string;
  id: string;
  text: string;
}

function setUp(extra: { builtins?: boolean; hookPoints?: string[] } = {}) {
  const logged: Logged[] = [];
  const log: HookLogger = {
    error: (id, text) => logged.push({ level: 'error', id, text }),
    warn: (id, text) => logged.push({ level: 'warn', id, text }),
    info: (id, text) => logged.push({ level: 'info', id, text }),
    debug: () => undefined,
  };
  const commands = new Map<string, CommandHandler>();
  const failures: string[] = [];
  const manager = new HooksManager({
    daemon: 'kea-dhcp6',
    hookPoints: extra.hookPoints ?? ['pkt6_receive', 'pkt6_send', 'buffer6_send'],
    server: { name: 'test server' },
    log,
    logger: () => log,
    commands: {
      register: (name, handler) => commands.set(name, handler),
      unregister: (name) => commands.delete(name),
      has: (name) => commands.has(name),
    },
    keaBuiltins: { 'libdhcp_lease_cmds.so': 'lease_cmds' },
    onCalloutFailure: (hook) => failures.push(hook),
    ...(extra.builtins
      ? {
          builtins: [
            {
              name: 'lease_cmds',
              module: {
                version: () => 20200,
                load: (handle: { registerCommandHandler(n: string, h: CommandHandler): void }) => {
                  handle.registerCommandHandler('lease6-get', () => ({ result: 0, text: 'built in' }));
                },
              },
            },
          ],
        }
      : {}),
  });
  return { manager, logged, commands, failures };
}

const run = async (
  manager: HooksManager<unknown>,
  hook: string,
  args: Record<string, unknown>,
  handle = new CalloutHandle(),
) => {
  const status = await manager.call(hook, handle.begin(hook, args));
  return { status, handle };
};

beforeEach(() => {
  globalThis.__hookEvents = [];
});

describe('loading hook libraries', () => {
  it('loads libraries in order with their parameters, calls callouts in library order, registers their commands', async () => {
    const { manager, commands } = setUp();
    await manager.activate(
      await manager.prepare(
        [lib('recorder.mjs', { tag: 'first' }), lib('recorder.mjs', { tag: 'second' })],
        LIBS,
      ),
    );
    expect(manager.calloutsPresent('pkt6_receive')).toBe(true);
    expect(manager.calloutsPresent('buffer6_send')).toBe(false);
    const query6 = { id: 7 };
    const response6: Record<string, unknown> = {};
    const { handle, status } = await run(manager, 'pkt6_receive', { query6 });
    expect(status).toBe(NextStep.CONTINUE);
    // The same handle follows the packet: each library finds its own context.
    await run(manager, 'pkt6_send', { query6, response6 }, handle);
    expect(response6.touchedBy).toBe('second');
    expect(globalThis.__hookEvents).toEqual([
      'first:load:{"tag":"first"}',
      'second:load:{"tag":"second"}',
      'first:pkt6_receive:7',
      'second:pkt6_receive:7',
      'first:pkt6_send:context=7',
      'second:pkt6_send:context=7',
    ]);
    expect([...commands.keys()].sort()).toEqual(['first-hello', 'second-hello']);
    expect(
      await commands.get('first-hello')!(
        { x: 1 },
        { command: 'first-hello', origin: { channel: 'internal' } },
      ),
    ).toEqual({
      result: 0,
      text: 'hello from first',
      arguments: { x: 1 },
    });
  });

  it('a function named after a hook point is its callout, without load()', async () => {
    const { manager } = setUp();
    await manager.activate(await manager.prepare([lib('standard.mjs')], LIBS));
    const response6: Record<string, unknown> = {};
    await run(manager, 'buffer6_send', { response6 });
    expect(response6.standard).toBe(true);
  });

  it('SKIP and DROP set by a callout are what the hook point answers', async () => {
    for (const next of ['skip', 'drop'] as const) {
      const { manager } = setUp();
      await manager.activate(await manager.prepare([lib('recorder.mjs', { next })], LIBS));
      const { status } = await run(manager, 'pkt6_receive', { query6: { id: 1 } });
      expect(status).toBe(next === 'skip' ? NextStep.SKIP : NextStep.DROP);
    }
  });

  it('a callout that throws is logged and counted, and its hook point answers DROP', async () => {
    const { manager, logged, failures } = setUp();
    await manager.activate(await manager.prepare([lib('throwing-callout.mjs')], LIBS));
    const { status } = await run(manager, 'pkt6_receive', { query6: {} });
    expect(status).toBe(NextStep.DROP);
    expect(failures).toEqual(['pkt6_receive']);
    expect(logged.find((l) => l.id === 'HOOKS_CALLOUT_EXCEPTION')?.text).toContain('callout bug');
  });

  it('a parked packet waits for its ticket: unpark goes on, drop drops', async () => {
    const { manager } = setUp();
    await manager.activate(await manager.prepare([lib('parks.mjs')], LIBS));
    const started = Date.now();
    expect((await run(manager, 'pkt6_send', { response6: { verdict: 'go' } })).status).toBe(
      NextStep.CONTINUE,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect((await run(manager, 'pkt6_send', { response6: { verdict: 'drop' } })).status).toBe(NextStep.DROP);
  });

  it('libreload unloads, imports afresh and loads again; unload removes the commands', async () => {
    const { manager, commands } = setUp();
    await manager.activate(await manager.prepare([lib('counter.mjs'), lib('recorder.mjs')], LIBS));
    const ask = () =>
      commands.get('counter-loads')!(undefined, {
        command: 'counter-loads',
        origin: { channel: 'internal' },
      });
    expect(await ask()).toEqual({ result: 0, text: '1' });
    await manager.reload(LIBS);
    // A fresh module instance: its state starts over.
    expect(await ask()).toEqual({ result: 0, text: '1' });
    expect(globalThis.__hookEvents).toEqual(['recorder:load:{}', 'recorder:unload', 'recorder:load:{}']);
    await manager.unloadAll();
    expect(commands.size).toBe(0);
  });

  it('built-in libraries load first, through the same API; a Kea .so naming one is accepted', async () => {
    const { manager, commands, logged } = setUp({ builtins: true });
    await manager.activate(
      await manager.prepare([{ library: '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so' }], LIBS),
    );
    expect([...commands.keys()]).toEqual(['lease6-get']);
    expect(logged.map((l) => l.text).join('\n')).toContain("stands for Nestor's built-in lease_cmds");
  });

  it("Kea's libdhcp_run_script.so loads Nestor's run_script library with the entry's parameters", async () => {
    const leaseEvents = ['lease6_renew', 'lease6_rebind', 'lease6_release', 'lease6_decline'];
    const points = [...leaseEvents, 'lease6_expire', 'lease6_recover', 'leases6_committed'];
    const so = '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_run_script.so';
    const { manager, logged } = setUp({ hookPoints: points });
    await manager.activate(await manager.prepare([{ library: so, parameters: { name: '/bin/true' } }], LIBS));
    const text = logged.map((l) => `${l.level} ${l.id} ${l.text}`).join('\n');
    expect(text).toMatch(
      /info HOOKS_LIBRARY_LOADED hooks library \S+libdhcp_run_script\.so stands for Nestor's run_script library \S+\/hooks\/run-script\/dist\/index\.js, loaded with the same parameters/,
    );
    expect(text).toContain('RUN_SCRIPT_LOAD Run Script hooks library has been loaded');
    for (const point of points) expect(manager.calloutsPresent(point)).toBe(true);
    // config-get and libreload keep Kea's entry as it was written.
    expect(manager.libraries).toEqual([{ library: so, parameters: { name: '/bin/true' } }]);
    await manager.reload(LIBS);
    expect(manager.calloutsPresent('lease6_renew')).toBe(true);
    const refused = setUp({ hookPoints: points }).manager;
    await expect(refused.activate(await refused.prepare([{ library: so }], LIBS))).rejects.toThrow(
      "The 'name' parameter is mandatory",
    );
  });
});

describe('refused libraries', () => {
  const problems = async (specs: LibrarySpec[]) => {
    const { manager } = setUp();
    try {
      await manager.prepare(specs, LIBS);
    } catch (err) {
      expect(err).toBeInstanceOf(HookLibraryError);
      return (err as HookLibraryError).problems;
    }
    throw new Error('accepted');
  };

  it('names every bad entry with its index and says why', async () => {
    const found = await problems([
      lib('recorder.mjs'),
      { library: '/opt/lib/kea/hooks/libdhcp_ha.so' },
      { library: '/usr/lib/libsomething_custom.so' },
      lib('missing.mjs'),
      lib('no-version.mjs'),
      lib('old-version.mjs'),
      { library: join(LIBS, '..', 'manager.test.ts') },
    ]);
    expect(found.map((p) => [p.index, p.message])).toEqual([
      [
        1,
        '/opt/lib/kea/hooks/libdhcp_ha.so is a Kea C++ hook library, which Nestor cannot load (it loads JavaScript hook libraries, .js or .mjs): there is no high-availability hook: run several servers on one MySQL or PostgreSQL lease database',
      ],
      [
        2,
        "/usr/lib/libsomething_custom.so is a Kea C++ hook library, which Nestor cannot load (it loads JavaScript hook libraries, .js or .mjs); write a JavaScript hook library instead (README, 'Writing a hook')",
      ],
      [3, `${join(LIBS, 'missing.mjs')}: no such file`],
      [4, `no 'version' function found in hook library ${join(LIBS, 'no-version.mjs')}`],
      [5, `hook library ${join(LIBS, 'old-version.mjs')} is at version 10500, require version 20200`],
      [6, `${join(LIBS, '..', 'manager.test.ts')} is not a JavaScript module (.js, .mjs or .cjs)`],
    ]);
  });

  it('a load() that fails or throws refuses the set, and the libraries in force before stay', async () => {
    for (const bad of [lib('load-fails.mjs', { code: 3 }), lib('load-throws.mjs'), lib('unknown-hook.mjs')]) {
      globalThis.__hookEvents = [];
      const { manager, commands } = setUp();
      await manager.activate(await manager.prepare([lib('recorder.mjs', { tag: 'old' })], LIBS));
      const next = await manager.prepare([lib('recorder.mjs', { tag: 'new' }), bad], LIBS);
      await expect(manager.activate(next)).rejects.toThrow(/hooks-libraries\[1\]|no hook point/);
      expect([...commands.keys()]).toEqual(['old-hello']);
      expect(manager.libraries.map((s) => s.parameters)).toEqual([{ tag: 'old' }]);
      expect(globalThis.__hookEvents).toEqual([
        'old:load:{"tag":"old"}',
        'old:unload',
        'new:load:{"tag":"new"}',
        'new:unload',
        'old:load:{"tag":"old"}',
      ]);
    }
  });
});
