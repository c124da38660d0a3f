/**
 * Compiles an expression tree into closures, once, at configuration time. Per packet, a class
 * test is then a few direct function calls with no parsing, no token list and no value stack.
 *
 * Fidelity notes:
 * - Kea evaluates every token of the reverse-Polish list, so `and`, `or` and `ifelse` have no
 *   short-circuit: an operand that raises a runtime error fails the whole test even when the
 *   other operand already decides the result. Nestor short-circuits only where the skipped
 *   operand cannot fail (`canFail`), which gives the same results faster.
 * - Sub-trees that do not look at the packet are folded into constants.
 * - `option[..].hex == constant` (also through substring) compares the option's bytes in place
 *   instead of building a string first.
 */
import { type Dhcp6Option, ipv6TextToBytes, type OptionDefinitionRegistry } from '@nestor/codec';
import type { BoolNode, ExpressionNode, OptionRepresentation, StringNode } from './ast.js';
import {
  addressToText,
  EvaluationFailure,
  hexstring,
  int32Literal,
  integerToText,
  split,
  substring,
  substringBounds,
} from './runtime/operations.js';
import { type LocatedOption, OptionReader } from './runtime/option-reader.js';
import type { PayloadRule } from './runtime/option-value.js';
import { EvalContext } from './runtime/packet.js';
import { bytesToLatin1, latin1ToBytes, rangeEquals, uint32String } from './runtime/values.js';
import { vendorOpts } from './runtime/vendor.js';

export interface CompiledString {
  readonly evaluate: (context: EvalContext) => string;
  /** Set when the value does not depend on the packet. */
  readonly constant?: string;
  /** Set for option payloads (.hex): the bytes, without building a string. */
  readonly bytes?: (context: EvalContext) => Uint8Array;
  /** Whether evaluating can raise a runtime error. */
  readonly canFail: boolean;
}

export interface CompiledBool {
  readonly evaluate: (context: EvalContext) => boolean;
  readonly constant?: boolean;
  readonly canFail: boolean;
}

const EMPTY = new Uint8Array(0);

/** A context with no packet, for folding constant sub-trees. */
const NO_PACKET = new EvalContext(
  {
    message: { kind: 'unknown', msgType: 0, body: EMPTY },
    relays: [],
    iface: '',
    remoteAddress: '',
    localAddress: '',
  },
  new Set<string>(),
);

function fail(failure: EvaluationFailure): () => never {
  return () => {
    throw failure;
  };
}

/** Evaluates `compute` now when all its inputs are constant; keeps a runtime error as such. */
function foldString(
  compute: (context: EvalContext) => string,
  canFail: boolean,
  constantInputs: boolean,
): CompiledString {
  if (!constantInputs) return { evaluate: compute, canFail };
  try {
    const value = compute(NO_PACKET);
    return { evaluate: () => value, constant: value, canFail: false };
  } catch (error) {
    if (error instanceof EvaluationFailure) return { evaluate: fail(error), canFail: true };
    throw error;
  }
}

function foldBool(
  compute: (context: EvalContext) => boolean,
  canFail: boolean,
  constantInputs: boolean,
): CompiledBool {
  if (!constantInputs) return { evaluate: compute, canFail };
  try {
    const value = compute(NO_PACKET);
    return { evaluate: () => value, constant: value, canFail: false };
  } catch (error) {
    if (error instanceof EvaluationFailure) return { evaluate: fail(error), canFail: true };
    throw error;
  }
}

const isConstant = (...parts: Array<CompiledString | CompiledBool>) =>
  parts.every((p) => p.constant !== undefined);

/** How an option lookup node finds its option and the space that defines it. */
type Locate = (context: EvalContext) => LocatedOption;

export class Compiler {
  private readonly reader: OptionReader;

  constructor(definitions: OptionDefinitionRegistry) {
    this.reader = new OptionReader(definitions);
  }

