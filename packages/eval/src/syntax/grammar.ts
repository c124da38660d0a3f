/**
 * Kea 2.2's expression grammar (src/lib/eval/parser.yy), rule for rule and in the same order,
 * with each rule's semantic action building the tree of ast.ts instead of Kea's token list.
 * The rule order matters: it decides Bison's default reductions and so which token a syntax
 * error is reported at. Actions raise the same errors, at the same symbols, as Kea's actions.
 */
import type { BoolNode, IntegerToTextType, OptionRepresentation, StringNode } from '../ast.js';
import { locatedError, type SourceLocation } from '../errors.js';
import { uint32String } from '../runtime/values.js';
import { convertNestLevel, convertOptionCode, convertUint8, convertUint32, hexLiteral } from './convert.js';
import type { Associativity, Grammar } from './lalr.js';
import { T, TERMINALS, type TerminalName } from './tokens.js';

/** What rule actions need from the caller. */
export interface ActionContext {
  /** option[name]: the code of the dhcp6 option so named, or undefined. */
  resolveOptionName(name: string): number | undefined;
  /** member('name'): whether the class may be referenced here. */
  isClassDefined(name: string): boolean;
}

type Action = (
  values: readonly unknown[],
  locations: readonly SourceLocation[],
  context: ActionContext,
) => unknown;

const NONTERMINALS = [
  '$accept',
  'start',
  'expression',
  'bool_expr',
  'string_expr',
  'integer_expr',
  'option_code',
  'sub_option_code',
  'option_repr_type',
  'nest_level',
  'pkt_metadata',
  'enterprise_id',
  'pkt4_field',
  'pkt6_field',
  'relay6_field',
  'start_expr',
  'length_expr',
  'int_expr',
] as const;

type NonterminalName = (typeof NONTERMINALS)[number];
type SymbolName = TerminalName | NonterminalName;

const symbolNumber = (name: SymbolName): number => {
  const terminal = (T as Record<string, number>)[name];
  if (terminal !== undefined) return terminal;
  return TERMINALS.length + NONTERMINALS.indexOf(name as NonterminalName);
};

export interface RuleDefinition {
  readonly lhs: number;
  readonly rhs: readonly number[];
  readonly action: Action;
}

const rules: RuleDefinition[] = [];
function rule(lhs: NonterminalName, rhs: string, action: Action = (values) => values[0]): void {
  const parts = rhs.trim() === '' ? [] : rhs.trim().split(/\s+/);
  rules.push({ lhs: symbolNumber(lhs), rhs: parts.map((part) => symbolNumber(part as SymbolName)), action });
}

const str = (value: unknown) => value as string;
const num = (value: unknown) => value as number;
const bool = (value: unknown) => value as BoolNode;
const node = (value: unknown) => value as StringNode;
const repr = (value: unknown) => value as OptionRepresentation;

const onlyDhcpv4 =
  (keyword: string): Action =>
  (_values, locations) => {
    throw locatedError('DHCPV4_ONLY', locations[0]!, `${keyword} can only be used in DHCPv4.`);
  };

