import { defineGenerator } from '../../engine/contract';
import { CLAMP_OPTIONS, ROUND_OPTION, shapeDraws, type ClampOptions, type RoundOption } from './shared/numericShaping';

interface ExponentialOptions extends ClampOptions, RoundOption {
  mean: number;
}

export default defineGenerator<ExponentialOptions>({
  name: 'exponential',
  summary: 'Waiting times: positive numbers, most small, with a given mean.',
  options: {
    type: 'object',
    required: ['mean'],
    additionalProperties: false,
    properties: {
      mean: { type: 'number', exclusiveMinimum: 0, description: 'Mean of the values (1 / rate).', examples: [3.5] },
      ...CLAMP_OPTIONS,
      ...ROUND_OPTION,
    },
  },
  example: { type: 'real', exponential: { mean: 3.5, max: 60, round: 1 } },
  version: 1,
  compile(options, ctx) {
    const { mean } = options;
    const stream = ctx.stream();
    // 1 - u lies in (0, 1], so the logarithm is finite.
    return shapeDraws(() => -mean * Math.log(1 - stream.next()), options, ctx.columnType);
  },
});