  bool(node: BoolNode): CompiledBool {
    switch (node.kind) {
      case 'not': {
        const operand = this.bool(node.operand);
        const f = operand.evaluate;
        return foldBool((c) => !f(c), operand.canFail, isConstant(operand));
      }
      case 'and':
      case 'or':
        return this.logical(node.kind, this.bool(node.left), this.bool(node.right));
      case 'equal':
        return this.equal(this.string(node.left), this.string(node.right));
      case 'member': {
        const name = node.className;
        return { evaluate: (c) => c.classes.has(name), canFail: false };
      }
      case 'option-exists': {
        const find = this.topLevel(node.code);
        return { evaluate: (c) => find(c) !== undefined, canFail: false };
      }
      case 'sub-option-exists': {
        const locate = this.subOptionLocator(node.code, node.subCode);
        return { evaluate: (c) => locate(c).option !== undefined, canFail: false };
      }
      case 'relay6-option-exists': {
        const locate = this.relayOptionLocator(node.nest, node.code);
        return { evaluate: (c) => locate(c).option !== undefined, canFail: false };
      }
      case 'vendor-exists': {
        const enterprise = node.enterprise;
        return {
          evaluate: (c) => matchingVendor(c.option(17), enterprise) !== undefined,
          canFail: false,
        };
      }
      case 'vendor-option-exists': {
        const locate = this.vendorOptionLocator(node.enterprise, node.code);
        return { evaluate: (c) => locate(c).option !== undefined, canFail: false };
      }
      case 'vendor-class-exists': {
        const enterprise = node.enterprise;
        return {
          evaluate: (c) => {
            const vendorClass = c.vendorClass;
            return (
              vendorClass !== undefined && (enterprise === 0 || vendorClass.enterpriseNumber === enterprise)
            );
          },
          canFail: false,
        };
      }
    }
  }

  private logical(kind: 'and' | 'or', left: CompiledBool, right: CompiledBool): CompiledBool {
    const l = left.evaluate;
    const r = right.evaluate;
    const canFail = left.canFail || right.canFail;
    let compute: (c: EvalContext) => boolean;
    if (kind === 'and') {
      compute = right.canFail
        ? (c) => {
            const a = l(c);
            return r(c) && a;
          }
        : (c) => l(c) && r(c);
    } else {
      compute = right.canFail
        ? (c) => {
            const a = l(c);
            return r(c) || a;
          }
        : (c) => l(c) || r(c);
    }
    return foldBool(compute, canFail, isConstant(left, right));
  }

  private equal(left: CompiledString, right: CompiledString): CompiledBool {
    const canFail = left.canFail || right.canFail;
    if (isConstant(left, right)) return foldBool(() => left.constant === right.constant, false, true);
    // Bytes of an option payload against a constant: compare in place.
    const [source, constant] =
      right.constant !== undefined && left.bytes ? [left, right.constant] : [right, left.constant];
    if (constant !== undefined && source.bytes && !source.canFail) {
      const bytes = source.bytes;
      const expected = latin1ToBytes(constant);
      return { evaluate: (c) => equalBytes(bytes(c), expected), canFail: false };
    }
    const l = left.evaluate;
    const r = right.evaluate;
    return { evaluate: (c) => l(c) === r(c), canFail };
  }

