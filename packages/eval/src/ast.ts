/**
 * The parsed form of an expression. Kea compiles an expression into a list of tokens in
 * reverse Polish order; Nestor keeps a tree instead and compiles that into closures
 * (compile/compiler.ts). Values of string nodes are byte strings; boolean nodes yield true/false.
 */

/** option[..].hex / .text / .exists: how an option is turned into a value. */
export type OptionRepresentation = 'hex' | 'text';

export type IntegerToTextType = 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32';

export type BoolNode =
  | { readonly kind: 'not'; readonly operand: BoolNode }
  | { readonly kind: 'and' | 'or'; readonly left: BoolNode; readonly right: BoolNode }
  | { readonly kind: 'equal'; readonly left: StringNode; readonly right: StringNode }
  | { readonly kind: 'option-exists'; readonly code: number }
  | { readonly kind: 'sub-option-exists'; readonly code: number; readonly subCode: number }
  | { readonly kind: 'relay6-option-exists'; readonly nest: number; readonly code: number }
  /** `enterprise` 0 means any (`*` or 0 in the expression). */
  | { readonly kind: 'vendor-class-exists'; readonly enterprise: number }
  | { readonly kind: 'vendor-exists'; readonly enterprise: number }
  | { readonly kind: 'vendor-option-exists'; readonly enterprise: number; readonly code: number }
  | { readonly kind: 'member'; readonly className: string };

export type StringNode =
  /** A constant: 'text', 0xhex, an IP address (4 or 16 bytes) or an integer (4 bytes). */
  | { readonly kind: 'constant'; readonly value: string }
  | { readonly kind: 'option'; readonly code: number; readonly representation: OptionRepresentation }
  | {
      readonly kind: 'sub-option';
      readonly code: number;
      readonly subCode: number;
      readonly representation: OptionRepresentation;
    }
  | {
      readonly kind: 'relay6-option';
      readonly nest: number;
      readonly code: number;
      readonly representation: OptionRepresentation;
    }
  | { readonly kind: 'relay6-field'; readonly nest: number; readonly field: 'peeraddr' | 'linkaddr' }
  | { readonly kind: 'pkt'; readonly field: 'iface' | 'src' | 'dst' | 'len' }
  | { readonly kind: 'pkt6'; readonly field: 'msgtype' | 'transid' }
  /** start/length keep the literal text: Kea converts them when evaluating, not when parsing. */
  | {
      readonly kind: 'substring';
      readonly value: StringNode;
      readonly start: string;
      readonly length: string;
    }
  | {
      readonly kind: 'split';
      readonly value: StringNode;
      readonly delimiters: StringNode;
      readonly field: string;
    }
  | { readonly kind: 'concat'; readonly left: StringNode; readonly right: StringNode }
  | {
      readonly kind: 'ifelse';
      readonly condition: BoolNode;
      readonly whenTrue: StringNode;
      readonly whenFalse: StringNode;
    }
  | { readonly kind: 'hexstring'; readonly value: StringNode; readonly separator: StringNode }
  | { readonly kind: 'addrtotext'; readonly value: StringNode }
  | { readonly kind: 'int-to-text'; readonly type: IntegerToTextType; readonly value: StringNode }
  | { readonly kind: 'vendor-enterprise' }
  | { readonly kind: 'vendor-class-enterprise' }
  | {
      readonly kind: 'vendor-option';
      readonly enterprise: number;
      readonly code: number;
      readonly representation: OptionRepresentation;
    }
  | { readonly kind: 'vendor-class-data'; readonly enterprise: number; readonly index: number };

export type ExpressionNode = BoolNode | StringNode;

/** Which top-level form was parsed: a class test (boolean) or a string expression. */
export type ExpressionType = 'bool' | 'string';
