/** A keactrl.conf that cannot be read: the line and why. */
export class KeactrlConfError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'KeactrlConfError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads keactrl.conf: the shell variable assignments Kea's keactrl sources (`name=value`,
 * optionally `export`ed), with '...' and "..." quoting, `$name` / `${name}` expansion from
 * earlier assignments (then the `initial` values, then the environment) and # comments.
 * Anything else a shell would run is refused rather than silently ignored.
 */
export function parseKeactrlConf(
  text: string,
  file: string,
  initial: Readonly<Record<string, string>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Map<string, string> {
  const vars = new Map<string, string>(Object.entries(initial));
  const lookup = (name: string): string => vars.get(name) ?? env[name] ?? '';
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    // Only the leading blanks go: an escaped blank at the end (`a=\ `) belongs to the value. A
    // carriage return (a file edited on Windows) is dropped rather than kept in the value.
    let rest = raw.replace(/\r$/, '').replace(/^[ \t]+/, '');
    if (rest === '' || rest.startsWith('#')) return;
    if (rest.startsWith('export ')) rest = rest.slice(7).trimStart();
    const eq = rest.indexOf('=');
    const name = eq > 0 ? rest.slice(0, eq) : '';
    if (!NAME.test(name)) throw new KeactrlConfError(file, line, `not a variable assignment: ${raw.trim()}`);
    vars.set(
      name,
      readValue(rest.slice(eq + 1), lookup, (reason) => new KeactrlConfError(file, line, reason)),
    );
  });
  return vars;
}

/** Reads one shell word (the value), expanding variables; what follows must be a comment. */
function readValue(text: string, lookup: (name: string) => string, fail: (reason: string) => Error): string {
  let out = '';
  let i = 0;
  const expand = (): void => {
    // At a '$': ${name} or $name.
    if (text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) throw fail('unterminated ${');
      const name = text.slice(i + 2, end);
      if (!NAME.test(name)) throw fail(`unsupported expansion \${${name}}`);
      out += lookup(name);
      i = end + 1;
      return;
    }
    // $1, $@, $? and the other special parameters mean nothing here: refused, not kept as text.
    const special = text[i + 1];
    if (special !== undefined && '0123456789@*#?$!-'.includes(special))
      throw fail(`unsupported expansion $${special}`);
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!match) {
      out += '$';
      i += 1;
      return;
    }
    out += lookup(match[0]);
    i += 1 + match[0].length;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t') break;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw fail('unterminated single quote');
      out += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) {
          out += text[i + 1];
          i += 2;
        } else if (text[i] === '$') {
          expand();
        } else if (text[i] === '`') {
          throw fail('command substitution is not supported');
        } else {
          out += text[i];
          i += 1;
        }
      }
      if (i >= text.length) throw fail('unterminated double quote');
      i += 1;
    } else if (c === '$') {
      if (text[i + 1] === '(') throw fail('command substitution is not supported');
      expand();
    } else if (
      c === '`' ||
      c === ';' ||
      c === '|' ||
      c === '&' ||
      c === '<' ||
      c === '>' ||
      c === '(' ||
      c === ')'
    ) {
      throw fail(`unsupported shell syntax '${c}'`);
    } else if (c === '\\') {
      // At the end of the line the shell would join the next one: not supported, so refused.
      if (i + 1 >= text.length)
        throw fail('a backslash at the end of a line (continuation) is not supported');
      out += text[i + 1];
      i += 2;
    } else {
      out += c;
      i += 1;
    }
  }
  const tail = text.slice(i).trim();
  if (tail !== '' && !tail.startsWith('#')) throw fail(`unexpected text after the value: ${tail}`);
  return out;
}
