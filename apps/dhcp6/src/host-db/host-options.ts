/**
 * Per-host option rows (dhcp6_options with scope_id 3) and Nestor's OptionData6, as Kea 2.2
 * stores them: an option written with csv-format true keeps its text in formatted_value and no
 * value; one written in hex keeps its payload bytes in value and no formatted_value; persistent is
 * always-send. Reading goes through the same option-data parser as the configuration file, so a
 * database option is encoded exactly as the same option in a reservation would be.
 */
import { OptionDefinitionRegistry, parseOptionData, parseOptionDef } from '@nestor/codec';
import type { Dhcp6Config, JsonObject, OptionData6 } from '@nestor/config';

/** The definitions a configuration knows: the standard ones and its option-def. */
export function registryOf(config: Dhcp6Config): OptionDefinitionRegistry {
  const standard = OptionDefinitionRegistry.standard();
  if (config.optionDefs.length === 0) return standard;
  return standard.extend(
    config.optionDefs.map((d, i) =>
      parseOptionDef(
        {
          name: d.name,
          code: d.code,
          type: d.type,
          'record-types': d.recordTypes.join(', '),
          space: d.space,
          encapsulate: d.encapsulate,
          array: d.array,
        },
        i,
      ),
    ),
  );
}

const registries = new WeakMap<Dhcp6Config, OptionDefinitionRegistry>();

/** registryOf, built once per configuration. */
export function definitionsOf(config: Dhcp6Config): OptionDefinitionRegistry {
  let registry = registries.get(config);
  if (!registry) {
    registry = registryOf(config);
    registries.set(config, registry);
  }
  return registry;
}

/** The columns of one host option row. */
export interface OptionRow {
  code: number;
  value: Uint8Array | null;
  formattedValue: string | null;
  space: string | null;
  persistent: boolean;
  userContext: string | null;
}

/** An option row as an option-data entry (what the configuration file would say). */
export function optionEntryOfRow(row: OptionRow): JsonObject {
  const space = row.space === null || row.space === '' ? 'dhcp6' : row.space;
  const entry: JsonObject =
    row.formattedValue !== null && row.formattedValue !== ''
      ? { code: row.code, space, data: row.formattedValue, 'csv-format': true }
      : { code: row.code, space, data: Buffer.from(row.value ?? []).toString('hex'), 'csv-format': false };
  entry['always-send'] = row.persistent;
  if (row.userContext !== null && row.userContext !== '') entry['user-context'] = JSON.parse(row.userContext);
  return entry;
}

/** Encodes an option-data entry against the definitions (throws CodecError on bad data). */
export function optionDataOf(entry: JsonObject, registry: OptionDefinitionRegistry): OptionData6 {
  const parsed = parseOptionData(entry, registry);
  const option: OptionData6 = {
    code: parsed.code,
    space: parsed.space,
    data: (entry.data as string | undefined) ?? '',
    csvFormat: parsed.csvFormat,
    alwaysSend: parsed.alwaysSend,
    encoded: parsed.data,
  };
  if (parsed.name !== undefined) option.name = parsed.name;
  if (entry['user-context'] !== undefined) option.userContext = entry['user-context'] as JsonObject;
  return option;
}

/** The row Kea writes for an option: text in formatted_value when csv-format, else the payload. */
export function optionRowOf(option: OptionData6): OptionRow {
  const text = option.csvFormat ? option.data : '';
  return {
    code: option.code,
    value: text === '' && option.encoded.length > 0 ? option.encoded : null,
    formattedValue: text === '' ? null : text,
    space: option.space,
    persistent: option.alwaysSend,
    userContext: option.userContext ? JSON.stringify(option.userContext) : null,
  };
}

/** Kea's toElement of a host option: csv-format and data as stored, hex in upper case. */
export function optionElementOf(option: OptionData6, registry: OptionDefinitionRegistry): JsonObject {
  const element: JsonObject = { space: option.space, code: option.code };
  const name = option.name ?? registry.getByCode(option.space, option.code)?.name;
  if (name !== undefined) element.name = name;
  if (option.csvFormat && option.data !== '') {
    element['csv-format'] = true;
    element.data = option.data;
  } else {
    element['csv-format'] = false;
    element.data = Buffer.from(option.encoded).toString('hex').toUpperCase();
  }
  element['always-send'] = option.alwaysSend;
  if (option.userContext) element['user-context'] = option.userContext;
  return element;
}
