/** A JSON value as it crosses the control channel. */
import type { JsonValue } from '@nestor/json';

export { isJsonObject, type JsonObject, type JsonValue } from '@nestor/json';

/** Kea's result codes, the `result` member of every answer. */
export const CONTROL_RESULT = {
  SUCCESS: 0,
  ERROR: 1,
  COMMAND_UNSUPPORTED: 2,
  EMPTY: 3,
  CONFLICT: 4,
} as const;
export type ControlResult = (typeof CONTROL_RESULT)[keyof typeof CONTROL_RESULT];

/** `{"result", "text", "arguments"}`: what a daemon answers to one command. */
export interface ControlAnswer {
  result: number;
  text?: string;
  arguments?: JsonValue;
}

/**
 * Builds an answer. As in Kea, `text` is left out when empty (it is required for a non-zero
 * result, so an empty one gets a generic text rather than a malformed answer).
 */
export function answer(result: number, text?: string, args?: JsonValue): ControlAnswer {
  const out: ControlAnswer = { result };
  if (text !== undefined && text !== '') out.text = text;
  else if (result !== CONTROL_RESULT.SUCCESS) out.text = `command failed with result ${result}`;
  if (args !== undefined) out.arguments = args;
  return out;
}

export const success = (text?: string, args?: JsonValue): ControlAnswer =>
  answer(CONTROL_RESULT.SUCCESS, text, args);
export const failure = (text: string, args?: JsonValue): ControlAnswer =>
  answer(CONTROL_RESULT.ERROR, text, args);

/** Is this value shaped like an answer (used when reading one from another daemon)? */
export function isControlAnswer(value: unknown): value is ControlAnswer {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.result !== 'number' || !Number.isInteger(record.result)) return false;
  return record.text === undefined || typeof record.text === 'string';
}

/** Kea's names for JSON types, used in error texts ("expected a map, got list instead"). */
export function keaTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'real';
    case 'object':
      return 'map';
    default:
      return typeof value;
  }
}
