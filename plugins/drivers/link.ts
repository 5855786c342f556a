import { defineDriver, type Row } from '../../engine/contract';
import { atOption } from '../generators/shared/optionPath';
import { compileSide, leftRowsPerChunk, NUMBER_OR_GENERATOR, numberOrGenerator, rightSampler, sideSchema, type SideOptions } from './shared/pairs';

interface LinkOptions {
  left: SideOptions;
  right: SideOptions;
  where: string;
  probability?: number | Record<string, unknown>;
  per_left?: number | Record<string, unknown>;
  weight?: string;
}

export default defineDriver<LinkOptions>({
  name: 'link',
  summary:
    'A many-to-many join table: a share of the left rows each get distinct right rows that satisfy a condition (an order gets a discount valid on its date). One row per (left, right) pair; rows read `left.<column>` and `right.<column>`.',
  options: {
    description: 'Pairs of a left row and right rows meeting `where`, in left-row order. Rows read the listed fields as `left.<column>` and `right.<column>`.',
    type: 'object',
    required: ['left', 'right', 'where'],
    additionalProperties: false,
    properties: {
      left: sideSchema('left', { table: 'payments', fields: ['payment_id', 'paid_at'] }),
      right: sideSchema('right', { table: 'promo_codes', fields: ['promo_id', 'valid_from', 'valid_to'] }),
      where: {
        type: 'string',
        description: 'Condition a pair must meet: an expression over `left.*`, `right.*` and `params.*`. A left row with no matching right row gets no link.',
        examples: ['left.paid_at >= right.valid_from and left.paid_at <= right.valid_to'],
      },
      probability: NUMBER_OR_GENERATOR('Chance that a left row is linked at all; a generator may read `left.*` (by:/cases:).', [0.2, { by: 'left.method', cases: { Card: { constant: 0.3 } }, constant: 0.1 }]),
      per_left: NUMBER_OR_GENERATOR('Distinct right rows per linked left row (rounded); fewer when fewer match.', [1, { integer: { min: 1, max: 2 } }]),
      weight: { type: 'string', description: 'A numeric column of the right table: matching rows are picked in proportion to it (uniformly without).', examples: ['popularity'] },
    },
  },
  example: {
    link: {
      left: { table: 'payments', fields: ['payment_id', 'paid_at'] },
      right: { table: 'promo_codes', fields: ['promo_id', 'valid_from', 'valid_to'] },
      where: 'left.paid_at >= right.valid_from and left.paid_at <= right.valid_to',
      probability: 0.2,
    },
  },
  fields: {
    'left.<field>': "each field named in `left.fields`, from the pair's left row",
    'right.<field>': "each field named in `right.fields`, from the pair's right row",
  },
  version: 1,
  compile(options, ctx) {
    const left = compileSide(ctx, 'left', options.left, 'left');
    const right = compileSide(ctx, 'right', options.right, 'right');
    const scratch: Row = {};
    const condition = atOption(['where'], () => ctx.expression(options.where));
    const probability = numberOrGenerator(ctx, options.probability ?? 1, 'probability');
    const perLeftOption = options.per_left ?? 1;
    const perLeft = numberOrGenerator(ctx, perLeftOption, 'per_left');
    const maxPerLeft = typeof perLeftOption === 'number' ? perLeftOption : Infinity;
    const stream = ctx.stream('links');
    const pick = rightSampler(right, options.weight, () => condition(scratch) === true, stream);
    let leftPerChunk = 1;
    return {
      chunkCount() {
        leftPerChunk = leftRowsPerChunk(ctx, Math.min(right.table.size(), maxPerLeft));
        return Math.ceil(left.table.size() / leftPerChunk);
      },
      // A generator: one left row may link to every right row, written in parts.
      *emitChunk(chunk, emit) {
        const end = Math.min(left.table.size(), (chunk + 1) * leftPerChunk);
        for (let i = chunk * leftPerChunk; i < end; i++) {
          left.show(i);
          if (stream.next() >= Number(probability(scratch))) continue;
          for (const j of pick(Math.round(Number(perLeft(scratch))))) {
            right.show(j);
            if (emit(-1)) yield;
          }
        }
      },
    };
  },
});
