import { defineGenerator } from '../../engine/contract';
import { atOption } from './shared/optionPath';

interface FromOptions {
  path: string;
}

export default defineGenerator<FromOptions>({
  name: 'from',
  summary: 'A copy of a value visible from the row: a column, parent.column, refColumn.column, params.name or context.name.',
  options: {
    type: 'object',
    required: ['path'],
    additionalProperties: false,
    properties: {
      path: {
        type: 'string',
        minLength: 1,
        description: 'Where the value comes from.',
        examples: ['parent.customer_segment', 'customer_id.country', 'params.currency'],
      },
    },
  },
  example: { type: 'text', from: 'parent.customer_segment' },
  version: 1,
  shorthand: 'path',
  compile(options, ctx) {
    return atOption(['path'], () => ctx.read(options.path));
  },
});
