import { defineDriver, GENERATOR_SPEC, PluginOptionError, tooCostly, type DriverContext, type OptionsSchema, type Row, type RowFn, type Stream, DAY_MS } from '../../engine/contract';
import { askWhileCompiling, CALENDAR_OPTION, calendarOption } from '../generators/shared/calendarDays';
import { atOption } from '../generators/shared/optionPath';
import { followingPeriod, PERIOD_UNITS, periodsBetween, periodStart, shiftPeriods, type PeriodUnit } from './shared/periods';

type Range = [number, number];

interface SeasonOptions {
  label?: string;
  months: (number | string)[];
  between?: Range;
  factor?: number | Range;
}

interface BoostOptions {
  label?: string;
  probability: number;
  months?: (number | string)[];
  between?: Range;
  factor?: number | Range;
}

/** What shapes a series' values; a series may override any of it. */
interface ShapeOptions {
  base?: unknown;
  trend?: { per_period?: number; per_year?: number };
  monthly?: number[];
  seasons?: SeasonOptions[];
  boosts?: BoostOptions[];
  noise?: number;
  label?: string;
}

interface SeriesOptions extends ShapeOptions {
  name: string;
}

interface TimeSeriesOptions extends ShapeOptions {
  period: PeriodUnit;
  from?: string;
  periods?: number;
  to?: string;
  series?: SeriesOptions[];
  round?: number;
  scaled?: boolean;
  calendar?: string;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MEAN_YEAR_MS = 365.2425 * DAY_MS;

const RANGE: OptionsSchema = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 };
const MONTHS: OptionsSchema = {
  type: 'array',
  minItems: 1,
  items: { anyOf: [{ type: 'integer', minimum: 1, maximum: 12 }, { type: 'string', minLength: 3 }] },
  description: 'Months it covers: numbers 1–12 or names (Jan, February, …). A period belongs to the month of its middle day.',
  examples: [['Nov', 'Dec', 'Jan'], [6, 7, 8]],
};

const SHAPE_PROPERTIES: Record<string, OptionsSchema> = {
  base: {
    anyOf: [{ type: 'number', minimum: 0 }, GENERATOR_SPEC],
    description:
      'Value of a period before trend, seasonality, boosts and noise: a number, or a generator drawn per period (it may read `period.series`, `period.start`, and use by:/cases:).',
    examples: [2000, { integer: { min: 1800, max: 2300 } }, { by: 'period.series', cases: { Organic: { integer: { min: 50000, max: 100000 } } }, integer: { min: 10000, max: 30000 } }],
  },
  trend: {
    type: 'object',
    additionalProperties: false,
    description: 'Compound growth from the first period: per period, or per year (fractions: 0.02 is +2%). Negative values shrink.',
    properties: {
      per_period: { type: 'number', minimum: -1, description: 'Growth per period.', examples: [0.01] },
      per_year: { type: 'number', minimum: -1, description: 'Growth per year, spread smoothly over the periods.', examples: [0.25] },
    },
    examples: [{ per_year: 0.25 }],
  },
  monthly: {
    type: 'array',
    items: { type: 'number', minimum: 0 },
    minItems: 12,
    maxItems: 12,
    description: 'Twelve seasonal factors, January first, multiplying the value of periods in that month.',
    examples: [[1.3, 1.1, 1, 1, 0.95, 0.85, 0.8, 0.8, 1, 1, 1.1, 1.2]],
  },
  seasons: {
    type: 'array',
    description: 'Named spikes and dips by month: inside their months they set the value to a range (`between`) or multiply it (`factor`), and add their label.',
    items: {
      type: 'object',
      required: ['months'],
      additionalProperties: false,
      properties: {
        label: { type: 'string', description: 'Label of the periods it covers (joined with others by " - ").', examples: ['Holiday Season Spike'] },
        months: MONTHS,
        between: { ...RANGE, description: 'The value is drawn uniformly in [min, max] (whole numbers when both are whole), replacing `base`.', examples: [[2200, 3000]] },
        factor: { anyOf: [{ type: 'number', minimum: 0 }, RANGE], description: 'Multiplier, or a range drawn per period.', examples: [[0.6, 0.8], 1.4] },
      },
    },
    examples: [[{ label: 'Holiday Season Spike', months: ['Nov', 'Dec', 'Jan'], between: [2200, 3000] }, { label: 'Summer Dip', months: ['Jun', 'Jul', 'Aug'], factor: [0.6, 0.8] }]],
  },
  boosts: {
    type: 'array',
    description: 'Random boosts (campaigns): each period independently gets the boost with its probability; a boosted period has `period.boosted` = 1.',
    items: {
      type: 'object',
      required: ['probability'],
      additionalProperties: false,
      properties: {
        label: { type: 'string', description: 'Label added to boosted periods.', examples: ['Campaign'] },
        probability: { type: 'number', minimum: 0, maximum: 1, description: 'Chance that a period is boosted.', examples: [0.1] },
        months: { ...MONTHS, description: 'Only periods in these months can be boosted (any month when omitted).' },
        between: { ...RANGE, description: 'A boosted value is drawn in [min, max], replacing base and season ranges.', examples: [[3000, 4000]] },
        factor: { anyOf: [{ type: 'number', minimum: 0 }, RANGE], description: 'Multiplier of a boosted period, or a range drawn per period.', examples: [[1.3, 1.8]] },
      },
    },
    examples: [[{ label: 'Campaign', probability: 0.1, factor: [1.3, 1.8] }], [{ label: 'Spring Marketing Campaign', months: ['Apr'], probability: 0.3, between: [3000, 4000] }]],
  },
  noise: { type: 'number', minimum: 0, description: 'Relative noise: the value is multiplied by 1 + noise × N(0, 1) (never below 0).', examples: [0.05] },
  label: { type: 'string', description: 'Label of periods without an active season or boost.', examples: ['Organic Growth'] },
};

