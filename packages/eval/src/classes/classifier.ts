/**
 * Client classification as Kea 2.2's DHCPv6 server runs it (Dhcpv6Srv::classifyPacket,
 * evaluateClasses, initContext, requiredClassify), over the configured `client-classes`:
 *
 *   begin(packet)             ALL, VENDOR_CLASS_<data>, then every test that does not depend
 *                             on KNOWN/UNKNOWN and is not only-if-required, in config order
 *   -> check dropped          (DROP)
 *   applyReservedClasses(...) host reservation classes: tested classes are removed, the
 *                             reserved ones added, and the first pass runs again
 *   hostLookupDone(known)     KNOWN or UNKNOWN, then the tests that depend on them
 *   -> check dropped          (DROP)
 *   evaluateRequired(names)   require-client-classes of shared network, subnet, pools
 *
 * compileClientClasses() applies Kea's configuration checks to the class list.
 */
import type { OptionDefinitionRegistry } from '@nestor/codec';
import { ExpressionError, isExpressionError } from '../errors.js';
import { type BoolExpression, compileExpression, failureMessage } from '../expression.js';
import { EvalContext, type EvalPacket } from '../runtime/packet.js';
import { BUILTIN_CLASS_NAMES, DROP_CLASS, isBuiltinClass, VENDOR_CLASS_PREFIX } from './builtin.js';
import { ClientClasses } from './client-classes.js';

/** One entry of `client-classes` as far as classification is concerned. */
export interface ClientClassConfig {
  readonly name: string;
  readonly test?: string;
  readonly onlyIfRequired?: boolean;
}

export interface CompiledClientClass {
  readonly name: string;
  /** Position in the configured list. */
  readonly index: number;
  readonly test: BoolExpression | undefined;
  readonly onlyIfRequired: boolean;
  /** The test refers to KNOWN/UNKNOWN, directly or through member() of a class that does. */
  readonly dependsOnKnown: boolean;
}

/**
 * What happened while classifying, for the server's log: Kea logs EVAL_RESULT at INFO for a
 * match, at DEBUG for no match and at ERROR for a failure; DHCP6_CLASS_UNDEFINED and
 * DHCP6_CLASS_UNTESTABLE for required classes it cannot evaluate.
 */
export interface ClassificationObserver {
  result?(className: string, matched: boolean): void;
  failure?(className: string, message: string): void;
  undefinedClass?(className: string): void;
  untestable?(className: string): void;
}

export interface ClassifierOptions {
  /** Option definitions (standard + option-def) for option[name] and .text. Default: standard. */
  optionDefinitions?: OptionDefinitionRegistry;
}

function classError(
  kind: 'CLASS_NAME_EMPTY' | 'CLASS_DUPLICATE' | 'BUILTIN_CLASS_MISUSE' | 'CLASS_TEST_INVALID',
  message: string,
  index: number,
  className: string,
  cause?: ExpressionError,
): ExpressionError {
  return new ExpressionError(kind, message, message, {
    index,
    className,
    cause,
    location: cause?.location,
    expression: cause?.expression,
  });
}

/**
 * Compiles the configured classes in order, refusing what Kea refuses: an empty name, a test
 * Kea's parser rejects or that uses member() of a class not built in nor defined earlier, a
 * test or only-if-required on ALL/KNOWN/UNKNOWN/BOOTP, only-if-required on DROP, and a name
 * used twice. Errors are ExpressionErrors with `index` and `className` set.
 */
