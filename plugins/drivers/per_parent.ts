import { defineDriver, GENERATOR_SPEC, PluginOptionError } from '../../engine/contract';

interface PerParentOptions {
  parent: string;
  count: unknown;
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
    },
  },
  example: { per_parent: { parent: 'customers', count: { integer: { min: 0, max: 4 } } } },
  fields: {
    'child.number': 'which child of its parent the row is: 1, 2, … (also `parent.*` reads the parent row)',
    'child.of': 'how many children its parent has',
  },
  version: 1,
  compile(options, ctx) {
    const parent = ctx.table(options.parent, 'parent');
    if (parent.name === ctx.tableName) throw new PluginOptionError('a table cannot be its own parent', undefined, ['parent']);
    const parentRow = ctx.parent(parent);
    const count = ctx.generator(options.count, 'count');
    const child = ctx.provide('child', ['number', 'of']);
    return {
      chunkCount: () => Math.ceil(parent.size() / ctx.chunkSize),
      // A generator: one parent may have any number of children, written while they are made.
      *emitChunk(chunk, emit) {
        const end = Math.min(parent.size(), (chunk + 1) * ctx.chunkSize);
        for (let p = chunk * ctx.chunkSize; p < end; p++) {
          const n = Math.max(0, Math.round(Number(count(parentRow(p)))));
          child.of = n;
          for (let k = 1; k <= n; k++) {
            child.number = k;
            if (emit(p)) yield;
          }
        }
      },
    };
  },
});
