/**
 * What compiling a node yields: a closure over the packet's EvalContext, plus what the
 * compiler knows about it statically, which lets the parent node pick a cheaper closure.
 */
import { EvaluationFailure } from '../runtime/operations.js';
import { EvalContext } from '../runtime/packet.js';

export interface CompiledString {
  readonly evaluate: (context: EvalContext) => string;
  /** Set when the value does not depend on the packet. */
  readonly constant?: string;
  /** Set for option payloads (.hex): the bytes, without building a string. */
  readonly bytes?: (context: EvalContext) => Uint8Array;
  /**
   * Set where the value can be compared with a constant without building it (option bytes and
   * substrings of them): what `== constant` uses. Only on nodes that cannot fail.
   */
  readonly equalsConstant?: (context: EvalContext, expected: Uint8Array) => boolean;
  /** Whether evaluating can raise a runtime error. */
  readonly canFail: boolean;
}

export interface CompiledBool {
  readonly evaluate: (context: EvalContext) => boolean;
  readonly constant?: boolean;
  readonly canFail: boolean;
}

/** A context with no packet, for folding constant sub-trees. */
const NO_PACKET = new EvalContext(
  {
    message: { kind: 'unknown', msgType: 0, body: new Uint8Array(0) },
    relays: [],
    iface: '',
    remoteAddress: '',
    localAddress: '',
  },
  new Set<string>(),
);

export const isConstant = (...parts: Array<CompiledString | CompiledBool>): boolean =>
  parts.every((p) => p.constant !== undefined);

/**
 * A node whose inputs are all constant is evaluated once, now. A runtime error stays a
 * runtime error (Kea raises it per packet), so it is kept as a closure that throws it.
 */
function fold<T extends string | boolean>(
  compute: (context: EvalContext) => T,
  canFail: boolean,
  constantInputs: boolean,
): { evaluate: (context: EvalContext) => T; constant?: T; canFail: boolean } {
  if (!constantInputs) return { evaluate: compute, canFail };
  try {
    const value = compute(NO_PACKET);
    return { evaluate: () => value, constant: value, canFail: false };
  } catch (error) {
    if (!(error instanceof EvaluationFailure)) throw error;
    return {
      evaluate: () => {
        throw error;
      },
      canFail: true,
    };
  }
}

export const foldString = (
  compute: (context: EvalContext) => string,
  canFail: boolean,
  constantInputs: boolean,
): CompiledString => fold(compute, canFail, constantInputs);

export const foldBool = (
  compute: (context: EvalContext) => boolean,
  canFail: boolean,
  constantInputs: boolean,
): CompiledBool => fold(compute, canFail, constantInputs);