export function compileClientClasses(
  list: readonly ClientClassConfig[],
  options: ClassifierOptions = {},
): ClientClassifier {
  const byName = new Map<string, CompiledClientClass>();
  const compiled: CompiledClientClass[] = [];
  list.forEach((entry, index) => {
    const name = entry.name;
    if (name === '')
      throw classError('CLASS_NAME_EMPTY', "not empty parameter 'name' is required", index, name);
    let dependsOnKnown = false;
    let test: BoolExpression | undefined;
    if (entry.test !== undefined) {
      const isClassDefined = (other: string): boolean => {
        if (isBuiltinClass(other)) {
          if (other === 'KNOWN' || other === 'UNKNOWN') dependsOnKnown = true;
          return true;
        }
        const defined = byName.get(other);
        if (defined?.dependsOnKnown) dependsOnKnown = true;
        return defined !== undefined;
      };
      try {
        test = compileExpression(entry.test, {
          type: 'bool',
          isClassDefined,
          ...(options.optionDefinitions ? { optionDefinitions: options.optionDefinitions } : {}),
        });
      } catch (error) {
        if (!isExpressionError(error)) throw error;
        const message = `expression: [${entry.test}] error: ${error.message}`;
        throw classError('CLASS_TEST_INVALID', message, index, name, error);
      }
    }
    const onlyIfRequired = entry.onlyIfRequired ?? false;
    if (BUILTIN_CLASS_NAMES.includes(name)) {
      if (onlyIfRequired) {
        throw classError(
          'BUILTIN_CLASS_MISUSE',
          `built-in class '${name}' only-if-required flag must be false`,
          index,
          name,
        );
      }
      if (test) {
        throw classError(
          'BUILTIN_CLASS_MISUSE',
          `built-in class '${name}' test expression must be empty`,
          index,
          name,
        );
      }
    }
    if (name === DROP_CLASS && onlyIfRequired) {
      throw classError(
        'BUILTIN_CLASS_MISUSE',
        `special class '${name}' only-if-required flag must be false`,
        index,
        name,
      );
    }
    if (byName.has(name)) {
      throw classError(
        'CLASS_DUPLICATE',
        `Can't add class: Client Class: ${name} has already been defined`,
        index,
        name,
      );
    }
    const entryCompiled: CompiledClientClass = { name, index, test, onlyIfRequired, dependsOnKnown };
    byName.set(name, entryCompiled);
    compiled.push(entryCompiled);
  });
  return new ClientClassifier(compiled);
}

/** Runs one class test, adding the class on a match; failures are reported, not thrown. */
function evaluateInto(
  entry: CompiledClientClass,
  test: BoolExpression,
  context: EvalContext,
  classes: ClientClasses,
  observer: ClassificationObserver | undefined,
): void {
  let matched: boolean;
  try {
    matched = test.test(context);
  } catch (error) {
    observer?.failure?.(entry.name, failureMessage(error));
    return;
  }
  if (matched) classes.add(entry.name);
  observer?.result?.(entry.name, matched);
}

export class ClientClassifier {
  readonly classes: readonly CompiledClientClass[];
  private readonly byName: ReadonlyMap<string, CompiledClientClass>;
  /** Tested classes per pass, in configuration order. */
  private readonly passes: readonly [readonly CompiledClientClass[], readonly CompiledClientClass[]];

  constructor(classes: readonly CompiledClientClass[]) {
    this.classes = classes;
    this.byName = new Map(classes.map((entry) => [entry.name, entry]));
    const tested = classes.filter((entry) => entry.test && !entry.onlyIfRequired);
    this.passes = [
      tested.filter((entry) => !entry.dependsOnKnown),
      tested.filter((entry) => entry.dependsOnKnown),
    ];
  }

  get(name: string): CompiledClientClass | undefined {
    return this.byName.get(name);
  }

  /**
   * Starts classifying a received packet: ALL, the vendor class, then the first pass.
   * `initial` are classes already assigned (e.g. by a pkt6_receive hook) before that.
   */
  begin(
    packet: EvalPacket,
    observer?: ClassificationObserver,
    initial: Iterable<string> = [],
  ): PacketClassification {
    return new PacketClassification(this, packet, observer, initial);
  }

