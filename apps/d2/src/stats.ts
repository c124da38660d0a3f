import type { Statistics } from '@nestor/daemon';

/**
 * kea-dhcp-ddns's statistics (Kea's D2Stats): NCR counters, update counters, and per TSIG key
 * `key[<name>].<stat>` (the key's name with its trailing dot). Kea's D2 keeps one sample per
 * statistic; so does Nestor's.
 */

export const NCR_STATS = ['ncr-received', 'ncr-invalid', 'ncr-error'] as const;
export const UPDATE_STATS = [
  'update-sent',
  'update-signed',
  'update-unsigned',
  'update-success',
  'update-timeout',
  'update-error',
] as const;
export const KEY_STATS = ['update-sent', 'update-success', 'update-timeout', 'update-error'] as const;

export type NcrStat = (typeof NCR_STATS)[number];
export type UpdateStat = (typeof UPDATE_STATS)[number];

export const keyStatName = (key: string, stat: string) => `key[${key}].${stat}`;

export class D2Statistics {
  private keys: string[] = [];

  constructor(readonly stats: Statistics) {
    stats.setMaxSampleCountAll(1);
    for (const name of [...NCR_STATS, ...UPDATE_STATS]) stats.set(name, 0);
  }

  /** The configured keys' statistics: new keys start at 0, removed keys' go, kept keys' stay. */
  setKeys(names: readonly string[]): void {
    for (const old of this.keys)
      if (!names.includes(old)) for (const stat of KEY_STATS) this.stats.remove(keyStatName(old, stat));
    for (const name of names)
      if (!this.keys.includes(name)) for (const stat of KEY_STATS) this.stats.set(keyStatName(name, stat), 0);
    this.keys = [...names];
  }

  ncr(stat: NcrStat): void {
    this.stats.add(stat, 1);
  }

  /** An update counter, and the key's own when the update was signed with one. */
  update(stat: UpdateStat, key?: string): void {
    this.stats.add(stat, 1);
    if (key !== undefined && (KEY_STATS as readonly string[]).includes(stat))
      this.stats.add(keyStatName(key, stat), 1);
  }
}
