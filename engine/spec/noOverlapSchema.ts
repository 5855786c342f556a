/** Schema of a table's `no_overlap:` rules (engine/run/noOverlap.ts makes rows keep them). */
export const NO_OVERLAP_SCHEMA = {
  type: 'array',
  minItems: 1,
  description:
    "Intervals that never overlap per resource: a row whose [start, end) overlaps an earlier row's interval with the same `per` value is drawn again (its columns from their streams, up to 100 times, then the run stops with an error naming the value). A NULL end is an open interval (it lasts for ever); a NULL start or `per`, or an end not after the start, is no interval. In a table whose children are sorted (`order_by`), the ordering columns are not drawn again: the others are (which copy, which room). `check` verifies each rule with a query of its own, `<table>.no_overlap.<per>`.",
  items: {
    type: 'object',
    required: ['per', 'start', 'end'],
    additionalProperties: false,
    properties: {
      per: { type: 'string', description: 'The column naming the resource (a copy, a room, a provider).', examples: ['copy_id'] },
      start: { type: 'string', description: 'The column where an interval starts (a date, datetime or number), included.', examples: ['loan_date'] },
      end: { type: 'string', description: 'The column where it ends, excluded: the next interval may start there.', examples: ['returned_on'] },
    },
  },
  examples: [[{ per: 'copy_id', start: 'loan_date', end: 'returned_on' }]],
} as const;
