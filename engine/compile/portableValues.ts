/**
 * Values every target stores as the same value. A value outside these bounds would differ
 * by target (SQLite keeps Infinity as `Inf`, CSV writes `Infinity`, the servers and Parquet
 * refuse it), so the engine refuses it before any target sees it.
 */

/** 0001-01-01 00:00:00 UTC: PostgreSQL has no year 0, and MariaDB's dates start at year 1. */
export const FIRST_DATE_MS = -62_135_596_800_000;
/** 9999-12-31 23:59:59.999 UTC: MariaDB's DATE and DATETIME end there, and four-digit years do. */
export const LAST_DATE_MS = 253_402_300_799_999;
/** 2^63: integer columns are 64-bit (BIGINT, int64) on every target that types them. */
const INT64_LIMIT = 9_223_372_036_854_775_808;

export const isPortableDate = (ms: number): boolean => ms >= FIRST_DATE_MS && ms <= LAST_DATE_MS;
export const isPortableInteger = (n: number): boolean => n >= -INT64_LIMIT && n < INT64_LIMIT;

/** A value its column would store differently, or not at all, on some target: found as the row is written. */
export class UnportableValue extends Error {
  readonly fault: 'not finite' | 'beyond int64' | 'date out of range';

  constructor(
    readonly column: string,
    isDate: boolean,
    value: number,
  ) {
    const fault = isDate ? 'date out of range' : Number.isFinite(value) ? 'beyond int64' : 'not finite';
    super(describe(fault, value));
    this.fault = fault;
  }

  get hint(): string {
    if (this.fault === 'date out of range') return "bound the date's generator or offset so that it stays within years 1 to 9999";
    if (this.fault === 'beyond int64') return 'bound the generator, or make the column real';
    return 'a division by zero or an overflow made it: guard the expression (if d = 0 then null else n / d) or bound the generator';
  }
}

function describe(fault: UnportableValue['fault'], value: number): string {
  if (fault === 'date out of range') {
    // Beyond ±8.64e15 ms JavaScript has no calendar to name the year.
    const date = Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? `a date in the year ${new Date(value).getUTCFullYear()}` : `a date that is no date (${value})`;
    return `${date} is outside 0001-01-01 … 9999-12-31, the dates every target stores`;
  }
  if (fault === 'beyond int64') return `${value} is beyond the 64-bit integers every target stores (±9,223,372,036,854,775,807)`;
  return `${value} is not a finite number, which the targets store differently (SQLite, CSV) or refuse (PostgreSQL, MariaDB, Parquet)`;
}
