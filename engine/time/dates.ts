/** Dates are epoch milliseconds (UTC) inside the engine; text only at the edges. */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** 400 Gregorian years: the calendar repeats after them. */
const CYCLE_MS = 146_097 * DAY_MS;

/** Date.UTC for every year: Date.UTC itself reads years 0–99 as 1900–1999 (it made 0001-01-01 into 1901-01-01). */
function utc(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0): number {
  return year >= 0 && year < 100 ? Date.UTC(year + 400, month, day, hours, minutes, seconds) - CYCLE_MS : Date.UTC(year, month, day, hours, minutes, seconds);
}

const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const RELATIVE_TERM = /([+-])\s*(\d+(?:\.\d+)?)\s*(hour|day|week|month|quarter|year)s?/gy;

/** Parses `YYYY-MM-DD[ HH:mm[:ss]]` as UTC; undefined when it is not such a date. */
export function parseAbsoluteDate(text: string): number | undefined {
  const canonical = parseCanonicalDate(text);
  if (canonical !== undefined) return canonical;
  const m = ABSOLUTE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const ms = utc(+y, +mo - 1, +d, +h, +mi, +s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d) return undefined;
  return ms;
}

/**
 * `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss` exactly, as databases return dates (context
 * queries read thousands): digits read directly, no regular expression. Anything else,
 * valid or not, is left to the general parser.
 */
function parseCanonicalDate(text: string): number | undefined {
  if ((text.length !== 10 && text.length !== 19) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return undefined;
  if (text.length === 10) return utc(year, month - 1, day);
  const separator = text.charCodeAt(10);
  if ((separator !== 32 && separator !== 84) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const hours = digits(text, 11, 2);
  const minutes = digits(text, 14, 2);
  const seconds = digits(text, 17, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return undefined;
  return utc(year, month - 1, day, hours, minutes, seconds);
}

/** The number written by `length` decimal digits at `start`, or -1 if any is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Mean Gregorian month, for the fractional part of a month offset. */
const MEAN_MONTH_MS = 30.436875 * DAY_MS;

/**
 * Adds calendar units without allocating: whole months move the calendar date (clamped
 * to the month's last day: Jan 31 + 1 month = Feb 28/29); a fraction of a month adds
 * that share of a mean month.
 */
export function addUnits(ms: number, amount: number, unit: string): number {
  switch (unit) {
    case 'hour':
      return ms + amount * 3_600_000;
    case 'day':
      return ms + amount * DAY_MS;
    case 'week':
      return ms + amount * 7 * DAY_MS;
    case 'month':
    case 'quarter':
    case 'year': {
      const months = amount * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12);
      const whole = Math.trunc(months);
      const days = Math.floor(ms / DAY_MS);
      const [year, month, day] = civilFromDays(days);
      const target = year * 12 + (month - 1) + whole;
      const targetYear = Math.floor(target / 12);
      const targetMonth = target - targetYear * 12;
      const lastDay = daysInMonth(targetYear, targetMonth);
      return utc(targetYear, targetMonth, Math.min(day, lastDay)) + (ms - days * DAY_MS) + (months - whole) * MEAN_MONTH_MS;
    }
    default:
      throw new Error(`unknown date unit ${unit}`);
  }
}

/** Days in a 0-based month. */
function daysInMonth(year: number, month: number): number {
  if (month === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month];
}

/**
 * Parses an absolute date, or one relative to `asOf`: `as_of`, `-36 months`,
 * `as_of - 1 year + 2 days`. Undefined when the text is neither.
 */
export function parseDate(text: string | number, asOf: number): number | undefined {
  if (typeof text === 'number') return text;
  const trimmed = text.trim();
  const absolute = parseAbsoluteDate(trimmed);
  if (absolute !== undefined) return absolute;
  let rest = trimmed;
  let base = asOf;
  if (rest.startsWith('as_of')) rest = rest.slice(5).trim();
  if (rest === '') return base;
  RELATIVE_TERM.lastIndex = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = RELATIVE_TERM.exec(rest)) !== null) {
    base = addUnits(base, (m[1] === '-' ? -1 : 1) * Number(m[2]), m[3]);
    consumed = RELATIVE_TERM.lastIndex;
    while (rest[consumed] === ' ') consumed++;
    RELATIVE_TERM.lastIndex = consumed;
  }
  return consumed === rest.length ? base : undefined;
}

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Year, month (1-12) and day of a day count since 1970-01-01 (H. Hinnant's civil-from-days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

type DateToken = 'YYYY' | 'MM' | 'DD' | 'HH' | 'mm' | 'ss';
const TOKENS: DateToken[] = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'];
const TIME_TOKENS: ReadonlySet<string> = new Set(['HH', 'mm', 'ss']);

type FormatPart = DateToken | { text: string };

/** A stretch of a format that reads only the calendar day, or only the time of day: its text is cached per key. */
interface FormatRun {
  time: boolean;
  parts: FormatPart[];
}

/** Day texts kept per run before the cache starts afresh: years of days, far below a memory concern. */
const MAX_CACHED_DAYS = 1 << 16;
const SECONDS_PER_DAY = 86_400;
/** Time-of-day texts by run (e.g. `HH:mm:ss`), shared by every column with that run. */
const timeTexts = new Map<string, (string | undefined)[]>();

/**
 * Compiles a text format (YYYY, MM, DD, HH, mm, ss, literals) into a formatter of epoch ms.
 * Formatting is on every row's path: the format is split into runs that read only the day
 * or only the time of day, each run's text made once per day (or second of the day) and
 * cached, so a value costs one or two lookups and one concatenation.
 */
export function compileDateFormat(format: string): (ms: number) => string {
  const runs = formatRuns(format).map((run) => (run.time ? new TimeTexts(run.parts) : new DayTexts(run.parts)));
  // The usual shapes get a closure of their own; every format shares these, so they call methods of one class, not closures per column.
  const [first, second] = runs;
  if (runs.length === 1 && first instanceof DayTexts) return (ms) => first.text(Math.floor(ms / DAY_MS));
  if (runs.length === 2 && first instanceof DayTexts && second instanceof TimeTexts) {
    return (ms) => {
      const day = Math.floor(ms / DAY_MS);
      return first.text(day) + second.text(Math.floor((ms - day * DAY_MS) / 1000));
    };
  }
  return (ms) => {
    const day = Math.floor(ms / DAY_MS);
    const secondOfDay = Math.floor((ms - day * DAY_MS) / 1000);
    let out = '';
    for (const run of runs) out += run instanceof DayTexts ? run.text(day) : run.text(secondOfDay);
    return out;
  };
}

/** The format's parts, grouped into runs; literals join the run before them. */
function formatRuns(format: string): FormatRun[] {
  const runs: FormatRun[] = [];
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find((t) => format.startsWith(t, i));
    const last = runs[runs.length - 1];
    if (token) {
      const time = TIME_TOKENS.has(token);
      if (last && last.time === time) last.parts.push(token);
      else runs.push({ time, parts: [token] });
      i += token.length;
    } else {
      if (!last) runs.push({ time: false, parts: [] });
      const parts = runs[runs.length - 1].parts;
      const text = parts[parts.length - 1];
      if (typeof text === 'object') text.text += format[i];
      else parts.push({ text: format[i] });
      i++;
    }
  }
  return runs.length ? runs : [{ time: false, parts: [] }];
}

