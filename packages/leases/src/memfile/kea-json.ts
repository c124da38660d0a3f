/**
 * User context as Kea writes it in lease files: its own JSON printer ("{ "a": 1, "b": [ 1, 2 ] }",
 * keys sorted, strings byte-escaped), so a file rewritten by Nestor matches one rewritten by Kea,
 * and Kea's byte-oriented strings ("\u00c3\u00a9" for the UTF-8 of "é") read back as text.
 */

import { deepFreeze, setOwn } from '../json.js';
import type { JsonObject, JsonValue } from '../lease.js';
import { textFromBytes } from './csv-escape.js';

const SIMPLE_STRING = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

function quote(text: string): string {
  if (SIMPLE_STRING.test(text)) return `"${text}"`;
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    switch (byte) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      default:
        out +=
          byte < 0x20 || byte >= 0x7f
            ? `\\u${byte.toString(16).padStart(4, '0')}`
            : String.fromCharCode(byte);
    }
  }
  return `${out}"`;
}

export function keaJsonStringify(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // JavaScript keeps no difference between 1 and 1.0: whole numbers print as integers. A
      // negative zero (a tiny negative number read from a file underflows to it) prints as "-0",
      // as Kea prints the double, so the row reads back to the same value.
      return Object.is(value, -0) ? '-0' : String(value);
    case 'string':
      return quote(value);
  }
  if (Array.isArray(value)) {
    return `[ ${value.map(keaJsonStringify).join(', ')} ]`;
  }
  const keys = Object.keys(value).sort();
  return `{ ${keys.map((k) => `${quote(k)}: ${keaJsonStringify((value as JsonObject)[k]!)}`).join(', ')} }`;
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
