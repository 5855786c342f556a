/** Calendar arithmetic on epoch milliseconds (UTC), without allocating Date objects per row. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Mean Gregorian month, for the fractional part of a month offset. */
const MEAN_MONTH_MS = 30.436875 * DAY_MS;

/**
 * Adds months: whole months move the calendar date (clamped to the month's last day,
 * Jan 31 + 1 month = Feb 28/29); a fraction adds that share of a mean month.
 */
export function addMonths(ms: number, months: number): number {
  const whole = Math.trunc(months);
  const days = Math.floor(ms / DAY_MS);
  const timeOfDay = ms - days * DAY_MS;
  // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date algorithms").
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 2 : mp - 10; // 0-based
  const year = yoe + era * 400 + (month <= 1 ? 1 : 0);
  const target = year * 12 + month + whole;
  const targetYear = Math.floor(target / 12);
  const targetMonth = target - targetYear * 12;
  const lastDay = daysInMonth(targetYear, targetMonth);
  return Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)) + timeOfDay + (months - whole) * MEAN_MONTH_MS;
}

/** Days in a 0-based month. */
function daysInMonth(year: number, month: number): number {
  if (month === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  const m = month + 1;
  return 30 + ((m + (m >> 3)) & 1);
}
