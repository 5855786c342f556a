import { defineDriver, PluginOptionError } from '../../engine/contract';
import { atOption } from '../generators/shared/optionPath';

interface StaticOptions {
  data?: string;
  rows?: Record<string, unknown>[];
}

export default defineDriver<StaticOptions>({
  name: 'static',
  summary: 'One row per record of a data set (CSV or inline). Columns without a generator take the field of the same name.',
  shorthand: 'data',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      data: { type: 'string', description: 'Name of a data set declared under `data:`.', examples: ['offices'] },
      rows: { type: 'array', items: { type: 'object' }, description: 'Inline records.', examples: [[{ code: 'EU', name: 'Europe' }]] },
    },
  },
  example: { static: { rows: [{ code: 'EU', name: 'Europe' }, { code: 'NA', name: 'North America' }] } },
  fields: { 'record.<field>': "each field of the row's record (a column of the same name without a generator takes it)" },
  version: 1,
  compile(options, ctx) {
    if ((options.data === undefined) === (options.rows === undefined)) {
      throw new PluginOptionError('give either data: (a data set name) or rows: (inline records)');
    }
    const records = options.rows ?? atOption(['data'], () => ctx.data(options.data!));
    const fields = [...new Set(records.flatMap((r) => Object.keys(r)))];
    const record = ctx.provide('record', fields);
    return {
      chunkCount: () => Math.ceil(records.length / ctx.chunkSize),
      emitChunk(chunk, emit) {
        const end = Math.min(records.length, (chunk + 1) * ctx.chunkSize);
        for (let i = chunk * ctx.chunkSize; i < end; i++) {
          for (const field of fields) record[field] = records[i][field] ?? null;
          emit(-1);
        }
      },
    };
  },
});
