import type { ControlLogger } from '../../src/index.js';

/** A logger that keeps every line as `SEVERITY ID text`, for tests that look for message ids. */
export function recordingLogger(): ControlLogger & { lines: string[]; find(id: string): string[] } {
  const lines: string[] = [];
  return {
    lines,
    find: (id) => lines.filter((line) => line.split(' ')[1] === id),
    error: (id, text) => lines.push(`ERROR ${id} ${text}`),
    warn: (id, text) => lines.push(`WARN ${id} ${text}`),
    info: (id, text) => lines.push(`INFO ${id} ${text}`),
    debug: (_level, id, text) => lines.push(`DEBUG ${id} ${text}`),
  };
}
