import type { JsonObject, JsonValue } from './lease.js';

/** Sets a key as an own property even when it is "__proto__" (JSON allows it; plain assignment would not). */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
