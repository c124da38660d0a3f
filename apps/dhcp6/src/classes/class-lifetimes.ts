import type { Dhcp6Config, Lifetime } from '@nestor/config';

/** Lifetimes a client class sets, each one it does not set left to the subnet. */
export interface ClassLifetimes {
  preferred?: Lifetime;
  valid?: Lifetime;
}

/** A class's `valid-lifetime` (or preferred) with its bounds; a bound not given is the value. */
function triplet(partial: Partial<Lifetime> | undefined): Lifetime | undefined {
  if (!partial) return undefined;
  const value = partial.value ?? partial.min ?? partial.max;
  if (value === undefined) return undefined;
  return { min: partial.min ?? value, value, max: partial.max ?? value };
}

/**
 * Lifetimes from client classes (Kea's getLifetimes6): the first of the packet's classes, in the
 * order they were assigned, that sets a lifetime decides it; the subnet's applies otherwise.
 */
export class ClassLifetimeTable {
  private readonly byClass = new Map<string, ClassLifetimes>();

  constructor(config: Dhcp6Config) {
    for (const c of config.clientClasses) {
      const preferred = triplet(c.preferredLifetime);
      const valid = triplet(c.validLifetime);
      if (preferred || valid)
        this.byClass.set(c.name, { ...(preferred ? { preferred } : {}), ...(valid ? { valid } : {}) });
    }
  }

  /** The lifetimes the classes set, or undefined when none sets any (the common case: no work). */
  of(classes: Iterable<string>): ClassLifetimes | undefined {
    if (this.byClass.size === 0) return undefined;
    let preferred: Lifetime | undefined;
    let valid: Lifetime | undefined;
    for (const name of classes) {
      const set = this.byClass.get(name);
      if (!set) continue;
      preferred ??= set.preferred;
      valid ??= set.valid;
      if (preferred && valid) break;
    }
    if (!preferred && !valid) return undefined;
    return { ...(preferred ? { preferred } : {}), ...(valid ? { valid } : {}) };
  }
}
