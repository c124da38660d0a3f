/** Recursive, registry-driven decoding of one option and the sub-options of its spaces. */
import type { OptionDefinitionRegistry } from '../defs/registry.js';
import type { OptionDefinition } from '../defs/types.js';
import { codecError } from '../errors.js';
import { decodeOptionValue, type OptionValue } from './option-value.js';

export interface OptionTreeNode {
  readonly code: number;
  readonly space: string;
  readonly data: Uint8Array;
  /** Undefined when the space has no definition for the code (the node is then raw bytes). */
  readonly definition: OptionDefinition | undefined;
  readonly value: OptionValue | undefined;
  readonly children: OptionTreeNode[];
}

const MAX_TREE_DEPTH = 8;

/**
 * Decodes an option of `space` with its definition from `registry`, then its sub-options in
 * the space it encapsulates, recursively (at most 8 levels). Throws MALFORMED_VALUE or
 * NESTING_TOO_DEEP.
 */
export function decodeOptionTree(
  registry: OptionDefinitionRegistry,
  space: string,
  code: number,
  data: Uint8Array,
  depth = 0,
): OptionTreeNode {
  if (depth > MAX_TREE_DEPTH) {
    throw codecError(
      'NESTING_TOO_DEEP',
      `option ${code} in space '${space}' is nested more than ${MAX_TREE_DEPTH} levels`,
    );
  }
  const definition = registry.getByCode(space, code);
  if (!definition) return { code, space, data, definition, value: undefined, children: [] };
  const value = decodeOptionValue(definition, data);
  const children = value.options.map((sub) =>
    decodeOptionTree(registry, value.space, sub.code, sub.data, depth + 1),
  );
  return { code, space, data, definition, value, children };
}
