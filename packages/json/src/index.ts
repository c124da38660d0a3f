export { type KeaJsonOptions, toKeaJson } from './kea-print.js';
export { deepFreeze, isJsonObject, type JsonObject, type JsonValue, setOwn } from './value.js';
