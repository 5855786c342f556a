import { defineGenerator } from '../../engine/contract';
import { gammaSampler } from './shared/gammaSampling';
import { CLAMP_OPTIONS, ROUND_OPTION, shapeDraws, type ClampOptions, type RoundOption } from './shared/numericShaping';

interface GammaOptions extends ClampOptions, RoundOption {
  shape: number;
  scale?: number;
}

export default defineGenerator<GammaOptions>({
  name: 'gamma',
  summary: 'Positive, skewed numbers (durations, amounts) with mean shape · scale.',
  options: {
    type: 'object',
    required: ['shape'],
    additionalProperties: false,
    properties: {
      shape: { type: 'number', exclusiveMinimum: 0, description: 'Shape k: 1 is exponential; larger is more bell-like.', examples: [2] },
      scale: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'Scale θ: the mean is shape · scale, the variance shape · scale².', examples: [15] },
      ...CLAMP_OPTIONS,
      ...ROUND_OPTION,
    },
  },
  example: { type: 'real', gamma: { shape: 2, scale: 15, round: 1 } },
  version: 1,
  compile(options, ctx) {
    const scale = options.scale ?? 1;
    const draw = gammaSampler(ctx.stream(), options.shape);
    return shapeDraws(() => scale * draw(), options, ctx.columnType);
  },
});
