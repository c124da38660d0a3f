/**
 * Serialises JSON the way Kea prints its answers: `{ "a": 1, "b": [ 2, 3 ] }`, keys sorted,
 * a space inside brackets and after separators. Operators' scripts that grep Kea's output
 * (`"result": 0`) keep matching; any JSON parser reads it as usual.
 */
export function toKeaJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      // Kea has no NaN or infinity either; null is what JSON.stringify gives them too.
      out.push(Number.isFinite(value) ? JSON.stringify(value) : 'null');
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(value.toString());
      return;
    case 'object':
      break;
    default:
      out.push('null');
      return;
  }
  if (Array.isArray(value)) {
    out.push('[ ');
    value.forEach((item, index) => {
      if (index > 0) out.push(', ');
      write(item, out);
    });
    out.push(' ]');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  out.push('{ ');
  keys.forEach((key, index) => {
    if (index > 0) out.push(', ');
    out.push(JSON.stringify(key), ': ');
    write(record[key], out);
  });
  out.push(' }');
}
