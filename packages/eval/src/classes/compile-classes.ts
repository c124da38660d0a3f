/**
 * compileClientClasses: the configuration's `client-classes` list, checked as Kea checks it
 * and compiled once into a ClientClassifier. Each test is parsed and compiled to closures
 * here, so classifying a packet never parses anything.
 */
import { type OptionDefinition, OptionDefinitionRegistry } from '@nestor/codec';
import { ExpressionError, isExpressionError } from '../errors.js';
import { type BoolExpression, compileExpression } from '../expression.js';
import { BUILTIN_CLASS_NAMES, DROP_CLASS, isBuiltinClass } from './builtin.js';
import { ClientClassifier, type CompiledClientClass } from './classifier.js';

/**
 * One entry of `client-classes` as far as classification is concerned. @nestor/config's
 * ClientClass6 has these fields, so its `clientClasses` list can be passed as it is.
 */
export interface ClientClassConfig {
  readonly name: string;
  readonly test?: string;
  readonly onlyIfRequired?: boolean;
}

/** An `option-def` entry as @nestor/config's Dhcp6 model gives it (OptionDef6). */
export interface OptionDefConfig {
  readonly name: string;
  readonly code: number;
  readonly type: string;
  readonly recordTypes: readonly string[];
  readonly space: string;
  readonly encapsulate: string;
  readonly array: boolean;
}

export interface ClassifierOptions {
  /**
   * Option definitions for option[name] and for how options read as .hex, .text and pkt.len:
   * the standard ones plus the configuration's option-def. Default: the standard ones.
   */
  optionDefinitions?: OptionDefinitionRegistry;
}

/**
 * The standard option definitions plus the configuration's option-def entries (already
 * checked by @nestor/config), as compileClientClasses and compileExpression want them.
 */
export function optionDefinitionsFrom(optionDefs: readonly OptionDefConfig[]): OptionDefinitionRegistry {
  return OptionDefinitionRegistry.standard().extend(
    optionDefs.map((def) => ({ ...def, standard: false }) as unknown as OptionDefinition),
  );
}

type ClassErrorKind = 'CLASS_NAME_EMPTY' | 'CLASS_DUPLICATE' | 'BUILTIN_CLASS_MISUSE' | 'CLASS_TEST_INVALID';

function classError(
  kind: ClassErrorKind,
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

/** Kea's checks of the built-in and special classes (ClientClassDefParser). */
function checkSpecialClass(name: string, hasTest: boolean, onlyIfRequired: boolean, index: number): void {
  if (BUILTIN_CLASS_NAMES.includes(name)) {
    if (onlyIfRequired) {
      throw classError(
        'BUILTIN_CLASS_MISUSE',
        `built-in class '${name}' only-if-required flag must be false`,
        index,
        name,
      );
    }
    if (hasTest) {
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
}

/**
 * Compiles the configured classes in order, refusing what Kea refuses: an empty name, a test
 * Kea's parser rejects or whose member() names a class neither built in nor defined earlier,
 * a test or only-if-required on ALL/KNOWN/UNKNOWN/BOOTP, only-if-required on DROP, and a name
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
      // Kea marks a class as depending on KNOWN/UNKNOWN when its test names one of them, or
      // names a class that does; such classes wait for the host reservation lookup.
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
        throw classError(
          'CLASS_TEST_INVALID',
          `expression: [${entry.test}] error: ${error.message}`,
          index,
          name,
          error,
        );
      }
    }
    const onlyIfRequired = entry.onlyIfRequired ?? false;
    checkSpecialClass(name, test !== undefined, onlyIfRequired, index);
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
