import { PluginOptionError, type GeneratorContext } from '../../../engine/contract';
import { refuseLongText } from './valueLength';

/**
 * Turns a value written in the spec or a CSV (often text) into the column's
 * internal form: dates to epoch ms, numeric text to numbers, `true`/`false` to
 * booleans. Runs at compile time only.
 */
export function toColumnValue(value: unknown, ctx: GeneratorContext): unknown {
  if (typeof value !== 'string') return value;
  switch (ctx.columnType) {
    case 'date':
    case 'datetime':
      return value.trim() === '' ? null : ctx.date(value);
    case 'integer':
    case 'real':
    case 'decimal': {
      if (value.trim() === '') return null;
      const number = Number(value);
      if (Number.isNaN(number)) throw new PluginOptionError(`"${value}" is not a number, but column "${ctx.column}" is ${ctx.columnTypeName}`, 'give numbers, or change the column type to text', [], 'SPEC_TYPE_MISMATCH');
      return number;
    }
    case 'boolean':
      if (value === 'true' || value === 'false') return value === 'true';
      if (value === '1' || value === '0') return value === '1';
      throw new PluginOptionError(`"${value}" is not a boolean, but column "${ctx.column}" is boolean`, 'give true or false', [], 'SPEC_TYPE_MISMATCH');
    default:
      refuseLongText(value, `the value "${value.slice(0, 40)}…"`, ctx.limits);
      return value;
  }
}
