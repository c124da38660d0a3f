/**
 * Compiles an expression tree into closures, once, at configuration time. Per packet, a class
 * test is then a few direct function calls: no parsing, no token list, no value stack.
 *
 * Fidelity notes:
 * - Kea evaluates every token of its reverse-Polish list, so `and`, `or` and `ifelse` never
 *   short-circuit: an operand that raises a runtime error fails the whole test even when
 *   another operand already decides the result. Nestor short-circuits only past operands
 *   that cannot fail (`canFail`), which gives Kea's results, faster.
 * - Sub-trees that do not look at the packet are folded into constants.
 * - `option[..].hex == constant` (also through substring) compares the option's bytes in
 *   place instead of building a string first.
 */
import { ipv6TextToBytes, type OptionDefinitionRegistry } from '@nestor/codec';
import type { BoolNode, StringNode } from '../ast.js';
import {
  addressToText,
  hexstring,
  int32Literal,
  integerToText,
  split,
  substring,
  substringBounds,
} from '../runtime/operations.js';
import { OptionReader } from '../runtime/option-reader.js';
import type { EvalContext } from '../runtime/packet.js';
import { bytesToLatin1, latin1ToBytes, rangeEquals, uint32String } from '../runtime/values.js';
import { vendorOpts } from '../runtime/vendor.js';
import { chainOperands } from './chains.js';
import { type CompiledBool, type CompiledString, foldBool, foldString, isConstant } from './compiled.js';
import { matchingVendor, OptionLookups } from './option-lookups.js';

/** relay6[n].peeraddr / .linkaddr: the 16 address bytes. */
function addressString(text: string): string {
  const bytes = ipv6TextToBytes(text);
  return bytes ? bytesToLatin1(bytes) : '';
}

export class Compiler {
  private readonly options: OptionLookups;

