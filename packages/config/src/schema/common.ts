/**
 * Building blocks for the JSON Schemas of Kea's configuration sections. Every object is closed
 * (`additionalProperties: false`) because Kea refuses parameters it does not know; the only
 * open objects are those where Kea stores arbitrary content (user-context, hook parameters,
 * dhcp-queue-control).
 */

export type Schema = Record<string, unknown>;

export const string: Schema = { type: 'string' };
export const nonEmptyString: Schema = { type: 'string', minLength: 1 };
export const boolean: Schema = { type: 'boolean' };
export const number: Schema = { type: 'number' };
export const integer: Schema = { type: 'integer' };
export const uint8: Schema = { type: 'integer', minimum: 0, maximum: 255 };
export const uint16: Schema = { type: 'integer', minimum: 0, maximum: 65535 };
export const uint32: Schema = { type: 'integer', minimum: 0, maximum: 4294967295 };
export const nonNegative: Schema = { type: 'integer', minimum: 0 };

/** Arbitrary content that Kea keeps but never interprets. */
export const anyMap: Schema = { type: 'object' };

export function oneOfStrings(values: readonly string[]): Schema {
  return { type: 'string', enum: [...values] };
}

export function listOf(items: Schema, minItems = 0): Schema {
  return minItems > 0 ? { type: 'array', items, minItems } : { type: 'array', items };
}

/** A closed object: only the listed properties, `required` ones mandatory. */
export function closedObject(properties: Record<string, Schema>, required: readonly string[] = []): Schema {
  const schema: Schema = { type: 'object', properties, additionalProperties: false };
  if (required.length > 0) schema.required = [...required];
  return schema;
}

/** `user-context` and `comment`, which Kea accepts in most maps. */
export const annotations: Record<string, Schema> = {
  'user-context': anyMap,
  comment: string,
};

/**
 * `loggers`, common to every daemon: known parameters of the right types. The rest of what
 * Kea checks (no empty list or map in a file; name and severity present, debuglevel in range,
 * an output per output_options entry) is checkLoggers' job, since which of it applies depends
 * on the daemon and on where the document comes from.
 */
export const loggers: Schema = listOf(
  closedObject({
    name: string,
    output_options: listOf(
      closedObject({ output: string, flush: boolean, maxsize: integer, maxver: integer, pattern: string }),
    ),
    debuglevel: integer,
    severity: string,
    ...annotations,
  }),
);

/** `hooks-libraries`: parameters are the hook's own business. */
export const hooksLibraries: Schema = listOf(
  closedObject({ library: nonEmptyString, parameters: anyMap }, ['library']),
);

/** A daemon's own `control-socket` (unix stream socket). */
export const controlSocket: Schema = closedObject(
  { 'socket-type': string, 'socket-name': nonEmptyString, ...annotations },
  ['socket-type', 'socket-name'],
);
