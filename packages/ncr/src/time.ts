/**
 * Kea's lease-expires-on: UTC as YYYYMMDDHHMMSS (isc::util::timeToText64 / timeFromText64).
 * Held as seconds since the epoch in a number (a year-9999 date still fits exactly).
 */

const p = (n: number, w = 2) => String(n).padStart(w, '0');

export function timeToText(seconds: number): string {
  const d = new Date(seconds * 1000);
  return (
    p(d.getUTCFullYear(), 4) +
    p(d.getUTCMonth() + 1) +
    p(d.getUTCDate()) +
    p(d.getUTCHours()) +
    p(d.getUTCMinutes()) +
    p(d.getUTCSeconds())
  );
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Seconds since the epoch, or undefined when the text is not a date Kea reads. */
export function timeFromText(text: string): number | undefined {
  if (!/^\d{14}$/.test(text)) return undefined;
  const n = (from: number, to: number) => Number(text.slice(from, to));
  const year = n(0, 4);
  const month = n(4, 6);
  const day = n(6, 8);
  const hour = n(8, 10);
  const minute = n(10, 12);
  const second = n(12, 14);
  // Kea's ranges: years 1970-9999, a leap second allowed.
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
}
