/** Kea's severities, most verbose first. NONE silences a logger. */
export const SEVERITIES = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'NONE'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Messages of a severity pass a threshold when their rank is at least the threshold's. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Kea accepts severities in any letter case ("info", "INFO"). */
export function parseSeverity(text: string): Severity | undefined {
  const upper = text.toUpperCase();
  return (SEVERITIES as readonly string[]).includes(upper) ? (upper as Severity) : undefined;
}

/** The debug levels Kea defines: 0 (least verbose) to 99 (most). */
export const MAX_DEBUG_LEVEL = 99;
