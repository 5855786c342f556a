import { defineGenerator, PluginOptionError, DAY_MS } from '../../engine/contract';
import { atOption } from './shared/optionPath';

interface DateBetweenOptions {
  from: string;
  to: string;
  time?: boolean;
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
    },
  },
  example: { type: 'date', date_between: { from: '-36 months', to: 'as_of' } },
  version: 1,
  compile(options, ctx) {
    const from = atOption(['from'], () => ctx.date(options.from));
    const to = atOption(['to'], () => ctx.date(options.to));
    if (from > to) throw new PluginOptionError(`from (${options.from}) is after to (${options.to})`, 'swap from and to', ['from']);
    const stream = ctx.stream();
    if (options.time ?? ctx.columnType !== 'date') {
      const firstSecond = Math.ceil(from / 1000);
      const seconds = Math.floor(to / 1000) - firstSecond;
      return () => (firstSecond + stream.int(0, seconds)) * 1000;
    }
    const firstDay = Math.ceil(from / DAY_MS);
    const days = Math.floor(to / DAY_MS) - firstDay;
    if (days < 0) throw new PluginOptionError(`no midnight lies between ${options.from} and ${options.to}`, 'widen the range, or set time: true', ['time']);
    return () => (firstDay + stream.int(0, days)) * DAY_MS;
  },
});