export default defineDriver<TimeSeriesOptions>({
  name: 'time_series',
  summary:
    'One row per period (day, week, month, quarter) — per series — over a window ending at or before as_of, with a value shaped by base × trend × seasonality × boosts × noise: a plan that other tables follow.',
  options: {
    description:
      'One row per period (per series) over a window ending at or before as_of. Rows read `period.start`, `period.end` (last day), `period.value` (base × trend × seasonality × boosts × noise, prorated, scaled, rounded), `period.series`, `period.label` (labels of the active seasons and boosts joined by " - ") and `period.boosted` (1/0). Keep the plan internal with `write: false`.',
    type: 'object',
    required: ['period', 'base'],
    additionalProperties: false,
    properties: {
      period: { enum: [...PERIOD_UNITS], description: 'Length of a period; weeks start on Monday. Columns read `period.start` and `period.end` (its last day).', examples: ['month'] },
      from: { type: 'string', description: 'A date inside the first period (absolute, or relative to as_of). Give either from or periods.', examples: ['-36 months', '2023-01-01'] },
      periods: { type: 'integer', minimum: 1, description: 'Number of periods, counted back from `to`; a window spans at most series_periods periods (default 1,000,000).', examples: [36] },
      to: {
        type: 'string',
        default: 'as_of',
        description: 'A date inside the last period, at or before as_of. A period that reaches past as_of ends at as_of and its value is prorated by its share of days.',
        examples: ['-1 month', 'as_of'],
      },
      series: {
        type: 'array',
        minItems: 1,
        description: 'Several series (channels, regions): one row per period per series, each overriding any of the shaping options. `period.series` holds the name.',
        items: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', description: 'Name of the series.', examples: ['Paid Search'] }, ...SHAPE_PROPERTIES },
        },
        examples: [[{ name: 'Paid Search', base: 20000 }, { name: 'Organic', base: 75000, noise: 0.1 }]],
      },
      round: { type: 'integer', minimum: 0, maximum: 12, default: 0, description: 'Decimals kept in `period.value` (0: whole numbers, e.g. counts).', examples: [0, 2] },
      scaled: { type: 'boolean', default: true, description: 'Multiply values by --scale (false for amounts such as budgets).', examples: [false] },
      calendar: {
        ...CALENDAR_OPTION,
        description:
          'Name of a calendar declared under calendars: — a daily series (period: day) has no row for a day it closes; `trend.per_period` counts the open days. Longer periods hold open and closed days alike and refuse it: give the calendar to the generator that dates rows inside a period (e.g. date_within).',
      },
      ...SHAPE_PROPERTIES,
    },
  },
  example: {
    time_series: {
      period: 'month',
      periods: 36,
      to: '-1 month',
      base: 2000,
      trend: { per_year: 0.1 },
      seasons: [
        { label: 'Holiday Season Spike', months: ['Nov', 'Dec', 'Jan'], factor: [1.2, 1.5] },
        { label: 'Summer Dip', months: ['Jun', 'Jul', 'Aug'], factor: [0.6, 0.8] },
      ],
      boosts: [{ label: 'Campaign', probability: 0.1, factor: [1.3, 1.8] }],
      noise: 0.05,
      label: 'Organic Growth',
    },
  },
  fields: {
    'period.start': "the period's start",
    'period.end': "the period's end",
    'period.value': "the series' value for the period",
    'period.series': "the series' name (null without `series:`)",
    'period.label': 'the label of the period: the boosts that applied, else `label`',
    'period.boosted': '1 when a boost applied to the period, else 0',
  },
  version: 1,
  compile(options, ctx) {
    // Declared first, so the columns reading period.* still compile when an option below is wrong.
    const period = ctx.provide('period', ['start', 'end', 'value', 'series', 'label', 'boosted']);
    const window = atOption([], () => periodWindow(options, ctx));
    const seriesList: SeriesOptions[] = options.series ?? [{ name: '' }];
    const named = options.series !== undefined;
    const stream = ctx.stream('values');
    const scale = options.scaled === false ? 1 : ctx.scale;
    const factor = 10 ** (options.round ?? 0);
    const shapes = seriesList.map((series, i) =>
      atOption(named ? ['series', i] : [], () => compileShape({ ...options, ...series } as ShapeOptions, named ? series.name : undefined, window, stream, ctx)),
    );
    const names = seriesList.map((s) => (named ? s.name : null));
    const seriesCount = shapes.length;
    const total = window.starts.length * seriesCount;
    const scratch: Row = {};
    return {
      chunkCount: () => Math.ceil(total / ctx.chunkSize),
      emitChunk(chunk, emit) {
        const end = Math.min(total, (chunk + 1) * ctx.chunkSize);
        for (let r = chunk * ctx.chunkSize; r < end; r++) {
          const p = Math.floor(r / seriesCount);
          const s = r - p * seriesCount;
          period.start = window.starts[p];
          period.end = window.ends[p];
          period.series = names[s];
          const raw = shapes[s](p, scratch, period);
          period.value = Math.round(raw * window.shares[p] * scale * factor) / factor + 0;
          emit(-1);
        }
      },
    };
  },
});

