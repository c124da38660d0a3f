/** Runs Wireshark's tshark on a pcap written by the test, as an independent DHCPv6 decoder. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Frame, pcapFile } from './pcap.js';

export const TSHARK = '/usr/bin/tshark';

export function requireTshark(): void {
  if (!existsSync(TSHARK)) {
    throw new Error(`${TSHARK} is missing: the Wireshark cross-check tests need it (apt-get install tshark)`);
  }
}

function run(args: string[]): string {
  return execFileSync(TSHARK, args, { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface TsharkResult {
  /** Per frame: field name -> every occurrence in order. */
  readonly frames: Record<string, string[]>[];
  /** Per frame: expert infos of severity warning or error, and malformed-packet markers. */
  readonly problems: string[][];
}

/** Writes the frames to a temporary pcap, dissects it and returns the requested fields. */
export function dissect(frames: readonly Frame[], fields: readonly string[]): TsharkResult {
  requireTshark();
  const dir = mkdtempSync(join(tmpdir(), 'codec-tshark-'));
  try {
    const file = join(dir, 'capture.pcap');
    writeFileSync(file, pcapFile(frames));
    const common = ['-n', '-r', file];
    const fieldArgs = fields.flatMap((f) => ['-e', f]);
    const out = run([
      ...common,
      '-T',
      'fields',
      '-E',
      'occurrence=a',
      '-E',
      'aggregator=|',
      '-E',
      'separator=\t',
      '-e',
      'frame.number',
      ...fieldArgs,
    ]);
    const rows = out.trimEnd().split('\n');
    const parsed = rows.map((row) => {
      const cells = row.split('\t');
      const record: Record<string, string[]> = {};
      fields.forEach((field, i) => {
        const cell = cells[i + 1] ?? '';
        record[field] = cell === '' ? [] : cell.split('|');
      });
      return record;
    });
    const expert = run([
      ...common,
      '-T',
      'fields',
      '-E',
      'occurrence=a',
      '-E',
      'aggregator=|',
      '-e',
      'frame.number',
      '-e',
      '_ws.expert.severity',
      '-e',
      '_ws.expert.message',
      '-e',
      '_ws.malformed',
    ]);
    const problems = expert
      .trimEnd()
      .split('\n')
      .map((row) => {
        const [, severities = '', messages = '', malformed = ''] = row.split('\t');
        const sev = severities === '' ? [] : severities.split('|');
        const msg = messages === '' ? [] : messages.split('|');
        const found: string[] = [];
        // Severity values: 0x00200000 note, 0x00400000 chat, 0x00600000 warning, 0x00800000 error.
        sev.forEach((s, i) => {
          if (Number(s) >= 0x00600000) found.push(`${s}: ${msg[i] ?? ''}`);
        });
        if (malformed !== '') found.push(`malformed: ${malformed}`);
        return found;
      });
    return { frames: parsed, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
