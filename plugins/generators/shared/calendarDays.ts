/** Dates on a calendar's open days, for the date generators and drivers that take `calendar:`. */
import { PluginOptionError, RowError, DAY_MS, type Calendar, type CompileContext, type OptionsSchema, type Stream } from '../../../engine/contract';
import { atOption } from './optionPath';

export const CALENDAR_OPTION: OptionsSchema = {
  type: 'string',
  description: 'Name of a calendar declared under calendars: — no value falls on a day it closes (time of day is kept).',
  examples: ['clinic'],
};

/** The calendar a `calendar:` option names, or undefined without one; an unknown name is a fault of that option. */
export function calendarOption(ctx: CompileContext, name: string | undefined): Calendar | undefined {
  return name === undefined ? undefined : atOption(['calendar'], () => ctx.calendar(name));
}

/** Runs calendar questions asked while compiling: a span over calendar_years is a fault of the `calendar` option. */
export function askWhileCompiling<T>(ask: () => T): T {
  try {
    return ask();
  } catch (err) {
    if (err instanceof RowError) throw new PluginOptionError(err.message, err.hint, ['calendar'], err.code);
    throw err;
  }
}

/** An open day drawn uniformly from the days `firstDay`…`lastDay` (epoch days), as a midnight; undefined when none is open. */
export function drawOpenDay(calendar: Calendar, firstDay: number, lastDay: number, stream: Stream): number | undefined {
  const open = calendar.openDays(firstDay * DAY_MS, lastDay * DAY_MS);
  return open === 0 ? undefined : calendar.openDay(firstDay * DAY_MS, stream.int(0, open - 1));
}

/**
 * A whole second in `firstSecond`…`lastSecond` on an open day: an open day drawn uniformly,
 * then a second of it inside the range; undefined when no day of the range is open.
 */
export function drawOpenSecond(calendar: Calendar, firstSecond: number, lastSecond: number, stream: Stream): number | undefined {
  const day = drawOpenDay(calendar, Math.floor((firstSecond * 1000) / DAY_MS), Math.floor((lastSecond * 1000) / DAY_MS), stream);
  if (day === undefined) return undefined;
  const lo = Math.max(firstSecond, day / 1000);
  const hi = Math.min(lastSecond, day / 1000 + 86_399);
  return (lo + stream.int(0, hi - lo)) * 1000;
}

/** The same time of day on the open day `index` open days from the day holding `ms` (0: that day if open, else the next open one). */
export function onOpenDay(calendar: Calendar, ms: number, index = 0): number {
  const midnight = Math.floor(ms / DAY_MS) * DAY_MS;
  return calendar.openDay(midnight, index) + (ms - midnight);
}
