/** @nestor/eval: Kea 2.2's client-classification expression language and client classes. See README.md. */
export type * from './ast.js';
export {
  BUILTIN_CLASS_NAMES,
  BUILTIN_CLASS_PREFIXES,
  DROP_CLASS,
  isBuiltinClass,
  VENDOR_CLASS_PREFIX,
} from './classes/builtin.js';
export {
  type ClassificationObserver,
  type ClassifyOptions,
  ClientClassifier,
  type CompiledClientClass,
} from './classes/classifier.js';
export { ClientClasses } from './classes/client-classes.js';
export {
  type ClassifierOptions,
  type ClientClassConfig,
  compileClientClasses,
  type OptionDefConfig,
  optionDefinitionsFrom,
} from './classes/compile-classes.js';
export { PacketClassification } from './classes/packet-classification.js';
export {
  EVAL_ERRORS,
  type EvalErrorKind,
  ExpressionError,
  type ExpressionErrorDetails,
  formatLocation,
  isExpressionError,
  type SourceLocation,
  type SourcePosition,
} from './errors.js';
export {
  type BoolExpression,
  type CompileOptions,
  compileExpression,
  type EvalResult,
  type Expression,
  MAX_EXPRESSION_DEPTH,
  type StringExpression,
} from './expression.js';
export { type ParsedExpression, type ParseOptions, parseExpression } from './parse.js';
export { type ClassMembership, EvalContext, type EvalPacket } from './runtime/packet.js';
