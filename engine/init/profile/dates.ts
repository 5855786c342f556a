import { describeFit, fitNumbers } from './fitNumbers';
import { DAY_MS } from '../../time/dates';

/** Dates as the readers give them: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`, read as UTC. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/** Milliseconds since 1970 of a date value, or undefined when it is none. */
export function dateMillis(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(ms) ? undefined : ms;
}

/** A date (and time of day when `withTime`) as the spec writes it. */
export function formatDate(ms: number, withTime: boolean): string {
  const iso = new Date(ms).toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(0, 10);
}

/** Share of children dated on or after their parent for the parent's date to be their start. */
const AFTER_PARENT_SHARE = 0.99;
/** Fewest child–parent pairs an offset is fitted on. */
const MIN_PAIRS = 30;

export interface DateOffsetFit {
  parentColumn: string;
  offset: Record<string, unknown>;
  /** Median offset in days: the closest start wins among several. */
  median: number;
  description: string;
}

/**
 * When (nearly) every date falls on or after one of another row's dates (a parent's, a referenced
 * row's, or an earlier column of its own row), the offset from the date that is closest on the
 * whole (smallest median), fitted like any number in days. A start that is NULL where the date is
 * not (over 1% of rows) is none: the offset would make those dates NULL too. `whose` names the
 * other row in the comment ("the parent's ").
 */
export function fitDateOffset(pairs: ReadonlyArray<{ child: unknown; parent: Record<string, unknown> }>, startColumns: readonly string[], withTime: boolean, whose: string): DateOffsetFit | undefined {
  let best: { column: string; offsets: number[]; median: number } | undefined;
  for (const column of startColumns) {
    const offsets: number[] = [];
    let withoutStart = 0;
    for (const pair of pairs) {
      const child = dateMillis(pair.child);
      if (child === undefined) continue;
      const parent = dateMillis(pair.parent[column]);
      if (parent === undefined) withoutStart++;
      else offsets.push(withTime ? (child - parent) / DAY_MS : Math.round((child - parent) / DAY_MS));
    }
    if (offsets.length < MIN_PAIRS || withoutStart > 0.01 * (offsets.length + withoutStart)) continue;
    const after = offsets.filter((d) => d >= 0).length / offsets.length;
    if (after < AFTER_PARENT_SHARE) continue;
    const sorted = [...offsets].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    if (!best || median < best.median) best = { column, offsets: sorted.map((d) => Math.max(0, d)), median };
  }
  if (!best) return undefined;
  // Datetimes keep whole seconds: offsets in days to 5 places (under a second).
  const fit = fitNumbers(best.offsets, withTime ? 5 : 0, !withTime);
  return { parentColumn: best.column, offset: fit.generator, median: best.median, description: `days after ${whose}${best.column}: ${describeFit(fit)}` };
}
