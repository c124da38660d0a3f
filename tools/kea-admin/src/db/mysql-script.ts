/**
 * Splits a MySQL script into statements as the mysql client does: statements end at the
 * current delimiter (";" until a "DELIMITER x" line changes it), outside quotes and comments.
 * Comments are dropped; routine bodies stay whole because they are written under another
 * delimiter.
 */
export function splitMysqlScript(text: string): string[] {
  const statements: string[] = [];
  let delimiter = ';';
  let current = '';
  let i = 0;
  let atLineStart = true;
  const flush = (): void => {
    const stmt = current.trim();
    if (stmt !== '') statements.push(stmt);
    current = '';
  };
  while (i < text.length) {
    if (atLineStart) {
      const lineEnd = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
      const line = text.slice(i, lineEnd);
      const directive = /^\s*delimiter\s+(\S+)\s*$/i.exec(line);
      if (directive && current.trim() === '') {
        delimiter = directive[1] as string;
        i = lineEnd + 1;
        continue;
      }
      atLineStart = false;
    }
    const c = text[i] as string;
    if (c === '\n') {
      current += c;
      i += 1;
      atLineStart = true;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      current += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '#' || (c === '-' && text.startsWith('-- ', i)) || (c === '-' && text.startsWith('--\n', i))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || text.startsWith('\r\n', i + 1))) {
      // The mysql client drops a backslash that ends a line outside quotes (Kea's own scripts have them).
      i += 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      current += ' ';
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      flush();
      i += delimiter.length;
      continue;
    }
    current += c;
    i += 1;
  }
  flush();
  return statements;
}
