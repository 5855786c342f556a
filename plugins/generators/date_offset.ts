import { defineGenerator, GENERATOR_SPEC, PluginOptionError, addUnits, DAY_MS, HOUR_MS, type Calendar } from '../../engine/contract';
import { CALENDAR_OPTION, calendarOption, onOpenDay } from './shared/calendarDays';
import { atOption } from './shared/optionPath';

type OffsetUnit = 'days' | 'hours' | 'months' | 'open_days';

interface DateOffsetOptions {
  from: string;
  offset: unknown;
  unit?: OffsetUnit;
  not_after?: string;
  calendar?: string;
}

export default defineGenerator<DateOffsetOptions>({
  name: 'date_offset',
  summary: 'Another date plus a random offset (days after signup, hours after an order), optionally capped.',
  options: {
    type: 'object',
    required: ['from', 'offset'],
    additionalProperties: false,
    properties: {
      from: {
        type: 'string',
        description: 'Path of the date the offset starts from; a NULL date gives NULL.',
        examples: ['signup_date', 'parent.order_date', 'customer_id.signup_date'],
      },
      offset: { ...GENERATOR_SPEC, description: 'Generator of the offset, in units.', examples: [{ uniform: { min: 0, max: 30 } }, { exponential: { mean: 2 } }] },
      unit: {
        enum: ['days', 'hours', 'months', 'open_days'],
        default: 'days',
        description:
          "Unit of the offset; months follow the calendar. `open_days` counts the open days of `calendar` (business days): the offset, rounded to a whole number n, gives the n-th open day after from's day (0: from's day if open, else the next open day; negative counts back), at from's time of day.",
        examples: ['hours', 'open_days'],
      },
      not_after: {
        type: 'string',
        description: 'Latest allowed date (later results are lowered to it): a date, as_of, or an offset from as_of.',
        examples: ['as_of'],
      },
      calendar: {
        ...CALENDAR_OPTION,
        description: `${CALENDAR_OPTION.description} A result on a closed day moves to the next open day, or, when that is after not_after, to the last open day before it.`,
      },
    },
  },
  example: { type: 'date', date_offset: { from: 'signup_date', offset: { exponential: { mean: 20 } }, not_after: 'as_of' } },
  version: 1,
  compile(options, ctx) {
    const from = atOption(['from'], () => ctx.read(options.from));
    const offset = atOption(['offset'], () => ctx.generator(options.offset, 'offset'));
    const notAfter = options.not_after === undefined ? Infinity : atOption(['not_after'], () => ctx.date(options.not_after!));
    const calendar = calendarOption(ctx, options.calendar);
    const unit = options.unit ?? 'days';
    if (unit === 'open_days' && !calendar) throw new PluginOptionError('unit: open_days counts the open days of a calendar, and none is given', 'add calendar: <name of a calendar under calendars:>', ['unit']);
    const shift = shifter(unit, calendar);
    // What the column writes is what later readers see: midnights for dates, whole seconds for date-times.
    const settle =
      ctx.columnType === 'date' ? (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS : ctx.columnType === 'datetime' ? (ms: number) => Math.round(ms / 1000) * 1000 : (ms: number) => ms;
    return (row) => {
      const start = from(row);
      if (start === null || start === undefined) return null;
      const amount = offset(row);
      if (amount === null || amount === undefined) return null;
      const value = shift(start as number, amount as number);
      const settled = settle(value > notAfter ? notAfter : value);
      if (!calendar || calendar.isOpen(settled)) return settled;
      const next = onOpenDay(calendar, settled);
      return next > notAfter ? onOpenDay(calendar, settled, -1) : next;
    };
  },
});

/** `calendar` is given whenever unit is open_days (checked by the caller). */
function shifter(unit: OffsetUnit, calendar: Calendar | undefined): (ms: number, amount: number) => number {
  switch (unit) {
    case 'open_days':
      // Counted from the day after from's day, so 1 is the next open day even when from's day is open.
      return (ms, amount) => {
        const days = Math.round(amount);
        return days > 0 ? onOpenDay(calendar!, ms + DAY_MS, days - 1) : onOpenDay(calendar!, ms, days);
      };
    case 'days':
      return (ms, amount) => ms + amount * DAY_MS;
    case 'hours':
      return (ms, amount) => ms + amount * HOUR_MS;
    case 'months':
      return (ms, months) => addUnits(ms, months, 'month');
  }
}
