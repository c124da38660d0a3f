import type { JsonObject, JsonValue } from './lease.js';

/** Sets a key as an own property even when it is "__proto__" (JSON allows it; plain assignment would not). */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Freezes a JSON value and everything in it (stored leases must not change under their index). */
export function deepFreeze<T extends JsonValue>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
