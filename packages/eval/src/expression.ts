/**
 * compileExpression: parse once, compile once, evaluate per packet. Evaluation never throws:
 * a runtime type error (what Kea logs as an EVAL_RESULT error and treats as "not a member")
 * comes back as a failed result; even an unexpected internal error is caught and reported the
 * same way, so no packet can crash the caller.
 */
import { OptionDefinitionRegistry } from '@nestor/codec';
import type { ExpressionType } from './ast.js';
import type { CompiledBool, CompiledString } from './compile/compiled.js';
import { Compiler } from './compile/compiler.js';
import { nestingDepth } from './compile/depth.js';
import { ExpressionError, formatLocation } from './errors.js';
import { type ParsedExpression, type ParseOptions, parseExpression } from './parse.js';
import { EvaluationFailure } from './runtime/operations.js';
import type { EvalContext } from './runtime/packet.js';
import { latin1ToBytes } from './runtime/values.js';

/**
 * Expressions nested deeper are refused (TOO_COMPLEX): compiling and evaluating recurse once
 * per level. Chains of and / or / + count as one level however long (see compile/depth.ts);
 * Kea has no such limit, but only a machine-made expression reaches it.
 */
export const MAX_EXPRESSION_DEPTH = 1000;

export type EvalResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

interface ExpressionBase {
  readonly text: string;
  readonly type: ExpressionType;
  /** Class names the expression tests with member(), in order of appearance. */
  readonly memberClasses: readonly string[];
}

export interface BoolExpression extends ExpressionBase {
  readonly type: 'bool';
  /** true/false, or the runtime error Kea would have logged. Never throws. */
  evaluate(context: EvalContext): EvalResult<boolean>;
  /** Whether the packet belongs to the class: false also when evaluation fails. Never throws. */
  matches(context: EvalContext): boolean;
  /**
   * The raw compiled test: true/false, or throws (a runtime error of the expression). For
   * callers that loop over many classes, catch themselves and want no result object per
   * evaluation (the classifier does).
   */
  readonly test: (context: EvalContext) => boolean;
}

export interface StringExpression extends ExpressionBase {
  readonly type: 'string';
  /** The value as a byte string (latin1), or the runtime error. Never throws. */
  evaluate(context: EvalContext): EvalResult<string>;
  /** The value as bytes, or undefined when evaluation fails. Never throws. */
  bytes(context: EvalContext): Uint8Array | undefined;
}

export type Expression = BoolExpression | StringExpression;

export interface CompileOptions extends ParseOptions {}

/** The message of a runtime failure (or of an unexpected internal error) caught during evaluation. */
export function failureMessage(error: unknown): string {
  if (error instanceof EvaluationFailure) return error.message;
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

function memberClasses(parsed: ParsedExpression): string[] {
  const names: string[] = [];
  const stack: unknown[] = [parsed.tree];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    if (node.kind === 'member') names.push(node.className as string);
    for (const value of Object.values(node).reverse()) {
      if (value !== null && typeof value === 'object' && 'kind' in value) stack.push(value);
    }
  }
  return names;
}

export function compileExpression(text: string, options?: CompileOptions & { type?: 'bool' }): BoolExpression;
export function compileExpression(
  text: string,
  options: CompileOptions & { type: 'string' },
): StringExpression;
export function compileExpression(text: string, options?: CompileOptions): Expression;
/**
 * Parses and compiles an expression. Throws ExpressionError when Kea would refuse it, or
 * (TOO_COMPLEX) when it is nested deeper than MAX_EXPRESSION_DEPTH.
 */
export function compileExpression(text: string, options: CompileOptions = {}): Expression {
  const parsed = parseExpression(text, options);
  if (nestingDepth(parsed.tree) > MAX_EXPRESSION_DEPTH) {
    const location = { begin: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    const reason = `expression nested deeper than ${MAX_EXPRESSION_DEPTH} levels`;
    throw new ExpressionError('TOO_COMPLEX', `${formatLocation(location)}: ${reason}`, reason, {
      location,
      expression: text,
    });
  }
  const compiler = new Compiler(options.optionDefinitions ?? OptionDefinitionRegistry.standard());
  const members = memberClasses(parsed);
  if (parsed.type === 'bool') {
    const compiled: CompiledBool = compiler.bool(parsed.tree as Parameters<Compiler['bool']>[0]);
    const test = compiled.evaluate;
    return {
      text,
      type: 'bool',
      memberClasses: members,
      test,
      evaluate(context) {
        try {
          return { ok: true, value: test(context) };
        } catch (error) {
          return { ok: false, error: failureMessage(error) };
        }
      },
      matches(context) {
        try {
          return test(context);
        } catch {
          return false;
        }
      },
    };
  }
  const compiled: CompiledString = compiler.string(parsed.tree as Parameters<Compiler['string']>[0]);
  const value = compiled.evaluate;
  return {
    text,
    type: 'string',
    memberClasses: members,
    evaluate(context) {
      try {
        return { ok: true, value: value(context) };
      } catch (error) {
        return { ok: false, error: failureMessage(error) };
      }
    },
    bytes(context) {
      try {
        return latin1ToBytes(value(context));
      } catch {
        return undefined;
      }
    },
  };
}
