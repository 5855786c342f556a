/** Table-level `foreign_keys:`: keys of one or more columns, each pointing at a key of another table. */
export const FOREIGN_KEYS_SCHEMA = {
  type: 'array',
  description:
    "Foreign keys of one or more columns (a composite key): `columns` of this table refer to the same number of `references.columns` of `references.table`, which must be that table's primary key or a unique index, in the same order. Created on every SQL target like a column's `references:`, and checked once all rows are in.",
  items: {
    type: 'object',
    required: ['columns', 'references'],
    additionalProperties: false,
    properties: {
      columns: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Columns of this table.', examples: [['l_partkey', 'l_suppkey']] },
      references: {
        type: 'object',
        required: ['table', 'columns'],
        additionalProperties: false,
        properties: {
          table: { type: 'string', description: 'The referenced table.', examples: ['partsupp'] },
          columns: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Its key columns, in the order of `columns`.', examples: [['ps_partkey', 'ps_suppkey']] },
        },
      },
    },
  },
  examples: [[{ columns: ['l_partkey', 'l_suppkey'], references: { table: 'partsupp', columns: ['ps_partkey', 'ps_suppkey'] } }]],
};
