import type { KpiRow } from './kpis';

/** The spec's notes on a row's gap: the target's own, then its metric's. */
export function gapNotes(row: KpiRow): string[] {
  return [row.targetNote, row.metricNote].filter((note): note is string => note !== undefined);
}

/**
 * The notes of a terminal table as footnotes: a mark per row (`[1]`, `[1][2]`) beside its gap, and each
 * distinct note once below the table — a metric's note is shared by its segments' rows, and a sentence
 * in every row would push the table past any terminal's width.
 */
export function noteFootnotes(rows: KpiRow[]): { marks: string[]; footnotes: string[] } {
  const numbers = new Map<string, number>();
  const marks = rows.map((row) =>
    gapNotes(row)
      .map((note) => {
        if (!numbers.has(note)) numbers.set(note, numbers.size + 1);
        return `[${numbers.get(note)}]`;
      })
      .join(''),
  );
  return { marks, footnotes: [...numbers].map(([note, n]) => `[${n}] ${note}`) };
}