  string(node: StringNode): CompiledString {
    switch (node.kind) {
      case 'constant':
        return { evaluate: () => node.value, constant: node.value, canFail: false };
      case 'option': {
        const find = this.topLevel(node.code);
        const rule = this.reader.ruleFor('dhcp6', node.code);
        return this.optionValue((c) => ({ option: find(c), space: 'dhcp6' }), node.representation, rule);
      }
      case 'sub-option':
        return this.optionValue(this.subOptionLocator(node.code, node.subCode), node.representation);
      case 'relay6-option':
        return this.optionValue(
          this.relayOptionLocator(node.nest, node.code),
          node.representation,
          this.reader.ruleFor('dhcp6', node.code),
        );
      case 'vendor-option':
        return this.optionValue(this.vendorOptionLocator(node.enterprise, node.code), node.representation);
      case 'relay6-field': {
        const { nest, field } = node;
        return {
          evaluate: (c) => {
            const relay = c.relay(nest);
            if (relay === undefined) return '';
            return addressString(field === 'peeraddr' ? relay.peerAddress : relay.linkAddress);
          },
          canFail: false,
        };
      }
      case 'pkt':
        switch (node.field) {
          case 'iface':
            return { evaluate: (c) => c.packet.iface, canFail: false };
          case 'src':
            return { evaluate: (c) => c.src, canFail: false };
          case 'dst':
            return { evaluate: (c) => c.dst, canFail: false };
          default: {
            const reader = this.reader;
            return { evaluate: (c) => uint32String(reader.wireLength(c)), canFail: false };
          }
        }
      case 'pkt6':
        return node.field === 'msgtype'
          ? { evaluate: (c) => c.msgtype, canFail: false }
          : { evaluate: (c) => c.transid, canFail: false };
      case 'substring':
        return this.substring(this.string(node.value), node.start, node.length);
      case 'split': {
        const value = this.string(node.value);
        const delimiters = this.string(node.delimiters);
        const v = value.evaluate;
        const d = delimiters.evaluate;
        const field = node.field;
        const canFail = value.canFail || delimiters.canFail || int32Literal(field) === undefined;
        return foldString((c) => split(v(c), d(c), field), canFail, isConstant(value, delimiters));
      }
      case 'concat': {
        const left = this.string(node.left);
        const right = this.string(node.right);
        const l = left.evaluate;
        const r = right.evaluate;
        return foldString((c) => l(c) + r(c), left.canFail || right.canFail, isConstant(left, right));
      }
      case 'ifelse': {
        const condition = this.bool(node.condition);
        const whenTrue = this.string(node.whenTrue);
        const whenFalse = this.string(node.whenFalse);
        const test = condition.evaluate;
        const t = whenTrue.evaluate;
        const f = whenFalse.evaluate;
        const compute =
          whenTrue.canFail || whenFalse.canFail
            ? (c: EvalContext) => {
                const chosen = test(c);
                const a = t(c);
                const b = f(c);
                return chosen ? a : b;
              }
            : (c: EvalContext) => (test(c) ? t(c) : f(c));
        const canFail = condition.canFail || whenTrue.canFail || whenFalse.canFail;
        return foldString(compute, canFail, isConstant(condition, whenTrue, whenFalse));
      }
      case 'hexstring': {
        const value = this.string(node.value);
        const separator = this.string(node.separator);
        const v = value.evaluate;
        const s = separator.evaluate;
        return foldString(
          (c) => hexstring(v(c), s(c)),
          value.canFail || separator.canFail,
          isConstant(value, separator),
        );
      }
      case 'addrtotext': {
        const value = this.string(node.value);
        const v = value.evaluate;
        return foldString((c) => addressToText(v(c)), true, isConstant(value));
      }
      case 'int-to-text': {
        const value = this.string(node.value);
        const v = value.evaluate;
        const type = node.type;
        return foldString((c) => integerToText(type, v(c)), true, isConstant(value));
      }
      case 'vendor-enterprise':
        return {
          evaluate: (c) => {
            const vendor = vendorOpts(c.option(17));
            return vendor ? uint32String(vendor.enterpriseNumber) : '';
          },
          canFail: false,
        };
      case 'vendor-class-enterprise':
        return {
          evaluate: (c) => {
            const vendorClass = c.vendorClass;
            return vendorClass ? uint32String(vendorClass.enterpriseNumber) : '';
          },
          canFail: false,
        };
      case 'vendor-class-data': {
        const { enterprise, index } = node;
        return {
          evaluate: (c) => {
            const vendorClass = c.vendorClass;
            if (!vendorClass || (enterprise !== 0 && vendorClass.enterpriseNumber !== enterprise)) return '';
            const data = vendorClass.data[index];
            return data ? bytesToLatin1(data) : '';
          },
          canFail: false,
        };
      }
    }
  }

