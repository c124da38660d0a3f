/**
 * The bench's summary table: one row per figure, Nestor beside ISC Kea and their ratio, so a
 * regression shows at a glance. Rows are plain strings; whoever measures a figure formats it.
 */
export interface FigureRow {
  figure: string;
  nestor: string;
  kea: string;
  /** Nestor/Kea unless the figure says otherwise; '-' when there is none. */
  ratio: string;
}

export function formatFigures(title: string, rows: readonly FigureRow[]): string {
  const width = Math.max(6, ...rows.map((r) => r.figure.length));
  const nestorWidth = Math.max(6, ...rows.map((r) => r.nestor.length));
  const keaWidth = Math.max(6, ...rows.map((r) => r.kea.length));
  const line = (r: FigureRow) =>
    `${r.figure.padEnd(width)}  ${r.nestor.padStart(nestorWidth)}  ${r.kea.padStart(keaWidth)}  ${r.ratio}`.trimEnd();
  return [
    title,
    '',
    line({ figure: 'figure', nestor: 'Nestor', kea: 'Kea', ratio: 'Nestor/Kea' }),
    ...rows.map(line),
  ].join('\n');
}
