/** The kinds of chart the HTML report draws. */
export const CHART_TYPES = ['line', 'area', 'bar', 'stacked_bar', 'histogram'] as const;

const columnList = (description: string) => ({
  anyOf: [
    { type: 'string', description: 'One column.' },
    { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Several columns: one line or bar set each.' },
  ],
  description,
});

/** The `charts:` section of a spec: the JSON Schema the spec schema composes. */
export const CHARTS_SCHEMA = {
  type: 'object',
  description:
    'Charts of the HTML report (`report <spec> --html <file>`), by name, in this order. Each runs one read-only SQL query over the written tables (`:as_of` is the dataset\'s today) and draws its columns: `x` along the axis, `y` as values, one line or bar set per value of `series`.',
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  additionalProperties: {
    type: 'object',
    required: ['type', 'sql', 'x'],
    additionalProperties: false,
    properties: {
      title: { type: 'string', description: 'Heading of the chart; the name when omitted.', examples: ['Orders per month by segment'] },
      description: { type: 'string', description: 'A sentence under the heading: what the chart shows and how it is measured.' },
      type: {
        enum: [...CHART_TYPES],
        description:
          '`line`; `area` (stacked areas: parts of a whole over time); `bar` (grouped bars); `stacked_bar`; `histogram` (counts of the `x` values in equal bins, one bar set per series).',
      },
      sql: {
        type: 'string',
        description: 'A read-only query (`{{ month(…) }}` and the other SQL macros work on every target); order its rows by `x`: the axis shows x values in the order they first appear.',
        examples: ['SELECT {{ month(order_date) }} AS month, status, COUNT(*) AS orders FROM orders GROUP BY 1, 2 ORDER BY 1, 2'],
      },
      x: { type: 'string', description: 'The column along the horizontal axis; of a histogram, the column whose values are counted.', examples: ['month'] },
      y: columnList('The column(s) drawn as values (not with `histogram`).'),
      series: { type: 'string', description: 'A column whose values split the rows into one line or bar set each (e.g. a segment).', examples: ['segment'] },
      overlay: columnList('Column(s) drawn as a line over the chart, one value per x (e.g. a plan or a target).'),
      labels: {
        type: 'object',
        description: 'Display names of columns (in the legend and the tooltips), by column.',
        additionalProperties: { type: 'string' },
        examples: [{ planned: 'Acquisition plan' }],
      },
      x_title: { type: 'string', description: 'Title of the horizontal axis.' },
      y_title: { type: 'string', description: 'Title of the vertical axis.', examples: ['MRR ($)'] },
      y_scale: { enum: ['linear', 'log'], default: 'linear', description: '`log` for values that differ by orders of magnitude (a funnel).' },
      bins: { type: 'integer', minimum: 1, maximum: 500, default: 20, description: 'Of a histogram: how many equal bins between the smallest and largest value.' },
      bin_width: { type: 'number', exclusiveMinimum: 0, description: 'Of a histogram: the width of a bin (instead of `bins`); bins start at a multiple of it.', examples: [6] },
    },
  },
  examples: [
    {
      orders_per_month: {
        title: 'Orders per month by status',
        type: 'stacked_bar',
        sql: 'SELECT {{ month(order_date) }} AS month, status, COUNT(*) AS orders FROM orders GROUP BY 1, 2 ORDER BY 1, 2',
        x: 'month',
        y: 'orders',
        series: 'status',
      },
    },
  ],
};
