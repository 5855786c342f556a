import { defineGenerator, PluginOptionError } from '../../engine/contract';

interface IntegerOptions {
  min: number;
  max: number;
}

export default defineGenerator<IntegerOptions>({
  name: 'integer',
  summary: 'Uniform whole numbers between min and max, both included.',
  options: {
    type: 'object',
    required: ['min', 'max'],
    additionalProperties: false,
    properties: {
      min: { type: 'integer', description: 'Smallest value (included).', examples: [1] },
      max: { type: 'integer', description: 'Largest value (included).', examples: [5] },
    },
  },
  example: { type: 'integer', integer: { min: 1, max: 5 } },
  version: 1,
  distinctValues: (options) => (options.max >= options.min ? options.max - options.min + 1 : undefined),
  compile(options, ctx) {
    const { min, max } = options;
    if (min > max) throw new PluginOptionError(`min (${min}) is greater than max (${max})`, 'swap min and max', ['min']);
    const stream = ctx.stream();
    return () => stream.int(min, max);
  },
});
