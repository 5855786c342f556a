import type { KpiRow } from '../kpis';

/** How far a KPI is from its target, for colouring: within 5%, within 20%, beyond, or not comparable. */
export type GapBand = 'close' | 'off' | 'far' | 'none';

/** Bands by the size of the gap alone: whether above or below is good depends on the metric, which the report does not know. */
export const GAP_BANDS = { close: 5, off: 20 } as const;

export function gapBand(row: KpiRow): GapBand {
  if (row.status !== 'ok') return 'none';
  const percent = row.differencePercent ?? (row.difference === 0 ? 0 : null);
  if (percent === null) return 'none';
  const size = Math.abs(percent);
  return size <= GAP_BANDS.close ? 'close' : size <= GAP_BANDS.off ? 'off' : 'far';
}
