/**
 * Definition-driven option values: decode an option payload into its fields (and the
 * sub-options of the space it encapsulates), encode fields back, and convert to and from the
 * csv text of Kea's option-data. The server keeps most options raw and calls these on demand.
 */

import { DHCP6_SPACE } from '../defs/standard.js';
import { type FieldType, fieldTypes, type OptionDefinition } from '../defs/types.js';
import { codecError } from '../errors.js';
import { decodeRawOptions } from '../wire/decode.js';
import type { RawOption } from '../wire/types.js';
import {
  FieldError,
  type FieldValue,
  fieldBytes,
  formatFieldText,
  parseFieldText,
  readField,
} from './fields.js';

export interface OptionValue {
  /** Field values in wire order; array options repeat their (last) field. */
  readonly fields: FieldValue[];
  /** The option space of `options`, or '' when the definition encapsulates none. */
  readonly space: string;
  /** Sub-options following the fields, undecoded. */
  readonly options: RawOption[];
}

/** How a definition names an option in messages: "option 'dns-servers' (23)". */
export function optionLabel(
  def: Pick<OptionDefinition, 'name' | 'code' | 'space'> | { code: number; space: string; name?: string },
): string {
  const named = 'name' in def && def.name ? `option '${def.name}' (${def.code})` : `option ${def.code}`;
  return def.space === DHCP6_SPACE ? named : `${named} in space '${def.space}'`;
}

/**
 * The space of the sub-options that follow an option's fields: the definition's `encapsulate`,
 * or the implicit one of the dhcp6 containers (IA_NA/IA_TA/IA_PD/IAADDR/IAPREFIX carry dhcp6
 * options, vendor-opts carries "vendor-<enterprise>").
 */
export function subOptionSpace(def: OptionDefinition, fields: readonly FieldValue[]): string {
  if (def.encapsulate) return def.encapsulate;
  if (def.space === DHCP6_SPACE && def.standard) {
    if ([3, 4, 5, 25, 26].includes(def.code)) return DHCP6_SPACE;
    if (def.code === 17 && typeof fields[0] === 'number') return `vendor-${fields[0]}`;
  }
  return '';
}

function malformed(def: OptionDefinition, reason: string): never {
  throw codecError('MALFORMED_VALUE', `${optionLabel(def)}: ${reason}`);
}

/** Decodes an option payload with its definition. Throws MALFORMED_VALUE on a mismatch. */
export function decodeOptionValue(def: OptionDefinition, data: Uint8Array): OptionValue {
  const types = fieldTypes(def);
  const fields: FieldValue[] = [];
  let pos = 0;
  const end = data.length;
  try {
    if (def.array && def.type !== 'record') {
      while (pos < end) {
        const [value, next] = readField(data, pos, end, types[0]!);
        fields.push(value);
        pos = next;
      }
    } else {
      for (const type of types) {
        const [value, next] = readField(data, pos, end, type);
        fields.push(value);
        pos = next;
      }
      if (def.array) {
        const last = types[types.length - 1]!;
        while (pos < end) {
          const [value, next] = readField(data, pos, end, last);
          fields.push(value);
          pos = next;
        }
      }
    }
  } catch (error) {
    if (error instanceof FieldError) malformed(def, error.message);
    throw error;
  }
  if (def.type === 'string' && !def.array) {
    // Kea drops trailing NULs of string options (RFC 2132 habit) and refuses an empty one.
    const text = (fields[0] as string).replace(/\0+$/, '');
    if (text === '') malformed(def, 'empty string');
    fields[0] = text;
  }
  const space = subOptionSpace(def, fields);
  if (pos < end) {
    if (!space) malformed(def, `${end - pos} bytes left after the fields`);
    try {
      return { fields, space, options: decodeRawOptions(data.subarray(pos)) };
    } catch (error) {
      malformed(def, `sub-options: ${(error as Error).message}`);
    }
  }
  return { fields, space, options: [] };
}

/** Encodes field values (and already-encoded sub-option bytes) into an option payload. */
export function encodeOptionValue(
  def: OptionDefinition,
  fields: readonly FieldValue[],
  subOptions?: Uint8Array,
): Uint8Array {
  const types = fieldTypes(def);
  const parts: Uint8Array[] = [];
  const typeAt = (i: number): FieldType => (i < types.length ? types[i]! : types[types.length - 1]!);
  const fixed = def.array && def.type !== 'record' ? 0 : types.length;
  if (fields.length < fixed) malformed(def, `needs ${fixed} field(s), got ${fields.length}`);
  if (!def.array && fields.length > fixed) malformed(def, `takes ${fixed} field(s), got ${fields.length}`);
  try {
    fields.forEach((value, i) => {
      parts.push(fieldBytes(typeAt(i), value));
    });
  } catch (error) {
    if (error instanceof FieldError) malformed(def, error.message);
    throw error;
  }
  if (subOptions) parts.push(subOptions);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The csv text of an option payload ("2001:db8::1, 2001:db8::2"); sub-options are not shown. */
export function formatOptionValue(def: OptionDefinition, data: Uint8Array): string {
  const { fields } = decodeOptionValue(def, data);
  const types = fieldTypes(def);
  return fields
    .map((value, i) => formatFieldText(i < types.length ? types[i]! : types[types.length - 1]!, value))
    .join(', ');
}

/**
 * Encodes csv tokens (as Kea's tokenizer splits option-data) into an option payload, with
 * Kea's rules: a plain option takes the first token, an array takes every token, a record
 * takes one token per field and, when it is an array, repeats its last field.
 * Returns the payload and notes about tokens that were ignored.
 */
export function encodeCsvTokens(
  def: OptionDefinition,
  tokens: readonly string[],
): { data: Uint8Array; warnings: string[] } {
  const types = fieldTypes(def);
  const warnings: string[] = [];
  const values: FieldValue[] = [];
  const parse = (type: FieldType, token: string): void => {
    try {
      values.push(parseFieldText(type, token.trim()));
    } catch (error) {
      if (error instanceof FieldError) malformed(def, error.message);
      throw error;
    }
  };
  if (def.type === 'empty') {
    if (tokens.length > 0) malformed(def, `type 'empty' takes no data, got '${tokens.join(',')}'`);
  } else if (def.type !== 'record' && !def.array) {
    if (tokens.length === 0) malformed(def, 'no option value specified');
    parse(types[0]!, tokens[0]!);
    if (tokens.length > 1) {
      warnings.push(
        `${optionLabel(def)}: ${tokens.length} values given, only the first is used (escape commas as \\\\,)`,
      );
    }
  } else if (def.type !== 'record') {
    for (const token of tokens) parse(types[0]!, token);
  } else {
    if (tokens.length < types.length) {
      malformed(
        def,
        `the record has ${types.length} fields (${types.join(', ')}) but ${tokens.length} value(s) were given`,
      );
    }
    types.forEach((type, i) => {
      parse(type, tokens[i]!);
    });
    if (def.array) for (const token of tokens.slice(types.length)) parse(types[types.length - 1]!, token);
    else if (tokens.length > types.length) {
      warnings.push(`${optionLabel(def)}: ${tokens.length - types.length} extra value(s) ignored`);
    }
  }
  return { data: encodeOptionValue(def, values), warnings };
}