  constructor(definitions: OptionDefinitionRegistry) {
    this.options = new OptionLookups(new OptionReader(definitions));
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
        return this.logical(
          node.kind,
          chainOperands(node).map((operand) => this.bool(operand as BoolNode)),
        );
      case 'equal':
        return this.equal(this.string(node.left), this.string(node.right));
      case 'member': {
        const name = node.className;
        return { evaluate: (c) => c.classes.has(name), canFail: false };
      }
      case 'option-exists':
        return this.options.exists(this.options.option(node.code));
      case 'sub-option-exists':
        return this.options.exists(this.options.subOption(node.code, node.subCode));
      case 'relay6-option-exists':
        return this.options.exists(this.options.relayOption(node.nest, node.code));
      case 'vendor-option-exists':
        return this.options.exists(this.options.vendorOption(node.enterprise, node.code));
      case 'vendor-exists': {
        const enterprise = node.enterprise;
        return { evaluate: (c) => matchingVendor(c, enterprise) !== undefined, canFail: false };
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

  /**
   * An n-ary and/or. `decisive` is the operand value that decides the result (false for and,
   * true for or); once it is seen, the remaining operands are evaluated only if one of them
   * can fail, because in Kea that failure would still void the whole test.
   */
  private logical(kind: 'and' | 'or', operands: CompiledBool[]): CompiledBool {
    const decisive = kind === 'or';
    const tests = operands.map((o) => o.evaluate);
    // failsAfter[i]: some operand after i can raise a runtime error.
    const failsAfter = operands.map((_, i) => operands.slice(i + 1).some((o) => o.canFail));
    const canFail = operands.some((o) => o.canFail);
    const count = tests.length;
    const compute = (c: EvalContext): boolean => {
      let result = !decisive;
      for (let i = 0; i < count; i++) {
        if (tests[i]!(c) === decisive) {
          result = decisive;
          if (!failsAfter[i]) return result;
        }
      }
      return result;
    };
    return foldBool(compute, canFail, isConstant(...operands));
  }

  private equal(left: CompiledString, right: CompiledString): CompiledBool {
    if (isConstant(left, right)) return foldBool(() => left.constant === right.constant, false, true);
    // Option bytes (or a substring of them) against a constant: compare in place.
    const [source, constant] = right.constant !== undefined ? [left, right.constant] : [right, left.constant];
    if (constant !== undefined && source.equalsConstant) {
      const equals = source.equalsConstant;
      const expected = latin1ToBytes(constant);
      return { evaluate: (c) => equals(c, expected), canFail: false };
    }
    const l = left.evaluate;
    const r = right.evaluate;
    return { evaluate: (c) => l(c) === r(c), canFail: left.canFail || right.canFail };
  }

  string(node: StringNode): CompiledString {
    switch (node.kind) {
      case 'constant':
        return { evaluate: () => node.value, constant: node.value, canFail: false };
      case 'option':
        return this.options.value(this.options.option(node.code), node.representation);
      case 'sub-option':
        return this.options.value(this.options.subOption(node.code, node.subCode), node.representation);
      case 'relay6-option':
        return this.options.value(this.options.relayOption(node.nest, node.code), node.representation);
      case 'vendor-option':
        return this.options.value(this.options.vendorOption(node.enterprise, node.code), node.representation);
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
        return this.packetField(node.field);
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
      case 'concat':
        return this.concat(chainOperands(node).map((operand) => this.string(operand as StringNode)));
      case 'ifelse':
        return this.ifelse(
          this.bool(node.condition),
          this.string(node.whenTrue),
          this.string(node.whenFalse),
        );
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

  private packetField(field: 'iface' | 'src' | 'dst' | 'len'): CompiledString {
    switch (field) {
      case 'iface':
        return { evaluate: (c) => c.packet.iface, canFail: false };
      case 'src':
        return { evaluate: (c) => c.src, canFail: false };
      case 'dst':
        return { evaluate: (c) => c.dst, canFail: false };
      case 'len': {
        const reader = this.options.reader;
        return { evaluate: (c) => uint32String(reader.wireLength(c)), canFail: false };
      }
    }
  }

  /** An n-ary concatenation; adjacent constants are joined now. */
  private concat(parts: CompiledString[]): CompiledString {
    const merged: CompiledString[] = [];
    for (const part of parts) {
      const last = merged[merged.length - 1];
      if (last?.constant !== undefined && part.constant !== undefined) {
        const value = last.constant + part.constant;
        merged[merged.length - 1] = { evaluate: () => value, constant: value, canFail: false };
      } else {
        merged.push(part);
      }
    }
    if (merged.length === 1) return merged[0]!;
    const pieces = merged.map((p) => p.evaluate);
    const count = pieces.length;
    const compute = (c: EvalContext): string => {
      let out = '';
      for (let i = 0; i < count; i++) out += pieces[i]!(c);
      return out;
    };
    return foldString(
      compute,
      merged.some((p) => p.canFail),
      isConstant(...merged),
    );
  }

  /** ifelse: both branches are evaluated when one of them can fail, as Kea evaluates both. */
  private ifelse(
    condition: CompiledBool,
    whenTrue: CompiledString,
    whenFalse: CompiledString,
  ): CompiledString {
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

  private substring(value: CompiledString, start: string, length: string): CompiledString {
    const startValue = int32Literal(start);
    const lengthValue = length === 'all' ? 'all' : int32Literal(length);
    const v = value.evaluate;
    const numeric = startValue !== undefined && lengthValue !== undefined;
    // Only a length of -2^31 makes substr() itself throw (see substringBounds).
    const canFail = value.canFail || !numeric || lengthValue === -(2 ** 31);
    const folded = foldString((c) => substring(v(c), start, length), canFail, isConstant(value));
    if (folded.constant !== undefined || !numeric || canFail || !value.bytes) return folded;
    // A slice of option bytes: compared with a constant in place, without building it.
    const source = value.bytes;
    const bounds = new Int32Array(2); // scratch: evaluation never re-enters this closure
    const equalsConstant = (c: EvalContext, expected: Uint8Array): boolean => {
      const bytes = source(c);
      if (bytes.length === 0) return expected.length === 0;
      substringBounds(bytes.length, startValue, lengthValue === 'all' ? bytes.length : lengthValue, bounds);
      return rangeEquals(bytes, bounds[0]!, bounds[1]!, expected);
    };
    return { ...folded, equalsConstant };
  }
}
