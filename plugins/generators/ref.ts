import { defineGenerator, PluginOptionError, type TableHandle, RowError } from '../../engine/contract';
import { atOption } from './shared/optionPath';
import { cumulativeWeights, pickWeighted } from './shared/weightedPick';

interface RefOptions {
  to: string;
  weight?: string;
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
    if (options.weight === undefined) {
      return (row) => {
        const size = table.size();
        if (size === 0) throw emptyTable(table, ctx.tableName);
        const index = stream.int(0, size - 1);
        link.set(row, index);
        return key(index);
      };
    }
    if (options.weight === keyColumn) throw new PluginOptionError(`weight "${options.weight}" is the key itself`, 'weight by a numeric column such as popularity or revenue', ['weight']);
    const weightOf = table.column(options.weight);
    const weightColumn = options.weight;
    // The referenced table has run by the first row, not at compile time.
    let cumulative: Float64Array | undefined;
    const buildCumulative = (): Float64Array => {
      const size = table.size();
      if (size === 0) throw emptyTable(table, ctx.tableName);
      const weights = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        const w = weightOf(i);
        const weight = w === null || w === undefined ? 0 : Number(w);
        if (!(weight >= 0)) throw new RowError(`ref to ${options.to}: weight ${weightColumn} of row ${i + 1} of table "${table.name}" is ${String(w)}; weights must be numbers ≥ 0`);
        weights[i] = weight;
      }
      const totals = cumulativeWeights(weights);
      if (!(totals[size - 1] > 0)) throw new RowError(`ref to ${options.to}: every row of table "${table.name}" has weight ${weightColumn} = 0, so none can be picked`);
      return totals;
    };
    return (row) => {
      const index = pickWeighted((cumulative ??= buildCumulative()), stream.next());
      link.set(row, index);
      return key(index);
    };
  },
});

function emptyTable(table: TableHandle, from: string): RowError {
  return new RowError(`table "${from}" references table "${table.name}", which has no rows: there is nothing to point at`);
}
