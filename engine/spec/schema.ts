import type { OptionsSchema } from '../contract';
import { CONTEXT_SCHEMA } from './contextSchema';
import type { PluginRegistry } from '../plugins/registry';
import { CALENDARS_SCHEMA } from './calendarsSchema';
import { CHARTS_SCHEMA } from './chartsSchema';
import { NO_OVERLAP_SCHEMA } from './noOverlapSchema';
import { COLUMN_TYPE_SCHEMA } from './columnTypeSchema';
import { FOREIGN_KEYS_SCHEMA } from './foreignKeySchema';

/** Table and column names: SQL identifiers every target takes unquoted, and paths (`table.column`) can split on dots. */
export const NAME = { pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'table and column names are letters, digits and _, starting with a letter or _' };

/** A plugin's options, plus the scalar shorthand where it has one. */
function pluginSchema(plugin: { summary: string; options: OptionsSchema; shorthand?: string }): OptionsSchema {
  const options = { ...plugin.options, description: plugin.options.description ?? plugin.summary };
  const shortForm = plugin.shorthand && (plugin.options.properties as Record<string, OptionsSchema> | undefined)?.[plugin.shorthand];
  return shortForm ? { description: options.description, anyOf: [shortForm, options] } : options;
}

/**
 * The JSON Schema of the whole spec language, composed from the plugins' option
 * schemas: the one source for `validate`, the editor schema and the reference docs.
 */
