import { defineGenerator } from '../../engine/contract';
import { CLAMP_OPTIONS, ROUND_OPTION, shapeDraws, type ClampOptions, type RoundOption } from './shared/numericShaping';

interface LognormalOptions extends ClampOptions, RoundOption {
  median: number;
  sigma: number;
}

export default defineGenerator<LognormalOptions>({
  name: 'lognormal',
  summary: 'Positive, right-skewed numbers (prices, order values) set by their median and spread.',
  options: {
    type: 'object',
    required: ['median', 'sigma'],
    additionalProperties: false,
    properties: {
      median: { type: 'number', exclusiveMinimum: 0, description: 'Median: half the values fall below it.', examples: [40] },
      sigma: {
        type: 'number',
        minimum: 0,
        description: 'Standard deviation of the logarithm: 0.25 is tight, 1 is very skewed. The mean is median · e^(sigma²/2).',
        examples: [0.5],
      },
      ...CLAMP_OPTIONS,
      ...ROUND_OPTION,
    },
  },
  example: { type: 'real', lognormal: { median: 40, sigma: 0.5 } },
  version: 1,
  compile(options, ctx) {
    const { median, sigma } = options;
    const stream = ctx.stream();
    return shapeDraws(() => median * Math.exp(sigma * stream.normal()), options, ctx.columnType);
  },
});
