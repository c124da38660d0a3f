/**
 * A deliberately naive tree-walking evaluator, the way Kea evaluates: every operand of every
 * node, no folding, no short-circuit, no in-place comparison. The property test checks that
 * the compiled closures (with all their shortcuts) agree with it on random expressions and
 * packets. It shares the leaf readers with the library (what an option reads as is checked
 * against Kea by the differential test); only the evaluation strategy differs.
 */
import type { OptionDefinitionRegistry } from '@nestor/codec';
import { ipv6TextToBytes } from '@nestor/codec';
import type { BoolNode, StringNode } from '../../src/ast.js';
import {
  addressToText,
  EvaluationFailure,
  hexstring,
  integerToText,
  split,
  substring,
} from '../../src/runtime/operations.js';
import { type LocatedOption, OptionReader } from '../../src/runtime/option-reader.js';
import type { EvalContext } from '../../src/runtime/packet.js';
import { bytesToLatin1, uint32String } from '../../src/runtime/values.js';
import { vendorOpts } from '../../src/runtime/vendor.js';

export type ReferenceResult<T> = { ok: true; value: T } | { ok: false };

export class ReferenceEvaluator {
  private readonly reader: OptionReader;

  constructor(definitions: OptionDefinitionRegistry) {
    this.reader = new OptionReader(definitions);
  }

  bool(node: BoolNode, context: EvalContext): ReferenceResult<boolean> {
    return this.attempt(() => this.boolValue(node, context));
  }

  string(node: StringNode, context: EvalContext): ReferenceResult<string> {
    return this.attempt(() => this.stringValue(node, context));
  }

  private attempt<T>(run: () => T): ReferenceResult<T> {
    try {
      return { ok: true, value: run() };
    } catch (error) {
      if (error instanceof EvaluationFailure) return { ok: false };
      throw error;
    }
  }

  private boolValue(node: BoolNode, c: EvalContext): boolean {
    switch (node.kind) {
      case 'not':
        return !this.boolValue(node.operand, c);
      case 'and': {
        const left = this.boolValue(node.left, c);
        const right = this.boolValue(node.right, c);
        return left && right;
      }
      case 'or': {
        const left = this.boolValue(node.left, c);
        const right = this.boolValue(node.right, c);
        return left || right;
      }
      case 'equal': {
        const left = this.stringValue(node.left, c);
        const right = this.stringValue(node.right, c);
        return left === right;
      }
      case 'member':
        return c.classes.has(node.className);
      case 'option-exists':
        return this.top(node.code, c).option !== undefined;
      case 'sub-option-exists':
        return this.sub(node.code, node.subCode, c).option !== undefined;
      case 'relay6-option-exists':
        return this.relay(node.nest, node.code, c).option !== undefined;
      case 'vendor-option-exists':
        return this.vendor(node.enterprise, node.code, c).option !== undefined;
      case 'vendor-exists': {
        const vendor = vendorOpts(c.option(17));
        return vendor !== undefined && (node.enterprise === 0 || vendor.enterpriseNumber === node.enterprise);
      }
      case 'vendor-class-exists': {
        const vendorClass = c.vendorClass;
        return (
          vendorClass !== undefined &&
          (node.enterprise === 0 || vendorClass.enterpriseNumber === node.enterprise)
        );
      }
    }
  }

  private stringValue(node: StringNode, c: EvalContext): string {
    switch (node.kind) {
      case 'constant':
        return node.value;
      case 'option':
        return this.read(this.top(node.code, c), node.representation, c);
      case 'sub-option':
        return this.read(this.sub(node.code, node.subCode, c), node.representation, c);
      case 'relay6-option':
        return this.read(this.relay(node.nest, node.code, c), node.representation, c);
      case 'vendor-option':
        return this.read(this.vendor(node.enterprise, node.code, c), node.representation, c);
      case 'relay6-field': {
        const relay = c.relay(node.nest);
        if (!relay) return '';
        const bytes = ipv6TextToBytes(node.field === 'peeraddr' ? relay.peerAddress : relay.linkAddress);
        return bytes ? bytesToLatin1(bytes) : '';
      }
      case 'pkt':
        if (node.field === 'iface') return c.packet.iface;
        if (node.field === 'src') return c.src;
        if (node.field === 'dst') return c.dst;
        return uint32String(this.reader.wireLength(c));
      case 'pkt6':
        return node.field === 'msgtype' ? c.msgtype : c.transid;
      case 'substring':
        return substring(this.stringValue(node.value, c), node.start, node.length);
      case 'split': {
        const value = this.stringValue(node.value, c);
        const delimiters = this.stringValue(node.delimiters, c);
        return split(value, delimiters, node.field);
      }
      case 'concat': {
        const left = this.stringValue(node.left, c);
        return left + this.stringValue(node.right, c);
      }
      case 'ifelse': {
        const condition = this.boolValue(node.condition, c);
        const whenTrue = this.stringValue(node.whenTrue, c);
        const whenFalse = this.stringValue(node.whenFalse, c);
        return condition ? whenTrue : whenFalse;
      }
      case 'hexstring': {
        const value = this.stringValue(node.value, c);
        return hexstring(value, this.stringValue(node.separator, c));
      }
      case 'addrtotext':
        return addressToText(this.stringValue(node.value, c));
      case 'int-to-text':
        return integerToText(node.type, this.stringValue(node.value, c));
      case 'vendor-enterprise': {
        const vendor = vendorOpts(c.option(17));
        return vendor ? uint32String(vendor.enterpriseNumber) : '';
      }
      case 'vendor-class-enterprise': {
        const vendorClass = c.vendorClass;
        return vendorClass ? uint32String(vendorClass.enterpriseNumber) : '';
      }
      case 'vendor-class-data': {
        const vendorClass = c.vendorClass;
        if (!vendorClass || (node.enterprise !== 0 && vendorClass.enterpriseNumber !== node.enterprise))
          return '';
        const data = vendorClass.data[node.index];
        return data ? bytesToLatin1(data) : '';
      }
    }
  }

  private read(located: LocatedOption, representation: 'hex' | 'text', c: EvalContext): string {
    if (!located.option) return '';
    return representation === 'hex'
      ? bytesToLatin1(this.reader.hex(c, located.option, located.space))
      : this.reader.text(c, located.option, located.space);
  }

  private top(code: number, c: EvalContext): LocatedOption {
    return { option: this.reader.find(c.options, code, 'dhcp6'), space: 'dhcp6' };
  }

  private sub(code: number, subCode: number, c: EvalContext): LocatedOption {
    const parent = this.reader.subOptions(this.top(code, c).option);
    return { option: this.reader.find(parent.options, subCode, parent.space), space: parent.space };
  }

  private relay(nest: number, code: number, c: EvalContext): LocatedOption {
    const relay = c.relay(nest);
    return { option: relay && this.reader.find(relay.options, code, 'dhcp6'), space: 'dhcp6' };
  }

  private vendor(enterprise: number, code: number, c: EvalContext): LocatedOption {
    const vendor = vendorOpts(c.option(17));
    if (!vendor || (enterprise !== 0 && vendor.enterpriseNumber !== enterprise))
      return { option: undefined, space: '' };
    const space = `vendor-${vendor.enterpriseNumber}`;
    return { option: this.reader.find(vendor.options, code, space), space };
  }
}
