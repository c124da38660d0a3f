/**
 * parseExpression: text -> tree, refusing exactly what Kea 2.2's DHCPv6 parser refuses, with
 * its messages. Name lookups (option[name], member('class')) go through the caller's
 * definitions, since they depend on the configuration being loaded.
 */
import { OptionDefinitionRegistry } from '@nestor/codec';
import type { ExpressionNode, ExpressionType } from './ast.js';
import { parseTree } from './syntax/parser.js';

export interface ParseOptions {
  /** 'bool' for a class test (the default), 'string' for a string expression. */
  type?: ExpressionType;
  /**
   * Option definitions for option[name]: the dhcp6 space's standard options plus the
   * configuration's option-def entries, as Kea looks names up. Default: the standard table.
   */
  optionDefinitions?: OptionDefinitionRegistry;
  /** Overrides the name lookup altogether: the code of the dhcp6 option `name`, or undefined. */
  resolveOptionName?: (name: string) => number | undefined;
  /**
   * Whether member('name') may refer to `name`. Kea allows built-in classes and classes
   * defined earlier in the list (compileClientClasses passes that check). Default: any name.
   */
  isClassDefined?: (name: string) => boolean;
}

export interface ParsedExpression {
  readonly text: string;
  readonly type: ExpressionType;
  readonly tree: ExpressionNode;
}

/** Parses an expression; throws ExpressionError (with Kea's message and location) when Kea would refuse it. */
export function parseExpression(text: string, options: ParseOptions = {}): ParsedExpression {
  const type = options.type ?? 'bool';
  const definitions = options.optionDefinitions ?? OptionDefinitionRegistry.standard();
  const resolveOptionName =
    options.resolveOptionName ?? ((name: string) => definitions.getByName('dhcp6', name)?.code);
  const isClassDefined = options.isClassDefined ?? (() => true);
  const tree = parseTree(text, type, { resolveOptionName, isClassDefined });
  return { text, type, tree };
}
