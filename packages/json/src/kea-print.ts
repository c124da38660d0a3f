/**
 * JSON printed the way Kea prints it: `{ "a": 1, "b": [ 2, 3 ] }`, keys sorted, a space inside
 * brackets and after separators. Operators' scripts that grep Kea's output (`"result": 0`) keep
 * matching, and a lease file rewritten by Nestor matches one rewritten by Kea.
 *
 * Strings come in two spellings. Control answers carry text as JSON does (`"é"`). Lease files
 * carry Kea's byte-oriented strings: every byte of the UTF-8 outside printable ASCII is escaped
 * on its own (`"\u00c3\u00a9"` for "é"), which is what Kea writes there and reads back.
 */

export interface KeaJsonOptions {
  /** 'text' (default): JSON string escapes; 'bytes': one \u00XX escape per non-ASCII byte, as in Kea's lease files. */
  strings?: 'text' | 'bytes';
}

/** Serialises any value; undefined members are left out, undefined, functions and non-finite numbers print as null. */
export function toKeaJson(value: unknown, options: KeaJsonOptions = {}): string {
  const parts: string[] = [];
  write(value, options.strings === 'bytes' ? quoteBytes : quoteText, parts);
  return parts.join('');
}

type Quote = (text: string) => string;

const quoteText: Quote = (text) => JSON.stringify(text);

const SIMPLE_STRING = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;
const SHORT_ESCAPES: Record<number, string> = {
  34: '\\"',
  92: '\\\\',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
};

const quoteBytes: Quote = (text) => {
  if (SIMPLE_STRING.test(text)) return `"${text}"`;
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    const short = SHORT_ESCAPES[byte];
    if (short !== undefined) out += short;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\u${byte.toString(16).padStart(4, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
};

function write(value: unknown, quote: Quote, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(quote(value));
      return;
    case 'number':
      // JavaScript keeps no difference between 1 and 1.0: whole numbers print as integers. A
      // negative zero prints as "-0", as Kea prints the double, so it reads back the same.
      // Kea has no NaN or infinity: null, as JSON.stringify gives them.
      out.push(Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : String(value)) : 'null');
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(value.toString());
      return;
    case 'object':
      if (value === null) break;
      if (Array.isArray(value)) {
        out.push('[ ');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(', ');
          write(value[i], quote, out);
        }
        out.push(' ]');
        return;
      }
      writeObject(value as Record<string, unknown>, quote, out);
      return;
  }
  out.push('null');
}

function writeObject(record: Record<string, unknown>, quote: Quote, out: string[]): void {
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  out.push('{ ');
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out.push(', ');
    out.push(quote(keys[i]!), ': ');
    write(record[keys[i]!], quote, out);
  }
  out.push(' }');
}
