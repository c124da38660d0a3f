/** Option definitions: the same model for Kea's standard table and for `option-def` entries. */

/** The data type names Kea accepts in option definitions. */
export const OPTION_DATA_TYPES = [
  'empty',
  'binary',
  'boolean',
  'int8',
  'int16',
  'int32',
  'uint8',
  'uint16',
  'uint32',
  'ipv4-address',
  'ipv6-address',
  'ipv6-prefix',
  'psid',
  'record',
  'string',
  'tuple',
  'fqdn',
] as const;

export type OptionDataType = (typeof OPTION_DATA_TYPES)[number];

/** Types that can be a record field (all but 'empty' and 'record'). */
export type FieldType = Exclude<OptionDataType, 'empty' | 'record'>;

export function isOptionDataType(name: string): name is OptionDataType {
  return (OPTION_DATA_TYPES as readonly string[]).includes(name);
}

export function isFieldType(name: string): name is FieldType {
  return isOptionDataType(name) && name !== 'empty' && name !== 'record';
}

export interface OptionDefinition {
  readonly name: string;
  readonly code: number;
  readonly space: string;
  readonly type: OptionDataType;
  /** For 'record', the last field repeats; otherwise the whole option is a list of `type`. */
  readonly array: boolean;
  /** Field types when `type` is 'record'; empty otherwise. */
  readonly recordTypes: readonly FieldType[];
  /** Option space of the sub-options that follow the fields; '' when none. */
  readonly encapsulate: string;
  /** True for Kea's built-in definitions, false for option-def entries. */
  readonly standard: boolean;
}

/** The fields an option definition lays out, in wire order (before any repetition). */
export function fieldTypes(def: OptionDefinition): readonly FieldType[] {
  if (def.type === 'record') return def.recordTypes;
  if (def.type === 'empty') return [];
  return [def.type];
}

/** Kea's spelling of a definition's type: "record (uint8, fqdn)" etc. */
export function describeType(def: OptionDefinition): string {
  const base = def.type === 'record' ? `record (${def.recordTypes.join(', ')})` : def.type;
  return def.array ? `${base} array` : base;
}
