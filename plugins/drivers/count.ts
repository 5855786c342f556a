import { defineDriver } from '../../engine/contract';

interface CountOptions {
  rows: number;
  scaled?: boolean;
}

export default defineDriver<CountOptions>({
  name: 'count',
  summary: 'A fixed number of rows, multiplied by --scale.',
  shorthand: 'rows',
  options: {
    type: 'object',
    required: ['rows'],
    additionalProperties: false,
    properties: {
      rows: { type: 'integer', minimum: 0, description: 'Number of rows at scale 1.', examples: [2000] },
      scaled: { type: 'boolean', default: true, description: 'Multiply by --scale (false for fixed reference tables).' },
    },
  },
  example: { count: 1000 },
  version: 1,
  compile(options, ctx) {
    const total = options.scaled === false ? options.rows : Math.round(options.rows * ctx.scale);
    return {
      chunkCount: () => Math.ceil(total / ctx.chunkSize),
      emitChunk(chunk, emit) {
        const end = Math.min(total, (chunk + 1) * ctx.chunkSize);
        for (let i = chunk * ctx.chunkSize; i < end; i++) emit(-1);
      },
    };
  },
});
