import type { ColumnDraft } from '../specWriter';
import { dateMillis, formatDate } from './dates';
import { regularizedGammaP } from './distributions';
import { largest, smallest } from './extremes';
import { percent, roundTo, thousands } from './numberFormat';
import { DAY_MS } from '../../time/dates';

/** Fewest dates a shape is looked for on: fewer leave every month's share to chance. */
const MIN_VALUES = 200;
/** Most calendar months a shape spans: one case each. */
const MAX_MONTHS = 120;
/** Fewest days a weekday shape is looked for on: four of each weekday. */
const MIN_WEEKDAY_DAYS = 28;
/** A shape is clear when it surely is not chance (chi-square) … */
const MAX_P_VALUE = 1e-6;
/** … and moves a noticeable share of the dates (total variation from even). */
const MIN_DISTANCE = 0.05;
/** Smallest expected count of a bin the chi-square test takes. */
const MIN_EXPECTED = 5;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface DateShape {
  /** The column's own generator: the month's range, or that date moved to the drawn weekday. */
  generator: Record<string, unknown>;
  /** Hidden columns it reads, in the order they are written before it. */
  hidden: ColumnDraft[];
  description: string;
}

/**
 * Dates whose spread over the calendar months of their range (a trend, a busy December) or over
 * the weekdays (quiet weekends) clearly differs from even: each is tested against the share of
 * the range's days it covers (chi-square, p < 10⁻⁶, and a total variation of at least 0.05).
 * A month shape becomes a hidden month drawn with the counts seen and one `date_between` per
 * month; a weekday shape a hidden weekday drawn with the shares seen, the date moved to the next
 * day of that weekday (the one before, past the last date). `name` is the column's; `taken` tells which
 * names the table already uses. Undefined when the dates look even.
 */
export function fitDateShape(name: string, values: readonly unknown[], withTime: boolean, taken: (name: string) => boolean): DateShape | undefined {
  const times = values.map(dateMillis).filter((t): t is number => t !== undefined);
  if (times.length < MIN_VALUES) return undefined;
  const first = smallest(times);
  const last = largest(times);
  const months = monthsOf(first, last);
  if (months.length < 2 || months.length > MAX_MONTHS) return undefined;
  const monthCounts = months.map(() => 0);
  const weekdayCounts = WEEKDAYS.map(() => 0);
  for (const t of times) {
    monthCounts[monthIndex(first, t)]++;
    weekdayCounts[new Date(t).getUTCDay()]++;
  }
  const monthTest = evenness(monthCounts, months.map((m) => m.days));
  const weekdayTest = Math.floor((last - first) / DAY_MS) + 1 >= MIN_WEEKDAY_DAYS ? evenness(weekdayCounts, weekdayExposure(first, last)) : undefined;
  const monthly = monthTest && isClear(monthTest);
  const weekly = weekdayTest && isClear(weekdayTest);
  if (!monthly && !weekly) return undefined;

  const names = { month: `${name}_month`, day: `${name}_day`, weekday: `${name}_weekday`, last: `${name}_last` };
  if (Object.values(names).some(taken)) return undefined;
  const labels = months.map((m) => m.label);
  const n = times.length;
  const notes: string[] = [];
  if (monthly) notes.push(`months differ from even (chi-square p < 10⁻⁶, total variation ${roundTo(monthTest.distance, 3)}): ${monthlySummary(months, monthCounts)}`);
  if (weekly) notes.push(`weekdays differ from even (chi-square p < 10⁻⁶, total variation ${roundTo(weekdayTest.distance, 3)}): ${WEEKDAYS.map((d, i) => `${d} ${percent(weekdayCounts[i] / n)}`).join(', ')}`);
  const description = `${notes.join('; ')}; on ${thousands(n)} values`;
  // Without a month shape, months are drawn by the days each holds: even over the range.
  const monthWeights = monthly ? monthCounts : months.map((m) => m.days);
  const month: ColumnDraft = {
    name: names.month,
    spec: { type: 'text', write: false, choice: { values: labels, weights: monthWeights } },
    comments: [monthly ? 'the calendar month of each date, weighted as seen: not written' : 'the calendar month of each date, weighted by its days: not written'],
  };
  const inMonth = {
    by: names.month,
    cases: Object.fromEntries(months.map((m) => [m.label, { date_between: { from: formatDate(Math.max(first, m.start), withTime), to: formatDate(Math.min(last, m.end(withTime)), withTime) } }])),
  };
  if (!weekly) return { generator: inMonth, hidden: [month], description };
  const type = withTime ? 'datetime' : 'date';
  const weekday: ColumnDraft = {
    name: names.weekday,
    spec: { type: 'integer', write: false, choice: { values: WEEKDAYS.map((_, i) => i), weights: weekdayCounts } },
    comments: ['the weekday of each date (0 Sunday … 6 Saturday), weighted as seen: not written'],
  };
  const day: ColumnDraft = { name: names.day, spec: { type, write: false, ...inMonth }, comments: ['a date of that month, before its weekday is set: not written'] };
  const latest: ColumnDraft = { name: names.last, spec: { type, write: false, constant: formatDate(last, withTime) }, comments: ['the last date seen: not written'] };
  // Days forward to the drawn weekday, or back a week less when forward passes the last date (the range spans over 2 weeks, so back stays in it).
  const forward = `(${names.weekday} - weekday(${names.day}) + 7) mod 7`;
  const expr = `add_days(${names.day}, if add_days(${names.day}, ${forward}) > ${names.last} then ${forward} - 7 else ${forward})`;
  return { generator: { expr }, hidden: [month, weekday, day, latest], description };
}