/** A run of calendar tokens: its text per day number, made on first use. */
class DayTexts {
  private readonly texts = new Map<number, string>();

  constructor(private readonly parts: FormatPart[]) {}

  text(day: number): string {
    return this.texts.get(day) ?? this.make(day);
  }

  private make(day: number): string {
    if (this.texts.size >= MAX_CACHED_DAYS) this.texts.clear();
    const [year, month, date] = civilFromDays(day);
    let text = '';
    for (const part of this.parts) {
      if (part === 'YYYY') text += String(year).padStart(4, '0');
      else if (part === 'MM') text += PAD2[month];
      else if (part === 'DD') text += PAD2[date];
      else if (typeof part === 'object') text += part.text;
    }
    this.texts.set(day, text);
    return text;
  }
}

/** A run of time-of-day tokens: its text per second of the day, shared by every format with the same run. */
class TimeTexts {
  private readonly texts: (string | undefined)[];

  constructor(private readonly parts: FormatPart[]) {
    const key = parts.map((part) => (typeof part === 'object' ? part.text : `{${part}}`)).join('');
    let texts = timeTexts.get(key);
    if (!texts) timeTexts.set(key, (texts = new Array<string | undefined>(SECONDS_PER_DAY).fill(undefined)));
    this.texts = texts;
  }

  text(second: number): string {
    return this.texts[second] ?? this.make(second);
  }

  private make(second: number): string {
    let text = '';
    for (const part of this.parts) {
      if (part === 'HH') text += PAD2[Math.floor(second / 3600)];
      else if (part === 'mm') text += PAD2[Math.floor(second / 60) % 60];
      else if (part === 'ss') text += PAD2[second % 60];
      else if (typeof part === 'object') text += part.text;
    }
    this.texts[second] = text;
    return text;
  }
}

export const DEFAULT_FORMATS = { date: 'YYYY-MM-DD', datetime: 'YYYY-MM-DD HH:mm:ss' } as const;
