import type { JsonObject } from './kea-json.js';

/**
 * `{ model, raw, warnings }` where raw (the section with Kea's defaults, for config-get) is
 * built on first read and then kept: a daemon loads its configuration at every start and
 * reload but is asked for config-get rarely, and building raw costs as much as a copy of the
 * whole section. `warnings` are the loader's formatted warnings (what was accepted with a word).
 */
export function withLazyRaw<M>(
  model: M,
  build: () => JsonObject,
  warnings: readonly string[] = [],
): { model: M; readonly raw: JsonObject; warnings: readonly string[] } {
  let raw: JsonObject | undefined;
  return {
    model,
    warnings,
    get raw(): JsonObject {
      raw ??= build();
      return raw;
    },
  };
}
