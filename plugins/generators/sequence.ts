import { defineGenerator } from '../../engine/contract';

interface SequenceOptions {
  start?: number;
  step?: number;
}

export default defineGenerator<SequenceOptions>({
  name: 'sequence',
  summary: 'Consecutive integers: start, start + step, start + 2·step, … in row order.',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      start: { type: 'integer', default: 1, description: 'Value of the first row.', examples: [1, 1000] },
      step: { type: 'integer', default: 1, description: 'Difference between consecutive rows.', examples: [1, 10] },
    },
  },
  example: { type: 'integer', primary_key: true, sequence: { start: 1 } },
  version: 1,
  distinctValues: (options) => ((options.step ?? 1) === 0 ? 1 : undefined),
  valueAtRow,
  compile(options, ctx) {
    const at = valueAtRow(options);
    const rowIndex = ctx.rowIndex;
    return (row) => at(rowIndex(row));
  },
});

/** A row's value from its index alone: a reference into the column computes keys instead of keeping them. */
function valueAtRow(options: SequenceOptions): (rowIndex: number) => number {
  const start = options.start ?? 1;
  const step = options.step ?? 1;
  return (index) => start + index * step;
}