  private substring(value: CompiledString, start: string, length: string): CompiledString {
    const startValue = int32Literal(start);
    const lengthValue = length === 'all' ? 'all' : int32Literal(length);
    const v = value.evaluate;
    const numeric = startValue !== undefined && lengthValue !== undefined;
    // Only a length of -2^31 makes substr() itself throw (see substringBounds).
    const canFail = value.canFail || !numeric || lengthValue === -(2 ** 31);
    const folded = foldString((c) => substring(v(c), start, length), canFail, isConstant(value));
    if (folded.constant !== undefined || !numeric || !value.bytes) return folded;
    // A slice of option bytes: keep it as a byte range so == can compare in place.
    const source = value.bytes;
    const range = (c: EvalContext): Uint8Array => {
      const bytes = source(c);
      const bounds = substringBounds(
        bytes.length,
        startValue,
        lengthValue === 'all' ? bytes.length : lengthValue,
      );
      return bytes.subarray(bounds[0], bounds[1]);
    };
    return { ...folded, bytes: range };
  }

  /** option[code] of the client message; the common case (no option Kea may skip) is a plain scan. */
  private topLevel(code: number): (context: EvalContext) => Dhcp6Option | undefined {
    const rule = this.reader.ruleFor('dhcp6', code);
    if (rule !== 'trim-nuls') return (c) => c.option(code);
    const reader = this.reader;
    return (c) => reader.find(c.options, code, 'dhcp6', rule);
  }

  private subOptionLocator(code: number, subCode: number): Locate {
    const reader = this.reader;
    const parentOf = this.topLevel(code);
    return (c) => {
      const parent = reader.subOptions(parentOf(c));
      return { option: reader.find(parent.options, subCode, parent.space), space: parent.space };
    };
  }

  private relayOptionLocator(nest: number, code: number): Locate {
    const reader = this.reader;
    const rule = reader.ruleFor('dhcp6', code);
    return (c) => {
      const relay = c.relay(nest);
      return { option: relay && reader.find(relay.options, code, 'dhcp6', rule), space: 'dhcp6' };
    };
  }

  /** vendor[enterprise].option[code]: a sub-option of the first vendor-opts, if of that vendor (0: any). */
  private vendorOptionLocator(enterprise: number, code: number): Locate {
    const reader = this.reader;
    return (c) => {
      const vendor = matchingVendor(c.option(17), enterprise);
      if (vendor === undefined) return { option: undefined, space: '' };
      const space = `vendor-${vendor.enterpriseNumber}`;
      return { option: reader.find(vendor.options, code, space), space };
    };
  }

  /** option-like lookups (.hex / .text); `rule` is set when the option's definition is known statically. */
  private optionValue(
    locate: Locate,
    representation: OptionRepresentation,
    rule?: PayloadRule,
  ): CompiledString {
    const reader = this.reader;
    if (representation === 'hex') {
      const bytes = (c: EvalContext): Uint8Array => {
        const { option, space } = locate(c);
        return option === undefined ? EMPTY : reader.hex(c, option, space, rule);
      };
      return { evaluate: (c) => bytesToLatin1(bytes(c)), bytes, canFail: false };
    }
    return {
      evaluate: (c) => {
        const { option, space } = locate(c);
        return option === undefined ? '' : reader.text(c, option, space, rule);
      },
      canFail: false,
    };
  }
}

/** The vendor-opts option if present and of the wanted enterprise (0 = any). */
function matchingVendor(option: Dhcp6Option | undefined, enterprise: number) {
  const vendor = vendorOpts(option);
  return vendor && (enterprise === 0 || vendor.enterpriseNumber === enterprise) ? vendor : undefined;
}

function equalBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return rangeEquals(actual, 0, actual.length, expected);
}

/** relay6[n].peeraddr / .linkaddr: the 16 address bytes. */
function addressString(text: string): string {
  const bytes = ipv6TextToBytes(text);
  return bytes ? bytesToLatin1(bytes) : '';
}

/** Depth of a tree, measured without recursion so that a pathological one cannot overflow. */
export function treeDepth(root: ExpressionNode): number {
  let deepest = 0;
  const stack: Array<[ExpressionNode, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const value of Object.values(node)) {
      if (value !== null && typeof value === 'object' && 'kind' in value)
        stack.push([value as ExpressionNode, depth + 1]);
    }
  }
  return deepest;
}
