/** Command-line numbers of the bench programs (main.ts, sql-main.ts, hosts-main.ts). */

/** `--name N`: a non-negative integer, or `fallback` when the option is absent. */
export function countOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a non-negative integer, not ${text}`);
  return value;
}
