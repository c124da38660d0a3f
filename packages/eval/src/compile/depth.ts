/**
 * How deep compiled closures nest. Chains of one associative operator (`a or b or c ...`,
 * `'a' + 'b' + ...`) compile to a single n-ary closure (see chains.ts), so they count as one
 * level however long they are: a class matching hundreds of prefixes with `or` is ordinary.
 * Anything else nests one closure per level, and evaluation recurses once per level.
 */
import type { ExpressionNode } from '../ast.js';
import { isChainKind } from './chains.js';

/** Nesting depth of a tree, measured without recursion so that no tree can overflow it. */
export function nestingDepth(root: ExpressionNode): number {
  let deepest = 0;
  const stack: Array<[ExpressionNode, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const value of Object.values(node)) {
      if (value === null || typeof value !== 'object' || !('kind' in value)) continue;
      const child = value as ExpressionNode;
      const sameChain = isChainKind(node.kind) && child.kind === node.kind;
      stack.push([child, sameChain ? depth : depth + 1]);
    }
  }
  return deepest;
}
