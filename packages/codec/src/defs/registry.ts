/**
 * The set of option definitions a configuration sees: Kea's standard table plus its
 * option-def entries. Lookups by (space, code) and (space, name) are map hits.
 */
import { codecError } from '../errors.js';
import { type OptionDefEntry, parseOptionDef } from './option-def.js';
import { isProtectedStandardSpace, STANDARD_DEFINITIONS } from './standard.js';
import type { OptionDefinition } from './types.js';

interface SpaceIndex {
  readonly byCode: Map<number, OptionDefinition>;
  readonly byName: Map<string, OptionDefinition>;
}

let standardRegistry: OptionDefinitionRegistry | undefined;

export class OptionDefinitionRegistry {
  private readonly spaces = new Map<string, SpaceIndex>();

  private constructor(definitions: Iterable<OptionDefinition>) {
    for (const def of definitions) this.put(def);
  }

  /** The standard definitions only (shared, immutable). */
  static standard(): OptionDefinitionRegistry {
    standardRegistry ??= new OptionDefinitionRegistry(STANDARD_DEFINITIONS);
    return standardRegistry;
  }

  /**
   * The standard definitions plus validated option-def entries. Errors are CodecErrors whose
   * `index` is the position of the offending entry.
   */
  static fromOptionDefs(entries: readonly OptionDefEntry[]): OptionDefinitionRegistry {
    return OptionDefinitionRegistry.standard().extend(entries.map((entry, i) => parseOptionDef(entry, i)));
  }

  private put(def: OptionDefinition): void {
    let index = this.spaces.get(def.space);
    if (!index) {
      index = { byCode: new Map(), byName: new Map() };
      this.spaces.set(def.space, index);
    }
    index.byCode.set(def.code, def);
    index.byName.set(def.name, def);
  }

  /**
   * A new registry with `definitions` added. Custom definitions may not share a code or name
   * within a space, nor replace a standard one (except in vendor spaces, as in Kea, where a
   * custom definition takes precedence over the built-in one).
   */
  extend(definitions: readonly OptionDefinition[]): OptionDefinitionRegistry {
    const next = new OptionDefinitionRegistry([]);
    for (const [space, index] of this.spaces) {
      next.spaces.set(space, { byCode: new Map(index.byCode), byName: new Map(index.byName) });
    }
    definitions.forEach((def, i) => {
      const existingCode = next.getByCode(def.space, def.code);
      const existingName = next.getByName(def.space, def.name);
      for (const existing of [existingCode, existingName]) {
        if (!existing) continue;
        if (existing.standard && isProtectedStandardSpace(def.space)) {
          const what = existing === existingCode ? `code ${def.code}` : `name '${def.name}'`;
          throw codecError(
            'STANDARD_OPTION_OVERRIDE',
            `option-def '${def.space}.${def.name}': unable to override the standard option with ${what} ('${existing.name}', ${existing.code}) in option space '${def.space}'`,
            { index: i },
          );
        }
        if (!existing.standard) {
          const what = existing === existingCode ? `code '${def.code}'` : `name '${def.name}'`;
          throw codecError(
            'DUPLICATE_OPTION_DEF',
            `option-def '${def.space}.${def.name}': an option definition with ${what} already exists in option space '${def.space}'`,
            { index: i },
          );
        }
      }
      // A custom vendor definition replaces the built-in one with the same code or name.
      const index = next.spaces.get(def.space);
      if (existingCode) {
        index?.byName.delete(existingCode.name);
        index?.byCode.delete(existingCode.code);
      }
      if (existingName) {
        index?.byName.delete(existingName.name);
        index?.byCode.delete(existingName.code);
      }
      next.put(def);
    });
    return next;
  }

  getByCode(space: string, code: number): OptionDefinition | undefined {
    return this.spaces.get(space)?.byCode.get(code);
  }

  getByName(space: string, name: string): OptionDefinition | undefined {
    return this.spaces.get(space)?.byName.get(name);
  }

  get(space: string, key: number | string): OptionDefinition | undefined {
    return typeof key === 'number' ? this.getByCode(space, key) : this.getByName(space, key);
  }

  /** All definitions of a space, by code. */
  definitions(space: string): OptionDefinition[] {
    return [...(this.spaces.get(space)?.byCode.values() ?? [])].sort((a, b) => a.code - b.code);
  }

  spaceNames(): string[] {
    return [...this.spaces.keys()];
  }

  /** Custom (option-def) definitions, in the order they were added. */
  customDefinitions(): OptionDefinition[] {
    const out: OptionDefinition[] = [];
    for (const index of this.spaces.values())
      for (const def of index.byCode.values()) if (!def.standard) out.push(def);
    return out;
  }
}
