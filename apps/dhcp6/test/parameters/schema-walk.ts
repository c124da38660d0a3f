import type { Schema } from '@nestor/config';

/**
 * Every parameter the Dhcp6 schema accepts, as a path of keys from the Dhcp6 map: `[]` steps
 * into a list's items, and a `$ref` into its `$defs` entry (each definition walked once per
 * place it is used, so `subnet6[].pools[].pool` and `shared-networks[].subnet6[].pools[].pool`
 * are both listed). Open maps (user-context, hook parameters) end the walk at their key.
 */
export function schemaParameters(root: Schema): string[] {
  const defs = (root.$defs ?? {}) as Record<string, Schema>;
  const out: string[] = [];
  const visit = (schema: Schema, path: string, seen: readonly string[]): void => {
    const ref = schema.$ref as string | undefined;
    if (ref) {
      const name = ref.replace('#/$defs/', '');
      if (seen.includes(name)) return;
      visit(defs[name]!, path, [...seen, name]);
      return;
    }
    if (schema.items) visit(schema.items as Schema, `${path}[]`, seen);
    const properties = schema.properties as Record<string, Schema> | undefined;
    for (const [key, child] of Object.entries(properties ?? {})) {
      const at = path === '' ? key : `${path}.${key}`;
      out.push(at);
      visit(child, at, seen);
    }
  };
  visit(root, '', []);
  return out;
}
