/**
 * User context as Kea writes it in lease files: Kea's JSON layout ("{ "a": 1, "b": [ 1, 2 ] }",
 * keys sorted, strings byte-escaped), so a file rewritten by Nestor matches one rewritten by Kea,
 * and Kea's byte-oriented strings ("\u00c3\u00a9" for the UTF-8 of "é") read back as text.
 */

import { deepFreeze, type JsonObject, type JsonValue, setOwn, toKeaJson } from '@nestor/json';
import { textFromBytes } from './csv-escape.js';

/** A user context in Kea's lease-file spelling: Kea's layout, every non-ASCII byte escaped on its own. */
export function keaJsonStringify(value: JsonValue): string {
  return toKeaJson(value, { strings: 'bytes' });
}

/** Decodes Kea's byte strings in a parsed value (keys included) into text. */
function decodeStrings(value: JsonValue): JsonValue {
  if (typeof value === 'string') return textFromBytes(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeStrings);
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) setOwn(out, textFromBytes(key), decodeStrings(v));
  return out;
}

export type ContextParse = { ok: true; value: JsonObject } | { ok: false; error: string };

/** Parses a user_context field (already unescaped, one byte per character). */
export function parseUserContext(bytes: string): ContextParse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes);
  } catch (err) {
    return { ok: false, error: `user context is not valid JSON: ${(err as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, error: `user context '${bytes}' is not a JSON map` };
  }
  if (!allFinite(parsed as JsonObject)) {
    return { ok: false, error: `user context '${bytes}' holds a number out of range` };
  }
  return { ok: true, value: deepFreeze(decodeStrings(parsed as JsonObject) as JsonObject) };
}

/** JSON.parse turns 1e999 into Infinity, which no lease may hold (it would print as null). */
function allFinite(value: JsonValue): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  return (Array.isArray(value) ? value : Object.values(value)).every(allFinite);
}
