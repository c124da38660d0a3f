/**
 * Nestor's client-class hook library: assigns client classes from a function of yours, at
 * pkt6_receive, the hook point where Kea's own classification has run and subnet selection has
 * not: a class it adds guards subnets, shared networks, pools and pd-pools (`client-class`) and
 * brings its `option-data` (a class defined in `client-classes`, without a `test`), as a class
 * from an expression does.
 *
 *   "hooks-libraries": [{
 *     "library": "/opt/nestor/hooks/client-class/dist/index.js",
 *     "parameters": { "module": "/etc/kea/lab.mjs", "function": "isLab", "class": "lab" }
 *   }]
 *
 * `module` (required, an absolute path): a JavaScript module, written in TypeScript and compiled,
 * or plain .mjs. `function` (default `classify`): the export to call with the query (Kea's
 * query6: `type`, `duid`, `message`, `relays`, `interfaceName`, `remoteAddress`, `classes`,
 * `getOption(code)`...). It returns, or resolves to, true / false (with `class`: whether the
 * client is in it), or a class name or a list of them (then `class` is not needed). The module
 * is imported afresh each time the library loads (libreload, config-set), so edits take effect
 * without a restart. A function that throws is logged and counted by the server, and the packet
 * is dropped (as every callout that throws).
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the library reads of the query (apps/dhcp6's Query6 has it). */
export interface ClassifiedQuery {
  readonly classes: readonly string[];
  addClass(name: string): void;
}

/** Your function: the query in, a verdict out. */
export type Classifier = (query6: ClassifiedQuery) => unknown;

/** The part of Nestor's LibraryHandle this library uses. */
interface Handle {
  getParameter(name: string): unknown;
  logger(name?: string): {
    error(id: string, text: string): void;
    info(id: string, text: string): void;
    debug(level: number, id: string, text: string): void;
  };
  registerCallout(hook: string, callout: (h: Callout) => unknown): void;
}
interface Callout {
  getArgument(name: string): unknown;
  getStatus(): number;
}

/**
 * Each load imports the module afresh (a URL never used before), so an edited module is read
 * again. The count lives on the global object: libreload imports this library afresh too, and a
 * count of its own would start over and give an old URL, which the runtime answers from its cache.
 */
const LOADS = Symbol.for('nestor.hook-client-class.loads');
const nextLoad = (): number => {
  const g = globalThis as { [LOADS]?: number };
  g[LOADS] = (g[LOADS] ?? 0) + 1;
  return g[LOADS];
};

export function version(): number {
  return 20200;
}

export function multi_threading_compatible(): number {
  return 1;
}

/** The class names a verdict stands for. */
export function classesOf(verdict: unknown, className: string | undefined, source: string): string[] {
  if (verdict === true) {
    if (className === undefined)
      throw new Error(`${source} returned true, and no 'class' parameter says which class`);
    return [className];
  }
  if (verdict === false || verdict === undefined || verdict === null) return [];
  if (typeof verdict === 'string') return verdict === '' ? [] : [verdict];
  if (Array.isArray(verdict) && verdict.every((c) => typeof c === 'string'))
    return verdict.filter((c) => c !== '');
  throw new Error(
    `${source} returned ${JSON.stringify(verdict)}: expected true, false, a class name or a list of them`,
  );
}

export async function load(handle: Handle): Promise<number> {
  const log = handle.logger('client-class-hooks');
  const module = handle.getParameter('module');
  if (typeof module !== 'string' || !isAbsolute(module))
    throw new Error("the 'module' parameter must be the absolute path of a JavaScript module");
  const name = handle.getParameter('function') ?? 'classify';
  if (typeof name !== 'string' || name === '') throw new Error("the 'function' parameter must be a name");
  const className = handle.getParameter('class');
  if (className !== undefined && (typeof className !== 'string' || className === ''))
    throw new Error("the 'class' parameter must be a class name");
  const imported = (await import(`${pathToFileURL(module).href}?load=${nextLoad()}`)) as Record<
    string,
    unknown
  >;
  const fn = imported[name];
  if (typeof fn !== 'function') throw new Error(`${module} exports no function '${name}'`);
  const classify = fn as Classifier;
  const source = `${name}() of ${module}`;
  handle.registerCallout('pkt6_receive', async (h) => {
    // An earlier library's SKIP or DROP: the packet goes no further, nothing to classify.
    if (h.getStatus() !== 0) return 0;
    const query6 = h.getArgument('query6') as ClassifiedQuery;
    const classes = classesOf(await classify(query6), className as string | undefined, source);
    for (const c of classes) query6.addClass(c);
    if (classes.length > 0)
      log.debug(40, 'CLIENT_CLASS_ASSIGNED', `${source} assigned ${classes.join(', ')}`);
    return 0;
  });
  log.info('CLIENT_CLASS_LOAD', `client classes from ${source}${className ? ` (class ${className})` : ''}`);
  return 0;
}
