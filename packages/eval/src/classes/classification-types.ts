/**
 * What the classifier and a packet's classification share, in a module of its own so that
 * neither imports the other: the compiled classes, the observer, and the passes a
 * PacketClassification asks its classifier to run.
 */
import type { BoolExpression } from '../expression.js';
import type { EvalContext } from '../runtime/packet.js';
import type { ClientClasses } from './client-classes.js';

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

export interface ClassifyOptions {
  /** Told about every evaluation (for logging); absent on the fast path. */
  observer?: ClassificationObserver;
  /** Classes assigned before classification (e.g. by a buffer6_receive hook). */
  initial?: Iterable<string>;
}

/** The class passes of one configuration (ClientClassifier), as a packet's classification runs them. */
export interface ClassPasses {
  readonly classes: readonly CompiledClientClass[];
  /** Runs pass 1 (before the host lookup) or pass 2 (after it) over the packet. */
  runPass(
    afterHostLookup: boolean,
    context: EvalContext,
    classes: ClientClasses,
    observer?: ClassificationObserver,
  ): void;
  /** Evaluates required classes, each once, in the order given. */
  runRequired(
    names: Iterable<string>,
    context: EvalContext,
    classes: ClientClasses,
    observer?: ClassificationObserver,
  ): void;
}
