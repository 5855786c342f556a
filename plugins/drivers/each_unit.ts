import { defineDriver, didYouMean, PluginOptionError, RowError, DAY_MS } from '../../engine/contract';
import { CALENDAR_OPTION, calendarOption, drawOpenDay } from '../generators/shared/calendarDays';
import { atOption } from '../generators/shared/optionPath';
import { cumulativeWeights, pickWeighted } from '../generators/shared/weightedPick';

type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

interface EachUnitOptions {
  plan: string;
  count: string;
  start: string;
  end: string;
  weekdays?: Partial<Record<Weekday, number>>;
  time?: boolean;
  sorted?: boolean;
  calendar?: string;
}

/** getUTCDay() order: Sunday first. */
const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const SECONDS_PER_DAY = 86_400;

export default defineDriver<EachUnitOptions>({
  name: 'each_unit',
  summary:
    "One row per unit of a plan table (e.g. new members per month from a time_series): each plan row gives `count` rows dated inside its period. Rows read the plan row as `parent.<column>` and their date as `unit.date`.",
  options: {
    description:
      "One row per unit of a plan table. Rows read `unit.date` (inside the plan row's period, never after as_of), `unit.number` (1…count within the plan row), `unit.of` (the count) and the plan row as `parent.<column>`. Chunks are runs of units laid end to end, so one plan row's units may span chunks (previous.* starts again at a chunk's first row).",
    type: 'object',
    required: ['plan', 'count', 'start', 'end'],
    additionalProperties: false,
    properties: {
      plan: { type: 'string', description: 'The plan table: its rows are the parents of these rows (`parent.<column>`).', examples: ['member_plan'] },
      count: { type: 'string', description: 'Column of the plan holding the number of rows for each plan row (rounded; NULL is 0).', examples: ['new_members'] },
      start: { type: 'string', description: 'Column of the plan holding the first day of its period.', examples: ['month_start'] },
      end: { type: 'string', description: 'Column of the plan holding the last day of its period (included; days after as_of are never used).', examples: ['month_end'] },
      weekdays: {
        type: 'object',
        additionalProperties: false,
        description: 'Relative weight of each weekday when spreading dates (1 when omitted); without it, days are equally likely.',
        properties: Object.fromEntries(WEEKDAYS.map((d) => [d, { type: 'number', minimum: 0, description: `Weight of ${d}.`, examples: [d === 'sat' || d === 'sun' ? 0.5 : 1.2] }])),
        examples: [{ sat: 0.6, sun: 0.4 }],
      },
      time: { type: 'boolean', default: true, description: 'Give `unit.date` a uniform time of day (never after as_of); false gives midnights.', examples: [false] },
      calendar: { ...CALENDAR_OPTION, description: `${CALENDAR_OPTION.description} Closed days weigh 0; open days keep their weekday weights. A plan row with units and no open day is a run error.` },
      sorted: {
        type: 'boolean',
        default: true,
        description: "Emit a plan row's units in date order, so keys grow with dates (a plan row larger than a chunk is sorted chunk by chunk).",
        examples: [false],
      },
    },
  },
  example: { each_unit: { plan: 'member_plan', count: 'new_members', start: 'month_start', end: 'month_end', weekdays: { sat: 0.6, sun: 0.4 } } },
  fields: {
    'unit.date': "the row's date, drawn between the plan row's start and end",
    'unit.number': 'which unit of its plan row the row is: 1, 2, …',
    'unit.of': 'how many units its plan row has',
  },
  version: 1,
  compile(options, ctx) {
    // Declared first, so the columns reading unit.* still compile when an option below is wrong.
    const unit = ctx.provide('unit', ['date', 'number', 'of']);
    const plan = atOption(['plan'], () => ctx.table(options.plan, 'parent'));
    if (plan.name === ctx.tableName) throw new PluginOptionError('a table cannot be its own plan', undefined, ['plan']);
    const planRow = ctx.parent(plan);
    // The options name plan columns bare: a misspelt one is suggested as written, not as the parent.* read it becomes.
    const planColumn = (option: 'count' | 'start' | 'end') => {
      const name = options[option];
      if (!plan.columns().includes(name)) throw new PluginOptionError(`table "${plan.name}" has no column "${name}"`, didYouMean(name, [...plan.columns()], 'column'), [option], 'SPEC_UNKNOWN_COLUMN');
      return atOption([option], () => ctx.read(`parent.${name}`));
    };
    const countOf = planColumn('count');
    const startOf = planColumn('start');
    const endOf = planColumn('end');
    const stream = ctx.stream('dates');
    const weekdayWeights = options.weekdays ? WEEKDAYS.map((d) => options.weekdays![d] ?? 1) : undefined;
    if (weekdayWeights && !weekdayWeights.some((w) => w > 0)) throw new PluginOptionError('every weekday has weight 0', 'give at least one day a positive weight', ['weekdays']);
    const calendar = calendarOption(ctx, options.calendar);
    const withTime = options.time !== false;
    const sorted = options.sorted !== false;
    const asOf = ctx.asOf;
    const asOfDay = Math.floor(asOf / DAY_MS);

    /**
     * Units per plan row and the units of the rows before each: the plan rows' units laid end
     * to end, chunk c is units [c·chunkSize, (c+1)·chunkSize). Memory per plan row, not per
     * chunk: a plan row of any count costs no more to plan than one of a single unit.
     */
    let units = new Float64Array(0);
    let before = new Float64Array(1);
    const planChunks = (): number => {
      units = new Float64Array(plan.size());
      before = new Float64Array(plan.size() + 1);
      for (let p = 0; p < plan.size(); p++) {
        const value = Number(countOf(planRow(p)));
        units[p] = value > 0 ? Math.round(value) : 0;
        before[p + 1] = before[p] + units[p];
      }
      return Math.ceil(before[plan.size()] / ctx.chunkSize);
    };
    /** The plan row holding unit `u` (0-based, of all units): the last row whose units start at or before it. */
    const rowOfUnit = (u: number): number => {
      let low = 0;
      let high = units.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (before[middle] <= u) low = middle;
        else high = middle - 1;
      }
      return low;
    };

    let dates = new Float64Array(1024);
    /** Draws `n` dates inside the plan row's period into `dates`. */
    const drawDates = (p: number, n: number): void => {
      const row = planRow(p);
      const start = startOf(row);
      const end = endOf(row);
      if (typeof start !== 'number' || typeof end !== 'number') {
        throw new RowError(`plan "${plan.name}" row ${p + 1}: ${options.start} or ${options.end} is not a date, so its ${n} units cannot be dated`);
      }
      const firstDay = Math.ceil(start / DAY_MS);
      const lastDay = Math.min(Math.floor(end / DAY_MS), asOfDay);
      if (lastDay < firstDay) throw new RowError(`plan "${plan.name}" row ${p + 1}: its period has no day on or before as_of, so its ${n} units cannot be dated`);
      const pickDay = daySampler(firstDay, lastDay, p);
      if (dates.length < n) dates = new Float64Array(Math.max(n, dates.length * 2));
      for (let i = 0; i < n; i++) {
        const day = pickDay();
        const ms = day * DAY_MS;
        const seconds = day < asOfDay ? SECONDS_PER_DAY : Math.floor((asOf - ms) / 1000) + 1;
        dates[i] = withTime ? ms + stream.int(0, seconds - 1) * 1000 : ms;
      }
      if (sorted) dates.subarray(0, n).sort();
    };

    const daySampler = (firstDay: number, lastDay: number, p: number): (() => number) => {
      if (calendar && calendar.openDays(firstDay * DAY_MS, lastDay * DAY_MS) === 0) {
        throw new RowError(`plan "${plan.name}" row ${p + 1}: calendar "${options.calendar}" closes every day of its period, so its units cannot be dated`, 'open some days of the period in the calendar (open:), or give that plan row no units');
      }
      if (!weekdayWeights) return calendar ? () => drawOpenDay(calendar, firstDay, lastDay, stream)! / DAY_MS : () => stream.int(firstDay, lastDay);
      const weights = new Float64Array(lastDay - firstDay + 1);
      // Day 0 (1970-01-01) was a Thursday.
      for (let d = firstDay; d <= lastDay; d++) weights[d - firstDay] = calendar && !calendar.isOpen(d * DAY_MS) ? 0 : weekdayWeights[(((d + 4) % 7) + 7) % 7];
      const cumulative = cumulativeWeights(weights);
      if (!(cumulative[cumulative.length - 1] > 0)) return calendar ? () => drawOpenDay(calendar, firstDay, lastDay, stream)! / DAY_MS : () => stream.int(firstDay, lastDay);
      return () => firstDay + pickWeighted(cumulative, stream.next());
    };

    return {
      chunkCount: planChunks,
      emitChunk(chunk, emit) {
        const first = chunk * ctx.chunkSize;
        const end = Math.min(before[units.length], first + ctx.chunkSize);
        for (let p = rowOfUnit(first); p < units.length && before[p] < end; p++) {
          const from = Math.max(0, first - before[p]);
          const to = Math.min(units[p], end - before[p]);
          if (to <= from) continue;
          drawDates(p, to - from);
          unit.of = units[p];
          for (let i = 0; i < to - from; i++) {
            unit.date = dates[i];
            unit.number = from + i + 1;
            emit(p);
          }
        }
      },
    };
  },
});
