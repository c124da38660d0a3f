/**
 * Chains of one associative operator, flattened into their operands in order: `a and b and c`
 * parses as ((a and b) and c) but compiles to one closure over [a, b, c], which keeps long
 * chains cheap and their evaluation shallow.
 */
import type { ExpressionNode } from '../ast.js';

export type ChainKind = 'and' | 'or' | 'concat';

export const isChainKind = (kind: string): kind is ChainKind =>
  kind === 'and' || kind === 'or' || kind === 'concat';

/** The operands of the chain rooted at `node`, left to right (iteratively: chains can be long). */
export function chainOperands<T extends ExpressionNode>(node: T & { kind: ChainKind }): ExpressionNode[] {
  const operands: ExpressionNode[] = [];
  const stack: ExpressionNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.kind === node.kind && 'left' in current && 'right' in current) {
      stack.push(current.right, current.left);
    } else {
      operands.push(current);
    }
  }
  return operands;
}
