import { defineGenerator } from '../../engine/contract';
import { atOption } from './shared/optionPath';

interface ChanceOptions {
  probability: number | string;
}

export default defineGenerator<ChanceOptions>({
  name: 'chance',
  summary:
    '1 with a probability computed per row by an expression, else 0: as a per-parent count it makes a row exist conditionally (a cancellation with probability = churn score).',
  options: {
    type: 'object',
    required: ['probability'],
    additionalProperties: false,
    properties: {
      probability: {
        type: ['number', 'string'],
        description: 'A probability, or an expression giving one per row (clamped to 0–1; true counts as 1, false and NULL as 0).',
        examples: [0.25, 'parent.churn_score', 'if parent.is_last == 1 and parent.ended_by == "cancel" then 1 else 0'],
      },
    },
  },
  example: { type: 'integer', chance: 'if parent.customer_segment == "SMB" then 0.4 else 0.1' },
  version: 1,
  shorthand: 'probability',
  distinctValues: () => 2,
  values: () => [0, 1],
  compile(options, ctx) {
    const spec = options.probability;
    const probability = typeof spec === 'number' ? () => spec : atOption(['probability'], () => ctx.expression(spec));
    const stream = ctx.stream();
    return (row) => (stream.next() < Number(probability(row)) ? 1 : 0);
  },
});
