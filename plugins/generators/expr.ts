import { defineGenerator } from '../../engine/contract';
import { atOption } from './shared/optionPath';

interface ExprOptions {
  expression: string;
}

export default defineGenerator<ExprOptions>({
  name: 'expr',
  summary: 'A safe expression over the row, parent.*, refColumn.*, params.* and context.* (no code runs).',
  options: {
    type: 'object',
    required: ['expression'],
    additionalProperties: false,
    properties: {
      expression: {
        type: 'string',
        minLength: 1,
        description: 'The expression: arithmetic, comparisons, and/or/not, if … then … else …, and functions such as round, min, max, add_days. `text ~= "pattern"` tests a regular expression in RE2 syntax, matched in linear time (no backreferences or lookaround).',
        examples: ['quantity * unit_price', 'if plan == "pro" then 49 else 19', 'add_days(order_date, 2)'],
      },
    },
  },
  example: { type: 'real', expr: 'quantity * unit_price' },
  version: 1,
  shorthand: 'expression',
  compile(options, ctx) {
    return atOption(['expression'], () => ctx.expression(options.expression));
  },
});
