import { defineGenerator } from '../../engine/contract';
import { CLAMP_OPTIONS, ROUND_OPTION, shapeDraws, type ClampOptions, type RoundOption } from './shared/numericShaping';

interface NormalOptions extends ClampOptions, RoundOption {
  mean: number;
  sd: number;
}

export default defineGenerator<NormalOptions>({
  name: 'normal',
  summary: 'Bell-curve numbers with a given mean and standard deviation.',
  options: {
    type: 'object',
    required: ['mean', 'sd'],
    additionalProperties: false,
    properties: {
      mean: { type: 'number', description: 'Mean (centre) of the distribution.', examples: [100] },
      sd: { type: 'number', minimum: 0, description: 'Standard deviation (spread).', examples: [15] },
      ...CLAMP_OPTIONS,
      ...ROUND_OPTION,
    },
  },
  example: { type: 'real', normal: { mean: 100, sd: 15, min: 0, round: 1 } },
  version: 1,
  compile(options, ctx) {
    const { mean, sd } = options;
    const stream = ctx.stream();
    return shapeDraws(() => mean + sd * stream.normal(), options, ctx.columnType);
  },
});