interface Month {
  label: string;
  start: number;
  /** Its last moment the spec writes: the last day, or its last second. */
  end(withTime: boolean): number;
  /** Days of the month inside the range. */
  days: number;
}

/** The calendar months from the first date's to the last's, each with the days of it the range covers. */
function monthsOf(first: number, last: number): Month[] {
  const months: Month[] = [];
  const start = new Date(first);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); Date.UTC(y, m, 1) <= last; m === 11 ? (y++, (m = 0)) : m++) {
    const begins = Date.UTC(y, m, 1);
    const next = Date.UTC(y, m + 1, 1);
    const covered = (Math.min(next, last + DAY_MS) - Math.max(begins, first)) / DAY_MS;
    months.push({ label: `${y}-${String(m + 1).padStart(2, '0')}`, start: begins, end: (withTime) => next - (withTime ? 1000 : DAY_MS), days: covered });
    if (months.length > MAX_MONTHS) break;
  }
  return months;
}

function monthIndex(first: number, t: number): number {
  const a = new Date(first);
  const b = new Date(t);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
}

/** How many of each weekday the range covers, as a share of its days. */
function weekdayExposure(first: number, last: number): number[] {
  const exposure = WEEKDAYS.map(() => 0);
  const firstDay = Math.floor(first / DAY_MS);
  const days = Math.floor(last / DAY_MS) - firstDay + 1;
  for (let i = 0; i < Math.min(days, 7); i++) exposure[new Date((firstDay + i) * DAY_MS).getUTCDay()] += Math.floor((days - 1 - i) / 7) + 1;
  return exposure;
}

interface Evenness {
  pValue: number;
  distance: number;
}

/** How far counts are from shares proportional to `exposure`: a chi-square p-value over the bins expected to hold 5 or more, and the total variation. */
function evenness(counts: readonly number[], exposure: readonly number[]): Evenness | undefined {
  const n = counts.reduce((s, c) => s + c, 0);
  const total = exposure.reduce((s, e) => s + e, 0);
  let chiSquare = 0;
  let bins = 0;
  let distance = 0;
  counts.forEach((observed, i) => {
    const expected = (n * exposure[i]) / total;
    distance += Math.abs(observed / n - exposure[i] / total) / 2;
    if (expected < MIN_EXPECTED) return;
    chiSquare += (observed - expected) ** 2 / expected;
    bins++;
  });
  if (bins < 2) return undefined;
  return { pValue: 1 - regularizedGammaP((bins - 1) / 2, chiSquare / 2), distance };
}

function isClear(test: Evenness): boolean {
  return test.pValue < MAX_P_VALUE && test.distance >= MIN_DISTANCE;
}

/** The busiest and quietest month of the year, and the change from the first full year to the last. */
function monthlySummary(months: readonly Month[], counts: readonly number[]): string {
  // Dates per day of each month of the year, over the range's days in it.
  const perDay = MONTHS.map(() => ({ count: 0, days: 0 }));
  const perYear = new Map<string, { count: number; days: number }>();
  months.forEach((m, i) => {
    const moy = perDay[Number(m.label.slice(5)) - 1];
    moy.count += counts[i];
    moy.days += m.days;
    const year = perYear.get(m.label.slice(0, 4)) ?? { count: 0, days: 0 };
    perYear.set(m.label.slice(0, 4), { count: year.count + counts[i], days: year.days + m.days });
  });
  const mean = counts.reduce((s, c) => s + c, 0) / months.reduce((s, m) => s + m.days, 0);
  const rates = perDay.map((m, i) => ({ month: MONTHS[i], rate: m.days > 0 ? m.count / m.days / mean : undefined })).filter((m) => m.rate !== undefined) as Array<{ month: string; rate: number }>;
  rates.sort((a, b) => b.rate - a.rate);
  const parts = [`busiest ${rates[0].month} (${roundTo(rates[0].rate, 2)}× the average day), quietest ${rates[rates.length - 1].month} (${roundTo(rates[rates.length - 1].rate, 2)}×)`];
  const fullYears = [...perYear].filter(([, y]) => y.days >= 365);
  if (fullYears.length >= 2) {
    const [[a, ya], [b, yb]] = [fullYears[0], fullYears[fullYears.length - 1]];
    parts.push(`${a} to ${b}: ${roundTo(yb.count / yb.days / (ya.count / ya.days), 2)}× the dates per day`);
  }
  return parts.join('; ');
}
