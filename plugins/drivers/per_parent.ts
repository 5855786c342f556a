import { defineDriver, GENERATOR_SPEC, PluginOptionError } from '../../engine/contract';
import { atOption } from '../generators/shared/optionPath';

interface PerParentOptions {
  parent: string;
  count: unknown;
  order_by?: string | string[];
}

export default defineDriver<PerParentOptions>({
  name: 'per_parent',
  summary:
    "N child rows per row of a parent table; N is drawn per parent and may depend on the parent's columns. Children are written as they are made, so one parent with millions of children runs in bounded memory.",
  options: {
    type: 'object',
    required: ['parent', 'count'],
    additionalProperties: false,
    properties: {
      parent: { type: 'string', description: 'The parent table. Child columns read its row as `parent.<column>`.', examples: ['customers'] },
      count: {
        ...GENERATOR_SPEC,
        description: 'Children per parent: a generator evaluated once per parent row (rounded), e.g. by parent segment.',
        examples: [{ integer: { min: 1, max: 3 } }, { by: 'parent.segment', cases: { SMB: { integer: { min: 1, max: 3 } } } }],
      },
      order_by: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
        description:
          "Column(s) of this table each parent's children come out sorted by, ascending (NULL first; ties keep their draw order). These columns, and the columns they read, are drawn for all of a parent's children before the sort (`child.number` reads NULL in them; they may not read `previous.*`); the other columns are drawn after it, so `child.number`, sequences and `previous.*` follow the sorted order. One parent's children are held in memory while sorted (limit `ordered_children`).",
        examples: ['order_date', ['order_date', 'amount']],
      },
    },
  },
  example: { per_parent: { parent: 'customers', count: { integer: { min: 0, max: 4 } }, order_by: 'order_date' } },
  exampleSpec: { columns: { order_date: { type: 'date', date_offset: { from: 'parent.signup_date', offset: { uniform: { min: 0, max: 365 } }, unit: 'days' } } } },
  fields: {
    'child.number': 'which child of its parent the row is: 1, 2, … (also `parent.*` reads the parent row)',
    'child.of': 'how many children its parent has',
  },
  version: 1,
  compile(options, ctx) {
    const parent = atOption(['parent'], () => ctx.table(options.parent, 'parent'));
    if (parent.name === ctx.tableName) throw new PluginOptionError('a table cannot be its own parent', undefined, ['parent']);
    const parentRow = ctx.parent(parent);
    const count = atOption(['count'], () => ctx.generator(options.count, 'count'));
    const child = ctx.provide('child', ['number', 'of']);
    const order = options.order_by === undefined ? undefined : ctx.orderChildren(typeof options.order_by === 'string' ? [options.order_by] : options.order_by, ['order_by']);
    return {
      chunkCount: () => Math.ceil(parent.size() / ctx.chunkSize),
      // A generator: one parent may have any number of children, written while they are made.
      *emitChunk(chunk, emit) {
        const end = Math.min(parent.size(), (chunk + 1) * ctx.chunkSize);
        for (let p = chunk * ctx.chunkSize; p < end; p++) {
          const n = Math.max(0, Math.round(Number(count(parentRow(p)))));
          child.of = n;
          if (order) {
            // The ordering columns are drawn before the children are numbered.
            child.number = null;
            for (let k = 0; k < n; k++) order.draw(p);
            order.sort();
          }
          for (let k = 1; k <= n; k++) {
            child.number = k;
            if (emit(p)) yield;
          }
        }
      },
    };
  },
});
