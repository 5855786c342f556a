import { PluginOptionError } from '../contract';
import type { Limits } from '../limits';
import { WEEKDAY_NAMES } from '../spec/calendarsSchema';
import type { CalendarSpec } from '../spec/model';
import { suggestName } from '../spec/suggest';
import { OpenDays } from './calendar';
import { DAY_MS, parseAbsoluteDate } from './dates';
import { holidaySource } from './holidays';

/**
 * Compiles one entry of `calendars:`: checks every part (each holiday code, the dates) and
 * returns the calendar, whose open days are counted when first asked. Each fault is reported
 * as a PluginOptionError at its path below the entry, and the calendar is made of the parts
 * that hold, so one pass finds every fault.
 */
export function compileCalendar(
  name: string,
  spec: CalendarSpec,
  data: (name: string) => Record<string, unknown>[],
  limits: Limits,
  report: (err: unknown, at: (string | number)[]) => void,
): OpenDays {
  const part = <T>(at: (string | number)[], compile: () => T, fallback: T): T => {
    try {
      return compile();
    } catch (err) {
      report(err, at);
      return fallback;
    }
  };
  const codes = spec.holidays === undefined ? [] : typeof spec.holidays === 'string' ? [spec.holidays] : spec.holidays;
  const types = spec.types ?? ['public'];
  const sources = codes.flatMap((code, i) => part(typeof spec.holidays === 'string' ? ['holidays'] : ['holidays', i], () => [holidaySource(code, types)], []));
  const closedWeekdays = new Set(spec.closed ?? []);
  const weekdays = WEEKDAY_NAMES.map((day) => closedWeekdays.has(day));
  const given = spec.dates;
  const listed = given === undefined ? [] : Array.isArray(given) ? given.flatMap((text, i) => part(['dates', i], () => [epochDay(text)], [])) : part(['dates'], () => datesOfDataSet(given, data), []);
  const dates = new Set(listed);
  const open = new Set((spec.open ?? []).flatMap((text, i) => part(['open', i], () => [epochDay(text)], [])));
  if (weekdays.every(Boolean) && (spec.open ?? []).length === 0) {
    report(new PluginOptionError('every weekday is closed, so no day is ever open', 'leave at least one weekday out of closed:, or list open: dates'), ['closed']);
  }
  return new OpenDays(name, { weekdays, dates, open, holidays: (year) => sources.flatMap((source) => source(year)) }, limits);
}

/** The closed days a column of a data set lists (empty cells skipped). */
function datesOfDataSet(dates: { data: string; column: string }, data: (name: string) => Record<string, unknown>[]): number[] {
  const rows = at(['data'], () => data(dates.data));
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (!columns.includes(dates.column)) {
    throw new PluginOptionError(`data set "${dates.data}" has no column "${dates.column}"`, suggestName(dates.column, columns, 'column'), ['column'], 'SPEC_UNKNOWN_COLUMN');
  }
  return rows.flatMap((row, i) => {
    const value = row[dates.column];
    if (value === null || value === undefined) return [];
    const ms = typeof value === 'string' ? parseAbsoluteDate(value) : undefined;
    if (ms === undefined) {
      throw new PluginOptionError(`row ${i + 1} of data set "${dates.data}" holds ${JSON.stringify(value)} in "${dates.column}", which is not a date`, 'write dates as YYYY-MM-DD', ['column'], 'SPEC_BAD_DATE');
    }
    return [Math.floor(ms / DAY_MS)];
  });
}

function epochDay(text: string): number {
  const ms = parseAbsoluteDate(text);
  if (ms === undefined) throw new PluginOptionError(`"${text}" is not a date`, 'write YYYY-MM-DD, e.g. 2024-12-24', [], 'SPEC_BAD_DATE');
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
