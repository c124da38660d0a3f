import type { ProblemCollector } from '../errors.js';
import type { JsonObject, JsonValue } from '../kea-json.js';
import type { Schema } from './common.js';

/**
 * Kea's grammar tells an integer from a floating-point number by how it is written, not by its
 * value: `4000.0`, `4e3` and `+4000` are floating point, and a parameter that takes an integer
 * (nearly every one) refuses them, while t1-percent, t2-percent and cache-threshold take only
 * floating point and refuse `1`. JSON Schema, like JavaScript, has one kind of number, so this
 * walks a section beside its schema and compares each number's written form (recorded by the
 * reader) with what its parameter takes. Open maps (user-context, hook parameters) take either,
 * as in Kea. A document without a source map (a control command) has nothing to compare.
 */

type Path = readonly (string | number)[];

function resolved(schema: Schema, root: Schema): Schema {
  let node = schema;
  while (typeof node.$ref === 'string') {
    const name = node.$ref.slice('#/$defs/'.length);
    node = (root.$defs as Record<string, Schema>)[name]!;
  }
  return node;
}

function typesOf(schema: Schema): readonly unknown[] {
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** The parameter a path ends in, as Kea names it: the last key. */
function parameterName(path: Path): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return 'value';
}

export function checkNumberForms(
  root: Schema,
  section: JsonValue,
  sectionPath: Path,
  problems: ProblemCollector,
): boolean {
  const sources = problems.sources;
  if (!sources) return true;
  let ok = true;
  // One path, pushed and popped on the way (a copy is made only for a problem): the walk runs
  // over every value of configurations with hundreds of thousands of them.
  const path: (string | number)[] = [...sectionPath];
  const visit = (schemaNode: Schema, value: JsonValue, container: object, key: string | number): void => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
    const schema = resolved(schemaNode, root);
    if (typeof value === 'number') {
      const types = typesOf(schema);
      const float = sources.isFloat(container, key);
      // A non-integral value at an integer parameter is the schema's own type error.
      if (float && types.includes('integer') && !types.includes('number') && Number.isInteger(value)) {
        ok = false;
        problems.add(
          [...path],
          `'${parameterName(path)}' must be an integer, but ${value} is written as a floating-point number (with '.', an exponent or '+')`,
        );
      } else if (!float && types.includes('number') && !types.includes('integer')) {
        ok = false;
        problems.add(
          [...path],
          `'${parameterName(path)}' must be a floating-point number: write ${value} as ${value}.0`,
        );
      }
      return;
    }
    if (Array.isArray(value)) {
      const items = schema.items as Schema | undefined;
      if (!items) return;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(items, value[i]!, value, i);
        path.pop();
      }
      return;
    }
    visitMembers(schema, value);
  };
  const visitMembers = (schema: Schema, object: JsonObject): void => {
    const properties = schema.properties as Record<string, Schema> | undefined;
    if (!properties) return;
    for (const member in object) {
      const child = properties[member];
      if (!child) continue;
      path.push(member);
      visit(child, object[member]!, object, member);
      path.pop();
    }
  };
  if (section !== null && typeof section === 'object' && !Array.isArray(section)) visitMembers(root, section);
  return ok;
}
