import { defineGenerator, PluginOptionError } from '../../engine/contract';
import { ROUND_OPTION, shapeDraws, type RoundOption } from './shared/numericShaping';

interface TriangularOptions extends RoundOption {
  min: number;
  mode: number;
  max: number;
}

export default defineGenerator<TriangularOptions>({
  name: 'triangular',
  summary: 'Numbers between min and max, most likely near mode (a quick "low / likely / high" estimate).',
  options: {
    type: 'object',
    required: ['min', 'mode', 'max'],
    additionalProperties: false,
    properties: {
      min: { type: 'number', description: 'Lowest possible value.', examples: [1] },
      mode: { type: 'number', description: 'Most likely value, between min and max.', examples: [3] },
      max: { type: 'number', description: 'Highest possible value.', examples: [10] },
      ...ROUND_OPTION,
    },
  },
  example: { type: 'real', triangular: { min: 1, mode: 3, max: 10, round: 1 } },
  version: 1,
  compile(options, ctx) {
    const { min, mode, max } = options;
    if (min > max) throw new PluginOptionError(`min (${min}) is greater than max (${max})`, 'swap min and max', ['min']);
    if (mode < min || mode > max) throw new PluginOptionError(`mode (${mode}) is not between min (${min}) and max (${max})`, 'the mode is the most likely value, so it lies in the range', ['mode']);
    const stream = ctx.stream();
    const width = max - min;
    const split = width === 0 ? 0 : (mode - min) / width;
    const left = width * (mode - min);
    const right = width * (max - mode);
    // Inverse of the CDF, on either side of the mode.
    return shapeDraws(
      () => {
        const u = stream.next();
        return u < split ? min + Math.sqrt(u * left) : max - Math.sqrt((1 - u) * right);
      },
      { round: options.round },
      ctx.columnType,
    );
  },
});
