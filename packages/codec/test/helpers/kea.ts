/** Runs ISC Kea's own configuration checker (kea-dhcp6 -t) on a generated Dhcp6 configuration. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KEA_DHCP6 = '/usr/sbin/kea-dhcp6';

export function requireKea(): void {
  if (!existsSync(KEA_DHCP6)) {
    throw new Error(
      `${KEA_DHCP6} is not installed: the Kea compatibility tests need ISC Kea 2.2 (apt-get install kea-dhcp6-server)`,
    );
  }
}

/** kea-dhcp6 -t on a config holding these option-def and option-data lists: null if accepted, else Kea's error. */
export function keaCheck(optionDefs: object[], optionData: object[]): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'codec-kea-'));
  try {
    const file = join(dir, 'kea-dhcp6.json');
    writeFileSync(
      file,
      JSON.stringify({
        Dhcp6: {
          'interfaces-config': { interfaces: [] },
          'lease-database': { type: 'memfile', persist: false },
          'option-def': optionDefs,
          'option-data': optionData,
        },
      }),
    );
    try {
      execFileSync(KEA_DHCP6, ['-t', file], { stdio: 'pipe', timeout: 20_000 });
      return null;
    } catch (error) {
      const out = `${(error as { stdout?: Buffer }).stdout ?? ''}${(error as { stderr?: Buffer }).stderr ?? ''}`;
      return (
        out.split('\n').find((line) => line.startsWith('Error encountered')) ?? (out.trim() || String(error))
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
