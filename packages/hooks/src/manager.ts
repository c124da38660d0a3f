import { existsSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandHandler, JsonValue } from '@nestor/control';
import { type CalloutHandle, NextStep } from './callout-handle.js';
import { isSharedObject, keaLibraryVerdict } from './kea-libraries.js';
import {
  type Callout,
  HOOKS_VERSION,
  type HookLibraryModule,
  type HookLogger,
  type JsonObject,
  type LibraryHandle,
  type LibrarySpec,
} from './library.js';

/** A problem with one `hooks-libraries` entry: its index, and what is wrong. */
export interface HookLibraryProblem {
  index: number;
  /** The member at fault: 'library' or 'parameters'. */
  field: 'library' | 'parameters';
  message: string;
}

/** A list of libraries that cannot be loaded; the configuration naming them is refused. */
export class HookLibraryError extends Error {
  constructor(readonly problems: HookLibraryProblem[]) {
    super(problems.map((p) => `hooks-libraries[${p.index}].${p.field}: ${p.message}`).join('; '));
    this.name = 'HookLibraryError';
  }
}

/** Where library command handlers go (the daemon's command registry). */
export interface CommandSink {
  register(name: string, handler: CommandHandler): void;
  unregister(name: string): boolean;
  has(name: string): boolean;
}

/** A library the daemon has built in, loaded before the configured ones, through the same API. */
export interface BuiltinLibrary<Server> {
  name: string;
  module: HookLibraryModule<Server>;
}

export interface HooksManagerOptions<Server> {
  /** The daemon's logger prefix (kea-dhcp6): libraries log as <prefix>.<name>. */
  daemon: string;
  /** The hook points this daemon calls; a callout on another name refuses the library. */
  hookPoints: readonly string[];
  /** What libraries reach of the daemon (LibraryHandle.server). */
  server: Server;
  /** The hooks framework's own log (Kea's HOOKS_* messages). */
  log: HookLogger;
  logger(name: string): HookLogger;
  commands: CommandSink;
  /** Loaded first, always, in this order. */
  builtins?: readonly BuiltinLibrary<Server>[];
  /** Kea C++ library file names that stand for a built-in one (libdhcp_lease_cmds.so: lease_cmds). */
  keaBuiltins?: Readonly<Record<string, string>>;
  /** Counts a callout that threw (a statistic of the daemon's). */
  onCalloutFailure?: (hook: string) => void;
}

/** One configured library checked and imported, not yet loaded. */
export interface PreparedLibrary<Server> {
  spec: LibrarySpec;
  /** undefined for a Kea library that stands for a built-in one (nothing to load). */
  module: HookLibraryModule<Server> | undefined;
  /** The Nestor library a Kea .so stands for (built in, or shipped and loaded from `path`). */
  builtin?: string;
  /** The JavaScript file imported. */
  path?: string;
}

interface LoadedLibrary<Server> {
  index: number;
  name: string;
  spec: LibrarySpec | undefined;
  module: HookLibraryModule<Server>;
  commands: string[];
}

interface Registration {
  library: number;
  callout: Callout;
}

