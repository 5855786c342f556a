import { defineDriver, PluginOptionError, type Row } from '../../engine/contract';
import { compileSide, leftRowsPerChunk, NUMBER_OR_GENERATOR, numberOrGenerator, rightSampler, sideSchema, type SideOptions } from './shared/pairs';

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
      weight: { type: 'string', description: 'With per_left: a numeric column of the right table; rows are picked in proportion to it.', examples: ['capacity'] },
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
      const pick = rightSampler(right, options.weight, undefined, stream);
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
