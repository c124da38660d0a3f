import type { JsonObject } from './kea-json.js';

/**
 * `{ model, raw }` where raw (the section with Kea's defaults, for config-get) is built on first
 * read and then kept: a daemon loads its configuration at every start and reload but is asked
 * for config-get rarely, and building raw costs as much as a copy of the whole section.
 */
export function withLazyRaw<M>(model: M, build: () => JsonObject): { model: M; readonly raw: JsonObject } {
  let raw: JsonObject | undefined;
  return {
    model,
    get raw(): JsonObject {
      raw ??= build();
      return raw;
    },
  };
}
