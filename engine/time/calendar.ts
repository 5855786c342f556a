import { RowError, type Calendar } from '../contract';
import { raiseLimitHint, type Limits } from '../limits';
import { DAY_MS } from './dates';
import { FIRST_YEAR, LAST_YEAR } from './holidays';

/** What closes a day: everything but the holidays is known up front; holidays are computed a year at a time. */
export interface ClosedDays {
  /** Closed weekdays, indexed Sunday first (getUTCDay()). */
  weekdays: readonly boolean[];
  /** Epoch days closed by `dates:`. */
  dates: ReadonlySet<number>;
  /** Epoch days open whatever else closes them. */
  open: ReadonlySet<number>;
  /** The epoch days of the year's holidays (a holiday kept on another year's date may be listed too). */
  holidays(year: number): number[];
}

const yearOf = (day: number): number => new Date(day * DAY_MS).getUTCFullYear();

function firstDayOf(year: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, 0, 1);
  return date.getTime() / DAY_MS;
}

/**
 * A calendar's open days over a span of whole years, with a prefix count of them: how many
 * open days lie between two dates is a subtraction, and the k-th open day a binary search.
 * The span grows (at least doubling) to cover each date asked about, up to calendar_years.
 */
export class OpenDays implements Calendar {
  private firstYear = 0;
  private lastYear = -1;
  /** Epoch day of the span's first day. */
  private start = 0;
  /** `count[i]`: open days among the span's first i days. */
  private count = new Int32Array(1);
  /** Holidays by the year they were computed for, so a wider span does not compute them again. */
  private readonly holidaysByYear = new Map<number, number[]>();

  constructor(
    readonly name: string,
    private readonly closed: ClosedDays,
    private readonly limits: Limits,
  ) {}

  isOpen(ms: number): boolean {
    const day = Math.floor(ms / DAY_MS);
    this.cover(day, day);
    const i = day - this.start;
    return this.count[i + 1] > this.count[i];
  }

  openDays(from: number, to: number): number {
    const first = Math.floor(from / DAY_MS);
    const last = Math.floor(to / DAY_MS);
    if (last < first) return 0;
    this.cover(first, last);
    return this.count[last - this.start + 1] - this.count[first - this.start];
  }

  openDay(from: number, index: number): number {
    if (!Number.isFinite(index)) throw new RowError(`calendar "${this.name}" was asked for open day number ${index}`, 'count open days with a finite number (check the offset generator)');
    const day = Math.floor(from / DAY_MS);
    this.cover(day, day);
    // The rank among the span's open days of the one wanted; the span widens until it holds it.
    for (;;) {
      const rank = this.count[day - this.start] + index;
      if (rank < 0) this.widen(this.firstYear - 1, this.lastYear);
      else if (rank >= this.count[this.count.length - 1]) this.widen(this.firstYear, this.lastYear + 1);
      else return (this.start + this.dayWithRank(rank)) * DAY_MS;
    }
  }

  /** The span's index of the open day with `rank` open days before it. */
  private dayWithRank(rank: number): number {
    let lo = 0;
    let hi = this.count.length - 2;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.count[mid + 1] > rank) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private cover(firstDay: number, lastDay: number): void {
    if (firstDay >= this.start && lastDay < this.start + this.count.length - 1) return;
    const first = yearOf(firstDay);
    const last = yearOf(lastDay);
    if (this.lastYear < this.firstYear) {
      this.checkSpan(first, last);
      this.build(first, last);
    } else this.widen(Math.min(first, this.firstYear), Math.max(last, this.lastYear));
  }

  /** Grows the span to at least [first, last], doubling it when it can, so growing year by year stays linear. */
  private widen(first: number, last: number): void {
    this.checkSpan(first, last);
    const limit = this.limits.calendar_years;
    const span = this.lastYear - this.firstYear + 1;
    const room = Math.max(0, limit - (last - first + 1));
    const extra = Math.min(span, room);
    if (first < this.firstYear) first = Math.max(FIRST_YEAR, first - extra);
    else last = Math.min(LAST_YEAR, last + extra);
    this.build(first, last);
  }

  private checkSpan(first: number, last: number): void {
    if (!(first >= FIRST_YEAR && last <= LAST_YEAR)) {
      const asked = Number.isNaN(first) || Number.isNaN(last) ? 'a value that is not a date' : `a date in the year ${first < FIRST_YEAR ? first : last}`;
      throw new RowError(`calendar "${this.name}" was asked about ${asked}; calendars cover the years ${FIRST_YEAR} to ${LAST_YEAR}`, 'keep the dates that use a calendar inside those years', 'SPEC_BAD_DATE');
    }
    const limit = this.limits.calendar_years;
    if (last - first + 1 > limit) {
      throw new RowError(
        `calendar "${this.name}" was asked about dates from ${first} to ${last}, more than the ${limit.toLocaleString('en-US')} years a calendar may span (or it has no open day within them)`,
        raiseLimitHint('calendar_years', this.limits),
        'SPEC_TOO_COSTLY',
      );
    }
  }

  private build(firstYear: number, lastYear: number): void {
    const start = firstDayOf(firstYear);
    const days = firstDayOf(lastYear + 1) - start;
    const closed = new Uint8Array(days);
    const { weekdays, dates, open } = this.closed;
    // 1970-01-01 (epoch day 0) was a Thursday.
    for (let i = 0; i < days; i++) if (weekdays[(((start + i + 4) % 7) + 7) % 7]) closed[i] = 1;
    // A year's holidays may fall on a neighbouring year's date (a substitute day), so the years around the span are read too.
    for (let year = firstYear - 1; year <= lastYear + 1; year++) {
      for (const day of this.holidaysOf(year)) if (day >= start && day < start + days) closed[day - start] = 1;
    }
    for (const day of dates) if (day >= start && day < start + days) closed[day - start] = 1;
    for (const day of open) if (day >= start && day < start + days) closed[day - start] = 0;
    const count = new Int32Array(days + 1);
    for (let i = 0; i < days; i++) count[i + 1] = count[i] + 1 - closed[i];
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.start = start;
    this.count = count;
  }

  private holidaysOf(year: number): number[] {
    if (!this.holidaysByYear.has(year)) this.holidaysByYear.set(year, this.closed.holidays(year));
    return this.holidaysByYear.get(year)!;
  }
}