function className(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

const toText =
  (type: IntegerToTextType): Action =>
  (v) => ({ kind: 'int-to-text', type, value: node(v[2]) });

// Rule 0, added by Bison.
rule('$accept', 'start END');

rule('start', 'TOPLEVEL_BOOL expression', (v) => v[1]);
rule('start', 'TOPLEVEL_STRING string_expr', (v) => v[1]);

rule('expression', 'bool_expr');

rule('bool_expr', 'LPAREN bool_expr RPAREN', (v) => v[1]);
rule('bool_expr', 'NOT bool_expr', (v): BoolNode => ({ kind: 'not', operand: bool(v[1]) }));
rule(
  'bool_expr',
  'bool_expr AND bool_expr',
  (v): BoolNode => ({ kind: 'and', left: bool(v[0]), right: bool(v[2]) }),
);
rule(
  'bool_expr',
  'bool_expr OR bool_expr',
  (v): BoolNode => ({ kind: 'or', left: bool(v[0]), right: bool(v[2]) }),
);
rule(
  'bool_expr',
  'string_expr EQUAL string_expr',
  (v): BoolNode => ({
    kind: 'equal',
    left: node(v[0]),
    right: node(v[2]),
  }),
);
rule(
  'bool_expr',
  'OPTION LBRACKET option_code RBRACKET DOT EXISTS',
  (v): BoolNode => ({
    kind: 'option-exists',
    code: num(v[2]),
  }),
);
rule(
  'bool_expr',
  'OPTION LBRACKET option_code RBRACKET DOT OPTION LBRACKET sub_option_code RBRACKET DOT EXISTS',
  (v): BoolNode => ({ kind: 'sub-option-exists', code: num(v[2]), subCode: num(v[7]) }),
);
rule('bool_expr', 'RELAY4 LBRACKET sub_option_code RBRACKET DOT EXISTS', onlyDhcpv4('relay4'));
rule(
  'bool_expr',
  'RELAY6 LBRACKET nest_level RBRACKET DOT OPTION LBRACKET sub_option_code RBRACKET DOT EXISTS',
  (v): BoolNode => ({ kind: 'relay6-option-exists', nest: num(v[2]), code: num(v[7]) }),
);
rule(
  'bool_expr',
  'VENDOR_CLASS LBRACKET enterprise_id RBRACKET DOT EXISTS',
  (v): BoolNode => ({
    kind: 'vendor-class-exists',
    enterprise: num(v[2]),
  }),
);
rule(
  'bool_expr',
  'VENDOR LBRACKET enterprise_id RBRACKET DOT EXISTS',
  (v): BoolNode => ({
    kind: 'vendor-exists',
    enterprise: num(v[2]),
  }),
);
rule(
  'bool_expr',
  'VENDOR LBRACKET enterprise_id RBRACKET DOT OPTION LBRACKET sub_option_code RBRACKET DOT EXISTS',
  (v): BoolNode => ({ kind: 'vendor-option-exists', enterprise: num(v[2]), code: num(v[7]) }),
);
rule('bool_expr', 'MEMBER LPAREN STRING RPAREN', (v, locations, context): BoolNode => {
  const name = className(str(v[2]));
  if (!context.isClassDefined(name)) {
    throw locatedError('UNDEFINED_CLASS', locations[2]!, `Not defined client class '${name}'`);
  }
  return { kind: 'member', className: name };
});

rule('string_expr', 'STRING', (v): StringNode => ({ kind: 'constant', value: str(v[0]) }));
rule('string_expr', 'HEXSTRING', (v): StringNode => ({ kind: 'constant', value: hexLiteral(str(v[0])) }));
// The lexer has already turned the address into its bytes.
rule('string_expr', 'IP_ADDRESS', (v): StringNode => ({ kind: 'constant', value: str(v[0]) }));
rule(
  'string_expr',
  'OPTION LBRACKET option_code RBRACKET DOT option_repr_type',
  (v): StringNode => ({
    kind: 'option',
    code: num(v[2]),
    representation: repr(v[5]),
  }),
);
rule(
  'string_expr',
  'OPTION LBRACKET option_code RBRACKET DOT OPTION LBRACKET sub_option_code RBRACKET DOT option_repr_type',
  (v): StringNode => ({
    kind: 'sub-option',
    code: num(v[2]),
    subCode: num(v[7]),
    representation: repr(v[10]),
  }),
);
rule('string_expr', 'RELAY4 LBRACKET sub_option_code RBRACKET DOT option_repr_type', onlyDhcpv4('relay4'));
rule(
  'string_expr',
  'RELAY6 LBRACKET nest_level RBRACKET DOT OPTION LBRACKET sub_option_code RBRACKET DOT option_repr_type',
  (v): StringNode => ({
    kind: 'relay6-option',
    nest: num(v[2]),
    code: num(v[7]),
    representation: repr(v[10]),
  }),
);
rule(
  'string_expr',
  'PKT DOT pkt_metadata',
  (v): StringNode => ({
    kind: 'pkt',
    field: v[2] as 'iface' | 'src' | 'dst' | 'len',
  }),
);
rule('string_expr', 'PKT4 DOT pkt4_field', onlyDhcpv4('pkt4'));
rule(
  'string_expr',
  'PKT6 DOT pkt6_field',
  (v): StringNode => ({
    kind: 'pkt6',
    field: v[2] as 'msgtype' | 'transid',
  }),
);
rule(
  'string_expr',
  'RELAY6 LBRACKET nest_level RBRACKET DOT relay6_field',
  (v): StringNode => ({
    kind: 'relay6-field',
    nest: num(v[2]),
    field: v[5] as 'peeraddr' | 'linkaddr',
  }),
);
rule(
  'string_expr',
  'SUBSTRING LPAREN string_expr COMA start_expr COMA length_expr RPAREN',
  (v): StringNode => ({ kind: 'substring', value: node(v[2]), start: str(v[4]), length: str(v[6]) }),
);
rule(
  'string_expr',
  'SPLIT LPAREN string_expr COMA string_expr COMA int_expr RPAREN',
  (v): StringNode => ({
    kind: 'split',
    value: node(v[2]),
    delimiters: node(v[4]),
    field: str(v[6]),
  }),
);
rule(
  'string_expr',
  'CONCAT LPAREN string_expr COMA string_expr RPAREN',
  (v): StringNode => ({
    kind: 'concat',
    left: node(v[2]),
    right: node(v[4]),
  }),
);
rule(
  'string_expr',
  'string_expr PLUS string_expr',
  (v): StringNode => ({
    kind: 'concat',
    left: node(v[0]),
    right: node(v[2]),
  }),
);
rule(
  'string_expr',
  'IFELSE LPAREN bool_expr COMA string_expr COMA string_expr RPAREN',
  (v): StringNode => ({
    kind: 'ifelse',
    condition: bool(v[2]),
    whenTrue: node(v[4]),
    whenFalse: node(v[6]),
  }),
);
rule(
  'string_expr',
  'TOHEXSTRING LPAREN string_expr COMA string_expr RPAREN',
  (v): StringNode => ({
    kind: 'hexstring',
    value: node(v[2]),
    separator: node(v[4]),
  }),
);
rule(
  'string_expr',
  'ADDRTOTEXT LPAREN string_expr RPAREN',
  (v): StringNode => ({
    kind: 'addrtotext',
    value: node(v[2]),
  }),
);
rule('string_expr', 'INT8TOTEXT LPAREN string_expr RPAREN', toText('int8'));
rule('string_expr', 'INT16TOTEXT LPAREN string_expr RPAREN', toText('int16'));
rule('string_expr', 'INT32TOTEXT LPAREN string_expr RPAREN', toText('int32'));
rule('string_expr', 'UINT8TOTEXT LPAREN string_expr RPAREN', toText('uint8'));
rule('string_expr', 'UINT16TOTEXT LPAREN string_expr RPAREN', toText('uint16'));
rule('string_expr', 'UINT32TOTEXT LPAREN string_expr RPAREN', toText('uint32'));
rule('string_expr', 'VENDOR DOT ENTERPRISE', (): StringNode => ({ kind: 'vendor-enterprise' }));
rule('string_expr', 'VENDOR_CLASS DOT ENTERPRISE', (): StringNode => ({ kind: 'vendor-class-enterprise' }));
rule(
  'string_expr',
  'VENDOR LBRACKET enterprise_id RBRACKET DOT OPTION LBRACKET sub_option_code RBRACKET DOT option_repr_type',
  (v): StringNode => ({
    kind: 'vendor-option',
    enterprise: num(v[2]),
    code: num(v[7]),
    representation: repr(v[10]),
  }),
);
rule(
  'string_expr',
  'VENDOR_CLASS LBRACKET enterprise_id RBRACKET DOT DATA',
  (v): StringNode => ({
    kind: 'vendor-class-data',
    enterprise: num(v[2]),
    index: 0,
  }),
);
rule(
  'string_expr',
  'VENDOR_CLASS LBRACKET enterprise_id RBRACKET DOT DATA LBRACKET INTEGER RBRACKET',
  (v, locations): StringNode => ({
    kind: 'vendor-class-data',
    enterprise: num(v[2]),
    index: convertUint8(str(v[7]), locations[7]!),
  }),
);
rule(
  'string_expr',
  'integer_expr',
  (v): StringNode => ({ kind: 'constant', value: uint32String(num(v[0])) }),
);
rule('string_expr', 'LPAREN string_expr RPAREN', (v) => v[1]);

rule('integer_expr', 'INTEGER', (v, locations) => convertUint32(str(v[0]), locations[0]!));

rule('option_code', 'INTEGER', (v, locations) => convertOptionCode(str(v[0]), locations[0]!));
rule('option_code', 'OPTION_NAME', (v, locations, context) => {
  const code = context.resolveOptionName(str(v[0]));
  if (code === undefined) {
    throw locatedError('UNKNOWN_OPTION_NAME', locations[0]!, `option '${str(v[0])}' is not defined`);
  }
  return code;
});

rule('sub_option_code', 'INTEGER', (v, locations) => convertOptionCode(str(v[0]), locations[0]!));

rule('option_repr_type', 'TEXT', () => 'text');
rule('option_repr_type', 'HEX', () => 'hex');

rule('nest_level', 'INTEGER', (v, locations) => convertNestLevel(str(v[0]), locations[0]!));

rule('pkt_metadata', 'IFACE', () => 'iface');
rule('pkt_metadata', 'SRC', () => 'src');
rule('pkt_metadata', 'DST', () => 'dst');
rule('pkt_metadata', 'LEN', () => 'len');

rule('enterprise_id', 'INTEGER', (v, locations) => convertUint32(str(v[0]), locations[0]!));
rule('enterprise_id', 'ANY', () => 0);

for (const field of [
  'CHADDR',
  'HLEN',
  'HTYPE',
  'CIADDR',
  'GIADDR',
  'YIADDR',
  'SIADDR',
  'MSGTYPE',
  'TRANSID',
]) {
  rule('pkt4_field', field);
}

rule('pkt6_field', 'MSGTYPE', () => 'msgtype');
rule('pkt6_field', 'TRANSID', () => 'transid');

rule('relay6_field', 'PEERADDR', () => 'peeraddr');
rule('relay6_field', 'LINKADDR', () => 'linkaddr');

rule('start_expr', 'INTEGER');

rule('length_expr', 'INTEGER');
rule('length_expr', 'ALL', () => 'all');

rule('int_expr', 'INTEGER');

const precedence = new Map<number, { level: number; assoc: Associativity }>([
  [T.PLUS, { level: 1, assoc: 'left' }],
  [T.OR, { level: 2, assoc: 'left' }],
  [T.AND, { level: 3, assoc: 'left' }],
  [T.NOT, { level: 4, assoc: 'precedence' }],
]);

export const RULES: readonly RuleDefinition[] = rules;

export const GRAMMAR: Grammar = {
  terminalCount: TERMINALS.length,
  symbolCount: TERMINALS.length + NONTERMINALS.length,
  rules,
  precedence,
};
