import type { ColumnType } from '../contract';
import type { PluginRegistry } from '../plugins/registry';
import { COLUMN_BASE_KEYS, type TableSpec } from '../spec/model';
import { parseAbsoluteDate } from '../time/dates';

const BASE_KEYS: ReadonlySet<string> = new Set(COLUMN_BASE_KEYS);

/**
 * For each column of `table` whose values are a pure function of the row index (its one
 * generator declares `valueAtRow`, with no `by:`/`cases:` and no NULLs): that function,
 * giving exactly what the column holds once generated (text dates parsed as compileColumn
 * does). Read from the spec, so it is known before the table compiles. Undefined otherwise.
 */
export function indexValues(registry: PluginRegistry, table: TableSpec): (column: string) => ((index: number) => unknown) | undefined {
  return (column) => {
    const spec = Object.hasOwn(table.columns, column) ? table.columns[column] : undefined;
    if (!spec || spec.by !== undefined || spec.null_probability) return undefined;
    const generators = Object.keys(spec).filter((key) => !BASE_KEYS.has(key));
    const plugin = generators.length === 1 ? registry.generators.get(generators[0]) : undefined;
    if (!plugin?.valueAtRow) return undefined;
    const raw = spec[generators[0]];
    const options = plugin.shorthand && (raw === null || typeof raw !== 'object' || Array.isArray(raw)) ? { [plugin.shorthand]: raw } : raw;
    const value = plugin.valueAtRow(options ?? {});
    return isDate(spec.type) ? (index) => parsedDate(value(index)) : value;
  };
}

const isDate = (type: ColumnType): boolean => type === 'date' || type === 'datetime';
const parsedDate = (value: unknown): unknown => (typeof value === 'string' ? (parseAbsoluteDate(value) ?? value) : value);
