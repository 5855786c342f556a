import { defineDriver, PluginOptionError, type Row } from '../../engine/contract';
import { atOption } from '../generators/shared/optionPath';
import { compileSide, expressionSampler, leftRowsPerChunk, NUMBER_OR_GENERATOR, numberOrGenerator, rightSampler, sideSchema, type SideOptions } from './shared/pairs';

/** A weight that is one bare name is a column of the right table; anything else is an expression. */
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface CrossProductOptions {
  left: SideOptions;
  right: SideOptions;
  probability?: number | Record<string, unknown>;
  per_left?: number | Record<string, unknown>;
  weight?: string;
}

export default defineDriver<CrossProductOptions>({
  name: 'cross_product',
  summary:
    'Sampled pairs of two tables’ rows (classes × locations, products × offices): every pair kept with a probability, or a number of distinct right rows per left row. Rows read `left.<column>` and `right.<column>`.',
  options: {
    description: 'Sampled pairs of two tables’ rows, in left-row order. Rows read the listed fields as `left.<column>` and `right.<column>`.',
    type: 'object',
    required: ['left', 'right'],
    additionalProperties: false,
    properties: {
      left: sideSchema('left', { table: 'classes', fields: ['class_id', 'level'] }),
      right: sideSchema('right', { table: 'locations', fields: ['location_id'] }),
      probability: NUMBER_OR_GENERATOR('Chance that each pair is kept; a generator is drawn per pair and may read `left.*` and `right.*` (by:/cases:). Give this or per_left.', [
        0.3,
        { by: 'left.level', cases: { advanced: { constant: 0.2 } }, constant: 0.6 },
      ]),
      per_left: NUMBER_OR_GENERATOR('Distinct right rows per left row (rounded; at most the right table’s size); a generator may read `left.*`. Give this or probability.', [
        2,
        { integer: { min: 1, max: 3 } },
      ]),
      weight: {
        type: 'string',
        description:
          'With per_left: right rows are picked in proportion to it, without replacement. A bare name is a numeric column of the right table (the same weights for every left row); anything else is an expression over `left.*` and `right.*` (fields listed in `fields`), evaluated for every right row of every left row, so the weights may change with the left row. A weight of 0 never picks the row.',
        examples: ['capacity', 'if right.code == "flu" and month(left.visit_date) in (12, 1, 2) then 10 * right.prevalence else right.prevalence'],
      },
    },
  },
  example: { cross_product: { left: { table: 'classes', fields: ['class_id'] }, right: { table: 'locations', fields: ['location_id'] }, probability: 0.6 } },
  fields: {
    'left.<field>': "each field named in `left.fields`, from the pair's left row",
    'right.<field>': "each field named in `right.fields`, from the pair's right row",
  },
  version: 1,
  compile(options, ctx) {
    const left = compileSide(ctx, 'left', options.left, 'left');
    const right = compileSide(ctx, 'right', options.right, 'right');
    if ((options.probability === undefined) === (options.per_left === undefined)) {
      throw new PluginOptionError('give either probability: (per pair) or per_left: (right rows per left row)', 'e.g. probability: 0.3, or per_left: { integer: { min: 1, max: 3 } }');
    }
    if (options.weight !== undefined && options.per_left === undefined) throw new PluginOptionError('weight: needs per_left:', 'with probability:, every pair has its own chance', ['weight']);
    const stream = ctx.stream('pairs');
    const scratch: Row = {};
    let leftPerChunk = 1;
    const chunkCount = () => {
      leftPerChunk = leftRowsPerChunk(ctx, right.table.size());
      return Math.ceil(left.table.size() / leftPerChunk);
    };

    if (options.per_left !== undefined) {
      const perLeft = numberOrGenerator(ctx, options.per_left, 'per_left');
      const weight = options.weight;
      const pick =
        weight === undefined || COLUMN_NAME.test(weight)
          ? rightSampler(right, weight, undefined, stream)
          : expressionSampler(right, atOption(['weight'], () => ctx.expression(weight)), weight, scratch, stream);
      return {
        chunkCount,
        // A generator, like the form below: one left row may pair with every right row, written in parts.
        *emitChunk(chunk, emit) {
          const end = Math.min(left.table.size(), (chunk + 1) * leftPerChunk);
          for (let i = chunk * leftPerChunk; i < end; i++) {
            left.show(i);
            for (const j of pick(Math.round(Number(perLeft(scratch))))) {
              right.show(j);
              if (emit(-1)) yield;
            }
          }
        },
      };
    }

    const spec = options.probability!;
    const probability = numberOrGenerator(ctx, spec, 'probability');
    // A constant chance needs no fields shown before the draw; a generator may read them.
    const showFirst = typeof spec !== 'number';
    return {
      chunkCount,
      *emitChunk(chunk, emit) {
        const end = Math.min(left.table.size(), (chunk + 1) * leftPerChunk);
        const size = right.table.size();
        for (let i = chunk * leftPerChunk; i < end; i++) {
          left.show(i);
          for (let j = 0; j < size; j++) {
            if (showFirst) right.show(j);
            if (stream.next() >= Number(probability(scratch))) continue;
            if (!showFirst) right.show(j);
            if (emit(-1)) yield;
          }
        }
      },
    };
  },
});
