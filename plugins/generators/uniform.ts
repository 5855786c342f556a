import { defineGenerator, PluginOptionError } from '../../engine/contract';
import { ROUND_OPTION, shapeDraws, type RoundOption } from './shared/numericShaping';

interface UniformOptions extends RoundOption {
  min: number;
  max: number;
}

export default defineGenerator<UniformOptions>({
  name: 'uniform',
  summary: 'Real numbers spread evenly between min and max.',
  options: {
    type: 'object',
    required: ['min', 'max'],
    additionalProperties: false,
    properties: {
      min: { type: 'number', description: 'Lower end of the range.', examples: [0] },
      max: { type: 'number', description: 'Upper end of the range.', examples: [100] },
      ...ROUND_OPTION,
    },
  },
  example: { type: 'real', uniform: { min: 5, max: 250, round: 2 } },
  version: 1,
  compile(options, ctx) {
    const { min, max } = options;
    if (min > max) throw new PluginOptionError(`min (${min}) is greater than max (${max})`, 'swap min and max', ['min']);
    const stream = ctx.stream();
    const width = max - min;
    return shapeDraws(() => min + stream.next() * width, { round: options.round }, ctx.columnType);
  },
});
