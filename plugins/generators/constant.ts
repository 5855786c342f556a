import { defineGenerator } from '../../engine/contract';
import { toColumnValue } from './shared/columnValues';

interface ConstantOptions {
  value: string | number | boolean | null;
}

export default defineGenerator<ConstantOptions>({
  name: 'constant',
  summary: 'The same value in every row (dates as YYYY-MM-DD or relative to as_of).',
  options: {
    type: 'object',
    required: ['value'],
    additionalProperties: false,
    properties: {
      value: { type: ['string', 'number', 'boolean', 'null'], description: 'The value of every row.', examples: ['USD', 0, true, 'as_of'] },
    },
  },
  example: { type: 'text', constant: 'USD' },
  version: 1,
  shorthand: 'value',
  distinctValues: () => 1,
  values: (options) => [options.value],
  compile(options, ctx) {
    const value = toColumnValue(options.value, ctx);
    return () => value;
  },
});
