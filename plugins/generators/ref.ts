import { defineGenerator, PluginOptionError, type TableHandle, RowError } from '../../engine/contract';
import { atOption } from './shared/optionPath';
import { compileWhere } from './shared/refWhere';
import { cumulativeWeights, pickWeighted } from './shared/weightedPick';

interface RefOptions {
  to: string;
  weight?: string;
  where?: string;
  none?: 'error' | null;
}

export default defineGenerator<RefOptions>({
  name: 'ref',
  summary: 'A key of a random row of another table (a foreign key); `column.other` then reads that row.',
  options: {
    type: 'object',
    required: ['to'],
    additionalProperties: false,
    properties: {
      to: {
        type: 'string',
        pattern: '^[^.]+\\.[^.]+$',
        description: 'The referenced key as table.column.',
        examples: ['customers.customer_id'],
      },
      weight: {
        type: 'string',
        description: 'A numeric column of the referenced table: rows are picked in proportion to it (uniformly when omitted).',
        examples: ['popularity'],
      },
      where: {
        type: 'string',
        description:
          'A condition the referenced row must meet, an expression over `candidate.<column>` (a column of the referenced row) and the names of the current row. Each comparison of a candidate column with an expression of the row (`candidate.registered_on <= visit_date`, `<`, `<=`, `>`, `>=`, `==`, either way round, joined by `and`) is served from the rows sorted by that column, a binary search per row; the other parts are tested on random picks inside that window, then on every row of it. A row whose candidate column is NULL meets no ordering of it (`<`, `<=`, `>`, `>=`); `candidate.column == null` finds it. With weight:, rows of the window are picked in proportion to it.',
        examples: ['candidate.registered_on <= appointment_date', 'candidate.joined_on <= order_date and (candidate.left_on == null or candidate.left_on > order_date)'],
      },
      none: {
        enum: ['error', null],
        default: 'error',
        description: 'When no row meets where: `error` stops the run naming the row and the condition; `null` (none: null) leaves the reference NULL, and its `column.other` paths read NULL too.',
        examples: [null],
      },
    },
  },
  example: { type: 'integer', ref: 'customers.customer_id' },
  version: 1,
  shorthand: 'to',
  compile(options, ctx) {
    const [tableName, keyColumn] = options.to.split('.');
    const table = atOption(['to'], () => ctx.table(tableName, 'reference'));
    // A key computed from the row index (a sequence) needs only the table's row count, not its rows:
    // the same draw gives the same key, and the referenced table need not be kept (nor generated whole by every shard).
    const key = table.valueByIndex(keyColumn) ?? table.column(keyColumn);
    const link = ctx.link(table, keyColumn);
    const stream = ctx.stream();
    if (options.where !== undefined) {
      const where = options.where;
      const weights = options.weight === undefined ? undefined : rowWeights(options, keyColumn, table, ctx.tableName);
      const pick = compileWhere(where, ctx, table, weights, stream);
      return (row) => {
        if (table.size() === 0) throw emptyTable(table, ctx.tableName);
        const index = pick(row);
        link.set(row, index);
        if (index >= 0) return key(index);
        if (options.none === null) return null;
        throw new RowError(`row ${ctx.rowIndex(row) + 1}: no row of table "${table.name}" meets where "${where}"`, 'loosen the condition, make sure the referenced table has rows that meet it, or set none: null to leave such references empty');
      };
    }
    if (options.none !== undefined) throw new PluginOptionError('none: applies only with where:', 'a reference without where: always finds a row; drop none:', ['none']);
    if (options.weight === undefined) {
      return (row) => {
        const size = table.size();
        if (size === 0) throw emptyTable(table, ctx.tableName);
        const index = stream.int(0, size - 1);
        link.set(row, index);
        return key(index);
      };
    }
    const weights = rowWeights(options, keyColumn, table, ctx.tableName);
    // The referenced table has run by the first row, not at compile time.
    let cumulative: Float64Array | undefined;
    const buildCumulative = (): Float64Array => {
      const totals = cumulativeWeights(weights());
      if (!(totals[totals.length - 1] > 0)) throw new RowError(`ref to ${options.to}: every row of table "${table.name}" has weight ${options.weight} = 0, so none can be picked`);
      return totals;
    };
    return (row) => {
      const index = pickWeighted((cumulative ??= buildCumulative()), stream.next());
      link.set(row, index);
      return key(index);
    };
  },
});

/** The weight of every referenced row, read when called (at run time); a weight that is not a number ≥ 0 is a RowError. */
function rowWeights(options: RefOptions, keyColumn: string, table: TableHandle, from: string): () => Float64Array {
  const weightColumn = options.weight!;
  if (weightColumn === keyColumn) throw new PluginOptionError(`weight "${weightColumn}" is the key itself`, 'weight by a numeric column such as popularity or revenue', ['weight']);
  const weightOf = atOption(['weight'], () => table.column(weightColumn));
  return () => {
    const size = table.size();
    if (size === 0) throw emptyTable(table, from);
    const weights = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const w = weightOf(i);
      const weight = w === null || w === undefined ? 0 : Number(w);
      if (!(weight >= 0)) throw new RowError(`ref to ${options.to}: weight ${weightColumn} of row ${i + 1} of table "${table.name}" is ${String(w)}; weights must be numbers ≥ 0`);
      weights[i] = weight;
    }
    return weights;
  };
}

function emptyTable(table: TableHandle, from: string): RowError {
  return new RowError(`table "${from}" references table "${table.name}", which has no rows: there is nothing to point at`);
}
