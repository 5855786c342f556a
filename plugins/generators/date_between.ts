import { defineGenerator, PluginOptionError, DAY_MS } from '../../engine/contract';
import { askWhileCompiling, CALENDAR_OPTION, calendarOption, drawOpenDay, drawOpenSecond } from './shared/calendarDays';
import { atOption } from './shared/optionPath';

interface DateBetweenOptions {
  from: string;
  to: string;
  time?: boolean;
  calendar?: string;
}

export default defineGenerator<DateBetweenOptions>({
  name: 'date_between',
  summary: 'Dates (or date-times) spread evenly between two dates, both included.',
  options: {
    type: 'object',
    required: ['from', 'to'],
    additionalProperties: false,
    properties: {
      from: {
        type: 'string',
        description: 'Earliest date: YYYY-MM-DD[ HH:mm[:ss]], as_of, or an offset from as_of.',
        examples: ['2022-01-01', '-36 months', 'as_of - 1 year'],
      },
      to: { type: 'string', description: 'Latest date, in the same forms as from.', examples: ['as_of', '2024-12-31'] },
      time: {
        type: 'boolean',
        description: 'Keep a time of day (whole seconds); false gives midnights (UTC). Defaults to false for date columns, true otherwise.',
        examples: [false],
      },
      calendar: { ...CALENDAR_OPTION, description: `${CALENDAR_OPTION.description} Each open day between from and to is equally likely; with a time, the time is drawn within the day.` },
    },
  },
  example: { type: 'date', date_between: { from: '-36 months', to: 'as_of' } },
  version: 1,
  compile(options, ctx) {
    const from = atOption(['from'], () => ctx.date(options.from));
    const to = atOption(['to'], () => ctx.date(options.to));
    if (from > to) throw new PluginOptionError(`from (${options.from}) is after to (${options.to})`, 'swap from and to', ['from']);
    const calendar = calendarOption(ctx, options.calendar);
    const stream = ctx.stream();
    const noOpenDay = () => new PluginOptionError(`calendar "${options.calendar}" closes every day between ${options.from} and ${options.to}`, 'widen the range, or open some of its days (open: in the calendar)', ['calendar']);
    if (options.time ?? ctx.columnType !== 'date') {
      const firstSecond = Math.ceil(from / 1000);
      const lastSecond = Math.floor(to / 1000);
      if (calendar) {
        if (askWhileCompiling(() => calendar.openDays(firstSecond * 1000, lastSecond * 1000)) === 0) throw noOpenDay();
        return () => drawOpenSecond(calendar, firstSecond, lastSecond, stream);
      }
      const seconds = lastSecond - firstSecond;
      return () => (firstSecond + stream.int(0, seconds)) * 1000;
    }
    const firstDay = Math.ceil(from / DAY_MS);
    const lastDay = Math.floor(to / DAY_MS);
    const days = lastDay - firstDay;
    if (days < 0) throw new PluginOptionError(`no midnight lies between ${options.from} and ${options.to}`, 'widen the range, or set time: true', ['time']);
    if (calendar) {
      if (askWhileCompiling(() => calendar.openDays(firstDay * DAY_MS, lastDay * DAY_MS)) === 0) throw noOpenDay();
      return () => drawOpenDay(calendar, firstDay, lastDay, stream);
    }
    return () => (firstDay + stream.int(0, days)) * DAY_MS;
  },
});
