import { PluginOptionError } from '../contract';
import type { Limits } from '../limits';
import { WEEKDAY_NAMES } from '../spec/calendarsSchema';
import type { CalendarSpec } from '../spec/model';
import { suggestName } from '../spec/suggest';
import { OpenDays } from './calendar';
import { DAY_MS, parseAbsoluteDate } from './dates';
import { holidaySource, type HolidaySource } from './holidays';

/**
 * Compiles one entry of `calendars:`: checks every part (holiday codes, dates) and returns
 * the calendar, whose open days are counted when first asked. Faults are PluginOptionErrors
 * at their path below the entry.
 */
export function compileCalendar(name: string, spec: CalendarSpec, data: (name: string) => Record<string, unknown>[], limits: Limits): OpenDays {
  const codes = spec.holidays === undefined ? [] : typeof spec.holidays === 'string' ? [spec.holidays] : spec.holidays;
  const types = spec.types ?? ['public'];
  const sources: HolidaySource[] = codes.map((code, i) => at(typeof spec.holidays === 'string' ? ['holidays'] : ['holidays', i], () => holidaySource(code, types)));
  const closedWeekdays = new Set(spec.closed ?? []);
  const weekdays = WEEKDAY_NAMES.map((day) => closedWeekdays.has(day));
  const dates = new Set(closedDates(spec.dates, data));
  const open = new Set((spec.open ?? []).map((text, i) => epochDay(text, ['open', i])));
  if (weekdays.every(Boolean) && open.size === 0) {
    throw new PluginOptionError('every weekday is closed, so no day is ever open', 'leave at least one weekday out of closed:, or list open: dates', ['closed']);
  }
  return new OpenDays(name, { weekdays, dates, open, holidays: (year) => sources.flatMap((source) => source(year)) }, limits);
}

function closedDates(dates: CalendarSpec['dates'], data: (name: string) => Record<string, unknown>[]): number[] {
  if (dates === undefined) return [];
  if (Array.isArray(dates)) return dates.map((text, i) => epochDay(text, ['dates', i]));
  const rows = at(['dates', 'data'], () => data(dates.data));
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (!columns.includes(dates.column)) {
    throw new PluginOptionError(`data set "${dates.data}" has no column "${dates.column}"`, suggestName(dates.column, columns, 'column'), ['dates', 'column'], 'SPEC_UNKNOWN_COLUMN');
  }
  return rows.flatMap((row, i) => {
    const value = row[dates.column];
    if (value === null || value === undefined) return [];
    const ms = typeof value === 'string' ? parseAbsoluteDate(value) : undefined;
    if (ms === undefined) {
      throw new PluginOptionError(`row ${i + 1} of data set "${dates.data}" holds ${JSON.stringify(value)} in "${dates.column}", which is not a date`, 'write dates as YYYY-MM-DD', ['dates', 'column'], 'SPEC_BAD_DATE');
    }
    return [Math.floor(ms / DAY_MS)];
  });
}

function epochDay(text: string, path: (string | number)[]): number {
  const ms = parseAbsoluteDate(text);
  if (ms === undefined) throw new PluginOptionError(`"${text}" is not a date`, 'write YYYY-MM-DD, e.g. 2024-12-24', path, 'SPEC_BAD_DATE');
  return Math.floor(ms / DAY_MS);
}

function at<T>(path: (string | number)[], compile: () => T): T {
  try {
    return compile();
  } catch (err) {
    if (err instanceof PluginOptionError) throw err.under(path);
    throw err;
  }
}
