/** One context query of a table (`context:` holds one or a list of them). */
export const CONTEXT_SCHEMA = {
  type: 'object',
  description: 'A SQL query over tables already written, joined to each row by `key` = `on`: its columns read as `context.column`.',
  required: ['sql', 'key', 'on'],
  additionalProperties: false,
  properties: {
    sql: { type: 'string', description: 'A read-only SELECT. Non-integer numbers it returns are rounded to 15 significant digits, so an aggregate is the same on every target.' },
    key: { type: 'string', description: 'Column of the query result that identifies a row.' },
    on: { type: 'string', description: "Path in this table's rows whose value is looked up in `key`." },
    tables: { type: 'array', items: { type: 'string' }, description: 'Tables the query reads (found in the SQL when omitted).' },
    dates: {
      type: 'array',
      items: { type: 'string' },
      description: 'Result columns holding dates or datetimes (a date value or ISO text, whatever the target returns): `context.<column>` reads them as dates, as a date column reads.',
      examples: [['last_resolved']],
    },
  },
} as const;