/** The periods of the window: starts, last days (clamped to as_of), share of days before as_of, month, years since the first. */
interface PeriodWindow {
  starts: number[];
  ends: number[];
  shares: number[];
  months: number[];
  years: number[];
}

function periodWindow(options: TimeSeriesOptions, ctx: DriverContext): PeriodWindow {
  const unit = options.period;
  const asOfDay = Math.floor(ctx.asOf / DAY_MS) * DAY_MS;
  const to = atOption(['to'], () => ctx.date(options.to ?? 'as_of'));
  if (to > ctx.asOf) throw new PluginOptionError(`to (${options.to}) is after as_of`, 'a plan describes the past: end it at as_of or before, e.g. "-1 month"', ['to']);
  if ((options.from === undefined) === (options.periods === undefined)) {
    throw new PluginOptionError('give either from: (a date in the first period) or periods: (how many, ending at to)', 'e.g. periods: 36 with to: "-1 month" is "36 months ending last month"');
  }
  const last = periodStart(to, unit);
  const first = options.periods !== undefined ? shiftPeriods(last, unit, 1 - options.periods) : periodStart(atOption(['from'], () => ctx.date(options.from!)), unit);
  if (first > last) throw new PluginOptionError(`from (${options.from}) is after to (${options.to ?? 'as_of'})`, 'swap from and to', ['from']);
  // Counted before the window is built: it is made while the spec compiles, a period at a time.
  const count = options.periods ?? periodsBetween(first, last, unit);
  if (!(count <= ctx.limits.series_periods)) {
    const span = options.periods !== undefined ? `${count.toLocaleString('en-US')} periods` : `${Number.isFinite(count) ? count.toLocaleString('en-US') : 'too many'} ${unit}s from ${options.from} to ${options.to ?? 'as_of'}`;
    throw tooCostly('series_periods', ctx.limits, `the window spans ${span}, more than the ${ctx.limits.series_periods.toLocaleString('en-US')} a time series may have`, [options.periods !== undefined ? 'periods' : 'from']);
  }
  const calendar = calendarOption(ctx, options.calendar);
  if (calendar && unit !== 'day') {
    throw new PluginOptionError(`a calendar skips closed days of a daily series, and this series has ${unit} periods`, 'use period: day, or give the calendar to the date generator of the rows inside each period (date_within, date_between)', ['calendar']);
  }
  const window: PeriodWindow = { starts: [], ends: [], shares: [], months: [], years: [] };
  for (let start = first; start <= last; start = followingPeriod(start, unit)) {
    if (calendar && !askWhileCompiling(() => calendar.isOpen(start))) continue;
    const fullEnd = followingPeriod(start, unit) - DAY_MS;
    const end = Math.min(fullEnd, asOfDay);
    window.starts.push(start);
    window.ends.push(end);
    window.shares.push((end - start + DAY_MS) / (fullEnd - start + DAY_MS));
    window.months.push(new Date(start + (fullEnd - start) / 2).getUTCMonth());
    window.years.push((start - first) / MEAN_YEAR_MS);
  }
  return window;
}

