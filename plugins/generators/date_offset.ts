import { defineGenerator, GENERATOR_SPEC, addUnits, DAY_MS, HOUR_MS } from '../../engine/contract';
import { atOption } from './shared/optionPath';

type OffsetUnit = 'days' | 'hours' | 'months';

interface DateOffsetOptions {
  from: string;
  offset: unknown;
  unit?: OffsetUnit;
  not_after?: string;
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
      unit: { enum: ['days', 'hours', 'months'], default: 'days', description: 'Unit of the offset; months follow the calendar.', examples: ['hours'] },
      not_after: {
        type: 'string',
        description: 'Latest allowed date (later results are lowered to it): a date, as_of, or an offset from as_of.',
        examples: ['as_of'],
      },
    },
  },
  example: { type: 'date', date_offset: { from: 'signup_date', offset: { exponential: { mean: 20 } }, not_after: 'as_of' } },
  version: 1,
  compile(options, ctx) {
    const from = atOption(['from'], () => ctx.read(options.from));
    const offset = atOption(['offset'], () => ctx.generator(options.offset, 'offset'));
    const notAfter = options.not_after === undefined ? Infinity : atOption(['not_after'], () => ctx.date(options.not_after!));
    const shift = shifter(options.unit ?? 'days');
    // What the column writes is what later readers see: midnights for dates, whole seconds for date-times.
    const settle =
      ctx.columnType === 'date' ? (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS : ctx.columnType === 'datetime' ? (ms: number) => Math.round(ms / 1000) * 1000 : (ms: number) => ms;
    return (row) => {
      const start = from(row);
      if (start === null || start === undefined) return null;
      const amount = offset(row);
      if (amount === null || amount === undefined) return null;
      const value = shift(start as number, amount as number);
      return settle(value > notAfter ? notAfter : value);
    };
  },
});

function shifter(unit: OffsetUnit): (ms: number, amount: number) => number {
  switch (unit) {
    case 'days':
      return (ms, amount) => ms + amount * DAY_MS;
    case 'hours':
      return (ms, amount) => ms + amount * HOUR_MS;
    case 'months':
      return (ms, months) => addUnits(ms, months, 'month');
  }
}
