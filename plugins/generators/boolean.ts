import { defineGenerator } from '../../engine/contract';

interface BooleanOptions {
  probability?: number;
}

export default defineGenerator<BooleanOptions>({
  name: 'boolean',
  summary: 'true with a given probability, else false (written as 1/0). As a `by:` column its `cases:` keys are `true` and `false` (`"1"`/`"0"` mean the same); validate refuses any other key.',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      probability: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'Probability of true.', examples: [0.5, 0.08] },
    },
  },
  example: { type: 'boolean', boolean: 0.08 },
  version: 1,
  shorthand: 'probability',
  distinctValues: (options) => {
    const p = options.probability ?? 0.5;
    return p === 0 || p === 1 ? 1 : 2;
  },
  values: () => [true, false],
  compile(options, ctx) {
    const probability = options.probability ?? 0.5;
    const stream = ctx.stream();
    return () => stream.next() < probability;
  },
});