const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/** Every import gets its own URL, so a reload evaluates the module again (libreload, config-set). */
let importGeneration = 0;

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The hook libraries of one daemon: the built-in ones, then those its configuration names, each
 * loaded through a LibraryHandle; their callouts called at the daemon's hook points in library
 * order (Kea's order), their command handlers in the daemon's command registry. A library that
 * cannot be loaded refuses the configuration that names it; a callout that throws is logged and
 * counted, and its hook point answers DROP (the packet is dropped, never the daemon).
 */
export class HooksManager<Server> {
  private loaded: LoadedLibrary<Server>[] = [];
  private callouts = new Map<string, Registration[]>();
  private configured: PreparedLibrary<Server>[] = [];
  private builtinsLoaded = false;
  /** Library indexes only grow, so a reloaded library never takes an unloaded one's callouts or context. */
  private nextIndex = 1;
  private readonly points: ReadonlySet<string>;

  constructor(private readonly options: HooksManagerOptions<Server>) {
    this.points = new Set(options.hookPoints);
  }

  /**
   * Checks and imports the libraries a configuration names (nothing is loaded yet): a Kea C++
   * library maps to a built-in one or is refused; a JavaScript one must exist, import, and
   * export version() returning HOOKS_VERSION. Relative paths are taken from `baseDir`. Throws
   * HookLibraryError listing every problem.
   */
  async prepare(specs: readonly LibrarySpec[], baseDir: string): Promise<PreparedLibrary<Server>[]> {
    const problems: HookLibraryProblem[] = [];
    const prepared: PreparedLibrary<Server>[] = [];
    for (const [index, spec] of specs.entries()) {
      const problem = (message: string, field: HookLibraryProblem['field'] = 'library') =>
        problems.push({ index, field, message });
      let path = isAbsolute(spec.library) ? spec.library : resolve(baseDir, spec.library);
      let shipped: string | undefined;
      if (isSharedObject(spec.library)) {
        const verdict = keaLibraryVerdict(spec.library, this.options.keaBuiltins ?? {});
        if (verdict.kind === 'refused') problem(verdict.message);
        else if (verdict.kind === 'builtin')
          prepared.push({ spec, module: undefined, builtin: verdict.builtin });
        if (verdict.kind !== 'shipped') continue;
        // Nestor ships a JavaScript library for it: that one is imported and loaded with the
        // entry's parameters; the entry keeps Kea's name (config-get, libreload).
        path = verdict.path;
        shipped = verdict.builtin;
      }
      if (!JS_EXTENSIONS.has(extname(path))) {
        problem(`${spec.library} is not a JavaScript module (.js, .mjs or .cjs)`);
        continue;
      }
      if (!existsSync(path)) {
        problem(`${spec.library}: no such file`);
        continue;
      }
      try {
        importGeneration += 1;
        const module = (await import(
          `${pathToFileURL(path).href}?load=${importGeneration}`
        )) as HookLibraryModule<Server>;
        const checked = checkModule(spec.library, module);
        if (checked) problem(checked);
        else if (shipped) prepared.push({ spec, module, builtin: shipped, path });
        else prepared.push({ spec: { ...spec, library: path }, module, path });
      } catch (err) {
        problem(`${spec.library} failed to import: ${describe(err)}`);
      }
    }
    if (problems.length > 0) throw new HookLibraryError(problems);
    return prepared;
  }

  /**
   * Puts a prepared set of libraries in force: the configured ones in force are unloaded, the
   * new ones loaded (the built-in ones are loaded once, first, and stay: their commands never
   * disappear under a reconfiguration). When a load() fails, what was loaded is unloaded, the
   * previous set is loaded again, and the error is thrown.
   */
  async activate(next: PreparedLibrary<Server>[]): Promise<void> {
    if (!this.builtinsLoaded) {
      for (const builtin of this.options.builtins ?? [])
        await this.loadOne(builtin.name, undefined, builtin.module, -1);
      this.builtinsLoaded = true;
    }
    const previous = this.configured;
    await this.unloadConfigured();
    try {
      await this.loadSet(next);
      this.configured = next;
    } catch (err) {
      await this.unloadConfigured();
      await this.loadSet(previous).catch((restoreErr) =>
        this.options.log.error(
          'HOOKS_LOAD_ERROR',
          `restoring the previous libraries: ${describe(restoreErr)}`,
        ),
      );
      throw err;
    }
  }

  /** libreload: every library unloaded, imported afresh and loaded again with its parameters. */
  async reload(baseDir: string): Promise<void> {
    const specs = this.configured.map((p) => p.spec);
    await this.activate(await this.prepare(specs, baseDir));
  }

  /** Unloads every library, the built-in ones included (shutdown). */
  async unloadAll(): Promise<void> {
    for (const library of [...this.loaded].reverse()) await this.unloadOne(library);
    this.loaded = [];
    this.callouts = new Map();
    this.configured = [];
    this.builtinsLoaded = false;
  }

  /** Unloads the configured libraries, last loaded first; the built-in ones stay. */
  private async unloadConfigured(): Promise<void> {
    const configured = this.loaded.filter((l) => l.spec !== undefined);
    for (const library of configured.reverse()) {
      await this.unloadOne(library);
      for (const [hook, list] of this.callouts) {
        const kept = list.filter((r) => r.library !== library.index);
        if (kept.length > 0) this.callouts.set(hook, kept);
        else this.callouts.delete(hook);
      }
    }
    this.loaded = this.loaded.filter((l) => l.spec === undefined);
  }

  /** The configured libraries in force (for config-get and libreload). */
  get libraries(): LibrarySpec[] {
    return this.configured.map((p) => p.spec);
  }

  /** Whether any callout is registered on a hook point (the daemon skips building its arguments otherwise). */
  calloutsPresent(hook: string): boolean {
    return this.callouts.has(hook);
  }

  /**
   * Calls the callouts of a hook point in library order with `handle` (begun with the hook's
   * arguments by the caller). Resolves with the next step: as the callouts left it, DROP when
   * one threw (logged, counted), or, when parked, how the packet was let go. `onPark` is told
   * when the callouts parked the packet, with the promise of its release (a server bounds how
   * many packets wait parked: Kea's parked-packet-limit).
   */
  async call(
    hook: string,
    handle: CalloutHandle,
    onPark?: (released: Promise<NextStep>) => void,
  ): Promise<NextStep> {
    const registered = this.callouts.get(hook);
    if (!registered) return NextStep.CONTINUE;
    for (const { library, callout } of registered) {
      handle.currentLibrary = library;
      try {
        const code = await callout(handle);
        if (typeof code === 'number' && code !== 0)
          this.options.log.error(
            'HOOKS_CALLOUT_ERROR',
            `error ${code} returned by callout on hook ${hook} registered by library with index ${library}`,
          );
      } catch (err) {
        this.options.log.error(
          'HOOKS_CALLOUT_EXCEPTION',
          `exception thrown by callout on hook ${hook} registered by library with index ${library}: ${describe(err)}`,
        );
        this.options.onCalloutFailure?.(hook);
        return NextStep.DROP;
      } finally {
        handle.currentLibrary = -1;
      }
    }
    const status = handle.getStatus();
    if (status !== NextStep.PARK) return status;
    const released = handle.unparked();
    onPark?.(released);
    return released;
  }

  private async loadSet(prepared: readonly PreparedLibrary<Server>[]): Promise<void> {
    for (const [index, p] of prepared.entries()) {
      if (p.module) {
        if (p.builtin)
          this.options.log.info(
            'HOOKS_LIBRARY_LOADED',
            `hooks library ${p.spec.library} stands for Nestor's ${p.builtin} library ${p.path}, loaded with the same parameters`,
          );
        await this.loadOne(p.builtin ? p.path! : p.spec.library, p.spec, p.module, index);
      } else
        this.options.log.info(
          'HOOKS_LIBRARY_LOADED',
          `hooks library ${p.spec.library} stands for Nestor's built-in ${p.builtin}, already loaded`,
        );
    }
  }

  /** Loads one library; `entry` is its index in hooks-libraries (-1 for a built-in one). */
  private async loadOne(
    name: string,
    spec: LibrarySpec | undefined,
    module: HookLibraryModule<Server>,
    entry: number,
  ): Promise<void> {
    const index = this.nextIndex++;
    const library: LoadedLibrary<Server> = { index, name, spec, module, commands: [] };
    this.options.log.info('HOOKS_LIBRARY_LOADING', `loading hooks library ${name}`);
    this.loaded.push(library);
    // Kea's standard callouts: a function exported under a hook point's name.
    for (const hook of this.points) {
      const fn = module[hook];
      if (typeof fn === 'function') this.register(library, hook, fn as Callout);
    }
    if (module.load) {
      let code: unknown;
      try {
        code = await module.load(this.handleFor(library));
      } catch (err) {
        throw new HookLibraryError([
          {
            index: entry,
            field: 'library',
            message: `'load' function in hook library ${name} threw: ${describe(err)}`,
          },
        ]);
      }
      if (typeof code === 'number' && code !== 0)
        throw new HookLibraryError([
          {
            index: entry,
            field: 'library',
            message: `'load' function in hook library ${name} returned error ${code}`,
          },
        ]);
    }
    this.options.log.info('HOOKS_LIBRARY_LOADED', `hooks library ${name} successfully loaded`);
  }

  private async unloadOne(library: LoadedLibrary<Server>): Promise<void> {
    for (const command of library.commands) this.options.commands.unregister(command);
    library.commands = [];
    try {
      const code = await library.module.unload?.();
      if (typeof code === 'number' && code !== 0)
        this.options.log.error(
          'HOOKS_UNLOAD_ERROR',
          `'unload' function in hook library ${library.name} returned error ${code}`,
        );
    } catch (err) {
      this.options.log.error(
        'HOOKS_UNLOAD_EXCEPTION',
        `'unload' function in hook library ${library.name} threw an exception: ${describe(err)}`,
      );
    }
    this.options.log.info('HOOKS_LIBRARY_UNLOADED', `hooks library ${library.name} successfully unloaded`);
  }

  private register(library: LoadedLibrary<Server>, hook: string, callout: Callout): void {
    if (!this.points.has(hook)) throw new Error(`no hook point '${hook}' in ${this.options.daemon}`);
    const list = this.callouts.get(hook) ?? [];
    list.push({ library: library.index, callout });
    this.callouts.set(hook, list);
    this.options.log.debug(
      55,
      'HOOKS_CALLOUT_REGISTRATION',
      `hooks library with index ${library.index} registering callout for hook '${hook}'`,
    );
  }

  private handleFor(library: LoadedLibrary<Server>): LibraryHandle<Server> {
    const parameters: JsonObject = library.spec?.parameters ?? {};
    return {
      name: library.name,
      server: this.options.server,
      registerCallout: (hook, callout) => this.register(library, hook, callout),
      deregisterAllCallouts: (hook) => {
        const list = (this.callouts.get(hook) ?? []).filter((r) => r.library !== library.index);
        if (list.length > 0) this.callouts.set(hook, list);
        else this.callouts.delete(hook);
      },
      registerCommandHandler: (command, handler) => {
        if (this.options.commands.has(command))
          throw new Error(`handler for command '${command}' is already installed`);
        this.options.commands.register(command, handler);
        library.commands.push(command);
      },
      getParameter: (name): JsonValue | undefined => parameters[name],
      getParameters: () => parameters,
      getParameterNames: () => Object.keys(parameters),
      logger: (name) => this.options.logger(name ?? loggerName(library.name)),
    };
  }
}

/** A library's default logger name: its file name without extension (run-script for .../run-script/index.js: its folder). */
function loggerName(library: string): string {
  const parts = library.split('/').filter((p) => p !== '' && p !== 'dist');
  const file = (parts.pop() ?? 'hooks').replace(/\.[cm]?js$/, '');
  return file === 'index' ? (parts.pop() ?? 'hooks') : file;
}

/** Why a module is not a hook library, or undefined when it is one. */
function checkModule(name: string, module: HookLibraryModule<unknown>): string | undefined {
  if (typeof module.version !== 'function') return `no 'version' function found in hook library ${name}`;
  let version: number;
  try {
    version = module.version();
  } catch (err) {
    return `'version' function in hook library ${name} threw an exception: ${describe(err)}`;
  }
  if (version !== HOOKS_VERSION)
    return `hook library ${name} is at version ${version}, require version ${HOOKS_VERSION}`;
  if (module.load !== undefined && typeof module.load !== 'function')
    return `'load' in hook library ${name} is not a function`;
  return undefined;
}