/** A period's value before proration and scaling: also writes its label and boosted flag. */
type Shape = (periodIndex: number, row: Row, period: Record<string, unknown>) => number;

interface CompiledSeason {
  label: string | undefined;
  months: boolean[];
  between: ((stream: Stream) => number) | undefined;
  factor: (stream: Stream) => number;
}

function compileShape(shape: ShapeOptions, seriesName: string | undefined, window: PeriodWindow, stream: Stream, ctx: DriverContext): Shape {
  if (shape.base === undefined) throw new PluginOptionError('no base value', 'add base: a number or a generator, here or on the series', []);
  const baseSpec = shape.base;
  const base: RowFn = typeof baseSpec === 'number' ? () => baseSpec : atOption(['base'], () => ctx.generator(baseSpec, seriesName === undefined ? 'base' : `base:${seriesName}`));
  const trend = trendFactors(shape, window);
  const monthly = shape.monthly ?? new Array<number>(12).fill(1);
  const seasons = (shape.seasons ?? []).map((s, i) => atOption(['seasons', i], () => compileSeason(s)));
  const boosts = (shape.boosts ?? []).map((b, i) => atOption(['boosts', i], () => ({ ...compileSeason({ ...b, months: b.months ?? MONTH_NAMES }), probability: b.probability })));
  const noise = shape.noise ?? 0;
  const defaultLabel = shape.label ?? null;
  return (p, row, period) => {
    const month = window.months[p];
    let level = NaN;
    let multiplier = trend[p] * monthly[month];
    let label = '';
    let boosted = 0;
    for (const season of seasons) {
      if (!season.months[month]) continue;
      if (season.between) level = season.between(stream);
      multiplier *= season.factor(stream);
      if (season.label) label = label ? `${label} - ${season.label}` : season.label;
    }
    for (const boost of boosts) {
      if (!boost.months[month] || stream.next() >= boost.probability) continue;
      boosted = 1;
      if (boost.between) level = boost.between(stream);
      multiplier *= boost.factor(stream);
      if (boost.label) label = label ? `${label} - ${boost.label}` : boost.label;
    }
    if (Number.isNaN(level)) level = Number(base(row));
    const wobble = noise > 0 ? Math.max(0, 1 + noise * stream.normal()) : 1;
    period.label = label || defaultLabel;
    period.boosted = boosted;
    return Math.max(0, level * multiplier * wobble);
  };
}

function trendFactors(shape: ShapeOptions, window: PeriodWindow): number[] {
  const { per_period: perPeriod, per_year: perYear } = shape.trend ?? {};
  if (perPeriod !== undefined && perYear !== undefined) throw new PluginOptionError('trend has both per_period and per_year', 'keep one', ['trend']);
  if (perPeriod !== undefined) return window.starts.map((_, i) => (1 + perPeriod) ** i);
  if (perYear !== undefined) return window.years.map((years) => (1 + perYear) ** years);
  return window.starts.map(() => 1);
}

function compileSeason(season: SeasonOptions): CompiledSeason {
  const months = new Array<boolean>(12).fill(false);
  season.months.forEach((m, i) => {
    const index = typeof m === 'number' ? m - 1 : MONTH_NAMES.indexOf(m.slice(0, 3).toLowerCase());
    if (!(index >= 0 && index < 12)) throw new PluginOptionError(`"${m}" is not a month`, 'write 1–12 or a month name such as Nov', ['months', i]);
    months[index] = true;
  });
  const between = season.between === undefined ? undefined : atOption(['between'], () => rangeDraw(season.between!));
  const factorOption = season.factor;
  const factor = factorOption === undefined ? () => 1 : typeof factorOption === 'number' ? () => factorOption : atOption(['factor'], () => rangeDraw(factorOption));
  return { label: season.label, months, between, factor };
}

/** Uniform in [min, max]; whole numbers when both bounds are whole. */
function rangeDraw([min, max]: Range): (stream: Stream) => number {
  if (min > max) throw new PluginOptionError(`[${min}, ${max}]: min is greater than max`, 'write [min, max]');
  if (Number.isInteger(min) && Number.isInteger(max)) return (stream) => stream.int(min, max);
  return (stream) => min + stream.next() * (max - min);
}
