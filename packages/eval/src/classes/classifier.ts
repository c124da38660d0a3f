/**
 * The compiled `client-classes` of one configuration, and the entry point per packet. Kea 2.2
 * evaluates class tests in configuration order in two passes, so that member() sees the
 * classes assigned before it (Dhcpv6Srv::evaluateClasses):
 *
 *   pass 1: every class with a test that is not only-if-required and does not depend on
 *           KNOWN/UNKNOWN; run when the packet is classified and again after reserved
 *           classes are applied;
 *   pass 2: the classes that depend on KNOWN/UNKNOWN, after the host reservation lookup.
 *
 * Only-if-required classes run only when a shared network, subnet or pool requires them.
 */

import type { BoolExpression } from '../expression.js';
import { failureMessage } from '../expression.js';
import type { EvalContext, EvalPacket } from '../runtime/packet.js';
import type {
  ClassificationObserver,
  ClassifyOptions,
  ClassPasses,
  CompiledClientClass,
} from './classification-types.js';
import type { ClientClasses } from './client-classes.js';
import { PacketClassification } from './packet-classification.js';

export type { ClassificationObserver, ClassifyOptions, CompiledClientClass } from './classification-types.js';

export class ClientClassifier implements ClassPasses {
  readonly classes: readonly CompiledClientClass[];
  private readonly byName: ReadonlyMap<string, CompiledClientClass>;
  /** Tested classes of each pass, in configuration order. */
  private readonly beforeHostLookup: readonly CompiledClientClass[];
  private readonly afterHostLookup: readonly CompiledClientClass[];

  constructor(classes: readonly CompiledClientClass[]) {
    this.classes = classes;
    this.byName = new Map(classes.map((entry) => [entry.name, entry]));
    const tested = classes.filter((entry) => entry.test && !entry.onlyIfRequired);
    this.beforeHostLookup = tested.filter((entry) => !entry.dependsOnKnown);
    this.afterHostLookup = tested.filter((entry) => entry.dependsOnKnown);
  }

  /** The compiled class of that name, if configured. */
  get(name: string): CompiledClientClass | undefined {
    return this.byName.get(name);
  }

  /**
   * Classifies a received packet as Kea does on reception (Dhcpv6Srv::classifyPacket): ALL,
   * the VENDOR_CLASS_ class, then pass 1. The result carries on through the later steps.
   */
  classify(packet: EvalPacket, options: ClassifyOptions = {}): PacketClassification {
    return new PacketClassification(this, packet, options.observer, options.initial ?? []);
  }

  /** @internal Runs one pass over the packet. */
  runPass(
    afterHostLookup: boolean,
    context: EvalContext,
    classes: ClientClasses,
    observer?: ClassificationObserver,
  ): void {
    const pass = afterHostLookup ? this.afterHostLookup : this.beforeHostLookup;
    for (const entry of pass) evaluateInto(entry.name, entry.test!, context, classes, observer);
  }

  /** @internal Evaluates required classes, each once, in the order given. */
  runRequired(
    names: Iterable<string>,
    context: EvalContext,
    classes: ClientClasses,
    observer?: ClassificationObserver,
  ): void {
    const done = new Set<string>();
    for (const name of names) {
      if (done.has(name)) continue;
      done.add(name);
      const entry = this.byName.get(name);
      if (!entry) observer?.undefinedClass?.(name);
      else if (!entry.test) observer?.untestable?.(name);
      else evaluateInto(name, entry.test, context, classes, observer);
    }
  }
}

/** Runs one class test, adding the class on a match; a runtime error means no match, as in Kea. */
function evaluateInto(
  name: string,
  test: BoolExpression,
  context: EvalContext,
  classes: ClientClasses,
  observer: ClassificationObserver | undefined,
): void {
  let matched: boolean;
  try {
    matched = test.test(context);
  } catch (error) {
    observer?.failure?.(name, failureMessage(error));
    return;
  }
  if (matched) classes.add(name);
  observer?.result?.(name, matched);
}
