/**
 * Statistics as Kea keeps them: named integer (or bigint, for address counts of huge pools)
 * observations, each with a bounded history of timestamped samples. Updates are cheap: a sample
 * is two numbers pushed into a ring; timestamps are formatted only when someone asks.
 */

export type StatValue = number | bigint;

/** Kea's defaults: keep 20 samples, no age limit. */
export const DEFAULT_MAX_SAMPLE_COUNT = 20;

interface Limits {
  /** Keep at most this many samples (0: no count limit, age limit applies). */
  count: number;
  /** Keep samples no older than this many seconds, when `count` is 0. */
  ageSeconds: number;
}

class Observation {
  // Samples oldest first from index `first`: trimming moves `first` and the arrays are compacted
  // only once the dropped part outweighs the kept one, so a sample costs O(1) amortised (an
  // update per packet would otherwise shift the whole history each time).
  private values: StatValue[] = [];
  private times: number[] = [];
  private first = 0;

  constructor(
    public limits: Limits,
    initial: StatValue,
    now: number,
  ) {
    this.record(initial, now);
  }

  clear(): void {
    this.values = [];
    this.times = [];
    this.first = 0;
  }

  get value(): StatValue {
    return this.values[this.values.length - 1] ?? 0;
  }

  record(value: StatValue, now: number): void {
    this.values.push(value);
    this.times.push(now);
    this.trim(now);
  }

  trim(now: number): void {
    const { count, ageSeconds } = this.limits;
    if (count > 0) {
      if (this.sampleCount > count) this.first = this.values.length - count;
    } else {
      // An age bound of 0 keeps only samples of the newest one's time, as Kea's does.
      const oldest = now - ageSeconds * 1000;
      while (this.first < this.times.length - 1 && this.times[this.first]! < oldest) this.first++;
    }
    if (this.first > 32 && this.first * 2 > this.values.length) {
      this.values = this.values.slice(this.first);
      this.times = this.times.slice(this.first);
      this.first = 0;
    }
  }

  /** Newest first, as Kea lists them: [[value, "YYYY-MM-DD HH:MM:SS.ffffff"], ...]. */
  samples(): [StatValue, string][] {
    const out: [StatValue, string][] = [];
    for (let i = this.values.length - 1; i >= this.first; i--)
      out.push([this.values[i]!, formatStatTime(this.times[i]!)]);
    return out;
  }

  get sampleCount(): number {
    return this.values.length - this.first;
  }
}

/** Kea's sample timestamp: local time with microseconds. */
export function formatStatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(
    d.getSeconds(),
  )}.${p(d.getMilliseconds(), 3)}000`;
}

/** A JSON-safe sample list: bigints that fit are numbers, larger ones stay exact as numbers too. */
export type StatSamples = [number, string][];

function toJsonNumber(value: StatValue): number {
  return typeof value === 'bigint' ? Number(value) : value;
}

export class Statistics {
  private readonly observations = new Map<string, Observation>();
  private defaults: Limits = { count: DEFAULT_MAX_SAMPLE_COUNT, ageSeconds: 0 };

  constructor(private readonly clock: () => number = Date.now) {}

  /** Sets a statistic to a value, creating it when new. */
  set(name: string, value: StatValue): void {
    const now = this.clock();
    const o = this.observations.get(name);
    if (o) o.record(value, now);
    else this.observations.set(name, new Observation({ ...this.defaults }, value, now));
  }

  /** Adds to a statistic (negative to subtract), creating it at 0 when new. */
  add(name: string, delta: StatValue = 1): void {
    const o = this.observations.get(name);
    if (!o) {
      this.set(name, delta);
      return;
    }
    const current = o.value;
    const next =
      typeof current === 'bigint' || typeof delta === 'bigint'
        ? BigInt(current) + BigInt(delta)
        : current + (delta as number);
    o.record(next, this.clock());
  }

  get(name: string): StatValue | undefined {
    return this.observations.get(name)?.value;
  }

  has(name: string): boolean {
    return this.observations.has(name);
  }

  names(): string[] {
    return [...this.observations.keys()];
  }

  /** `statistic-get`: { name: samples } or undefined when unknown. */
  samples(name: string): StatSamples | undefined {
    return this.observations
      .get(name)
      ?.samples()
      .map(([v, t]) => [toJsonNumber(v), t]);
  }

  /** `statistic-get-all`: every statistic with its samples. */
  all(): Record<string, StatSamples> {
    const out: Record<string, StatSamples> = {};
    for (const name of this.observations.keys()) out[name] = this.samples(name)!;
    return out;
  }

  /** `statistic-reset`: the history cleared and one sample of 0 left, as Kea 2.2 does. */
  reset(name: string): boolean {
    const o = this.observations.get(name);
    if (!o) return false;
    o.clear();
    o.record(typeof o.value === 'bigint' ? 0n : 0, this.clock());
    return true;
  }

  resetAll(): void {
    for (const name of this.observations.keys()) this.reset(name);
  }

  remove(name: string): boolean {
    return this.observations.delete(name);
  }

  /** Removes every statistic whose name starts with `prefix` (e.g. a removed subnet's). */
  removeMatching(prefix: string): void {
    for (const name of [...this.observations.keys()])
      if (name.startsWith(prefix)) this.observations.delete(name);
  }

  removeAll(): void {
    this.observations.clear();
  }

  /** `statistic-sample-count-set`: keep at most `count` samples of one statistic. */
  setMaxSampleCount(name: string, count: number): boolean {
    return this.setLimits(name, { count, ageSeconds: 0 });
  }

  /** `statistic-sample-age-set`: keep samples younger than `seconds` of one statistic. */
  setMaxSampleAge(name: string, seconds: number): boolean {
    return this.setLimits(name, { count: 0, ageSeconds: seconds });
  }

  setMaxSampleCountAll(count: number): void {
    this.defaults = { count, ageSeconds: 0 };
    for (const name of this.observations.keys()) this.setLimits(name, this.defaults);
  }

  setMaxSampleAgeAll(seconds: number): void {
    this.defaults = { count: 0, ageSeconds: seconds };
    for (const name of this.observations.keys()) this.setLimits(name, this.defaults);
  }

  private setLimits(name: string, limits: Limits): boolean {
    const o = this.observations.get(name);
    if (!o) return false;
    o.limits = { ...limits };
    o.trim(this.clock());
    return true;
  }
}
