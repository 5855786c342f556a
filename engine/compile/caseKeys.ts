import { PluginOptionError, type ColumnType } from '../contract';
import type { PluginRegistry } from '../plugins/registry';
import { COLUMN_BASE_KEYS } from '../spec/model';
import { suggestName } from '../spec/suggest';
import type { TableScope } from './scope';

const RULE_KEYS = new Set<string>(['by', 'cases', ...COLUMN_BASE_KEYS]);

/**
 * The text a `by:` value is matched against `cases:` keys as. A boolean is `true` or `false`
 * whether it was made in this row (a JS boolean) or read back from a written table (1 or 0),
 * so the keys `true`/`1` and `false`/`0` mean the same on a boolean column.
 */
export function caseKey(value: unknown, type: ColumnType | undefined): string {
  if (type === 'boolean') {
    if (value === true || value === 1 || value === 'true' || value === '1') return 'true';
    if (value === false || value === 0 || value === 'false' || value === '0') return 'false';
  }
  return typeof value === 'string' ? value : String(value);
}

/** The column a `by:` path names, when it is a column of this row or of its parent. */
export function byColumn(scope: TableScope, by: string): { spec: unknown; table: string } | undefined {
  const [head, ...rest] = by.split('.');
  // A column the schema refused has no values to know: its own fault is reported.
  const sound = (table: string, column: string, columns: Record<string, unknown>) =>
    Object.hasOwn(columns, column) && !scope.shared.broken.hasColumn(table, column) ? { spec: columns[column], table } : undefined;
  if (rest.length === 0) return sound(scope.name, head, scope.spec.columns);
  if (head !== 'parent' || rest.length !== 1 || !scope.parent) return undefined;
  return sound(scope.parent.name, rest[0], scope.shared.spec.tables[scope.parent.name]?.columns ?? {});
}

/** Column types whose values match case keys as written; a date would have to be written as epoch milliseconds. */
const CHECKED_TYPES: ReadonlySet<unknown> = new Set<ColumnType>(['text', 'integer', 'real', 'decimal', 'boolean']);

/**
 * Every value a column spec can take, as case keys, when its generators declare them
 * (GeneratorPlugin.values); undefined when any part is open-ended.
 */
export function knownCaseKeys(registry: PluginRegistry, spec: unknown, type: ColumnType | undefined): Set<string> | undefined {
  if (!CHECKED_TYPES.has(type)) return undefined;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return undefined;
  const record = spec as Record<string, unknown>;
  const names = Object.keys(record).filter((key) => !RULE_KEYS.has(key));
  if (names.length > 1 || (names.length === 0 && record.by === undefined)) return undefined;
  const keys = new Set<string>();
  if (names.length === 1) {
    const plugin = registry.generators.get(names[0]);
    const raw = record[names[0]];
    const options = plugin?.shorthand && (raw === null || typeof raw !== 'object' || Array.isArray(raw)) ? { [plugin.shorthand]: raw } : raw;
    const values = plugin?.values?.(options ?? {});
    if (!values) return undefined;
    for (const value of values) keys.add(asColumnKey(value, type));
  }
  if (record.by !== undefined) {
    const cases = record.cases;
    if (cases === null || typeof cases !== 'object' || Array.isArray(cases)) return undefined;
    for (const caseSpec of Object.values(cases)) {
      const caseKeys = knownCaseKeys(registry, caseSpec, type);
      if (!caseKeys) return undefined;
      for (const key of caseKeys) keys.add(key);
    }
  }
  return keys;
}

/** A value written in the spec as the column will hold it (plugins/generators/shared/columnValues.ts), then as a case key. */
function asColumnKey(value: string | number | boolean | null, type: ColumnType | undefined): string {
  if (typeof value === 'string' && (type === 'integer' || type === 'real' || type === 'decimal')) {
    return value.trim() === '' ? 'null' : String(Number(value));
  }
  return caseKey(value, type);
}

/** Refuses the first `cases:` key that no value of the `by:` column can match: its case could never run. */
export function checkCaseKeys(by: string, keys: string[], known: ReadonlySet<string>, type: ColumnType | undefined): void {
  for (const key of keys) {
    if (known.has(caseKey(key, type))) continue;
    const values = [...known];
    throw new PluginOptionError(
      `case "${key}" can never match: ${by} is one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
      key === 'default' ? 'the default is the generator written beside by:, not a case' : suggestName(key, values, 'value'),
      ['cases', key],
      'SPEC_UNKNOWN_NAME',
    );
  }
}
