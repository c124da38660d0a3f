import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Nestor's release version, from the repository's package.json. Read here rather than through
 * @nestor/daemon so that kea-admin starts without loading the daemon framework.
 */
export function adminVersion(): string {
  try {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown })
      .version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