  /** @internal evaluates one pass (false: independent of KNOWN/UNKNOWN, true: dependent). */
  runPass(
    dependsOnKnown: boolean,
    context: EvalContext,
    classes: ClientClasses,
    observer?: ClassificationObserver,
  ): void {
    for (const entry of this.passes[dependsOnKnown ? 1 : 0])
      evaluateInto(entry, entry.test!, context, classes, observer);
  }

  /** @internal */
  runRequired(
    names: Iterable<string>,
    context: EvalContext,
    classes: ClientClasses,
    observer?: ClassificationObserver,
  ): void {
    for (const name of new ClientClasses(names)) {
      const entry = this.byName.get(name);
      if (!entry) observer?.undefinedClass?.(name);
      else if (!entry.test) observer?.untestable?.(name);
      else evaluateInto(entry, entry.test, context, classes, observer);
    }
  }
}

/** The classification of one packet, step by step as the server's pipeline reaches each point. */
export class PacketClassification {
  readonly classes: ClientClasses;
  readonly context: EvalContext;
  private readonly classifier: ClientClassifier;
  private readonly observer: ClassificationObserver | undefined;

  constructor(
    classifier: ClientClassifier,
    packet: EvalPacket,
    observer: ClassificationObserver | undefined,
    initial: Iterable<string>,
  ) {
    this.classifier = classifier;
    this.observer = observer;
    this.classes = new ClientClasses(initial);
    this.context = new EvalContext(packet, this.classes);
    this.classes.add('ALL');
    const vendorClass = vendorClassName(this.context);
    if (vendorClass !== undefined) this.classes.add(vendorClass);
    classifier.runPass(false, this.context, this.classes, observer);
  }

  /** Whether the packet belongs to DROP (check after begin and after hostLookupDone). */
  get dropped(): boolean {
    return this.classes.has(DROP_CLASS);
  }

  has(name: string): boolean {
    return this.classes.has(name);
  }

  /** Adds a class assigned outside expressions (hook libraries). */
  add(name: string): void {
    this.classes.add(name);
  }

  /**
   * Host reservation classes, applied as Kea does when a global reservation (or one in a
   * subnet outside shared networks) lists classes: every class that has a test is removed,
   * the reserved classes are added, and the first pass runs again, so tests such as
   * "not member('reserved')" see the reservation.
   */
  applyReservedClasses(reserved: Iterable<string>): void {
    for (const entry of this.classifier.classes) if (entry.test) this.classes.delete(entry.name);
    for (const name of reserved) this.classes.add(name);
    this.classifier.runPass(false, this.context, this.classes, this.observer);
  }

  /** After the host reservation lookup: KNOWN if one was found, else UNKNOWN; then the second pass. */
  hostLookupDone(known: boolean): void {
    this.classes.add(known ? 'KNOWN' : 'UNKNOWN');
    this.classifier.runPass(true, this.context, this.classes, this.observer);
  }

  /**
   * The required classes, collected in Kea's order (hook-required classes, then the shared
   * network's, the subnet's and the pools' require-client-classes); duplicates are evaluated
   * once. Classes without a definition or a test are reported and skipped.
   */
  evaluateRequired(names: Iterable<string>): void {
    this.classifier.runRequired(names, this.context, this.classes, this.observer);
  }
}

/**
 * VENDOR_CLASS_<data> from the first vendor-class option (16): docsis3.0 or eRouter1.0 when
 * any data item is exactly that, otherwise the first data item (Dhcpv6Srv::classifyByVendor).
 */
export function vendorClassName(context: EvalContext): string | undefined {
  const vendorClass = context.vendorClass;
  if (!vendorClass || vendorClass.data.length === 0) return undefined;
  const items = vendorClass.data.map((item) => Buffer.from(item).toString('latin1'));
  for (const special of ['docsis3.0', 'eRouter1.0']) {
    if (items.includes(special)) return VENDOR_CLASS_PREFIX + special;
  }
  return VENDOR_CLASS_PREFIX + Buffer.from(vendorClass.data[0]!).toString('utf8');
}
