/** Calendar periods on epoch milliseconds (UTC): where a period starts and where the next one does. */
import { DAY_MS } from '../../../engine/contract';

export const PERIOD_UNITS = ['day', 'week', 'month', 'quarter'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/** Start of the period holding `ms`: midnight, Monday, the 1st of the month or of the quarter. */
export function periodStart(ms: number, unit: PeriodUnit): number {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = Date.UTC(year, month, date.getUTCDate());
  switch (unit) {
    case 'day':
      return day;
    case 'week':
      return day - ((date.getUTCDay() + 6) % 7) * DAY_MS;
    case 'month':
      return Date.UTC(year, month, 1);
    case 'quarter':
      return Date.UTC(year, month - (month % 3), 1);
  }
}

/** The start of the period `count` periods after the one starting at `start` (before, when negative). */
export function shiftPeriods(start: number, unit: PeriodUnit, count: number): number {
  switch (unit) {
    case 'day':
      return start + count * DAY_MS;
    case 'week':
      return start + count * 7 * DAY_MS;
    case 'month':
    case 'quarter': {
      const date = new Date(start);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + count * (unit === 'month' ? 1 : 3), 1);
    }
  }
}

/** How many periods run from the one starting at `first` to the one starting at `last`, both counted; counted, not walked. */
export function periodsBetween(first: number, last: number, unit: PeriodUnit): number {
  switch (unit) {
    case 'day':
      return Math.round((last - first) / DAY_MS) + 1;
    case 'week':
      return Math.round((last - first) / (7 * DAY_MS)) + 1;
    case 'month':
    case 'quarter': {
      const from = new Date(first);
      const to = new Date(last);
      const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();
      return months / (unit === 'month' ? 1 : 3) + 1;
    }
  }
}

/** The start of the next period. */
export function followingPeriod(start: number, unit: PeriodUnit): number {
  return shiftPeriods(start, unit, 1);
}
