import { defineGenerator, didYouMean, GENERATOR_SPEC, PluginOptionError, RowError, type ExpressionNames, type GeneratorContext, type Row, type RowFn, type Stream } from '../../engine/contract';
import { uniformDistinct, weightedDistinct } from './shared/distinctSample';
import { atOption } from './shared/optionPath';

type Candidate = string | number | boolean;

/** The namespace a weight reads the candidate's data set row through. */
const CANDIDATE = 'candidate.';

interface SampleOptions {
  from: Candidate[] | { data: string; column: string };
  count: number | Record<string, unknown>;
  join?: string;
  weight?: string;
}

/** The most ordered choices distinctValues reports; more is as good as unbounded for a unique check. */
const MANY = Number.MAX_SAFE_INTEGER;

export default defineGenerator<SampleOptions>({
  name: 'sample',
  summary: 'Several distinct values from a list or a data set column, optionally weighted by an expression of the value and the row, joined into text.',
  options: {
    type: 'object',
    required: ['from', 'count'],
    additionalProperties: false,
    properties: {
      from: {
        description: 'The candidates: a list of distinct values, or a column of a data set (its repeated values count once).',
        anyOf: [
          { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean'] } },
          {
            type: 'object',
            required: ['data', 'column'],
            additionalProperties: false,
            properties: {
              data: { type: 'string', description: 'Name of the data set, declared under data:.', examples: ['diagnoses'] },
              column: { type: 'string', description: 'Its column holding the candidates.', examples: ['code'] },
            },
          },
        ],
        examples: [['almond', 'antique', 'aquamarine', 'azure', 'beige'], { data: 'diagnoses', column: 'code' }],
      },
      count: {
        description:
          'How many distinct values each row gets: a whole number, or a generator drawn per row and rounded (it may use by:/cases:). More than there are candidates is an error: at validation for a number, on the row for a generator.',
        anyOf: [{ type: 'integer', minimum: 0 }, GENERATOR_SPEC],
        examples: [5, { integer: { min: 1, max: 3 } }],
      },
      join: { type: 'string', default: ', ', description: 'Text put between the values.', examples: [' ', '; '] },
      weight: {
        type: 'string',
        description:
          'An expression giving each candidate its weight (a number ≥ 0; 0 never picks it): `value` is the candidate, `candidate.<column>` a column of its data set row (from: a data set; numeric text reads as a number), every other name reads the row as in expr. Values are drawn one after another, each in proportion to its weight among those left. A column named `value` is hidden by the candidate here. Uniform when omitted.',
        examples: ['if value == "influenza" and month(visit_date) in (12, 1, 2) then 10 else 1', 'candidate.prevalence'],
      },
    },
  },
  example: {
    type: 'text',
    sample: {
      from: ['almond', 'antique', 'aquamarine', 'azure', 'beige', 'bisque'],
      count: { integer: { min: 1, max: 3 } },
      join: ' ',
      weight: 'if value == "azure" and month(signup_date) >= 6 then 5 else 1',
    },
  },
  version: 1,
  distinctValues(options) {
    if (!Array.isArray(options.from) || typeof options.count !== 'number') return undefined;
    // Ordered choices: n × (n-1) × … (different orders join to different texts).
    let choices = 1;
    for (let i = 0; i < options.count && choices < MANY; i++) choices *= options.from.length - i;
    return Math.max(0, Math.min(choices, MANY));
  },
  values(options) {
    return Array.isArray(options.from) && options.count === 1 ? options.from.map(String) : undefined;
  },
  compile(options, ctx) {
    if (ctx.columnType !== 'text') throw new PluginOptionError(`sample joins values into text, but column "${ctx.column}" is ${ctx.columnType}`, 'make the column type: text, or use choice: for one value of another type', [], 'SPEC_TYPE_MISMATCH');
    const { candidates, rows } = candidatesOf(options.from, ctx);
    const n = candidates.length;
    const join = options.join ?? ', ';
    const count = countOf(options.count, n, ctx);
    const stream = ctx.stream();
    const pick = options.weight === undefined ? (k: number) => uniformDistinct(n, k, stream) : weightedPicker(options.weight, candidates, rows, stream, ctx);
    const maxLength = ctx.limits.value_length;
    return (row) => {
      const k = count(row);
      if (k > n) throw new RowError(`sample: count is ${k} but there are only ${n} candidates to draw distinct values from`, 'keep count at most the number of candidates');
      const text = pick(k, row)
        .map((i) => String(candidates[i]))
        .join(join);
      if (text.length > maxLength) throw new RowError(`sample: the joined values are ${text.length} characters, more than the ${maxLength} one value may have (limit value_length)`, 'draw fewer values, or raise limits.value_length');
      return text;
    };
  },
});

/**
 * The distinct candidates, and for a data set the row each comes from (its first); a repeated
 * value in an inline list is refused (it would be drawn twice).
 */
function candidatesOf(from: SampleOptions['from'], ctx: GeneratorContext): { candidates: Candidate[]; rows?: Record<string, unknown>[] } {
  if (Array.isArray(from)) {
    const seen = new Set<Candidate>();
    from.forEach((value, i) => {
      if (seen.has(value)) throw new PluginOptionError(`${JSON.stringify(value)} is listed twice`, 'list each candidate once; use weight: to make one likelier', ['from', i]);
      seen.add(value);
    });
    return { candidates: from };
  }
  const rows = atOption(['from', 'data'], () => ctx.data(from.data));
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (!columns.includes(from.column)) throw new PluginOptionError(`data set "${from.data}" has no column "${from.column}"`, didYouMean(from.column, columns, 'column'), ['from', 'column'], 'SPEC_UNKNOWN_COLUMN');
  const firstRows = new Map<Candidate, Record<string, unknown>>();
  for (const row of rows) {
    const value = row[from.column];
    // An empty cell is no candidate.
    if (value !== null && value !== undefined && value !== '' && !firstRows.has(value as Candidate)) firstRows.set(value as Candidate, row);
  }
  if (firstRows.size === 0) throw new PluginOptionError(`column "${from.column}" of data set "${from.data}" has no values`, 'give the data set values in that column', ['from', 'column']);
  return { candidates: [...firstRows.keys()], rows: [...firstRows.values()] };
}

/** Values per row: a number checked against the candidates now, or a generator checked on each row. */
function countOf(spec: SampleOptions['count'], candidates: number, ctx: GeneratorContext): RowFn<number> {
  if (typeof spec === 'number') {
    if (spec > candidates) throw new PluginOptionError(`count is ${spec} but there are only ${candidates} candidates to draw distinct values from`, 'lower count, or add candidates', ['count']);
    return () => spec;
  }
  const draw = atOption(['count'], () => ctx.generator(spec, 'count', 'integer'));
  return (row) => {
    const value = draw(row);
    const k = Math.round(Number(value));
    if (!(k >= 0) || k === Infinity) throw new RowError(`sample: count drew ${JSON.stringify(value) ?? 'null'}, not a number ≥ 0`, 'make the count generator give numbers ≥ 0');
    return k;
  };
}

/**
 * Picks by the weight expression, evaluated for every candidate on every row (it may read the
 * row): `value` is the candidate, `candidate.<column>` a column of its data set row.
 */
function weightedPicker(source: string, candidates: Candidate[], rows: Record<string, unknown>[] | undefined, stream: Stream, ctx: GeneratorContext): (k: number, row: Row) => number[] {
  // The candidate whose weight is being computed.
  let at = 0;
  const names: ExpressionNames = (path) => {
    if (path === 'value') return () => candidates[at];
    if (!path.startsWith(CANDIDATE)) return undefined;
    const column = path.slice(CANDIDATE.length);
    const columns = rows ? [...new Set(rows.flatMap((r) => Object.keys(r)))] : [];
    if (!columns.includes(column)) {
      throw new PluginOptionError(`"${path}": ${rows ? `the data set has no column "${column}"` : 'candidate.<column> reads a data set row, but from: is a list'}`, rows ? didYouMean(column, columns, 'column') : 'write value for the candidate itself', [], 'SPEC_UNKNOWN_NAME');
    }
    // CSV cells are text: numeric text reads as a number, so weights can be computed from it.
    const cells = rows!.map((r) => (typeof r[column] === 'string' && r[column] !== '' && Number.isFinite(Number(r[column])) ? Number(r[column]) : (r[column] ?? null)));
    return () => cells[at];
  };
  const weight = atOption(['weight'], () => ctx.expression(source, names));
  const weights = new Float64Array(candidates.length);
  return (k, row) => {
    let positive = 0;
    for (let i = 0; i < candidates.length; i++) {
      at = i;
      const w = weight(row);
      if (typeof w !== 'number' || !(w >= 0) || w === Infinity) throw new RowError(`sample: weight of ${JSON.stringify(candidates[i])} is ${JSON.stringify(w) ?? 'null'}; weights must be numbers ≥ 0`, 'make the weight expression give a finite number ≥ 0 for every value');
      weights[i] = w;
      if (w > 0) positive++;
    }
    if (k > positive) throw new RowError(`sample: count is ${k} but only ${positive} candidates have a weight above 0 on this row`, 'give more candidates a positive weight, or draw fewer');
    return weightedDistinct(weights, k, stream);
  };
}
