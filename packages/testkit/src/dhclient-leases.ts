import { readFileSync } from 'node:fs';
import { TestkitError } from './errors.js';

/**
 * Reader for ISC dhclient's lease file (-lf) in its DHCPv6 form:
 *
 *   default-duid "\000\001\000\001...";
 *   lease6 {
 *     interface "v-cli";
 *     ia-na 00:00:01:02 { starts 1795450964; renew 2; rebind 3;
 *       iaaddr 2001:db8:1::1000 { starts 1795450964; preferred-life 300; max-life 400; } }
 *     ia-pd 00:00:01:02 { ... iaprefix 2001:db8:8000::/56 { ... } }
 *     option dhcp6.client-id 0:1:0:1:...;
 *   }
 *
 * dhclient appends a lease6 block per exchange; the last one is the current lease.
 */

interface Statement {
  words: string[];
  /** Which words were quoted strings (a quoted DUID is raw bytes, a bare one colon hex). */
  quoted: boolean[];
  block?: Statement[];
}

export interface DhclientIaAddress {
  iaid: string;
  address: string;
  starts?: number;
  preferredLife?: number;
  maxLife?: number;
}

export interface DhclientIaPrefix {
  iaid: string;
  prefix: string;
  length: number;
  starts?: number;
  preferredLife?: number;
  maxLife?: number;
}

export interface DhclientLease6 {
  interface: string;
  addresses: DhclientIaAddress[];
  prefixes: DhclientIaPrefix[];
  /** T1/T2 of the IAs, seconds, as the server sent them. */
  renew?: number;
  rebind?: number;
  /** Options by name ("dhcp6.client-id"), colon hex normalised to two digits per byte. */
  options: Record<string, string>;
}

export interface DhclientLeaseFile {
  /** The DUID dhclient uses, as colon hex ("00:03:00:01:02:00:00:00:01:02"). */
  defaultDuid?: string;
  leases: DhclientLease6[];
}

type Token = { kind: 'word' | 'string'; text: string } | { kind: 'punct'; text: '{' | '}' | ';' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '}' || c === ';') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new TestkitError('PARSE', 'dhclient lease file: unterminated string');
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\') {
          const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
          if (octal) {
            value += String.fromCharCode(Number.parseInt(octal[0], 8));
            i += 4;
            continue;
          }
          const next = text[i + 1] ?? '';
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: value });
    } else {
      let word = '';
      while (i < text.length && !/[\s{};"#]/.test(text[i]!)) word += text[i++];
      tokens.push({ kind: 'word', text: word });
    }
  }
  return tokens;
}

function parseStatements(tokens: Token[], start: number, nested: boolean): [Statement[], number] {
  const out: Statement[] = [];
  let words: string[] = [];
  let quoted: boolean[] = [];
  let i = start;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.text === ';') {
      if (words.length > 0) out.push({ words, quoted });
      words = [];
      quoted = [];
      i++;
    } else if (t.kind === 'punct' && t.text === '{') {
      const [block, next] = parseStatements(tokens, i + 1, true);
      out.push({ words, quoted, block });
      words = [];
      quoted = [];
      i = next;
    } else if (t.kind === 'punct' && t.text === '}') {
      if (!nested) throw new TestkitError('PARSE', 'dhclient lease file: unbalanced "}"');
      if (words.length > 0)
        throw new TestkitError('PARSE', `dhclient lease file: "${words.join(' ')}" lacks ";"`);
      return [out, i + 1];
    } else {
      words.push(t.text);
      quoted.push(t.kind === 'string');
      i++;
    }
  }
  if (nested) throw new TestkitError('PARSE', 'dhclient lease file: unterminated block');
  if (words.length > 0)
    throw new TestkitError('PARSE', `dhclient lease file: "${words.join(' ')}" lacks ";"`);
  return [out, i];
}

/** "0:1:0:1:32:97" -> "00:01:00:01:32:97" (dhclient prints bytes without leading zeros). */
export function normaliseColonHex(text: string): string {
  if (!/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2})*$/.test(text)) return text;
  return text
    .split(':')
    .map((b) => b.toLowerCase().padStart(2, '0'))
    .join(':');
}

function bytesToColonHex(raw: string): string {
  return [...raw].map((c) => (c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')).join(':');
}

function numberIn(block: Statement[] | undefined, key: string): number | undefined {
  const found = block?.find((s) => s.words[0] === key && s.words.length === 2);
  const value = found ? Number(found.words[1]) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

function leaseFrom(block: Statement[]): DhclientLease6 {
  const lease: DhclientLease6 = { interface: '', addresses: [], prefixes: [], options: {} };
  for (const s of block) {
    const [key, arg] = s.words;
    if (key === 'interface' && arg !== undefined) lease.interface = arg;
    else if (key === 'option' && arg !== undefined)
      lease.options[arg] = normaliseColonHex(s.words.slice(2).join(' '));
    else if ((key === 'ia-na' || key === 'ia-pd') && arg !== undefined && s.block) {
      lease.renew ??= numberIn(s.block, 'renew');
      lease.rebind ??= numberIn(s.block, 'rebind');
      for (const inner of s.block) {
        const [innerKey, value] = inner.words;
        if (value === undefined || !inner.block) continue;
        const times = {
          starts: numberIn(inner.block, 'starts'),
          preferredLife: numberIn(inner.block, 'preferred-life'),
          maxLife: numberIn(inner.block, 'max-life'),
        };
        if (innerKey === 'iaaddr')
          lease.addresses.push({ iaid: arg, address: value.toLowerCase(), ...times });
        if (innerKey === 'iaprefix') {
          const [prefix, length] = value.split('/');
          const len = Number(length);
          if (prefix === undefined || !Number.isInteger(len))
            throw new TestkitError('PARSE', `dhclient lease file: bad iaprefix ${value}`);
          lease.prefixes.push({ iaid: arg, prefix: prefix.toLowerCase(), length: len, ...times });
        }
      }
    }
  }
  return lease;
}

export function parseDhclientLeases(text: string): DhclientLeaseFile {
  const [statements] = parseStatements(tokenize(text), 0, false);
  const file: DhclientLeaseFile = { leases: [] };
  for (const s of statements) {
    if (s.words[0] === 'default-duid' && s.words[1] !== undefined)
      file.defaultDuid = s.quoted[1] ? bytesToColonHex(s.words[1]) : normaliseColonHex(s.words[1]);
    if (s.words[0] === 'lease6' && s.block) file.leases.push(leaseFrom(s.block));
  }
  return file;
}

/**
 * Reads and parses a dhclient lease file; an absent file has no leases. dhclient rewrites the
 * whole file now and then (its daemon does so after forking), so a read may catch it half
 * written: a file that does not parse is read again, for at most `settleMs`, before the parse
 * error is thrown.
 */
export function readDhclientLeaseFile(path: string, settleMs = 2_000): DhclientLeaseFile {
  const deadline = Date.now() + settleMs;
  for (;;) {
    try {
      return parseDhclientLeases(readFileSync(path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { leases: [] };
      if (!(error instanceof TestkitError) || error.code !== 'PARSE' || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); // a synchronous pause
    }
  }
}
