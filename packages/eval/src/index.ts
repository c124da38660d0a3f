/** @nestor/eval: Kea's client-classification expression language. See README.md. */
export type * from './ast.js';
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
export { type ParsedExpression, type ParseOptions, parseExpression } from './parse.js';
