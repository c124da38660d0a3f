/**
 * The LR driver over tables built from Kea's grammar: Bison's lalr1 skeleton step for step
 * (a lookahead is read only in states that need one, default reductions happen before an error
 * is declared, the error names the lookahead token and at most four expected tokens), so the
 * accepted language, the error token and the message text are Kea's.
 */
import type { ExpressionNode, ExpressionType } from '../ast.js';
import { isExpressionError, locatedError, type SourceLocation } from '../errors.js';
import { type ActionContext, GRAMMAR, RULES } from './grammar.js';
import { buildTables, type ParseTables } from './lalr.js';
import { Lexer, type Token } from './lexer.js';
import { T, terminalDisplayName } from './tokens.js';

let tables: ParseTables | undefined;

/** The parse tables, built on first use (a few milliseconds) and shared afterwards. */
export function parseTables(): ParseTables {
  tables ??= buildTables(GRAMMAR);
  return tables;
}

/** Bison's message for a syntax error: up to four expected tokens are named. */
function syntaxErrorMessage(unexpected: number, expected: readonly number[]): string {
  let message = `syntax error, unexpected ${terminalDisplayName(unexpected)}`;
  const names = expected.filter((t) => t !== T.error).map(terminalDisplayName);
  if (names.length > 0 && names.length <= 4) message += `, expecting ${names.join(' or ')}`;
  return message;
}

function span(locations: readonly SourceLocation[]): SourceLocation {
  return { begin: locations[0]!.begin, end: locations[locations.length - 1]!.end };
}

/**
 * Parses `expression` as a class test (`bool`) or a string expression. Throws ExpressionError, with
 * Kea's message and location, for anything Kea's parser refuses.
 */
export function parseTree(expression: string, type: ExpressionType, context: ActionContext): ExpressionNode {
  try {
    return run(expression, type, context);
  } catch (error) {
    if (isExpressionError(error)) {
      // Attach the text to errors raised by rule actions, which do not know it.
      Object.assign(error, { expression });
      throw error;
    }
    throw error;
  }
}

function run(expression: string, type: ExpressionType, context: ActionContext): ExpressionNode {
  const { states, gotos, acceptState } = parseTables();
  const lexer = new Lexer(expression, type === 'bool' ? T.TOPLEVEL_BOOL : T.TOPLEVEL_STRING);
  const stateStack: number[] = [0];
  const valueStack: unknown[] = [undefined];
  const locationStack: SourceLocation[] = [{ begin: { line: 1, column: 1 }, end: { line: 1, column: 1 } }];
  let lookahead: Token | undefined;

  for (;;) {
    const state = stateStack[stateStack.length - 1]!;
    const actions = states[state]!;
    let rule = -1;
    if (actions.shifts.size === 0 && actions.reductions.size === 0 && actions.errors.size === 0) {
      rule = actions.defaultReduction;
    } else {
      lookahead ??= lexer.next();
      const target = actions.shifts.get(lookahead.terminal);
      if (target !== undefined) {
        if (target === acceptState) return valueStack[valueStack.length - 1] as ExpressionNode;
        stateStack.push(target);
        valueStack.push(lookahead.text);
        locationStack.push(lookahead.location);
        lookahead = undefined;
        continue;
      }
      if (!actions.errors.has(lookahead.terminal)) {
        rule = actions.reductions.get(lookahead.terminal) ?? actions.defaultReduction;
      }
    }
    if (rule < 0) {
      throw locatedError(
        'SYNTAX',
        lookahead!.location,
        syntaxErrorMessage(lookahead!.terminal, actions.expected),
        expression,
      );
    }
    const definition = RULES[rule]!;
    const count = definition.rhs.length;
    const values = valueStack.splice(valueStack.length - count, count);
    const locations = locationStack.splice(locationStack.length - count, count);
    stateStack.length -= count;
    const value = definition.action(values, locations, context);
    const from = stateStack[stateStack.length - 1]!;
    stateStack.push(gotos[from]!.get(definition.lhs)!);
    valueStack.push(value);
    locationStack.push(span(locations));
  }
}
