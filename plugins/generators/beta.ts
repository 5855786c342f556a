import { defineGenerator, PluginOptionError } from '../../engine/contract';
import { gammaSampler } from './shared/gammaSampling';
import { ROUND_OPTION, shapeDraws, type RoundOption } from './shared/numericShaping';

interface BetaOptions extends RoundOption {
  alpha: number;
  beta: number;
  min?: number;
  max?: number;
}

export default defineGenerator<BetaOptions>({
  name: 'beta',
  summary: 'Proportions: numbers between 0 and 1 (or scaled to [min, max]) shaped by alpha and beta.',
  options: {
    type: 'object',
    required: ['alpha', 'beta'],
    additionalProperties: false,
    properties: {
      alpha: { type: 'number', exclusiveMinimum: 0, description: 'Shape α: the mean on [0, 1] is α / (α + β).', examples: [2] },
      beta: { type: 'number', exclusiveMinimum: 0, description: 'Shape β: larger pushes values towards 0.', examples: [5] },
      min: { type: 'number', default: 0, description: 'Value that 0 maps to (the range is scaled, not clamped).', examples: [0] },
      max: { type: 'number', default: 1, description: 'Value that 1 maps to.', examples: [1, 100] },
      ...ROUND_OPTION,
    },
  },
  example: { type: 'real', beta: { alpha: 2, beta: 5, round: 3 } },
  version: 1,
  compile(options, ctx) {
    const min = options.min ?? 0;
    const max = options.max ?? 1;
    if (min > max) throw new PluginOptionError(`min (${min}) is greater than max (${max})`, 'swap min and max', ['min']);
    const stream = ctx.stream();
    const drawX = gammaSampler(stream, options.alpha);
    const drawY = gammaSampler(stream, options.beta);
    const meanShare = options.alpha / (options.alpha + options.beta);
    const width = max - min;
    return shapeDraws(
      () => {
        const x = drawX();
        const sum = x + drawY();
        // Both gammas underflow to 0 only for tiny shapes, where the beta sits at 0 or 1.
        const share = sum > 0 ? x / sum : stream.next() < meanShare ? 1 : 0;
        return min + share * width;
      },
      { round: options.round },
      ctx.columnType,
    );
  },
});
