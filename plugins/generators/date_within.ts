import { defineGenerator, PluginOptionError, type RowFn, DAY_MS } from '../../engine/contract';
import { CALENDAR_OPTION, calendarOption, drawOpenDay, drawOpenSecond } from './shared/calendarDays';
import { atOption } from './shared/optionPath';

interface DateWithinOptions {
  start: string;
  end?: string;
  within?: { start?: string; end?: string };
  min_days?: number;
  max_days?: number;
  time?: boolean;
  calendar?: string;
}

export default defineGenerator<DateWithinOptions>({
  name: 'date_within',
  summary:
    "A date inside an entity's active window — after its start, before its end (as_of while the end is NULL) — optionally also inside a second window such as the parent's period. NULL when the window is empty.",
  options: {
    type: 'object',
    required: ['start'],
    additionalProperties: false,
    properties: {
      start: { type: 'string', description: 'Path of the date the window opens (NULL start gives NULL).', examples: ['parent.start_date', 'member_id.joined_at'] },
      end: { type: 'string', description: 'Path of the date the window closes; NULL (still active) or omitted means as_of.', examples: ['parent.end_date', 'member_id.left_at'] },
      within: {
        type: 'object',
        additionalProperties: false,
        description: 'A second window the date must also lie in (a NULL bound is no bound).',
        properties: {
          start: { type: 'string', description: 'Path of its first date.', examples: ['parent.period_start'] },
          end: { type: 'string', description: 'Path of its last date.', examples: ['parent.period_end'] },
        },
        examples: [{ start: 'parent.period_start', end: 'parent.period_end' }],
      },
      min_days: { type: 'number', minimum: 0, description: 'At least this many days after start.', examples: [30] },
      max_days: { type: 'number', minimum: 0, description: 'At most this many days after start.', examples: [90] },
      time: {
        type: 'boolean',
        description: 'Keep a time of day (whole seconds); false gives midnights. Defaults to false for date columns, true otherwise.',
        examples: [true],
      },
      calendar: { ...CALENDAR_OPTION, description: `${CALENDAR_OPTION.description} Each open day of the window is equally likely; NULL when the window has no open day.` },
    },
  },
  example: { type: 'date', date_within: { start: 'signup_date', min_days: 30 } },
  version: 1,
  compile(options, ctx) {
    const optional = (path: string | undefined, at: string[]): RowFn | undefined => (path === undefined ? undefined : atOption(at, () => ctx.read(path)));
    const startOf = atOption(['start'], () => ctx.read(options.start));
    const endOf = optional(options.end, ['end']);
    const withinStart = optional(options.within?.start, ['within', 'start']);
    const withinEnd = optional(options.within?.end, ['within', 'end']);
    const minOffset = (options.min_days ?? 0) * DAY_MS;
    const maxOffset = (options.max_days ?? Infinity) * DAY_MS;
    if (minOffset > maxOffset) throw new PluginOptionError(`min_days (${options.min_days}) is greater than max_days (${options.max_days})`, 'swap them', ['min_days']);
    const asOf = ctx.asOf;
    const stream = ctx.stream();
    const unit = (options.time ?? ctx.columnType !== 'date') ? 1000 : DAY_MS;
    const calendar = calendarOption(ctx, options.calendar);
    const bound = (read: RowFn | undefined, row: Parameters<RowFn>[0]): number | undefined => {
      const value = read?.(row);
      return typeof value === 'number' ? value : undefined;
    };
    return (row) => {
      const start = bound(startOf, row);
      if (start === undefined) return null;
      let lo = start + minOffset;
      let hi = Math.min(bound(endOf, row) ?? asOf, asOf, start + maxOffset);
      lo = Math.max(lo, bound(withinStart, row) ?? -Infinity);
      hi = Math.min(hi, bound(withinEnd, row) ?? Infinity);
      const first = Math.ceil(lo / unit);
      const last = Math.floor(hi / unit);
      if (last < first) return null;
      if (calendar) return (unit === DAY_MS ? drawOpenDay(calendar, first, last, stream) : drawOpenSecond(calendar, first, last, stream)) ?? null;
      return stream.int(first, last) * unit;
    };
  },
});