export function composeSpecSchema(registry: PluginRegistry): Record<string, unknown> {
  const generatorProps: Record<string, OptionsSchema> = {};
  for (const plugin of registry.generators.values()) generatorProps[plugin.name] = pluginSchema(plugin);
  const driverProps: Record<string, OptionsSchema> = {};
  for (const plugin of registry.drivers.values()) driverProps[plugin.name] = pluginSchema(plugin);

  const caseRules = {
    by: {
      type: 'string',
      description: 'Path whose value picks the case: a column of this row, `parent.column`, or `refColumn.column`.',
      examples: ['customer_segment', 'parent.customer_segment'],
    },
    cases: {
      type: 'object',
      description: 'One generator per value of `by`; values without a case use the generator given beside `by` (if any).',
      additionalProperties: { $ref: '#/definitions/generator' },
    },
  };

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://hopify-engine.dev/spec.schema.json',
    title: 'hopify-engine dataset spec',
    type: 'object',
    required: ['name', 'tables'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', description: 'Name of the dataset.', examples: ['shop'] },
      description: { type: 'string', description: 'What the dataset models.' },
      seed: { type: ['integer', 'string'], default: 1, description: 'Root seed of every random stream (`--seed` overrides).', examples: [42] },
      as_of: {
        type: 'string',
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: "The dataset's today (YYYY-MM-DD): relative dates count from it; generation never reads the clock (`--as-of` overrides).",
        examples: ['2025-06-30'],
      },
      output: { type: 'string', description: 'Default output: a SQLite file path (relative to the current folder), or a target URL.', examples: ['out/shop.db'] },
      extends: { type: 'string', description: 'A base spec this one overrides key by key (a scenario).', examples: ['../base.yaml'] },
      include: { type: 'array', items: { type: 'string' }, description: 'Other YAML files merged in (tables, data, params), relative to this file.' },
      params: {
        type: 'object',
        description: 'Named values usable anywhere as `${name}` and in expressions as `params.name`; `--set params.name=value` overrides.',
        examples: [{ customers: 2000 }],
      },
      data: {
        type: 'object',
        description: 'Named data sets: a CSV file path (relative to this file) or inline rows.',
        additionalProperties: {
          anyOf: [
            { type: 'string', description: 'CSV file with a header row.' },
            {
              type: 'object',
              additionalProperties: false,
              properties: {
                file: { type: 'string', description: 'CSV file with a header row.' },
                rows: { type: 'array', items: { type: 'object' }, description: 'Inline rows.' },
              },
            },
          ],
        },
      },
      tables: {
        type: 'object',
        description: 'The tables, by name. Order of declaration breaks ties in the run order.',
        minProperties: 1,
        propertyNames: NAME,
        additionalProperties: { $ref: '#/definitions/table' },
      },
      checks: {
        type: 'object',
        description: 'Named SQL queries returning violating rows; `check` expects each to return none.',
        additionalProperties: {
          anyOf: [
            { type: 'string' },
            { type: 'object', required: ['sql'], additionalProperties: false, properties: { sql: { type: 'string' }, description: { type: 'string' } } },
          ],
        },
      },
      kpis: {
        type: 'object',
        description:
          'KPIs: named SQL per metric, compared by `report` with the rows of a table of targets. Queries are read-only SQL over the written tables; `:as_of` is the dataset\'s today (YYYY-MM-DD).',
        required: ['metrics'],
        additionalProperties: false,
        properties: {
          targets: {
            type: 'object',
            description: 'The table of targets (one the spec writes): one row per metric, segment and period. `report` lists every row with its actual value.',
            required: ['table', 'metric', 'value'],
            additionalProperties: false,
            properties: {
              table: { type: 'string', description: 'The table holding the targets.', examples: ['benchmarks'] },
              metric: { type: 'string', description: 'Its column naming the metric: a key of `metrics`.', examples: ['metric_name'] },
              value: { type: 'string', description: 'Its column holding the target value.', examples: ['target_value'] },
              segment: { type: 'string', description: 'Its column naming the segment a target is for; a metric returns one row per segment, in a `segment` column.', examples: ['segment'] },
              period: { type: 'string', description: 'Its column naming the period (shown; matched when a metric also returns a `period` column).', examples: ['target_period'] },
              id: { type: 'string', description: 'Its column identifying a target: shown, and the order of the report.', examples: ['benchmark_id'] },
              note: { type: 'string', description: 'Its column of notes on a target (why its gap is what it is): `report` shows a row\'s note beside its gap.', examples: ['note'] },
            },
          },
          with: {
            type: 'object',
            description: 'Named SELECTs every metric reads as tables (common table expressions, in this order: each may read the ones before it, and itself recursively).',
            propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
            additionalProperties: { type: 'string' },
            examples: [{ months: "SELECT date(:as_of, 'start of month', '-1 month') AS month_start" }],
          },
          metrics: {
            type: 'object',
            description: 'One query per metric, by the name the targets use: it returns the measured value as `actual`, one row per `segment` (and `period`) when the targets have them.',
            minProperties: 1,
            additionalProperties: {
              anyOf: [
                { type: 'string', description: 'The SQL query.' },
                {
                  type: 'object',
                  required: ['sql'],
                  additionalProperties: false,
                  properties: {
                    sql: { type: 'string', description: 'The SQL query.' },
                    description: { type: 'string', description: 'What the metric measures, and how.' },
                    note: { type: 'string', description: 'Why its targets are missed, when the gap says more about the targets than the data: `report` shows it beside the gaps.' },
                  },
                },
              ],
            },
            examples: [{ 'Monthly New Customers': { sql: 'SELECT customer_segment AS segment, COUNT(*) / 12.0 AS actual FROM customers GROUP BY 1' } }],
          },
        },
      },
      calendars: CALENDARS_SCHEMA,
      charts: CHARTS_SCHEMA,
    },
    definitions: {
      generator: {
        type: 'object',
        description: 'One generator key with its options, or `by:` and `cases:`.',
        additionalProperties: false,
        properties: { ...generatorProps, ...caseRules },
      },
      table: {
        type: 'object',
        required: ['rows', 'columns'],
        additionalProperties: false,
        properties: {
          description: { type: 'string' },
          rows: {
            type: 'object',
            description: 'The row driver: how many rows, and from what.',
            minProperties: 1,
            maxProperties: 1,
            additionalProperties: false,
            properties: driverProps,
          },
          columns: { type: 'object', minProperties: 1, propertyNames: NAME, additionalProperties: { $ref: '#/definitions/column' } },
          primary_key: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Composite primary key.' },
          foreign_keys: FOREIGN_KEYS_SCHEMA,
          indexes: {
            type: 'array',
            description: 'Indexes: a list of columns, or { columns, unique }.',
            items: {
              anyOf: [
                { type: 'array', items: { type: 'string' }, minItems: 1 },
                {
                  type: 'object',
                  required: ['columns'],
                  additionalProperties: false,
                  properties: { columns: { type: 'array', items: { type: 'string' }, minItems: 1 }, unique: { type: 'boolean' } },
                },
              ],
            },
          },
          no_overlap: NO_OVERLAP_SCHEMA,
          write: { type: 'boolean', default: true, description: '`false` keeps the table internal: generated and readable by later tables, not written.' },
          shard: {
            enum: ['whole', 'split'],
            description:
              'Under `--shard k/N`: `whole` has shard 0 write the whole table (one part); `split` asserts that each shard generates only its own chunks, and validation refuses it, with the reason, where that would not be exact. Unset: split where exact, otherwise generated whole by every shard and written by chunk (see docs/scale-out.md).',
          },
          context: {
            description: 'One context, or a list of them: SQL queries over tables already written, each joined to each row by its own key; every result column reads as `context.column` (two queries may not return the same column name, their keys aside).',
            anyOf: [CONTEXT_SCHEMA, { type: 'array', items: CONTEXT_SCHEMA, minItems: 1 }],
          },
        },
      },
      column: {
        type: 'object',
        required: ['type'],
        additionalProperties: false,
        properties: {
          type: COLUMN_TYPE_SCHEMA,
          description: { type: 'string' },
          primary_key: { type: 'boolean' },
          not_null: { type: 'boolean' },
          unique: { type: 'boolean', description: 'Values are unique: repeated draws are retried, and infeasible counts are refused.' },
          index: { type: 'boolean', description: 'Create an index on this column.' },
          references: { type: 'string', pattern: '^[^.]+\\.[^.]+$', description: 'Foreign key `table.column` (a `ref` generator implies it). A key is no dependency: the referenced table may be written after this one; every target checks the key once all rows are in.' },
          format: { type: 'string', description: 'Text format of a date/datetime: YYYY, MM, DD, HH, mm, ss.', examples: ['YYYY-MM-DD HH:mm:ss', 'YYYY-MM'] },
          null_probability: { type: 'number', minimum: 0, maximum: 1, description: 'Probability that a value is NULL.' },
          write: { type: 'boolean', default: true, description: '`false` keeps the column internal: generated and readable by the row, not written (e.g. name parts an email is built from).' },
          ...caseRules,
          ...generatorProps,
        },
      },
    },
  };
}
