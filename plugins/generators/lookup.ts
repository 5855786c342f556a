import { defineGenerator, PluginOptionError, didYouMean } from '../../engine/contract';
import { toColumnValue } from './shared/columnValues';
import { atOption } from './shared/optionPath';

interface LookupOptions {
  data: string;
  key: string;
  on: string;
  value: string;
  default?: string | number | boolean | null;
}

export default defineGenerator<LookupOptions>({
  name: 'lookup',
  summary: 'A value from a data set (CSV or inline rows), found by a key taken from the row.',
  options: {
    type: 'object',
    required: ['data', 'key', 'on', 'value'],
    additionalProperties: false,
    properties: {
      data: { type: 'string', description: 'Name of the data set, declared under data:.', examples: ['countries'] },
      key: { type: 'string', description: 'Column of the data set that identifies a row (one row per key).', examples: ['code'] },
      on: { type: 'string', description: 'Path in this row whose value is looked up in key.', examples: ['country_code', 'parent.country_code'] },
      value: { type: 'string', description: 'Column of the data set whose value is returned.', examples: ['currency'] },
      default: {
        type: ['string', 'number', 'boolean', 'null'],
        default: null,
        description: 'Value when the key is not in the data set.',
        examples: ['USD'],
      },
    },
  },
  example: { type: 'text', lookup: { data: 'countries', key: 'code', on: 'country_code', value: 'currency' } },
  version: 1,
  compile(options, ctx) {
    const rows = atOption(['data'], () => ctx.data(options.data));
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    for (const option of ['key', 'value'] as const) {
      if (!columns.includes(options[option])) {
        throw new PluginOptionError(`data set "${options.data}" has no column "${options[option]}"`, didYouMean(options[option], columns, 'column'), [option], 'SPEC_UNKNOWN_COLUMN');
      }
    }
    const on = atOption(['on'], () => ctx.read(options.on));
    const table = new Map<unknown, unknown>();
    for (const [i, row] of rows.entries()) {
      const key = row[options.key];
      const value = atOption(['value'], () => toColumnValue(row[options.value] ?? null, ctx));
      if (table.has(key) && table.get(key) !== value) {
        throw new PluginOptionError(`${options.key} = ${JSON.stringify(key)} has two different ${options.value} values in data set "${options.data}" (row ${i + 1} and an earlier one)`, 'a lookup needs one row per key', ['key']);
      }
      // CSV keys are text while row values are often numbers: file each key under both forms.
      for (const form of keyForms(key)) if (!table.has(form)) table.set(form, value);
    }
    const fallback = atOption(['default'], () => toColumnValue(options.default ?? null, ctx));
    return (row) => {
      const value = table.get(on(row));
      return value === undefined ? fallback : value;
    };
  },
});

function keyForms(key: unknown): unknown[] {
  if (typeof key === 'number') return [key, String(key)];
  if (typeof key === 'string' && key.trim() !== '' && Number.isFinite(Number(key))) return [key, Number(key)];
  return [key];
}
